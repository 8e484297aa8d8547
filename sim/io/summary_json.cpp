#include <fstream>

#include <nlohmann/json.hpp>

#include "rubilnik/io/output.hpp"
#include "rubilnik/version.hpp"

namespace rubilnik {
namespace {

using nlohmann::ordered_json;

ordered_json stats_json(const Stats& s) {
    return ordered_json{{"p5", s.p5}, {"p50", s.p50}, {"p95", s.p95}, {"mean", s.mean}};
}

std::string axis_label(const Baseline& b, Axis a, std::size_t i) {
    switch (a) {
        case Axis::region: return b.regions[i].id;
        case Axis::operator_: return b.operators[i].id;
        case Axis::sector: return b.sectors[i].id;
        case Axis::access: return access_name(static_cast<Access>(i));
    }
    return "?";
}

}  // namespace

double central_value(const Engine& engine, const std::string& key) {
    const auto& params = engine.scenario().parameters;
    const auto i = params.find(key);
    return i ? params.at(*i).dist.median() : 0.0;
}

std::string summary_json(const Engine& engine, const EnsembleResult& res) {
    const auto& sc = engine.scenario();
    const auto& b = sc.baseline;
    const auto& metrics = engine.metrics();
    ordered_json j;
    j["schema"] = "rubilnik.summary/1";
    j["scenario"] = {{"name", sc.name}, {"title", sc.title}, {"sha256", sha256_hex(sc.text)}};
    j["baseline"] = {{"name", b.name}, {"country", b.country}, {"sha256", sha256_hex(b.toml_text)}};
    j["window"] = {
        {"start", format_utc(sc.window.start)}, {"end", format_utc(sc.window.end)}, {"hours", engine.timeline().hours}};
    j["meta"] = {{"version", version()},
                 {"git_sha", git_sha()},
                 {"seed", res.seed},
                 {"draws", res.draws_requested},
                 {"draws_done", res.draws_done},
                 {"complete", res.draws_done == res.draws_requested},
                 {"central_run", res.central},
                 {"threads", res.threads},
                 {"ranks", res.ranks},
                 {"currency", b.currency},
                 {"price_year", b.price_year},
                 {"usd_per_local", central_value(engine, "macro.usd_per_local")},
                 {"percentiles", "type 7 (linear interpolation) over draws"}};
    ordered_json& out = j["metrics"];
    out = ordered_json::object();
    for (std::size_t m = 0; m < metrics.size(); ++m) {
        const auto& info = metrics.info(m);
        ordered_json e = stats_json(res.totals[m]);
        e["unit"] = info.unit;
        for (Axis a : info.axes) {
            ordered_json br = ordered_json::object();
            const auto off = metrics.breakdown_offset(m, a);
            for (std::size_t i = 0; i < metrics.axis_size(a); ++i)
                br[axis_label(b, a, i)] = stats_json(res.breakdown[off + i]);
            e[std::string("by_") + axis_name(a)] = std::move(br);
        }
        out[info.id] = std::move(e);
    }
    return j.dump(2) + "\n";
}

void write_summary_json(const std::filesystem::path& path, const Engine& engine, const EnsembleResult& res) {
    const auto text = summary_json(engine, res);
    write_atomically(path, [&](const std::filesystem::path& tmp) {
        std::ofstream f(tmp, std::ios::binary);
        f << text;
        f.close();
        if (!f) throw std::runtime_error("cannot write " + tmp.string());
    });
}

}  // namespace rubilnik
