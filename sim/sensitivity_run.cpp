#include "rubilnik/sensitivity_run.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ostream>
#include <set>
#include <thread>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "rubilnik/error.hpp"
#include "rubilnik/ranks.hpp"
#include "rubilnik/rng.hpp"

namespace rubilnik {
namespace {

// A group's design column needs a stream of its own for SaltelliDesign's
// collision check; members keep drawing from their own keys' streams.
std::uint64_t factor_stream(const ParameterTable& table, const SensitivityFactor& f) {
    return f.group ? stream_id("correlations." + f.name) : stream_id(table.at(f.parameters.front()).key);
}

// Design row → one independent uniform per parameter (0.5 for points and
// for parameters outside every factor, i.e. their medians).
void row_uniforms(const ParameterTable& table, const std::vector<SensitivityFactor>& factors, std::uint64_t seed,
                  std::size_t row, std::vector<double>& u) {
    const std::size_t k = factors.size();
    const std::size_t r = row / (k + 2);
    const std::size_t slot = row % (k + 2);
    std::fill(u.begin(), u.end(), 0.5);
    for (std::size_t f = 0; f < k; ++f) {
        // Slot 0 = A, 1 = B, 2 + f = A with factor f from B (SaltelliDesign layout).
        const bool from_b = slot == 1 || slot == 2 + f;
        for (std::size_t p : factors[f].parameters) {
            const auto& param = table.at(p);
            if (!param.dist.is_point()) u[p] = CounterRng(seed, r, stream_id(param.key)).uniform(from_b ? 1 : 0);
        }
    }
}

std::string join(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out.append(out.empty() ? "" : ", ").append(s);
    return out;
}

}  // namespace

std::vector<std::string> default_sensitivity_metrics(const Engine& engine) {
    static const char* const kHeadline[] = {
        "gdp_loss_total_usd",      "person_hours_offline",    "users_affected",   "payments_failed_value_usd",
        "payments_lost_value_usd", "mining_lost_revenue_usd", "welfare_loss_usd", "telecom_revenue_loss_usd"};
    std::vector<std::string> out;
    for (const char* id : kHeadline)
        if (engine.metrics().has(id)) out.emplace_back(id);
    return out;
}

std::vector<SensitivityFactor> sensitivity_factors(const Engine& engine, std::vector<std::string>* left_out) {
    const auto& table = engine.scenario().parameters;
    const auto used_keys = engine.parameters_used();
    const std::set<std::string> used(used_keys.begin(), used_keys.end());
    auto moves = [&](std::size_t p) { return !table.at(p).dist.is_point() && used.count(table.at(p).key) > 0; };
    // A group is a factor when at least one of its uncertain members is read.
    std::vector<bool> group_active(table.groups().size(), false);
    for (std::size_t g = 0; g < table.groups().size(); ++g)
        for (std::size_t p : table.group_members(g)) group_active[g] = group_active[g] || moves(p);

    std::vector<SensitivityFactor> out;
    std::vector<bool> group_done(table.groups().size(), false);
    for (std::size_t p = 0; p < table.size(); ++p) {
        if (table.at(p).dist.is_point()) continue;
        const auto g = table.group_of(p);
        if (g && group_active[*g]) {
            if (group_done[*g]) continue;
            group_done[*g] = true;
            out.push_back({table.groups()[*g].name, table.group_members(*g), true});
        } else if (moves(p)) {
            out.push_back({table.at(p).key, {p}, false});
        } else if (left_out) {
            left_out->push_back(table.at(p).key);
        }
    }
    return out;
}

SensitivityReport run_sensitivity(const Engine& engine, const SensitivityOptions& opt) {
    const auto t0 = std::chrono::steady_clock::now();
    const auto& table = engine.scenario().parameters;
    SensitivityReport rep;
    rep.seed = opt.seed;
    rep.base_rows = opt.base_rows;
    rep.threads = opt.threads ? opt.threads : std::max(1u, std::thread::hardware_concurrency());
    rep.ranks = static_cast<std::size_t>(ranks::size());
    rep.factors = sensitivity_factors(engine, &rep.left_out);
    if (rep.factors.empty())
        throw InputError(
            "sensitivity: the scenario has no uncertain parameter that a channel reads; give at least "
            "one parameter a distribution (dist = ...) to analyse");
    rep.metric_ids = opt.metrics.empty() ? default_sensitivity_metrics(engine) : opt.metrics;
    if (rep.metric_ids.empty()) throw InputError("sensitivity: no metric to analyse; name one with --metric");
    std::vector<std::size_t> metric_index;
    for (const auto& id : rep.metric_ids) {
        if (!engine.metrics().has(id)) {
            std::vector<std::string> known;
            for (std::size_t m = 0; m < engine.metrics().size(); ++m) known.push_back(engine.metrics().info(m).id);
            throw InputError("sensitivity: '" + id +
                             "' is not a metric of this scenario; known metrics: " + join(known));
        }
        metric_index.push_back(engine.metrics().index(id));
        rep.metric_units.push_back(engine.metrics().info(metric_index.back()).unit);
    }
    const std::size_t k = rep.factors.size();
    if (opt.base_rows < 2)
        throw InputError("sensitivity: --draws " + std::to_string(opt.base_rows) +
                         " is too small; the estimators need at least 2 base rows (1000 or more for useful intervals)");
    if (opt.base_rows > kMaxSensitivityRows / (k + 2))
        throw InputError("sensitivity: --draws " + std::to_string(opt.base_rows) + " with " + std::to_string(k) +
                         " factors needs " + std::to_string(opt.base_rows) + " x " + std::to_string(k + 2) +
                         " evaluations; the limit is " + std::to_string(kMaxSensitivityRows));

    std::vector<std::string> names;
    std::vector<std::uint64_t> streams;
    for (const auto& f : rep.factors) {
        names.push_back(f.name);
        streams.push_back(factor_stream(table, f));
    }
    const SaltelliDesign design(opt.seed, opt.base_rows, names, streams);
    rep.rows = design.rows();
    SampleMatrix outputs(rep.rows, metric_index.size());

    tbb::task_arena arena(static_cast<int>(rep.threads));
    // Rows write disjoint output rows; each chunk has its own scratch record.
    auto body = [&](const tbb::blocked_range<std::size_t>& range) {
        DrawRecord rec = engine.empty_record();
        std::vector<double> u(table.size());
        for (std::size_t row = range.begin(); row != range.end(); ++row) {
            row_uniforms(table, rep.factors, opt.seed, row, u);
            const auto values = values_from_uniforms(table, u);
            std::fill(rec.totals.begin(), rec.totals.end(), 0.0);
            std::fill(rec.breakdown.begin(), rec.breakdown.end(), 0.0);
            std::fill(rec.hourly.begin(), rec.hourly.end(), 0.0f);
            engine.evaluate(values, rec);
            for (std::size_t j = 0; j < metric_index.size(); ++j) outputs(row, j) = rec.totals[metric_index[j]];
        }
    };
    // Under MPI each rank evaluates one contiguous block of design rows;
    // rank 0 gathers the outputs and alone computes the indices (ranks.hpp).
    const ranks::Block mine = ranks::my_block(rep.rows);
    const std::size_t chunk =
        opt.progress ? std::max<std::size_t>(256, mine.size() / 50) : std::max<std::size_t>(1, mine.size());
    for (std::size_t start = mine.begin; start < mine.end; start += chunk) {
        const std::size_t end = std::min(mine.end, start + chunk);
        arena.execute([&] { tbb::parallel_for(tbb::blocked_range<std::size_t>(start, end, 16), body); });
        if (opt.progress) opt.progress(end - mine.begin, mine.size());
    }
    if (ranks::size() > 1) {
        ranks::gather_rows(outputs.data, outputs.rows, outputs.cols);
        if (!ranks::root()) {
            rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            return rep;
        }
    }

    SobolOptions so;
    so.resamples = opt.resamples;
    so.confidence = opt.confidence;
    so.parallel_for = [&arena](std::size_t count, const std::function<void(std::size_t)>& task) {
        arena.execute([&] { tbb::parallel_for(std::size_t{0}, count, [&](std::size_t b) { task(b); }); });
    };
    rep.results = sobol_indices(design, outputs, so);
    rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return rep;
}

void print_tornado(std::ostream& out, const SensitivityReport& rep, std::size_t top) {
    char line[320];
    const int pct = static_cast<int>(std::lround(100.0 * (rep.results.empty() ? 0.95 : rep.results[0].confidence)));
    out << "Sobol indices: " << rep.factors.size() << (rep.factors.size() == 1 ? " factor" : " factors")
        << ", N = " << rep.base_rows << " (" << rep.rows << " evaluations), seed " << rep.seed << "; " << pct
        << " % bootstrap intervals\n";
    out << "ST = total effect (with interactions), S1 = first order (alone); sorted by ST\n";
    for (std::size_t m = 0; m < rep.results.size(); ++m) {
        const auto& res = rep.results[m];
        const double sd = std::sqrt(std::max(0.0, res.variance));
        std::snprintf(line, sizeof line, "\n%s (%s): mean %.4g, sd %.4g\n", rep.metric_ids[m].c_str(),
                      rep.metric_units[m].c_str(), res.mean, sd);
        out << line;
        if (!(res.variance > 0.0)) {
            out << "  no spread: no uncertain parameter moves this metric\n";
            continue;
        }
        std::snprintf(line, sizeof line, "  %-40s %6s %-17s %6s %-17s %s\n", "factor", "ST", "[interval]", "S1",
                      "[interval]", "ST bar");
        out << line;
        std::size_t shown = 0, beyond_top = 0, negligible = 0;
        for (const auto& row : rank_by_total_effect(res)) {
            // Factors that explain nothing are counted, not listed: the table is for drivers.
            if (!(row.index.st >= 5e-4)) {
                ++negligible;
                continue;
            }
            if (top != 0 && shown == top) {
                ++beyond_top;
                continue;
            }
            ++shown;
            const auto& f = rep.factors[row.parameter];
            std::string name = f.name;
            if (f.group) name.append(" (group of ").append(std::to_string(f.parameters.size())).append(")");
            const auto& x = row.index;
            char st_ci[64], s1_ci[64];
            std::snprintf(st_ci, sizeof st_ci, "[%.3f, %.3f]", x.st_lo, x.st_hi);
            std::snprintf(s1_ci, sizeof s1_ci, "[%.3f, %.3f]", x.s1_lo, x.s1_hi);
            const int bar = static_cast<int>(std::lround(30.0 * std::clamp(x.st, 0.0, 1.0)));
            std::snprintf(line, sizeof line, "  %-40s %6.3f %-17s %6.3f %-17s %s\n", name.c_str(), x.st, st_ci, x.s1,
                          s1_ci, std::string(static_cast<std::size_t>(bar), '#').c_str());
            out << line;
        }
        if (beyond_top > 0) out << "  (" << beyond_top << " more with ST >= 0.0005; --top 0 lists them)\n";
        if (negligible > 0) out << "  (" << negligible << " with ST < 0.0005 not listed)\n";
    }
    if (!rep.left_out.empty())
        out << "\nleft out (uncertain, but no channel reads them): " << join(rep.left_out) << "\n";
}

}  // namespace rubilnik
