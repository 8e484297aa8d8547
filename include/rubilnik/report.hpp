// Reports people can cite (DESIGN.md "Outputs"): a self-contained HTML file
// and a Markdown twin drawn from a saved results.h5 alone, so any past run
// can be reported without its inputs. Charts are SVG written here; every
// figure names the datasets it was drawn from and the inputs behind them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "rubilnik/result.hpp"
#include "rubilnik/time.hpp"

namespace rubilnik {

class Engine;

namespace report {

// --- What the report reads from results.h5 -----------------------------------

struct Series {
    std::string unit;
    std::vector<Stats> hours;  // one per reporting hour
};

struct Breakdown {
    std::string unit;
    std::vector<std::string> labels;
    std::vector<Stats> rows;
};

struct EventInfo {
    std::string id, action, target, source, note;
    std::vector<std::pair<std::int64_t, std::int64_t>> intervals;  // UTC minutes, [start, end)
};

struct ParameterInfo {
    std::string key, description, source, origin, used_by, defined_at;
    double central = 0, p5 = 0, p95 = 0;
};

// Users-weighted share with international access, [hour][group].
struct ConnectivityGrid {
    std::vector<std::string> labels, names;
    std::vector<double> users;   // per group; 0 = no access users (drawn as absent)
    std::vector<double> values;  // [h * labels.size() + g]
};

struct SensitivityRow {
    std::string parameter;
    double s1 = 0, s1_lo = 0, s1_hi = 0, st = 0, st_lo = 0, st_hi = 0;
};

struct Results {
    std::string path;
    std::map<std::string, std::string> text;  // /meta string attributes
    std::map<std::string, double> number;     // /meta numeric attributes
    std::uint64_t seed = 0;
    std::size_t draws = 0;
    bool central = false;
    UtcOffset reference_offset;

    std::vector<std::int64_t> hour_start;  // UTC minutes
    std::vector<std::string> hour_label;   // reference local time
    std::vector<EventInfo> events;

    std::map<std::string, Series> series;
    std::map<std::string, Series> cumulative;
    std::map<std::string, std::map<std::string, Breakdown>> breakdown;  // metric -> axis -> data
    std::map<std::string, std::vector<double>> ensemble;
    std::map<std::string, std::string> units;         // metric -> unit (from /ensemble)
    std::map<std::string, std::string> descriptions;  // metric -> meaning (from /ensemble)
    ConnectivityGrid by_region, by_operator;
    std::map<std::string, std::map<std::string, std::string>> names;  // axis -> id -> readable name
    double cut_leakage = 0;
    std::vector<ParameterInfo> parameters;
    std::map<std::string, std::vector<SensitivityRow>> sensitivity;  // metric -> rows
    std::string sensitivity_source;                                  // file the tornado came from

    std::string meta(const std::string& key) const;
    // The readable name of a breakdown label, or the label itself.
    std::string name(const std::string& axis, const std::string& id) const;
    bool has(const std::string& metric) const { return ensemble.count(metric) > 0; }
    // Statistics of a metric's per-draw totals (type 7, as summary.json).
    Stats total(const std::string& metric) const;
};

// Reads a results.h5. Throws InputError naming the file when it is missing,
// not a rubilnik results file, or incomplete (/meta complete != 1).
Results read_results(const std::filesystem::path& path);
// Adds /sensitivity/<metric>/{parameters, indices} from `path` (a results.h5
// or a separate sensitivity file); throws InputError if it has none.
void read_sensitivity(const std::filesystem::path& path, Results& results);

// --- The document ------------------------------------------------------------

struct Chart {
    std::string id;  // file stem and HTML anchor
    std::string title;
    std::string svg;      // standalone SVG document (no external references)
    std::string caption;  // how to read it, and where the data come from
    std::string alt;      // one-sentence text alternative
};

struct Citable {
    std::string metric;
    std::string label;
    std::string value;  // central figure, formatted
    std::string range;  // "P5–P95: a – b", or a note for a central run
    std::string sentence;
    std::string reproduce;  // the command and the summary.json key
};

// A report as a flat list of blocks; the HTML and Markdown writers render
// the same list, so the two stay twins.
struct Block {
    enum class Kind { heading, paragraph, contents, figure, table, citable, code };
    Kind kind = Kind::paragraph;
    int level = 2;
    std::string text;                                        // heading text, paragraph (`code` spans allowed), code
    std::string id;                                          // heading anchor
    std::vector<std::pair<std::string, std::string>> links;  // contents: (text, anchor)
    Chart chart;
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    std::vector<bool> numeric;  // per column: right-aligned
    std::vector<Citable> figures;
};

std::vector<Block> build_report(const Results& results);
std::vector<Citable> citable_figures(const Results& results);
std::vector<Chart> build_charts(const Results& results);

// GitHub's heading anchor: lower case, punctuation dropped, spaces to '-'.
std::string anchor_slug(const std::string& heading);

std::string render_html(const Results& results, const std::vector<Block>& blocks);
// Figures become image links to `<chart_dir>/<id>.svg`.
std::string render_markdown(const std::vector<Block>& blocks, const std::string& chart_dir);

struct ReportOptions {
    bool html = true;
    bool markdown = true;
    std::filesystem::path sensitivity;  // optional file with /sensitivity
};

// Writes report.html, report.md and report-charts/*.svg into `out_dir`
// (atomically, each file); returns the paths written.
std::vector<std::filesystem::path> write_report(const std::filesystem::path& results_h5,
                                                const std::filesystem::path& out_dir, const ReportOptions& options);

// The Markdown tables of docs/methodology-parameters.md: every parameter the
// channels read, with its distribution and source, and every metric.
std::string methods_tables(const Engine& engine);

// Number formatting shared by charts and text: "$1.23 bn", "16.1 M", "4.2 %".
std::string format_value(double value, const std::string& unit);
std::string unit_words(const std::string& unit);  // "person*h" -> "person-hours"

}  // namespace report
}  // namespace rubilnik
