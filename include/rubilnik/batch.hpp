// Batch runs (`rubilnik batch`): many scenarios, one result folder each
// (summary.json + results.h5, written atomically by the ordinary writers),
// and combined tables OUT/batch.csv and OUT/batch.h5 with ranges per
// scenario and totals per country and year. Sums across scenarios add the
// per-draw totals draw by draw (draw d of every scenario shares its
// parameter values wherever the parameter keys coincide), then take
// percentiles. Scenarios run one after another, each with TBB over its
// draws, so results never depend on the thread count. Which scenarios a
// process runs is decided in one place, batch_share(), where an MPI driver
// hooks in its rank to split the list statically.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace rubilnik {

inline constexpr std::size_t kMaxBatchScenarios = 10000;

// Metrics carried into the combined tables, where the scenarios have them.
const std::vector<std::string>& batch_metrics();

struct BatchOptions {
    std::string out_folder;
    std::uint64_t seed = 20220105;
    std::size_t draws = 1;
    std::size_t threads = 0;  // 0 = all cores
    bool resume = false;
    std::string command_line;  // for provenance in results.h5
};

// Scenario files named by a folder (its *.toml files except baseline.toml,
// sorted; subfolders such as countries/ are not searched) or by a list file (one path per line,
// relative to the list; blank lines and '#' comments skipped). Throws
// InputError if none are found or more than kMaxBatchScenarios.
std::vector<std::string> batch_inputs(const std::string& folder_or_list);

enum class BatchStatus { computed, resumed, failed };
const char* batch_status_name(BatchStatus s);

struct BatchItemResult {
    std::string path;
    std::string name;
    std::string country;  // ISO 3166-1 alpha-2 of the baseline
    int year = 0;         // local year of the window start
    BatchStatus status = BatchStatus::failed;
    std::string error;  // why it failed (InputError text)
    double seconds = 0;
    std::map<std::string, std::vector<double>> per_draw;  // batch metric -> per-draw totals
    std::map<std::string, std::string> units;
};

// Whether OUT/<name>/ holds a complete result of exactly this scenario:
// summary.json with meta.complete, the same seed and draws, the scenario's
// and baseline's SHA-256, and a results.h5 with every per-draw total.
bool batch_item_complete(const std::string& result_folder, const std::string& scenario_sha256,
                         const std::string& baseline_sha256, const BatchOptions& options);

// One scenario: load, skip if complete and resuming, else run and write
// OUT/<name>/results.h5 then OUT/<name>/summary.json. Input problems give a
// failed result, not an exception, so one bad file does not stop a batch.
BatchItemResult run_batch_item(const std::string& scenario_path, const BatchOptions& options);

struct BatchGroup {
    std::string level;  // "country-year", "year" or "all"
    std::string country;
    int year = 0;
    std::size_t scenarios = 0;
    std::map<std::string, std::vector<double>> per_draw;  // summed draw by draw
};
std::vector<BatchGroup> batch_groups(const std::vector<BatchItemResult>& items, std::size_t draws);

// OUT/batch.csv and OUT/batch.h5, both written atomically.
void write_batch_tables(const std::vector<BatchItemResult>& items, const BatchOptions& options);

// The per-draw totals of `metrics` from a results.h5 (/ensemble/<metric>);
// absent metrics are left out. Throws InputError if the file cannot be read.
std::map<std::string, std::vector<double>> read_ensemble_totals(const std::string& results_h5,
                                                                const std::vector<std::string>& metrics,
                                                                std::map<std::string, std::string>* units);

// The scenarios one process runs, as indices into `scenario_ids` (any
// stable ids: paths or names), ascending. With part 0 of 1 (what run_batch
// uses today) that is all of them; part k of n takes every n-th scenario
// from the k-th, so the n shares are disjoint, cover the batch, and do not
// depend on anything but the list. Throws std::invalid_argument if
// part >= parts or parts == 0 (a bug of the caller, not bad input).
std::vector<std::size_t> batch_share(const std::vector<std::string>& scenario_ids, std::size_t part = 0,
                                     std::size_t parts = 1);

struct BatchReport {
    std::vector<BatchItemResult> items;
    std::size_t computed = 0, resumed = 0, failed = 0;
};
// Checks names are unique, runs the items batch_share() gives this process
// (all of them), writes the combined tables.
BatchReport run_batch(const std::vector<std::string>& scenarios, const BatchOptions& options,
                      const std::function<void(const BatchItemResult&, std::size_t, std::size_t)>& progress);

}  // namespace rubilnik
