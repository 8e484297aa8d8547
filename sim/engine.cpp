#include "rubilnik/engine.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <sstream>
#include <thread>
#include <type_traits>

#include <tbb/blocked_range.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "rubilnik/error.hpp"
#include "rubilnik/network.hpp"
#include "rubilnik/network/large_graph.hpp"
#include "rubilnik/ranks.hpp"

namespace rubilnik {

Engine::Engine(const Scenario& sc) : scenario_(&sc) {
    // timeline → network → exposure
    timeline_ = compile_timeline(sc);
    // A router/cell-level topology is contracted around what this scenario touches.
    network_ = sc.baseline.topology ? network::make_large_graph_network(sc) : make_network_model(sc.baseline);
    prepared_ = prepare_run(sc, timeline_, *network_);
    // channels: declare, lay out the record, prepare
    channels_ = make_channels();
    metrics_.set_axis_sizes(sc.baseline.regions.size(), sc.baseline.operators.size(), sc.baseline.sectors.size());
    for (auto& c : channels_) c->declare(prepared_, metrics_);
    metrics_.finalise(timeline_.hours);
    for (auto& c : channels_) c->prepare(prepared_, sc.parameters, metrics_);
}

Engine::~Engine() = default;

std::vector<std::string> Engine::parameters_used() const {
    std::vector<std::string> out;
    for (const auto& c : channels_)
        for (const auto& k : c->parameter_keys())
            if (std::find(out.begin(), out.end(), k) == out.end()) out.push_back(k);
    return out;
}

std::map<std::string, std::string> Engine::parameter_users() const {
    std::map<std::string, std::string> users;
    for (const auto& c : channels_)
        for (const auto& k : c->parameter_keys()) {
            auto& s = users[k];
            const std::string id(c->id());
            // A channel may read one key several times (a shared default for many sectors).
            const std::string tail = ", " + id;
            if (s == id || (s.size() > tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0))
                continue;
            if (!s.empty()) s.append(", ");
            s.append(id);
        }
    return users;
}

DrawRecord Engine::empty_record() const {
    DrawRecord r;
    r.totals.assign(metrics_.size(), 0.0);
    r.breakdown.assign(metrics_.breakdown_width(), 0.0);
    r.hourly.assign(metrics_.hourly_width(timeline_.hours), 0.0f);
    return r;
}

void Engine::evaluate(const DrawValues& values, DrawRecord& record) const {
    for (const auto& c : channels_) c->run(values, record);
}

namespace {

// Statistics of `width` slots over n draws (row(d) points at draw d's first
// slot), gathered a block of slots at a time: each row is read in one
// contiguous run per block instead of once per slot (10,000 draws ×
// thousands of hourly slots otherwise miss the cache on every read). Each
// slot's values still reach summarise() in draw order, so the results are
// the same bits as a slot-by-slot pass.
template <typename RowOf>
void stats_by_block(std::size_t n, std::size_t width, RowOf row, Stats* out) {
    // 2 KiB of each row per block: large enough that the walk over rows is
    // not latency-bound, small enough (20 MB for 10,000 draws) that the
    // transposed block stays in the last-level cache.
    using Value = std::remove_cv_t<std::remove_pointer_t<decltype(row(std::size_t{0}))>>;
    constexpr std::size_t kBlock = 2048 / sizeof(Value);
    const std::size_t blocks = (width + kBlock - 1) / kBlock;
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, blocks), [&](const tbb::blocked_range<std::size_t>& range) {
        std::vector<Value> buf;
        for (std::size_t b = range.begin(); b != range.end(); ++b) {
            const std::size_t first = b * kBlock, k = std::min(kBlock, width - first);
            buf.resize(k * n);
            for (std::size_t d = 0; d < n; ++d) {
                const Value* src = row(d) + first;
                for (std::size_t j = 0; j < k; ++j) buf[j * n + d] = src[j];
            }
            for (std::size_t j = 0; j < k; ++j) {
                const auto at = buf.begin() + static_cast<std::ptrdiff_t>(j * n);
                out[first + j] = summarise(std::vector<double>(at, at + static_cast<std::ptrdiff_t>(n)));
            }
        }
    });
}

// Statistics over draws of one metric's running total to the end of each
// hour (series(d) points at draw d's `hours` values). The running sums of
// hourly P5/P95 are no band (they assume every draw is at its own 5th
// percentile in every hour); these are percentiles of the quantity itself,
// and the last hour's match the metric's total. Built hour-major: each
// draw's hours are read in order, each hour's draws lie together.
template <typename SeriesOf>
void cumulative_stats(std::size_t n, std::size_t hours, SeriesOf series, Stats* out) {
    std::vector<double> running(hours * n);
    for (std::size_t d = 0; d < n; ++d) {
        const float* hourly = series(d);
        double acc = 0;
        for (std::size_t h = 0; h < hours; ++h) {
            acc += hourly[h];
            running[h * n + d] = acc;
        }
    }
    tbb::parallel_for(std::size_t{0}, hours, [&](std::size_t h) {
        const auto first = running.begin() + static_cast<std::ptrdiff_t>(h * n);
        out[h] = summarise(std::vector<double>(first, first + static_cast<std::ptrdiff_t>(n)));
    });
}

