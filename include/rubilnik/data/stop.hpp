// The Access Now #KeepItOn STOP dataset (Shutdown Tracker Optimization
// Project), combined sheet: one row per shutdown, 47 columns. read() checks
// the header and the CSV syntax (quoted cells with commas and line breaks);
// import_stop() turns rows into scenarios, one file per row, each citing its
// row, and lists every row it could not model, and why, in a report. Rules:
// docs/stop-2022.md; constants: scenarios/defaults/defaults.toml [stop].
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rubilnik {

class BaselineBuilder;

// The STOP export's columns, in order.
const std::vector<std::string>& stop_columns();

struct StopRow {
    long row = 0;                    // 1-based data row (the header is row 0)
    long line = 0;                   // line of the file where the row starts
    std::vector<std::string> cells;  // stop_columns() order
    const std::string& at(std::string_view column) const;
};

inline constexpr std::size_t kMaxStopRows = 100000;

class StopTable {
public:
    static StopTable read(const std::string& path);
    static StopTable parse(std::string_view text, const std::string& path);
    const std::string& path() const { return path_; }
    const std::vector<StopRow>& rows() const { return rows_; }

private:
    std::string path_;
    std::vector<StopRow> rows_;
};

struct StopImportOptions {
    std::string out_folder;
    std::optional<int> year;       // rows whose count_year is this; events clipped to the year
    std::string country;           // ISO 3166-1 alpha-2 filter (empty = all)
    std::string baselines_folder;  // hand-built baselines, <folder>/<cc>/baseline.toml, used first
    // With a year: ongoing rows (no end date, status Ongoing) last to 31 December
    // of that year instead of being skipped; each such row says so in the report.
    bool ongoing_to_year_end = false;
};

struct StopReportRow {
    long row = 0, line = 0;
    std::string country, start_date, end_date;
    std::string status;  // imported, clipped, skipped
    std::string reason;  // why skipped, or the notes of an imported row
    std::string scenario;
};

struct StopImportResult {
    std::size_t selected = 0;  // rows matching --year / --country
    std::size_t imported = 0, skipped = 0, clipped = 0;
    std::vector<StopReportRow> report;
    std::vector<std::string> baselines_built;
};

// Writes OUT/<scenario>.toml per modelled row, OUT/countries/<cc>-<year>/ for
// countries without a hand-built baseline, and OUT/import-report.csv.
StopImportResult import_stop(const StopTable& table, const BaselineBuilder& builder, const StopImportOptions& options);

}  // namespace rubilnik
