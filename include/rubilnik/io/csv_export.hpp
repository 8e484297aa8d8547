// CSV exports for spreadsheets (docs/output-format.md "CSV"): the summary
// and the hourly series of a run, long format, one header line, RFC 4180
// quoting, numbers in the shortest form that reads back to the same double.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "rubilnik/engine.hpp"

namespace rubilnik {

// metric,axis,label,p5,p50,p95,mean,unit — the national total of each metric
// (axis "total", label "national"), then each breakdown entry.
std::string summary_csv(const Engine& engine, const EnsembleResult& result);
// hour_utc,hour_local,metric,p5,p50,p95,mean,unit — every metric that keeps
// an hourly series, hour by hour; hour_local in the baseline's reference offset.
std::string series_csv(const Engine& engine, const EnsembleResult& result);
// Writes DIR/summary.csv and DIR/series.csv, each atomically.
void write_csv_exports(const std::filesystem::path& dir, const Engine& engine, const EnsembleResult& result);

// Building blocks shared with other CSV writers.
std::string csv_field(std::string_view text);  // quoted only when it must be
std::string csv_number(double value);          // shortest round-trip form; "nan", "inf"
void write_text_file(const std::filesystem::path& path, const std::string& text);  // plain; throws on failure
void write_text_atomically(const std::filesystem::path& path, const std::string& text);

}  // namespace rubilnik
