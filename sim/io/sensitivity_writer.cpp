// Sobol indices written out: JSON (rubilnik.sensitivity/1) and HDF5
// /sensitivity (read by `rubilnik report --sensitivity`), both laid out in
// docs/output-format.md. Plain datasets and
// string attributes, so h5py and pandas read them without our code.
#include <hdf5.h>

#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hdf5_util.hpp"
#include "rubilnik/io/output.hpp"
#include "rubilnik/sensitivity_run.hpp"
#include "rubilnik/version.hpp"

namespace rubilnik {
namespace {

using nlohmann::ordered_json;

constexpr const char* kMethod =
    "Saltelli (2010) design A, B, A_B(i); S1 by Saltelli (2010), ST by Jansen (1999); percentile bootstrap "
    "over base rows; a correlation group is one factor";

std::vector<std::string> member_keys(const Engine& engine, const SensitivityFactor& f) {
    std::vector<std::string> out;
    for (std::size_t p : f.parameters) out.push_back(engine.scenario().parameters.at(p).key);
    return out;
}

using namespace h5;

void write_h5(const std::filesystem::path& path, const Engine& engine, const SensitivityReport& rep,
              const std::string& command_line) {
    const auto& sc = engine.scenario();
    Id file(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose, "file " + path.string());
    {
        auto meta = group(file, "meta");
        attr_string(meta, "schema", "rubilnik.sensitivity/1");
        attr_string(meta, "version", version());
        attr_string(meta, "git_sha", git_sha());
        attr_string(meta, "build_options", build_options());
        attr_string(meta, "command", command_line);
        attr_string(meta, "method", kMethod);
        attr_number(meta, "seed", static_cast<long long>(rep.seed));
        attr_number(meta, "base_rows", static_cast<long long>(rep.base_rows));
        attr_number(meta, "evaluations", static_cast<long long>(rep.rows));
        attr_number(meta, "threads", static_cast<long long>(rep.threads));
        attr_number(meta, "ranks", static_cast<long long>(rep.ranks));
        attr_number(meta, "seconds", rep.seconds);
        attr_string(meta, "scenario_name", sc.name);
        attr_string(meta, "scenario_text", sc.text);
        attr_string(meta, "scenario_sha256", sha256_hex(sc.text));
        attr_string(meta, "baseline_name", sc.baseline.name);
        attr_string(meta, "baseline_text", sc.baseline.toml_text);
        attr_string(meta, "baseline_sha256", sha256_hex(sc.baseline.toml_text));
    }
    auto sens = group(file, "sensitivity");
    std::vector<std::string> names, members;
    std::vector<long long> is_group;
    for (const auto& f : rep.factors) {
        names.push_back(f.name);
        is_group.push_back(f.group ? 1 : 0);
        std::string keys;
        for (const auto& k : member_keys(engine, f)) keys.append(keys.empty() ? "" : " ").append(k);
        members.push_back(keys);
    }
    string_dataset(sens, "factors", names);
    dataset(sens, "factor_is_group", is_group, {is_group.size()});
    string_dataset(sens, "factor_parameters", members);
    string_dataset(sens, "left_out", rep.left_out);
    attr_number(sens, "resamples", static_cast<long long>(rep.results.empty() ? 0 : rep.results[0].resamples));
    attr_number(sens, "confidence", rep.results.empty() ? 0.0 : rep.results[0].confidence);
    for (std::size_t m = 0; m < rep.results.size(); ++m) {
        const auto& res = rep.results[m];
        auto g = group(sens, rep.metric_ids[m]);
        attr_string(g, "units", rep.metric_units[m]);
        attr_number(g, "mean", res.mean);
        attr_number(g, "variance", res.variance);
        attr_number(g, "base_rows", static_cast<long long>(res.n));
        // `parameters` + `indices` [factors × 6] is what `rubilnik report
        // --sensitivity` reads; the named columns are for users' scripts.
        string_dataset(g, "parameters", names);
        std::vector<double> cols[6], matrix;
        for (const auto& x : res.indices) {
            const double row[6] = {x.s1, x.s1_lo, x.s1_hi, x.st, x.st_lo, x.st_hi};
            for (int c = 0; c < 6; ++c) {
                cols[c].push_back(row[c]);
                matrix.push_back(row[c]);
            }
        }
        dataset(g, "indices", matrix, {matrix.size() / 6, 6});
        {
            Id ds(H5Dopen2(g, "indices", H5P_DEFAULT), H5Dclose, "dataset indices");
            attr_string(ds, "columns", "S1, S1_lo, S1_hi, ST, ST_lo, ST_hi");
        }
        static const char* const kCols[] = {"S1", "S1_lo", "S1_hi", "ST", "ST_lo", "ST_hi"};
        for (int c = 0; c < 6; ++c) dataset(g, kCols[c], cols[c], {cols[c].size()});
    }
}

}  // namespace

std::string sensitivity_json(const Engine& engine, const SensitivityReport& rep) {
    const auto& sc = engine.scenario();
    ordered_json j;
    j["schema"] = "rubilnik.sensitivity/1";
    j["scenario"] = {{"name", sc.name}, {"title", sc.title}, {"sha256", sha256_hex(sc.text)}};
    j["baseline"] = {{"name", sc.baseline.name}, {"sha256", sha256_hex(sc.baseline.toml_text)}};
    j["meta"] = {{"version", version()},
                 {"git_sha", git_sha()},
                 {"seed", rep.seed},
                 {"base_rows", rep.base_rows},
                 {"evaluations", rep.rows},
                 {"threads", rep.threads},
                 {"ranks", rep.ranks},
                 {"resamples", rep.results.empty() ? 0 : rep.results[0].resamples},
                 {"confidence", rep.results.empty() ? 0.0 : rep.results[0].confidence},
                 {"method", kMethod}};
    ordered_json factors = ordered_json::array();
    for (const auto& f : rep.factors)
        factors.push_back({{"name", f.name}, {"group", f.group}, {"parameters", member_keys(engine, f)}});
    j["factors"] = std::move(factors);
    j["left_out"] = rep.left_out;
    ordered_json& metrics = j["metrics"];
    metrics = ordered_json::object();
    for (std::size_t m = 0; m < rep.results.size(); ++m) {
        const auto& res = rep.results[m];
        ordered_json idx = ordered_json::array();
        for (std::size_t i = 0; i < res.indices.size(); ++i) {
            const auto& x = res.indices[i];
            idx.push_back({{"factor", rep.factors[i].name},
                           {"s1", x.s1},
                           {"s1_lo", x.s1_lo},
                           {"s1_hi", x.s1_hi},
                           {"st", x.st},
                           {"st_lo", x.st_lo},
                           {"st_hi", x.st_hi}});
        }
        metrics[rep.metric_ids[m]] = {
            {"unit", rep.metric_units[m]}, {"mean", res.mean}, {"variance", res.variance}, {"indices", std::move(idx)}};
    }
    return j.dump(2) + "\n";
}

void write_sensitivity_json(const std::filesystem::path& path, const Engine& engine, const SensitivityReport& rep) {
    const auto text = sensitivity_json(engine, rep);
    write_atomically(path, [&](const std::filesystem::path& tmp) {
        std::ofstream f(tmp, std::ios::binary);
        f << text;
        f.close();
        if (!f) throw std::runtime_error("cannot write " + tmp.string());
    });
}

void write_sensitivity_h5(const std::filesystem::path& path, const Engine& engine, const SensitivityReport& rep,
                          const std::string& command_line) {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // errors become exceptions, not stderr noise
    write_atomically(path, [&](const std::filesystem::path& tmp) { write_h5(tmp, engine, rep, command_line); });
}

}  // namespace rubilnik
