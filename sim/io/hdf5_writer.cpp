// HDF5 results through the C API: plain datasets and string attributes that
// h5py, pandas and R read without our code. Layout (docs/output-format.md):
//   /meta                 attributes: provenance
//   /timeline             hour_start_utc, segments, events
//   /series/<metric>      [hours × 4] p5, p50, p95, mean per reporting hour
//   /breakdown/<metric>/<axis>   [n × 4] stats, with a labels dataset
//   /ensemble/<metric>    [draws] per-draw totals
//   /cumulative/<metric>  [hours × 4] stats over draws of the running total
//   /network              draw-independent connectivity by region and operator
//   /names                readable names of regions, operators and sectors
//   /parameters           every parameter with its distribution and source
#include <hdf5.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "hdf5_util.hpp"
#include "rubilnik/io/output.hpp"
#include "rubilnik/version.hpp"

namespace rubilnik {
namespace {

using namespace h5;

std::string axis_label(const Baseline& b, Axis a, std::size_t i) {
    switch (a) {
        case Axis::region: return b.regions[i].id;
        case Axis::operator_: return b.operators[i].id;
        case Axis::sector: return b.sectors[i].id;
        case Axis::access: return access_name(static_cast<Access>(i));
    }
    return "?";
}

std::vector<double> stats_rows(const std::vector<Stats>& all, std::size_t offset, std::size_t n) {
    std::vector<double> out;
    out.reserve(n * 4);
    for (std::size_t i = 0; i < n; ++i) {
        const auto& s = all[offset + i];
        out.insert(out.end(), {s.p5, s.p50, s.p95, s.mean});
    }
    return out;
}

// Users-weighted share of each group's users with international access per
// hour, leakage at its median: the same expression as the national hourly
// series of national_connectivity_min, so the report's maps agree with it.
// Leakage is the only draw-dependent part and moves the share by a few
// percent, so one central map is drawn rather than percentiles.
void write_network(hid_t file, const Engine& engine) {
    const auto& run = engine.prepared();
    const auto& b = engine.scenario().baseline;
    const auto& ex = run.exposure;
    const double leak = std::clamp(central_value(engine, "network.cut_leakage"), 0.0, 1.0);
    const std::size_t H = run.hours(), A = run.users.size(), R = b.regions.size(), O = b.operators.size();
    std::vector<double> region_users(R, 0.0), operator_users(O, 0.0);
    for (std::size_t k = 0; k < A; ++k) {
        region_users[run.region[k]] += run.users[k];
        operator_users[run.op[k]] += run.users[k];
    }
    const double nan = std::numeric_limits<double>::quiet_NaN();
    std::vector<double> by_region(H * R), by_operator(H * O), off_r(R), off_o(O);
    for (std::size_t h = 0; h < H; ++h) {
        std::fill(off_r.begin(), off_r.end(), 0.0);
        std::fill(off_o.begin(), off_o.end(), 0.0);
        for (std::size_t k = 0; k < A; ++k) {
            const double x = run.users[k] * ex.at(ex.no_international, h, k);
            off_r[run.region[k]] += x;
            off_o[run.op[k]] += x;
        }
        const double len = run.timeline->hour_length(h);
        for (std::size_t r = 0; r < R; ++r)
            by_region[h * R + r] = region_users[r] > 0 ? 1.0 - (1.0 - leak) * off_r[r] / (region_users[r] * len) : nan;
        for (std::size_t o = 0; o < O; ++o)
            by_operator[h * O + o] =
                operator_users[o] > 0 ? 1.0 - (1.0 - leak) * off_o[o] / (operator_users[o] * len) : nan;
    }
    auto g = group(file, "network");
    attr_number(g, "cut_leakage", leak);
    dataset(g, "connectivity_by_region", by_region, {H, R}, "share", "hour, region (see region_labels)");
    dataset(g, "connectivity_by_operator", by_operator, {H, O}, "share", "hour, operator (see operator_labels)");
    dataset(g, "users_by_region", region_users, {R}, "person", "region");
    dataset(g, "users_by_operator", operator_users, {O}, "person", "operator");
    std::vector<std::string> ids;
    for (const auto& r : b.regions) ids.push_back(r.id);
    string_dataset(g, "region_labels", ids);
    ids.clear();
    for (const auto& o : b.operators) ids.push_back(o.id);
    string_dataset(g, "operator_labels", ids);
}

// Readable names for the ids that label breakdowns ("ALA" -> "Almaty").
void write_names(hid_t file, const Baseline& b) {
    auto g = group(file, "names");
    auto pair = [&](const char* axis, const auto& items) {
        std::vector<std::string> ids, names;
        for (const auto& x : items) ids.push_back(x.id), names.push_back(x.name);
        string_dataset(g, std::string(axis) + "_ids", ids);
        string_dataset(g, std::string(axis) + "_names", names);
    };
    pair("region", b.regions);
    pair("operator", b.operators);
    pair("sector", b.sectors);
}

// Every parameter of the run, those a channel reads first (in first-use
// order), so the report's assumptions appendix comes from the inputs.
void write_parameters(hid_t file, const Engine& engine) {
    const auto& table = engine.scenario().parameters;
    auto used_by = engine.parameter_users();
    std::vector<std::size_t> order;
    for (const auto& k : engine.parameters_used())
        if (auto i = table.find(k)) order.push_back(*i);
    for (std::size_t i = 0; i < table.size(); ++i)
        if (!used_by.count(table.at(i).key)) order.push_back(i);
    std::vector<std::string> key, description, source, origin, users, where;
    std::vector<double> central, p5, p95;
    for (auto i : order) {
        const auto& p = table.at(i);
        key.push_back(p.key);
        description.push_back(p.dist.describe());
        source.push_back(p.source);
        origin.push_back(p.origin);
        auto it = used_by.find(p.key);
        users.push_back(it == used_by.end() ? "" : it->second);
        std::string at = p.where.file;
        if (p.where.line > 0) at.append(":").append(std::to_string(p.where.line));
        where.push_back(at);
        central.push_back(p.dist.median());
        p5.push_back(p.dist.quantile(0.05));
        p95.push_back(p.dist.quantile(0.95));
    }
    auto g = group(file, "parameters");
    string_dataset(g, "key", key);
    string_dataset(g, "description", description);
    string_dataset(g, "source", source);
    string_dataset(g, "origin", origin);
    string_dataset(g, "used_by", users);
    string_dataset(g, "defined_at", where);
    dataset(g, "central", central, {central.size()}, "", "parameter (median)");
    dataset(g, "p5", p5, {p5.size()}, "", "parameter (5th percentile of its distribution)");
    dataset(g, "p95", p95, {p95.size()}, "", "parameter (95th percentile of its distribution)");
}

void write_file(const std::filesystem::path& path, const Engine& engine, const EnsembleResult& res,
                const std::string& command_line) {
    const auto& sc = engine.scenario();
    const auto& b = sc.baseline;
    const auto& tl = engine.timeline();
    const auto& metrics = engine.metrics();
    Id file(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose, "file " + path.string());

    {
        auto meta = group(file, "meta");
        attr_string(meta, "schema", "rubilnik.results/1");
        attr_string(meta, "version", version());
        attr_string(meta, "git_sha", git_sha());
        attr_string(meta, "build_options", build_options());
        attr_string(meta, "command", command_line);
        attr_number(meta, "seed", static_cast<long long>(res.seed));
        attr_number(meta, "draws", static_cast<long long>(res.draws_requested));
        attr_number(meta, "draws_done", static_cast<long long>(res.draws_done));
        attr_number(meta, "complete", static_cast<long long>(res.draws_done == res.draws_requested ? 1 : 0));
        attr_number(meta, "central_run", static_cast<long long>(res.central ? 1 : 0));
        attr_number(meta, "threads", static_cast<long long>(res.threads));
        attr_number(meta, "ranks", static_cast<long long>(res.ranks));
        attr_number(meta, "seconds", res.seconds);
        attr_string(meta, "scenario_name", sc.name);
        attr_string(meta, "scenario_text", sc.text);
        attr_string(meta, "scenario_sha256", sha256_hex(sc.text));
        attr_string(meta, "baseline_name", b.name);
        attr_string(meta, "baseline_text", b.toml_text);
        attr_string(meta, "baseline_sha256", sha256_hex(b.toml_text));
        std::string tables;
        for (const auto& [name, text] : b.table_texts) tables += name + " sha256=" + sha256_hex(text) + "\n";
        attr_string(meta, "baseline_tables_sha256", tables);
        attr_string(meta, "window_start_utc", format_utc(sc.window.start));
        attr_string(meta, "window_end_utc", format_utc(sc.window.end));
        attr_string(meta, "currency", b.currency);
        attr_number(meta, "price_year", static_cast<long long>(b.price_year));
        attr_number(meta, "usd_per_local", central_value(engine, "macro.usd_per_local"));
        attr_string(meta, "scenario_title", sc.title);
        attr_string(meta, "scenario_path", sc.path);
        attr_string(meta, "country", b.country);
        attr_string(meta, "baseline_title", b.title);
        attr_string(meta, "reference_utc_offset", format_offset(b.reference_offset));
        attr_number(meta, "reference_utc_offset_minutes", static_cast<long long>(b.reference_offset.minutes));
    }
    {
        auto g = group(file, "timeline");
        std::vector<long long> hour_start;
        std::vector<std::string> hour_label;
        for (std::size_t h = 0; h < tl.hours; ++h) {
            hour_start.push_back(tl.hour_start(h).minutes);
            hour_label.push_back(format_local(tl.hour_start(h), b.reference_offset));
        }
        dataset(g, "hour_start_utc_minutes", hour_start, {tl.hours}, "minutes since 1970-01-01T00:00Z", "hour");
        string_dataset(g, "hour_start_local", hour_label);
        std::vector<long long> seg;
        for (const auto& s : tl.segments)
            seg.insert(seg.end(), {s.span.start.minutes, s.span.end.minutes, static_cast<long long>(s.state)});
        dataset(g, "segments", seg, {tl.segments.size(), 3}, "minutes since 1970-01-01T00:00Z",
                "segment, (start, end, state)");
        std::vector<std::string> ids, actions, sources, targets;
        for (const auto& e : sc.events) {
            ids.push_back(e.id);
            actions.push_back(action_name(e.action));
            sources.push_back(e.source);
            targets.push_back(e.target_text);
        }
        string_dataset(g, "event_id", ids);
        string_dataset(g, "event_action", actions);
        string_dataset(g, "event_target", targets);
        string_dataset(g, "event_source", sources);
        std::vector<std::string> notes;
        for (const auto& e : sc.events) notes.push_back(e.note);
        string_dataset(g, "event_note", notes);
        std::vector<long long> spans;
        for (const auto& inst : sc.instances)
            for (const auto& iv : inst.intervals)
                spans.insert(spans.end(), {static_cast<long long>(inst.event), iv.start.minutes, iv.end.minutes});
        dataset(g, "event_intervals", spans, {spans.size() / 3, 3}, "minutes since 1970-01-01T00:00Z",
                "interval, (event index, start, end)");
    }
    write_network(file, engine);
    write_names(file, b);
    write_parameters(file, engine);
    auto series = group(file, "series");
    auto breakdown = group(file, "breakdown");
    auto ensemble = group(file, "ensemble");
    auto cumulative = group(file, "cumulative");
    for (std::size_t m = 0; m < metrics.size(); ++m) {
        const auto& info = metrics.info(m);
        if (info.hourly) {
            dataset(series, info.id, stats_rows(res.hourly, metrics.hourly_offset(m), tl.hours), {tl.hours, 4},
                    info.unit, "hour (see /timeline/hour_start_utc_minutes), stat (p5, p50, p95, mean)");
            if (info.aggregate == Aggregate::sum)
                dataset(cumulative, info.id, stats_rows(res.cumulative, metrics.hourly_offset(m), tl.hours),
                        {tl.hours, 4}, info.unit,
                        "hour (total to the end of the hour), stat over draws (p5, p50, p95, mean)");
        }
        if (!info.axes.empty()) {
            auto mg = group(breakdown, info.id);
            for (Axis a : info.axes) {
                const auto n = metrics.axis_size(a);
                dataset(mg, axis_name(a), stats_rows(res.breakdown, metrics.breakdown_offset(m, a), n), {n, 4},
                        info.unit, std::string(axis_name(a)) + " (see labels), stat (p5, p50, p95, mean)");
                std::vector<std::string> labels;
                for (std::size_t i = 0; i < n; ++i) labels.push_back(axis_label(b, a, i));
                string_dataset(mg, std::string(axis_name(a)) + "_labels", labels);
            }
        }
        std::vector<double> per_draw;
        per_draw.reserve(res.draws.size());
        for (const auto& d : res.draws) per_draw.push_back(d.totals[m]);
        dataset(ensemble, info.id, per_draw, {per_draw.size()}, info.unit, "draw");
        {
            // What the metric means and who wrote it, for reports and readers.
            Id ds(H5Dopen2(ensemble, info.id.c_str(), H5P_DEFAULT), H5Dclose, "dataset " + info.id);
            attr_string(ds, "description", info.description);
            attr_string(ds, "channel", info.channel);
        }
    }
}

}  // namespace

void write_results_h5(const std::filesystem::path& path, const Engine& engine, const EnsembleResult& res,
                      const std::string& command_line) {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // errors become exceptions, not stderr noise
    write_atomically(path, [&](const std::filesystem::path& tmp) { write_file(tmp, engine, res, command_line); });
}

}  // namespace rubilnik