// Statistics of every metric's total; rows[d] holds draw d's totals.
void totals_stats(const std::vector<DrawRecord>& rows, std::size_t metrics, std::vector<Stats>& out) {
    out.resize(metrics);
    tbb::parallel_for(std::size_t{0}, metrics, [&](std::size_t m) {
        std::vector<double> v(rows.size());
        for (std::size_t d = 0; d < rows.size(); ++d) v[d] = rows[d].totals[m];
        out[m] = summarise(std::move(v));
    });
}

// For each hourly series in slot order: whether its metric is a sum over
// hours, so that a running total means something (not a peak or minimum).
std::vector<bool> summed_series(const MetricRegistry& metrics) {
    std::vector<bool> out;
    for (std::size_t m = 0; m < metrics.size(); ++m)
        if (metrics.info(m).hourly) out.push_back(metrics.info(m).aggregate == Aggregate::sum);
    return out;
}

// The hourly, cumulative and breakdown statistics of the slots a rank owns,
// from n rows of those slots: `hourly` holds whole series (the running
// totals need every hour of one), `summed` says which have running totals,
// and `breakdown` holds any contiguous slots.
struct SlotStats {
    std::vector<Stats> hourly, cumulative, breakdown;
};

SlotStats slot_stats(std::size_t n, std::size_t hours, const std::function<const float*(std::size_t)>& hourly,
                     const std::vector<bool>& summed, const std::function<const double*(std::size_t)>& breakdown,
                     std::size_t breakdown_width) {
    SlotStats s;
    s.hourly.resize(summed.size() * hours);
    s.cumulative.resize(summed.size() * hours);
    s.breakdown.resize(breakdown_width);
    stats_by_block(n, breakdown_width, breakdown, s.breakdown.data());
    stats_by_block(n, s.hourly.size(), hourly, s.hourly.data());
    for (std::size_t i = 0; i < summed.size(); ++i) {
        if (!summed[i]) continue;
        const std::size_t first = i * hours;
        cumulative_stats(
            n, hours, [&](std::size_t d) { return hourly(d) + first; }, s.cumulative.data() + first);
    }
    return s;
}

std::vector<double> flatten(const std::vector<Stats>& stats) {
    std::vector<double> out;
    out.reserve(stats.size() * 4);
    for (const Stats& s : stats) out.insert(out.end(), {s.p5, s.p50, s.p95, s.mean});
    return out;
}

std::vector<Stats> unflatten(const std::vector<double>& v) {
    std::vector<Stats> out(v.size() / 4);
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = {v[4 * i], v[4 * i + 1], v[4 * i + 2], v[4 * i + 3]};
    return out;
}

// Under MPI the statistics are split across ranks, never gathered onto one:
// rank 0 receives every draw's totals (the per-draw table of results.h5
// and batch tables need them), and each rank the hourly and breakdown
// values of its share of the slots from every rank (an all-to-all), whose
// statistics it computes; rank 0 gathers those statistics. Every slot's
// values are still summarised in draw order: the same bits as one process.
void aggregate_across_ranks(const MetricRegistry& metrics, std::size_t hours, ranks::Block mine, EnsembleResult& res) {
    const std::size_t n = res.draws.size();
    const auto K = static_cast<std::size_t>(ranks::size());
    const auto me = static_cast<std::size_t>(ranks::rank());
    const std::size_t M = metrics.size();

    std::vector<double> packed, rest;
    packed.reserve(mine.size() * M);
    for (std::size_t d = mine.begin; d < mine.end; ++d)
        packed.insert(packed.end(), res.draws[d].totals.begin(), res.draws[d].totals.end());
    ranks::gather_rest(packed, rest, n, M);
    if (ranks::root()) {
        for (std::size_t d = mine.end; d < n; ++d) {
            const auto at = rest.begin() + static_cast<std::ptrdiff_t>((d - mine.end) * M);
            res.draws[d].totals.assign(at, at + static_cast<std::ptrdiff_t>(M));
        }
        totals_stats(res.draws, M, res.totals);
    }

    const std::size_t breakdown_width = metrics.breakdown_width(), hourly_width = metrics.hourly_width(hours);
    std::vector<ranks::Block> breakdown_cols(K), hourly_cols(K);
    for (std::size_t k = 0; k < K; ++k) {
        breakdown_cols[k] = ranks::block_of(breakdown_width, static_cast<int>(k), static_cast<int>(K));
        const auto m = ranks::block_of(metrics.hourly_count(), static_cast<int>(k), static_cast<int>(K));
        hourly_cols[k] = {m.begin * hours, m.end * hours};
    }
    std::vector<double> breakdown;
    std::vector<float> hourly;
    ranks::exchange_columns(
        n, breakdown_width, breakdown_cols, [&](std::size_t d) { return res.draws[d].breakdown.data(); }, breakdown);
    ranks::exchange_columns(
        n, hourly_width, hourly_cols, [&](std::size_t d) { return res.draws[d].hourly.data(); }, hourly);
    const std::size_t bw = breakdown_cols[me].size(), hw = hourly_cols[me].size();
    const auto summed = summed_series(metrics);
    const auto my_series = ranks::block_of(summed.size(), static_cast<int>(me), static_cast<int>(K));
    const auto s = slot_stats(
        n, hours, [&](std::size_t d) { return hourly.data() + d * hw; },
        std::vector<bool>(summed.begin() + static_cast<std::ptrdiff_t>(my_series.begin),
                          summed.begin() + static_cast<std::ptrdiff_t>(my_series.end)),
        [&](std::size_t d) { return breakdown.data() + d * bw; }, bw);

    std::vector<double> all;
    ranks::gather_concat(flatten(s.hourly), all);
    res.hourly = unflatten(all);
    ranks::gather_concat(flatten(s.cumulative), all);
    res.cumulative = unflatten(all);
    ranks::gather_concat(flatten(s.breakdown), all);
    res.breakdown = unflatten(all);
}

}  // namespace

