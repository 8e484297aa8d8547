// Ensemble statistics (DESIGN.md "aggregation"): P5, P50, P95 and mean over
// draws of every total, breakdown slot, hourly slot and running total, in
// one process (aggregate) or split across MPI ranks
// (aggregate_across_ranks). Every statistic sees its values in draw order,
// so the bits do not depend on thread or rank count.
#include <algorithm>
#include <chrono>
#include <functional>
#include <type_traits>
#include <vector>

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "rubilnik/engine.hpp"
#include "rubilnik/ranks.hpp"

namespace rubilnik {

namespace {

// Statistics of `width` slots over n draws (row(d) points at draw d's first
// slot), gathered a block of slots at a time: each row is read in one
// contiguous run per block instead of once per slot (10,000 draws ×
// thousands of hourly slots otherwise miss the cache on every read). Each
// slot's values still reach summarise() in draw order, so the results are
// the same bits as a slot-by-slot pass.
// `buffers` holds one transposition buffer per thread, reusable across
// calls: a fresh 20 MB for each block would cost more in page faults than
// the transposition itself.
template <typename Value>
using Scratch = tbb::enumerable_thread_specific<std::vector<Value>>;

template <typename RowOf,
          typename Value = std::remove_cv_t<std::remove_pointer_t<std::invoke_result_t<RowOf, std::size_t>>>>
void stats_by_block(std::size_t n, std::size_t width, RowOf row, Stats* out, Scratch<Value>& buffers) {
    // 2 KiB of each row per block: large enough that the walk over rows is
    // not latency-bound, small enough (20 MB for 10,000 draws) that the
    // transposed block stays in the last-level cache.
    constexpr std::size_t kBlock = 2048 / sizeof(Value);
    const std::size_t blocks = (width + kBlock - 1) / kBlock;
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, blocks), [&](const tbb::blocked_range<std::size_t>& range) {
        auto& buf = buffers.local();
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
// `running` is scratch space, reused from series to series.
template <typename SeriesOf>
void cumulative_stats(std::size_t n, std::size_t hours, SeriesOf series, std::vector<double>& running, Stats* out) {
    running.resize(hours * n);
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, 512), [&](const tbb::blocked_range<std::size_t>& draws) {
        for (std::size_t d = draws.begin(); d != draws.end(); ++d) {
            const float* hourly = series(d);
            double acc = 0;
            for (std::size_t h = 0; h < hours; ++h) {
                acc += hourly[h];
                running[h * n + d] = acc;
            }
        }
    });
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

// The statistics of some hourly series and breakdown slots: `series` lists
// the series (indices in slot order), hourly(j, d) points at draw d's
// `hours` values of the j-th listed one; breakdown(d) at draw d's
// `breakdown_width` slots. The series run in parallel, each isolated so a
// thread waiting inside one never picks up another with its scratch space.
struct SlotStats {
    std::vector<Stats> hourly, cumulative, breakdown;  // hourly and cumulative: listed series × hours
};

SlotStats slot_stats(std::size_t n, std::size_t hours, const std::vector<std::size_t>& series,
                     const std::vector<bool>& summed,
                     const std::function<const float*(std::size_t, std::size_t)>& hourly,
                     const std::function<const double*(std::size_t)>& breakdown, std::size_t breakdown_width) {
    SlotStats s;
    s.hourly.resize(series.size() * hours);
    s.cumulative.resize(series.size() * hours);
    s.breakdown.resize(breakdown_width);
    Scratch<double> doubles;
    stats_by_block(n, breakdown_width, breakdown, s.breakdown.data(), doubles);
    Scratch<float> floats;
    Scratch<double> running;
    tbb::parallel_for(std::size_t{0}, series.size(), [&](std::size_t j) {
        tbb::this_task_arena::isolate([&] {
            const auto row = [&](std::size_t d) { return hourly(j, d); };
            stats_by_block(n, hours, row, s.hourly.data() + j * hours, floats);
            if (summed[series[j]]) cumulative_stats(n, hours, row, running.local(), s.cumulative.data() + j * hours);
        });
    });
    return s;
}

// Cost of each hourly series' statistics, measured: the time its hourly
// and running-total statistics take over every step-th draw of `sample`
// (about 200). What a selection costs depends on the values (how many
// hours vary, how they are spread), which differ between series by more
// than their slot counts say. Timing makes the split vary from run to run;
// the statistics do not depend on it.
std::vector<double> series_cost(const std::vector<DrawRecord>& draws, ranks::Block sample, std::size_t hours,
                                const std::vector<bool>& summed) {
    const std::size_t step = std::max<std::size_t>(1, sample.size() / 200);
    std::vector<const float*> rows;
    for (std::size_t d = sample.begin; d < sample.end; d += step) rows.push_back(draws[d].hourly.data());
    std::vector<double> cost(summed.size(), 0.0), running;
    std::vector<Stats> scratch(hours);
    Scratch<float> floats;
    for (std::size_t i = 0; i < summed.size(); ++i) {
        const auto row = [&](std::size_t j) { return rows[j] + i * hours; };
        const auto t0 = std::chrono::steady_clock::now();
        stats_by_block(rows.size(), hours, row, scratch.data(), floats);
        if (summed[i]) cumulative_stats(rows.size(), hours, row, running, scratch.data());
        cost[i] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    }
    return cost;
}

// Items dealt to k owners, heaviest first, each to the owner with the least
// weight so far (ties to the lowest index); every owner's items ascending.
std::vector<std::vector<std::size_t>> deal_by_weight(const std::vector<double>& weight, std::size_t k) {
    std::vector<std::size_t> order(weight.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return weight[a] > weight[b]; });
    std::vector<std::vector<std::size_t>> out(k);
    std::vector<double> load(k, 0.0);
    for (std::size_t i : order) {
        const auto least = static_cast<std::size_t>(std::min_element(load.begin(), load.end()) - load.begin());
        out[least].push_back(i);
        load[least] += weight[i];
    }
    for (auto& items : out) std::sort(items.begin(), items.end());
    return out;
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

}  // namespace

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

