// Reads a results.h5 back through the HDF5 C API (the writer's library), so
// the report depends on nothing but the saved file. Layout:
// docs/output-format.md. Strings may be variable- or fixed-length, so files
// written by h5py (a sensitivity file, say) read as well as our own.
#include <hdf5.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "rubilnik/error.hpp"
#include "rubilnik/io/results_check.hpp"
#include "rubilnik/report.hpp"

namespace rubilnik::report {
namespace {

// Owns one HDF5 id.
class Id {
public:
    Id(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
    ~Id() {
        if (id_ >= 0) close_(id_);
    }
    Id(const Id&) = delete;
    Id& operator=(const Id&) = delete;
    operator hid_t() const { return id_; }
    bool ok() const { return id_ >= 0; }

private:
    hid_t id_;
    herr_t (*close_)(hid_t);
};

class Reader {
public:
    explicit Reader(const std::filesystem::path& path) : path_(path.string()) {
        H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
        if (!std::filesystem::exists(path)) throw InputError(path_ + ": no such file");
        file_ = H5Fopen(path_.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
        if (file_ < 0) throw InputError(path_ + ": not an HDF5 file (expected a results.h5 written by 'rubilnik run')");
    }
    ~Reader() { H5Fclose(file_); }
    Reader(const Reader&) = delete;
    Reader& operator=(const Reader&) = delete;

    hid_t file() const { return file_; }
    const std::string& path() const { return path_; }

    bool exists(const std::string& name) const {
        // Check each level: H5Lexists fails on a path whose parent is absent.
        std::size_t pos = 0;
        while ((pos = name.find('/', pos + 1)) != std::string::npos)
            if (H5Lexists(file_, name.substr(0, pos).c_str(), H5P_DEFAULT) <= 0) return false;
        return H5Lexists(file_, name.c_str(), H5P_DEFAULT) > 0;
    }

    [[noreturn]] void fail(const std::string& name, const std::string& what) const {
        std::string m = path_;
        m.append(": ").append(name).append(": ").append(what);
        throw InputError(m);
    }

    // Members of a group, in name order.
    std::vector<std::string> members(const std::string& group) const {
        std::vector<std::string> out;
        Id g(H5Gopen2(file_, group.c_str(), H5P_DEFAULT), H5Gclose);
        if (!g.ok()) fail(group, "cannot open group");
        H5G_info_t info;
        if (H5Gget_info(g, &info) < 0) fail(group, "cannot list group");
        for (hsize_t i = 0; i < info.nlinks; ++i) {
            const auto n = H5Lget_name_by_idx(g, ".", H5_INDEX_NAME, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
            std::string name(static_cast<std::size_t>(n), '\0');
            H5Lget_name_by_idx(g, ".", H5_INDEX_NAME, H5_ITER_INC, i, name.data(), name.size() + 1, H5P_DEFAULT);
            out.push_back(name);
        }
        return out;
    }

    bool is_group(const std::string& name) const {
        H5O_info_t info;
        return H5Oget_info_by_name(file_, name.c_str(), &info, H5P_DEFAULT) >= 0 && info.type == H5O_TYPE_GROUP;
    }

    // Numbers of any stored type, converted to double; dims returned.
    std::vector<double> numbers(const std::string& name, std::vector<hsize_t>* dims = nullptr) const {
        Id ds(H5Dopen2(file_, name.c_str(), H5P_DEFAULT), H5Dclose);
        if (!ds.ok()) fail(name, "missing dataset");
        Id space(H5Dget_space(ds), H5Sclose);
        const int rank = H5Sget_simple_extent_ndims(space);
        if (rank < 0 || rank > 2) fail(name, "expected a 1- or 2-dimensional dataset");
        std::vector<hsize_t> d(static_cast<std::size_t>(rank));
        H5Sget_simple_extent_dims(space, d.data(), nullptr);
        hsize_t n = 1;
        for (auto x : d) n *= x;
        std::vector<double> out(n);
        if (n > 0 && H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()) < 0)
            fail(name, "cannot read as numbers");
        if (dims) *dims = d;
        return out;
    }

    std::vector<std::string> strings(const std::string& name) const {
        Id ds(H5Dopen2(file_, name.c_str(), H5P_DEFAULT), H5Dclose);
        if (!ds.ok()) fail(name, "missing dataset");
        Id ftype(H5Dget_type(ds), H5Tclose);
        if (H5Tget_class(ftype) != H5T_STRING) fail(name, "expected strings");
        Id space(H5Dget_space(ds), H5Sclose);
        const auto n = static_cast<std::size_t>(H5Sget_simple_extent_npoints(space));
        std::vector<std::string> out;
        if (n == 0) return out;
        if (H5Tis_variable_str(ftype) > 0) {
            Id mtype(H5Tcopy(H5T_C_S1), H5Tclose);
            H5Tset_size(mtype, H5T_VARIABLE);
            H5Tset_cset(mtype, H5Tget_cset(ftype));
            std::vector<char*> ptrs(n, nullptr);
            if (H5Dread(ds, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()) < 0) fail(name, "cannot read strings");
            for (auto* p : ptrs) out.emplace_back(p ? p : "");
#if H5_VERSION_GE(1, 12, 0)
            H5Treclaim(mtype, space, H5P_DEFAULT, ptrs.data());
#else
            H5Dvlen_reclaim(mtype, space, H5P_DEFAULT, ptrs.data());
#endif
        } else {
            const std::size_t size = H5Tget_size(ftype);
            Id mtype(H5Tcopy(H5T_C_S1), H5Tclose);
            H5Tset_size(mtype, size);
            std::vector<char> buf(n * size);
            if (H5Dread(ds, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data()) < 0) fail(name, "cannot read strings");
            for (std::size_t i = 0; i < n; ++i)
                out.emplace_back(std::string(buf.data() + i * size, strnlen(buf.data() + i * size, size)));
        }
        return out;
    }

    std::string attr_string(hid_t loc, const std::string& name) const {
        Id a(H5Aopen(loc, name.c_str(), H5P_DEFAULT), H5Aclose);
        if (!a.ok()) return "";
        Id ftype(H5Aget_type(a), H5Tclose);
        if (H5Tget_class(ftype) != H5T_STRING) return "";
        if (H5Tis_variable_str(ftype) > 0) {
            Id mtype(H5Tcopy(H5T_C_S1), H5Tclose);
            H5Tset_size(mtype, H5T_VARIABLE);
            H5Tset_cset(mtype, H5Tget_cset(ftype));
            char* p = nullptr;
            if (H5Aread(a, mtype, &p) < 0) return "";
            std::string out = p ? p : "";
            H5free_memory(p);
            return out;
        }
        const std::size_t size = H5Tget_size(ftype);
        std::vector<char> buf(size + 1, '\0');
        Id mtype(H5Tcopy(H5T_C_S1), H5Tclose);
        H5Tset_size(mtype, size);
        if (H5Aread(a, mtype, buf.data()) < 0) return "";
        return std::string(buf.data());
    }

    // /meta: strings and numbers by name.
    void meta(Results& r) const {
        Id g(H5Gopen2(file_, "meta", H5P_DEFAULT), H5Gclose);
        H5O_info_t info;
        H5Oget_info(g, &info);
        for (hsize_t i = 0; i < info.num_attrs; ++i) {
            Id a(H5Aopen_by_idx(g, ".", H5_INDEX_NAME, H5_ITER_INC, i, H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
            const auto len = H5Aget_name(a, 0, nullptr);
            std::string name(static_cast<std::size_t>(len), '\0');
            H5Aget_name(a, name.size() + 1, name.data());
            Id type(H5Aget_type(a), H5Tclose);
            if (H5Tget_class(type) == H5T_STRING) {
                r.text[name] = attr_string(g, name);
            } else {
                double v = 0;
                if (H5Aread(a, H5T_NATIVE_DOUBLE, &v) >= 0) r.number[name] = v;
            }
        }
    }

private:
    std::string path_;
    hid_t file_ = -1;
};

std::vector<Stats> stats_rows(const Reader& in, const std::string& name, std::size_t expected_rows) {
    std::vector<hsize_t> dims;
    const auto v = in.numbers(name, &dims);
    if (dims.size() != 2 || dims[1] != 4 || (expected_rows != std::size_t(-1) && dims[0] != expected_rows))
        in.fail(name, "expected [n x 4] statistics (p5, p50, p95, mean)");
    std::vector<Stats> out(dims[0]);
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = {v[i * 4], v[i * 4 + 1], v[i * 4 + 2], v[i * 4 + 3]};
    return out;
}

std::string attr_of(const Reader& in, const std::string& name, const std::string& attr) {
    Id ds(H5Dopen2(in.file(), name.c_str(), H5P_DEFAULT), H5Dclose);
    return ds.ok() ? in.attr_string(ds, attr) : "";
}

std::string units_of(const Reader& in, const std::string& name) { return attr_of(in, name, "units"); }

ConnectivityGrid grid(const Reader& in, const std::string& what, std::size_t hours) {
    ConnectivityGrid g;
    const std::string base = "network/";
    g.labels = in.strings(base + what + "_labels");
    g.users = in.numbers(base + "users_by_" + what);
    std::vector<hsize_t> dims;
    g.values = in.numbers(base + "connectivity_by_" + what, &dims);
    if (dims.size() != 2 || dims[0] != hours || dims[1] != g.labels.size() || g.users.size() != g.labels.size())
        in.fail(base + "connectivity_by_" + what, "expected [hours x " + what + "s] with matching labels");
    return g;
}

}  // namespace

std::string Results::name(const std::string& axis, const std::string& id) const {
    auto a = names.find(axis);
    if (a == names.end()) return id;
    auto it = a->second.find(id);
    return it == a->second.end() || it->second.empty() ? id : it->second;
}

std::string Results::meta(const std::string& key) const {
    auto it = text.find(key);
    return it == text.end() ? std::string() : it->second;
}

Stats Results::total(const std::string& metric) const {
    auto it = ensemble.find(metric);
    if (it == ensemble.end() || it->second.empty()) return {};
    return summarise(it->second);
}

Results read_results(const std::filesystem::path& path) {
    Reader in(path);
    for (const char* g : {"meta", "timeline", "series", "ensemble"})
        if (!in.exists(g)) in.fail(std::string("/") + g, "missing: not a results.h5 written by 'rubilnik run'");
    Results r;
    r.path = path.string();
    in.meta(r);
    if (r.meta("schema").rfind("rubilnik.results/", 0) != 0)
        in.fail("/meta schema", "expected rubilnik.results/1, found '" + r.meta("schema") + "'");
    // The project-wide completeness gate (docs/hardening.md): complete set and
    // draws_done == draws > 0, or an InputError naming the file.
    require_complete_results(path);
    r.seed = static_cast<std::uint64_t>(r.number["seed"]);
    r.draws = static_cast<std::size_t>(r.number["draws"]);
    r.central = r.number["central_run"] == 1.0;
    if (r.number.count("reference_utc_offset_minutes"))
        r.reference_offset.minutes = static_cast<int>(r.number["reference_utc_offset_minutes"]);

    for (double m : in.numbers("timeline/hour_start_utc_minutes")) r.hour_start.push_back(static_cast<std::int64_t>(m));
    r.hour_label = in.strings("timeline/hour_start_local");
    const std::size_t hours = r.hour_start.size();
    if (hours == 0 || r.hour_label.size() != hours)
        in.fail("/timeline/hour_start_utc_minutes", "expected at least one hour");

    const auto ids = in.strings("timeline/event_id");
    const auto actions = in.strings("timeline/event_action");
    const auto targets = in.strings("timeline/event_target");
    const auto sources = in.strings("timeline/event_source");
    const bool notes = in.exists("timeline/event_note");
    const auto note = notes ? in.strings("timeline/event_note") : std::vector<std::string>(ids.size());
    for (std::size_t e = 0; e < ids.size(); ++e)
        r.events.push_back({ids[e], actions.at(e), targets.at(e), sources.at(e), note.at(e), {}});
    if (in.exists("timeline/event_intervals")) {
        const auto v = in.numbers("timeline/event_intervals");
        for (std::size_t i = 0; i + 2 < v.size(); i += 3) {
            const auto e = static_cast<std::size_t>(v[i]);
            if (e >= r.events.size()) in.fail("/timeline/event_intervals", "event index out of range");
            r.events[e].intervals.emplace_back(static_cast<std::int64_t>(v[i + 1]),
                                               static_cast<std::int64_t>(v[i + 2]));
        }
    }

    for (const auto& m : in.members("series"))
        r.series[m] = {units_of(in, "series/" + m), stats_rows(in, "series/" + m, hours)};
    if (in.exists("cumulative"))
        for (const auto& m : in.members("cumulative"))
            r.cumulative[m] = {units_of(in, "cumulative/" + m), stats_rows(in, "cumulative/" + m, hours)};
    for (const auto& m : in.members("ensemble")) {
        r.ensemble[m] = in.numbers("ensemble/" + m);
        r.units[m] = units_of(in, "ensemble/" + m);
        r.descriptions[m] = attr_of(in, "ensemble/" + m, "description");
    }
    if (in.exists("breakdown"))
        for (const auto& m : in.members("breakdown"))
            for (const auto& a : in.members("breakdown/" + m)) {
                if (a.size() > 7 && a.compare(a.size() - 7, 7, "_labels") == 0) continue;
                const std::string base = "breakdown/" + m + "/" + a;
                Breakdown b{units_of(in, base), in.strings(base + "_labels"), stats_rows(in, base, std::size_t(-1))};
                if (b.labels.size() != b.rows.size()) in.fail(base, "labels and rows differ in number");
                r.breakdown[m][a] = std::move(b);
            }
    if (in.exists("names"))
        for (const char* axis : {"region", "operator", "sector"}) {
            const std::string base = std::string("names/") + axis;
            if (!in.exists(base + "_ids")) continue;
            const auto ids = in.strings(base + "_ids");
            const auto nm = in.strings(base + "_names");
            for (std::size_t i = 0; i < ids.size() && i < nm.size(); ++i) r.names[axis][ids[i]] = nm[i];
        }
    if (in.exists("network")) {
        r.by_region = grid(in, "region", hours);
        r.by_operator = grid(in, "operator", hours);
        for (const auto& l : r.by_region.labels) r.by_region.names.push_back(r.name("region", l));
        for (const auto& l : r.by_operator.labels) r.by_operator.names.push_back(r.name("operator", l));
        Id g(H5Gopen2(in.file(), "network", H5P_DEFAULT), H5Gclose);
        Id a(H5Aopen(g, "cut_leakage", H5P_DEFAULT), H5Aclose);
        if (a.ok()) H5Aread(a, H5T_NATIVE_DOUBLE, &r.cut_leakage);
    }
    if (in.exists("parameters")) {
        const auto key = in.strings("parameters/key");
        const auto desc = in.strings("parameters/description");
        const auto src = in.strings("parameters/source");
        const auto origin = in.strings("parameters/origin");
        const auto used = in.strings("parameters/used_by");
        const auto where = in.strings("parameters/defined_at");
        const auto central = in.numbers("parameters/central");
        const auto p5 = in.numbers("parameters/p5");
        const auto p95 = in.numbers("parameters/p95");
        for (std::size_t i = 0; i < key.size(); ++i)
            r.parameters.push_back({key[i], desc.at(i), src.at(i), origin.at(i), used.at(i), where.at(i), central.at(i),
                                    p5.at(i), p95.at(i)});
    }
    if (in.exists("sensitivity")) read_sensitivity(path, r);
    return r;
}

void read_sensitivity(const std::filesystem::path& path, Results& r) {
    Reader in(path);
    if (!in.exists("sensitivity")) in.fail("/sensitivity", "missing: no sensitivity analysis in this file");
    for (const auto& m : in.members("sensitivity")) {
        const std::string base = "sensitivity/" + m;
        if (!in.is_group(base)) continue;
        const auto names = in.strings(base + "/parameters");
        std::vector<hsize_t> dims;
        const auto v = in.numbers(base + "/indices", &dims);
        if (dims.size() != 2 || dims[1] != 6 || dims[0] != names.size())
            in.fail(base + "/indices", "expected [parameters x 6] (s1, s1_lo, s1_hi, st, st_lo, st_hi)");
        auto& rows = r.sensitivity[m];
        rows.clear();
        for (std::size_t i = 0; i < names.size(); ++i)
            rows.push_back({names[i], v[i * 6], v[i * 6 + 1], v[i * 6 + 2], v[i * 6 + 3], v[i * 6 + 4], v[i * 6 + 5]});
    }
    r.sensitivity_source = path.string();
}

}  // namespace rubilnik::report
