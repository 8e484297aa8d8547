// Writers (DESIGN.md pipeline step 6). Every file is written to a temporary
// name in the target folder and renamed into place only when complete, so a
// failed or killed run never leaves a half-written result.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "rubilnik/engine.hpp"

namespace rubilnik {

std::string sha256_hex(std::string_view data);

// Writes via `write(tmp_path)` then renames onto `path`; removes the
// temporary file if `write` throws. The temporary is ".<name>.tmp-<pid>" in
// the same folder; stale ones of dead processes are removed first.
void write_atomically(const std::filesystem::path& path,
                      const std::function<void(const std::filesystem::path& tmp)>& write);

// A run's result files, written together (write_result_set).
struct ResultFile {
    std::string name;  // file name inside the output folder
    std::function<void(const std::filesystem::path& path)> write;
};
// Writes every file into a staging folder ".staging-<pid>" inside `folder`
// and only then renames them into place, so a run that fails or is killed
// while writing leaves the previous set of results whole (docs/hardening.md).
void write_result_set(const std::filesystem::path& folder, const std::vector<ResultFile>& files);

// Removes what killed runs left in `folder`: ".<name>.tmp-<pid>" files and
// ".staging-<pid>" folders whose process no longer exists. Returns the count.
std::size_t remove_stale_temporaries(const std::filesystem::path& folder);

// The published summary contract (DESIGN.md "summary.json"), as text.
std::string summary_json(const Engine& engine, const EnsembleResult& result);
void write_summary_json(const std::filesystem::path& path, const Engine& engine, const EnsembleResult& result);

// HDF5 results: /meta, /timeline, /series, /breakdown, /ensemble.
void write_results_h5(const std::filesystem::path& path, const Engine& engine, const EnsembleResult& result,
                      const std::string& command_line);

// The terminal headline table.
void print_headline(std::ostream& out, const Engine& engine, const EnsembleResult& result);

// The central value of a parameter (its median), e.g. the exchange rate.
double central_value(const Engine& engine, const std::string& key);

}  // namespace rubilnik
