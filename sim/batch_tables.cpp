// The combined batch tables (layout in docs/output-format.md "Batch") and
// the reader of per-draw totals from a scenario's results.h5.
#include <hdf5.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <stdexcept>

#include "rubilnik/batch.hpp"
#include "rubilnik/error.hpp"
#include "rubilnik/io/output.hpp"
#include "rubilnik/result.hpp"
#include "rubilnik/version.hpp"

namespace rubilnik {
namespace {

namespace fs = std::filesystem;

class H5Handle {
public:
    H5Handle(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
    ~H5Handle() {
        if (id_ >= 0) close_(id_);
    }
    H5Handle(const H5Handle&) = delete;
    H5Handle& operator=(const H5Handle&) = delete;
    operator hid_t() const { return id_; }
    bool ok() const { return id_ >= 0; }

private:
    hid_t id_;
    herr_t (*close_)(hid_t);
};

H5Handle must(hid_t id, herr_t (*close)(hid_t), const std::string& what) {
    if (id < 0) throw std::runtime_error("HDF5: cannot create " + what);
    return H5Handle(id, close);
}

void check(herr_t status, const std::string& what) {
    if (status < 0) throw std::runtime_error("HDF5: cannot write " + what);
}

void attr_text(hid_t loc, const std::string& name, const std::string& value) {
    auto type = must(H5Tcopy(H5T_C_S1), H5Tclose, "string type");
    check(H5Tset_size(type, H5T_VARIABLE), "string size");
    check(H5Tset_cset(type, H5T_CSET_UTF8), "string charset");
    auto space = must(H5Screate(H5S_SCALAR), H5Sclose, "scalar space");
    auto attr = must(H5Acreate2(loc, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose, name);
    const char* ptr = value.c_str();
    check(H5Awrite(attr, type, &ptr), name);
}

void attr_int(hid_t loc, const std::string& name, long long value) {
    auto space = must(H5Screate(H5S_SCALAR), H5Sclose, "scalar space");
    auto attr = must(H5Acreate2(loc, name.c_str(), H5T_NATIVE_INT64, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose, name);
    check(H5Awrite(attr, H5T_NATIVE_INT64, &value), name);
}

void doubles(hid_t loc, const std::string& name, const std::vector<double>& data, hsize_t rows, hsize_t cols,
             const std::string& units) {
    hsize_t dims[2] = {rows, cols};
    auto space = must(H5Screate_simple(2, dims, nullptr), H5Sclose, name);
    auto ds = must(H5Dcreate2(loc, name.c_str(), H5T_NATIVE_DOUBLE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                   H5Dclose, name);
    if (!data.empty()) check(H5Dwrite(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()), name);
    if (!units.empty()) attr_text(ds, "units", units);
}

void texts(hid_t loc, const std::string& name, const std::vector<std::string>& values) {
    auto type = must(H5Tcopy(H5T_C_S1), H5Tclose, "string type");
    check(H5Tset_size(type, H5T_VARIABLE), "string size");
    check(H5Tset_cset(type, H5T_CSET_UTF8), "string charset");
    hsize_t n = values.size();
    auto space = must(H5Screate_simple(1, &n, nullptr), H5Sclose, name);
    auto ds = must(H5Dcreate2(loc, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Dclose, name);
    std::vector<const char*> ptrs;
    for (const auto& v : values) ptrs.push_back(v.c_str());
    if (n) check(H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()), name);
}

std::string csv_text(const std::string& s) {
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string q = "\"";
    for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

std::string num(double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return buf;
}

// Metrics present in at least one item, in batch_metrics() order.
std::vector<std::string> present_metrics(const std::vector<BatchItemResult>& items,
                                         std::map<std::string, std::string>& units) {
    std::vector<std::string> out;
    for (const auto& m : batch_metrics())
        for (const auto& it : items)
            if (it.per_draw.count(m)) {
                out.push_back(m);
                if (auto u = it.units.find(m); u != it.units.end()) units[m] = u->second;
                break;
            }
    return out;
}

}  // namespace

std::map<std::string, std::vector<double>> read_ensemble_totals(const std::string& results_h5,
                                                                const std::vector<std::string>& metrics,
                                                                std::map<std::string, std::string>* units) {
    // HDF5 prints its own error stack to stderr by default; a missing dataset
    // is an expected answer here, so it is silenced while reading.
    H5E_auto2_t old_func = nullptr;
    void* old_data = nullptr;
    H5Eget_auto2(H5E_DEFAULT, &old_func, &old_data);
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    struct Restore {
        H5E_auto2_t f;
        void* d;
        ~Restore() { H5Eset_auto2(H5E_DEFAULT, f, d); }
    } restore{old_func, old_data};

    H5Handle file(H5Fopen(results_h5.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
    if (!file.ok()) throw InputError(SourceLocation{results_h5, 0, 0}, "", "cannot open as HDF5");
    std::map<std::string, std::vector<double>> out;
    for (const auto& m : metrics) {
        const std::string path = "/ensemble/" + m;
        if (H5Lexists(file, "/ensemble", H5P_DEFAULT) <= 0 || H5Lexists(file, path.c_str(), H5P_DEFAULT) <= 0) continue;
        H5Handle ds(H5Dopen2(file, path.c_str(), H5P_DEFAULT), H5Dclose);
        if (!ds.ok()) throw InputError(SourceLocation{results_h5, 0, 0}, path, "cannot open dataset");
        H5Handle space(H5Dget_space(ds), H5Sclose);
        if (H5Sget_simple_extent_ndims(space) != 1) throw InputError(SourceLocation{results_h5, 0, 0}, path, "not 1-D");
        hsize_t n = 0;
        H5Sget_simple_extent_dims(space, &n, nullptr);
        std::vector<double> v(n);
        if (n && H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()) < 0)
            throw InputError(SourceLocation{results_h5, 0, 0}, path, "cannot read");
        if (units && H5Aexists(ds, "units") > 0) {
            H5Handle attr(H5Aopen(ds, "units", H5P_DEFAULT), H5Aclose);
            H5Handle type(H5Aget_type(attr), H5Tclose);
            if (H5Tis_variable_str(type) > 0) {
                char* s = nullptr;
                H5Handle mem(H5Tget_native_type(type, H5T_DIR_ASCEND), H5Tclose);
                if (H5Aread(attr, mem, &s) >= 0 && s) {
                    (*units)[m] = s;
                    H5free_memory(s);
                }
            }
        }
        out[m] = std::move(v);
    }
    return out;
}

void write_batch_tables(const std::vector<BatchItemResult>& items, const BatchOptions& options) {
    std::map<std::string, std::string> units;
    const auto metrics = present_metrics(items, units);
    const auto groups = batch_groups(items, options.draws);

    std::ostringstream csv;
    csv << "level,scenario,country,year,status,scenarios";
    for (const auto& m : metrics) csv << "," << m << "_p5," << m << "_p50," << m << "_p95," << m << "_mean";
    csv << ",error\n";
    auto stats_cells = [&](const std::map<std::string, std::vector<double>>& per_draw) {
        std::string s;
        for (const auto& m : metrics) {
            const auto it = per_draw.find(m);
            if (it == per_draw.end() || it->second.empty()) {
                s += ",,,,";
                continue;
            }
            const auto st = summarise(it->second);
            s += "," + num(st.p5) + "," + num(st.p50) + "," + num(st.p95) + "," + num(st.mean);
        }
        return s;
    };
    for (const auto& it : items)
        csv << "scenario," << csv_text(it.name) << "," << it.country << "," << (it.year ? std::to_string(it.year) : "")
            << "," << batch_status_name(it.status) << ",1" << stats_cells(it.per_draw) << "," << csv_text(it.error)
            << "\n";
    for (const auto& g : groups)
        csv << g.level << ",," << g.country << "," << (g.year ? std::to_string(g.year) : "") << ",," << g.scenarios
            << stats_cells(g.per_draw) << ",\n";
    const std::string text = csv.str();
    const fs::path out(options.out_folder);
    write_atomically(out / "batch.csv", [&](const fs::path& tmp) {
        std::ofstream f(tmp, std::ios::binary);
        f << text;
        f.close();
        if (!f) throw std::runtime_error("cannot write " + tmp.string());
    });

    write_atomically(out / "batch.h5", [&](const fs::path& tmp) {
        auto file = must(H5Fcreate(tmp.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose, tmp.string());
        auto meta = must(H5Gcreate2(file, "meta", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose, "meta");
        attr_text(meta, "schema", "rubilnik.batch/1");
        attr_text(meta, "version", version());
        attr_text(meta, "git_sha", git_sha());
        attr_text(meta, "command", options.command_line);
        attr_int(meta, "seed", static_cast<long long>(options.seed));
        attr_int(meta, "draws", static_cast<long long>(options.draws));
        attr_int(meta, "scenarios", static_cast<long long>(items.size()));
        attr_text(meta, "stats",
                  "columns p5, p50, p95, mean over draws (percentiles type 7); group totals sum the "
                  "per-draw totals of their scenarios draw by draw, then take the statistics");
        const std::size_t D = options.draws;
        auto write_level = [&](const std::string& name, std::size_t rows,
                               const std::function<const std::map<std::string, std::vector<double>>&(std::size_t)>& get,
                               const std::function<void(hid_t)>& labels) {
            auto g = must(H5Gcreate2(file, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose, name);
            labels(g);
            auto stats = must(H5Gcreate2(g, "stats", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose, "stats");
            auto ens = must(H5Gcreate2(g, "ensemble", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose, "ensemble");
            for (const auto& m : metrics) {
                std::vector<double> s(rows * 4, std::nan("")), e(rows * D, std::nan(""));
                for (std::size_t r = 0; r < rows; ++r) {
                    const auto& pd = get(r);
                    const auto it = pd.find(m);
                    if (it == pd.end() || it->second.size() != D) continue;
                    const auto st = summarise(it->second);
                    s[r * 4] = st.p5, s[r * 4 + 1] = st.p50, s[r * 4 + 2] = st.p95, s[r * 4 + 3] = st.mean;
                    std::copy(it->second.begin(), it->second.end(), e.begin() + static_cast<std::ptrdiff_t>(r * D));
                }
                doubles(stats, m, s, rows, 4, units[m]);
                doubles(ens, m, e, rows, D, units[m]);
            }
        };
        write_level(
            "scenarios", items.size(), [&](std::size_t r) -> const auto& { return items[r].per_draw; },
            [&](hid_t g) {
                std::vector<std::string> name, path, country, status, error, year;
                for (const auto& it : items) {
                    name.push_back(it.name);
                    path.push_back(it.path);
                    country.push_back(it.country);
                    status.push_back(batch_status_name(it.status));
                    error.push_back(it.error);
                    year.push_back(it.year ? std::to_string(it.year) : "");
                }
                texts(g, "name", name);
                texts(g, "path", path);
                texts(g, "country", country);
                texts(g, "year", year);
                texts(g, "status", status);
                texts(g, "error", error);
            });
        write_level(
            "totals", groups.size(), [&](std::size_t r) -> const auto& { return groups[r].per_draw; },
            [&](hid_t g) {
                std::vector<std::string> level, country, year, count;
                for (const auto& gr : groups) {
                    level.push_back(gr.level);
                    country.push_back(gr.country);
                    year.push_back(gr.year ? std::to_string(gr.year) : "");
                    count.push_back(std::to_string(gr.scenarios));
                }
                texts(g, "level", level);
                texts(g, "country", country);
                texts(g, "year", year);
                texts(g, "scenarios", count);
            });
    });
}

}  // namespace rubilnik
