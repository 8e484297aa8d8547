// Sobol sensitivity of a whole scenario (`rubilnik sensitivity`): which
// uncertain assumptions drive the spread of the headline metrics.
//
// The factors are the scenario's independent inputs: every uncertain
// parameter some channel reads, except that a correlation group counts as ONE
// factor (its members swap together between the A and B matrices), because
// Sobol indices assume independent inputs. Row r of matrix A is exactly draw r
// of `rubilnik run` with the same seed; B uses the next number of each
// parameter's stream. Each design row is evaluated with Engine::evaluate, in
// parallel and in any order: a row's outputs depend only on the row, so the
// indices are bit-identical for any thread count.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "rubilnik/engine.hpp"
#include "rubilnik/sensitivity.hpp"

namespace rubilnik {

inline constexpr std::size_t kMaxSensitivityRows = 10'000'000;  // N·(k+2) evaluations

struct SensitivityFactor {
    std::string name;                     // the parameter key, or the group name
    std::vector<std::size_t> parameters;  // parameter indices it moves
    bool group = false;
};

struct SensitivityOptions {
    std::uint64_t seed = 20220105;
    std::size_t base_rows = 1000;      // N
    std::size_t threads = 0;           // 0 = all cores
    std::vector<std::string> metrics;  // ids; empty = default_sensitivity_metrics()
    std::size_t resamples = 500;
    double confidence = 0.95;
    // Called from the driving thread with (rows done, rows in the design).
    std::function<void(std::size_t, std::size_t)> progress;
};

struct SensitivityReport {
    std::uint64_t seed = 0;
    std::size_t base_rows = 0;
    std::size_t rows = 0;     // evaluations, N·(k+2)
    std::size_t threads = 0;  // per rank
    std::size_t ranks = 1;    // MPI processes that shared the rows (include/rubilnik/ranks.hpp)
    double seconds = 0;
    std::vector<SensitivityFactor> factors;
    std::vector<std::string> left_out;  // uncertain parameters no channel reads
    std::vector<std::string> metric_ids;
    std::vector<std::string> metric_units;
    std::vector<SobolResult> results;  // per metric, indices per factor
};

// The headline metrics the engine declares, in this order: GDP loss total,
// person-hours offline, users affected, then payments, mining, welfare and
// telecom money metrics where those channels exist.
std::vector<std::string> default_sensitivity_metrics(const Engine& engine);
// The independent factors of the engine's scenario (see the file comment).
std::vector<SensitivityFactor> sensitivity_factors(const Engine& engine, std::vector<std::string>* left_out = nullptr);

// Throws InputError for an unknown metric id, too many rows, or a scenario
// with no uncertain parameter.
SensitivityReport run_sensitivity(const Engine& engine, const SensitivityOptions& options);

// Outputs (sim/io/sensitivity_writer.cpp). JSON schema rubilnik.sensitivity/1
// and HDF5 /sensitivity, both in docs/output-format.md; atomic writes.
std::string sensitivity_json(const Engine& engine, const SensitivityReport& report);
void write_sensitivity_json(const std::filesystem::path& path, const Engine& engine, const SensitivityReport& report);
void write_sensitivity_h5(const std::filesystem::path& path, const Engine& engine, const SensitivityReport& report,
                          const std::string& command_line);
// Tornado table: per metric, the `top` factors by total effect.
void print_tornado(std::ostream& out, const SensitivityReport& report, std::size_t top);

}  // namespace rubilnik
