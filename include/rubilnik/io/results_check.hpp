// Completeness markers (docs/hardening.md "Completeness"): summary.json
// carries meta.draws, meta.draws_done and meta.complete, results.h5 carries
// the same as /meta attributes. A result whose draws were not all done must
// never be read as if it were whole, so every reader in the project calls
// require_complete_results before it uses a file.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

namespace rubilnik {

struct Completeness {
    std::size_t draws = 0;       // draws asked for
    std::size_t draws_done = 0;  // draws finished
    bool complete = false;       // the writer's own verdict
};

// Reads the marker of a summary.json or a results.h5; the kind is told by the
// content (the HDF5 signature), not by the name. Throws InputError naming the
// file when it is not a rubilnik result or has no marker.
Completeness read_completeness(const std::filesystem::path& path);

// Throws InputError naming the file unless it is a complete result: complete
// set and draws_done == draws > 0. `path` may also be a run's output folder,
// in which case its summary.json and results.h5 (whichever exist; at least
// one must) are checked.
void require_complete_results(const std::filesystem::path& path);

}  // namespace rubilnik