    // Shares: breakdown slots evenly; hourly series whole, dealt by the cost
    // rank 0 measures on a sample of its draws (broadcast, so every rank
    // deals alike).
    const auto summed = summed_series(metrics);
    std::vector<double> cost(summed.size(), 0.0);
    if (ranks::root()) cost = series_cost(res.draws, mine, hours, summed);
    ranks::broadcast(cost);
    const auto series = deal_by_weight(cost, K);
    std::vector<ranks::Columns> breakdown_cols(K), hourly_cols(K);
    for (std::size_t k = 0; k < K; ++k) {
        breakdown_cols[k] = {ranks::block_of(metrics.breakdown_width(), static_cast<int>(k), static_cast<int>(K))};
        for (std::size_t i : series[k]) {
            if (!hourly_cols[k].empty() && hourly_cols[k].back().end == i * hours) hourly_cols[k].back().end += hours;
            else hourly_cols[k].push_back({i * hours, (i + 1) * hours});
        }
    }
    // The other ranks' draws arrive packed in draw order; this rank's own
    // are read from its records.
    std::vector<double> breakdown;
    std::vector<float> hourly;
    ranks::exchange_columns(
        n, metrics.breakdown_width(), breakdown_cols, [&](std::size_t d) { return res.draws[d].breakdown.data(); },
        breakdown);
    ranks::exchange_columns(
        n, metrics.hourly_width(hours), hourly_cols, [&](std::size_t d) { return res.draws[d].hourly.data(); }, hourly);
    const ranks::Block bc = breakdown_cols[me].front();
    const std::size_t hw = ranks::columns(hourly_cols[me]);
    const auto& my_series = series[me];
    auto own = [&](std::size_t d) { return mine.begin <= d && d < mine.end; };
    auto packed_row = [&](std::size_t d) { return d < mine.begin ? d : d - mine.size(); };
    const auto s = slot_stats(
        n, hours, my_series, summed,
        [&](std::size_t j, std::size_t d) {
            return own(d) ? res.draws[d].hourly.data() + my_series[j] * hours
                          : hourly.data() + packed_row(d) * hw + j * hours;
        },
        [&](std::size_t d) {
            return own(d) ? res.draws[d].breakdown.data() + bc.begin : breakdown.data() + packed_row(d) * bc.size();
        },
        bc.size());

    // Rank 0 puts each rank's series back in slot order.
    const auto place = [&](const std::vector<Stats>& mine_stats, std::vector<Stats>& out) {
        std::vector<double> all;
        ranks::gather_concat(flatten(mine_stats), all);
        if (!ranks::root()) return;
        const auto got = unflatten(all);
        out.assign(summed.size() * hours, Stats{});
        std::size_t at = 0;
        for (const auto& owned : series)
            for (std::size_t i : owned) {
                std::copy_n(got.begin() + static_cast<std::ptrdiff_t>(at), hours,
                            out.begin() + static_cast<std::ptrdiff_t>(i * hours));
                at += hours;
            }
    };
    place(s.hourly, res.hourly);
    place(s.cumulative, res.cumulative);
    std::vector<double> all;
    ranks::gather_concat(flatten(s.breakdown), all);
    res.breakdown = unflatten(all);
}

void aggregate(const MetricRegistry& metrics, std::size_t hours, EnsembleResult& res) {
    const std::size_t n = res.draws.size();
    totals_stats(res.draws, metrics.size(), res.totals);
    const auto summed = summed_series(metrics);
    std::vector<std::size_t> every(summed.size());
    for (std::size_t i = 0; i < every.size(); ++i) every[i] = i;
    auto s = slot_stats(
        n, hours, every, summed, [&](std::size_t i, std::size_t d) { return res.draws[d].hourly.data() + i * hours; },
        [&](std::size_t d) { return res.draws[d].breakdown.data(); }, metrics.breakdown_width());
    res.hourly = std::move(s.hourly);
    res.cumulative = std::move(s.cumulative);
    res.breakdown = std::move(s.breakdown);
}

}  // namespace rubilnik