EnsembleResult Engine::run(const RunOptions& opt) const {
    const auto t0 = std::chrono::steady_clock::now();
    EnsembleResult res;
    res.seed = opt.seed;
    res.draws_requested = opt.draws;
    res.central = opt.draws == 1;
    res.ranks = static_cast<std::size_t>(ranks::size());
    res.threads = opt.threads ? opt.threads : std::max(1u, std::thread::hardware_concurrency());
    // Refuse before allocating: every draw's record is kept for percentiles.
    const double record_bytes = 8.0 * static_cast<double>(metrics_.size() + metrics_.breakdown_width()) +
                                4.0 * static_cast<double>(metrics_.hourly_width(timeline_.hours));
    if (static_cast<double>(opt.draws) * record_bytes > static_cast<double>(kMaxEnsembleBytes)) {
        std::ostringstream msg;
        msg << opt.draws << " draws over " << timeline_.hours << " hours would hold "
            << static_cast<double>(opt.draws) * record_bytes / (1u << 30) << " GiB of per-draw results; the limit is "
            << (kMaxEnsembleBytes >> 30) << " GiB, which fits "
            << static_cast<std::size_t>(static_cast<double>(kMaxEnsembleBytes) / record_bytes)
            << " draws of this scenario: use fewer draws or a shorter window";
        throw InputError(SourceLocation{scenario_->path, 0, 0}, "draws", msg.str());
    }
    // Under MPI each rank evaluates one contiguous block of draws (`mine`)
    // and holds records for that block only (ranks.hpp).
    const ranks::Block mine = ranks::my_block(opt.draws);
    if (ranks::size() == 1) {
        res.draws.assign(opt.draws, empty_record());
    } else {
        res.draws.resize(opt.draws);
        const DrawRecord shape = empty_record();
        for (std::size_t d = mine.begin; d < mine.end; ++d) res.draws[d] = shape;
    }

    const tbb::global_control limit(tbb::global_control::max_allowed_parallelism, res.threads);
    std::atomic<std::size_t> done{0};
    const auto& params = scenario_->parameters;
    // Each draw writes only its own record: no order dependence.
    auto body = [&](const tbb::blocked_range<std::size_t>& range) {
        for (std::size_t d = range.begin(); d != range.end(); ++d) {
            const auto values = sample_parameters(params, opt.seed, d, res.central);
            evaluate(values, res.draws[d]);
        }
        done += range.size();
    };
    if (opt.progress) {
        // Run in chunks so the driving thread can report between them.
        const std::size_t chunk = std::max<std::size_t>(64, mine.size() / 50);
        for (std::size_t start = mine.begin; start < mine.end; start += chunk) {
            tbb::parallel_for(tbb::blocked_range<std::size_t>(start, std::min(mine.end, start + chunk)), body);
            opt.progress(done.load(), mine.size());
        }
    } else {
        tbb::parallel_for(tbb::blocked_range<std::size_t>(mine.begin, mine.end), body);
    }
    res.draws_done = done.load();
    if (ranks::size() > 1) {
        aggregate_across_ranks(metrics_, timeline_.hours, mine, res);
        // Every block finished (an error on any rank aborts them all).
        res.draws_done = opt.draws;
    } else {
        aggregate(metrics_, timeline_.hours, res);
    }
    res.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return res;
}

void aggregate(const MetricRegistry& metrics, std::size_t hours, EnsembleResult& res) {
    const std::size_t n = res.draws.size();
    totals_stats(res.draws, metrics.size(), res.totals);
    auto s = slot_stats(
        n, hours, [&](std::size_t d) { return res.draws[d].hourly.data(); }, summed_series(metrics),
        [&](std::size_t d) { return res.draws[d].breakdown.data(); }, metrics.breakdown_width());
    res.hourly = std::move(s.hourly);
    res.cumulative = std::move(s.cumulative);
    res.breakdown = std::move(s.breakdown);
}

}  // namespace rubilnik
