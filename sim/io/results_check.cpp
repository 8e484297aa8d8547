#include "rubilnik/io/results_check.hpp"

#include <hdf5.h>

#include <cmath>
#include <cstring>
#include <fstream>

#include <nlohmann/json.hpp>

#include "rubilnik/error.hpp"
#include "rubilnik/io/input_file.hpp"

namespace rubilnik {
namespace {

namespace fs = std::filesystem;

// summary.json is a few hundred KiB even for large baselines.
constexpr std::size_t kMaxSummaryBytes = 64u << 20;

[[noreturn]] void fail(const fs::path& path, const std::string& key, const std::string& message) {
    throw InputError(SourceLocation{path.string(), 0, 0}, key, message);
}

bool is_hdf5(const fs::path& path) {
    // The superblock signature sits at offset 0 for files we write; HDF5 also
    // allows 512, 1024, ... but our writer never uses a user block.
    static constexpr char kSignature[8] = {'\x89', 'H', 'D', 'F', '\r', '\n', '\x1a', '\n'};
    std::ifstream in(path, std::ios::binary);
    char head[8] = {};
    in.read(head, sizeof head);
    return in.gcount() == 8 && std::memcmp(head, kSignature, sizeof head) == 0;
}

// A count stored as a number: a whole, non-negative value.
std::size_t as_count(const fs::path& path, const std::string& key, double v) {
    if (!std::isfinite(v) || v < 0 || v != std::floor(v) || v > 1e15)
        fail(path, key, "expected a whole number of draws, found " + std::to_string(v));
    return static_cast<std::size_t>(v);
}

Completeness from_json(const fs::path& path) {
    const auto text = read_input_file(path.string(), kMaxSummaryBytes, "summary files");
    const auto j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object())
        fail(path, "", "not JSON; expected a summary.json written by 'rubilnik run'");
    const auto schema = j.find("schema");
    if (schema == j.end() || !schema->is_string() || schema->get<std::string>().rfind("rubilnik.summary/", 0) != 0)
        fail(path, "schema", "expected \"rubilnik.summary/1\"; not a summary.json written by 'rubilnik run'");
    const auto meta = j.find("meta");
    if (meta == j.end() || !meta->is_object()) fail(path, "meta", "missing; expected the run's meta object");
    auto number = [&](const char* key) {
        const auto it = meta->find(key);
        if (it == meta->end() || !it->is_number())
            fail(path, std::string("meta.") + key, "missing; expected a number (completeness marker)");
        return as_count(path, std::string("meta.") + key, it->get<double>());
    };
    Completeness c;
    c.draws = number("draws");
    c.draws_done = number("draws_done");
    const auto complete = meta->find("complete");
    if (complete == meta->end() || !complete->is_boolean())
        fail(path, "meta.complete", "missing; expected true or false (completeness marker)");
    c.complete = complete->get<bool>();
    return c;
}

// Owns an HDF5 id.
struct H5Handle {
    hid_t id;
    herr_t (*close)(hid_t);
    ~H5Handle() {
        if (id >= 0) close(id);
    }
};

Completeness from_h5(const fs::path& path) {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // failures are reported by us, not printed by HDF5
    H5Handle file{H5Fopen(path.string().c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose};
    if (file.id < 0) fail(path, "", "cannot open as HDF5; expected a results.h5 written by 'rubilnik run'");
    if (H5Lexists(file.id, "meta", H5P_DEFAULT) <= 0)
        fail(path, "/meta", "missing; not a results.h5 written by 'rubilnik run'");
    H5Handle meta{H5Gopen2(file.id, "meta", H5P_DEFAULT), H5Gclose};
    if (meta.id < 0) fail(path, "/meta", "cannot open the group");
    auto number = [&](const char* key) {
        if (H5Aexists(meta.id, key) <= 0)
            fail(path, std::string("/meta ") + key, "missing; expected a number (completeness marker)");
        H5Handle attr{H5Aopen(meta.id, key, H5P_DEFAULT), H5Aclose};
        H5Handle space{attr.id < 0 ? -1 : H5Aget_space(attr.id), H5Sclose};
        double v = 0;
        if (attr.id < 0 || space.id < 0 || H5Sget_simple_extent_npoints(space.id) != 1 ||
            H5Aread(attr.id, H5T_NATIVE_DOUBLE, &v) < 0)
            fail(path, std::string("/meta ") + key, "unreadable; expected a scalar number");
        return v;
    };
    Completeness c;
    c.draws = as_count(path, "/meta draws", number("draws"));
    c.draws_done = as_count(path, "/meta draws_done", number("draws_done"));
    const double complete = number("complete");
    if (complete != 0 && complete != 1) fail(path, "/meta complete", "expected 0 or 1");
    c.complete = complete == 1;
    return c;
}

void require_one(const fs::path& path) {
    const auto c = read_completeness(path);
    const std::string key = is_hdf5(path) ? "/meta complete" : "meta.complete";
    if (!c.complete || c.draws == 0 || c.draws_done != c.draws)
        fail(path, key,
             "the run is incomplete (" + std::to_string(c.draws_done) + " of " + std::to_string(c.draws) +
                 " draws done" + (c.complete ? ", yet marked complete" : "") +
                 "); refusing to use partial results; run it again");
}

}  // namespace

Completeness read_completeness(const fs::path& path) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) fail(path, "", "no such results file");
    return is_hdf5(path) ? from_h5(path) : from_json(path);
}

void require_complete_results(const fs::path& path) {
    std::error_code ec;
    if (!fs::is_directory(path, ec)) return require_one(path);
    bool any = false;
    for (const char* name : {"summary.json", "results.h5"})
        if (fs::exists(path / name, ec)) {
            require_one(path / name);
            any = true;
        }
    if (!any)
        fail(path, "", "no summary.json or results.h5 in this folder; expected the output folder of 'rubilnik run'");
}

}  // namespace rubilnik
