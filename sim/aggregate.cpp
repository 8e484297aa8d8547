// Ensemble statistics (DESIGN.md "aggregation"): P5, P50, P95 and mean over
// draws of every total, breakdown slot, hourly slot and running total, in
// one process (aggregate) or split across MPI ranks
// (aggregate_across_ranks). Every statistic sees its values in draw order,
// so the bits do not depend on thread or rank count.
#include <algorithm>
#include <cstring>
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

// A share of the hourly slots: hours [hours.begin, hours.end) of the
// hourly series `series` (index in slot order).
struct Piece {
    std::size_t series = 0;
    ranks::Block hours;
};

// Statistics of pieces of hourly series: hourly(j, d) points at draw d's
// values of pieces[j]; before(j, d) is its running total up to the piece
// (0 where the piece starts at hour 0). Writes each hour's statistics and,
// for series that are sums, those of the running total to the end of each
// hour, both concatenated in piece order. The running sums of hourly
// P5/P95 are no band (they assume every draw is at its own 5th percentile
// in every hour); these are percentiles of the quantity itself, and the
// last hour's match the metric's total.
// Consecutive pieces are taken together, up to 2 KiB of each row (as in
// stats_by_block), and transposed once; every running total is then
// built from the transposed hours, adding each draw's hours in order in
// a double from before(j, d): the same bits as summing the draw's row.
template <typename HourlyOf, typename BeforeOf>
void piece_stats(std::size_t n, const std::vector<Piece>& pieces, const std::vector<bool>& summed, HourlyOf hourly,
                 BeforeOf before, Stats* hourly_out, Stats* cumulative_out, Scratch<float>& buffers) {
    constexpr std::size_t kBlock = 2048 / sizeof(float);
    std::vector<std::size_t> at(pieces.size() + 1, 0);  // each piece's first column
    for (std::size_t j = 0; j < pieces.size(); ++j) at[j + 1] = at[j] + pieces[j].hours.size();
    // Groups of consecutive pieces up to kBlock columns (or one longer
    // piece), each gathered and summarised by one task, kBlock columns at a
    // time; a piece that runs on carries its running totals to the next.
    std::vector<std::size_t> group{0};
    for (std::size_t j = 0; j < pieces.size(); ++j)
        if (at[j + 1] - at[group.back()] > kBlock && j > group.back()) group.push_back(j);
    group.push_back(pieces.size());
    tbb::parallel_for(std::size_t{0}, group.size() - 1, [&](std::size_t g) {
        tbb::this_task_arena::isolate([&] {
            auto& buf = buffers.local();
            std::vector<double> carry;
            const std::size_t first = group[g], last = group[g + 1];
            for (std::size_t c0 = at[first]; c0 < at[last]; c0 += kBlock) {
                const std::size_t k = std::min(kBlock, at[last] - c0);
                // The pieces this block overlaps: [lo, hi).
                std::size_t lo = first;
                while (at[lo + 1] <= c0) ++lo;
                std::size_t hi = lo;
                while (hi < last && at[hi] < c0 + k) ++hi;
                // Running totals: carried on, or started from before(j, d),
                // read while each row is at hand.
                std::vector<std::vector<double>> acc(hi - lo);
                if (at[lo] < c0) acc[0] = std::move(carry);
                for (std::size_t j = lo; j < hi; ++j)
                    if (summed[pieces[j].series] && at[j] >= c0) acc[j - lo].resize(n);
                // Each overlapped piece's columns in this block: [from, to).
                std::vector<std::size_t> from(hi - lo), to(hi - lo);
                for (std::size_t j = lo; j < hi; ++j) {
                    from[j - lo] = std::max(at[j], c0);
                    to[j - lo] = std::min(at[j + 1], c0 + k);
                }
                buf.resize(k * n);
                for (std::size_t d = 0; d < n; ++d)
                    for (std::size_t j = lo; j < hi; ++j) {
                        const float* src = hourly(j, d) + (from[j - lo] - at[j]);
                        float* dst = buf.data() + (from[j - lo] - c0) * n + d;
                        for (std::size_t c = from[j - lo]; c < to[j - lo]; ++c, dst += n) *dst = *src++;
                        if (!acc[j - lo].empty() && at[j] >= c0) acc[j - lo][d] = before(j, d);
                    }
                tbb::parallel_for(std::size_t{0}, k, [&](std::size_t c) {
                    const auto col = buf.begin() + static_cast<std::ptrdiff_t>(c * n);
                    hourly_out[c0 + c] = summarise(std::vector<double>(col, col + static_cast<std::ptrdiff_t>(n)));
                });
                tbb::parallel_for(lo, hi, [&](std::size_t j) {
                    if (!summed[pieces[j].series]) return;
                    auto& a = acc[j - lo];
                    for (std::size_t c = from[j - lo]; c < to[j - lo]; ++c) {
                        const float* hour = buf.data() + (c - c0) * n;
                        for (std::size_t d = 0; d < n; ++d) a[d] += hour[d];
                        cumulative_out[c] = summarise(a);
                    }
                });
                if (at[hi] > c0 + k) carry = std::move(acc.back());
            }
        });
    });
}

// The statistics of some pieces and breakdown slots (breakdown(d) points
// at draw d's `breakdown_width` slots), as piece_stats says.
struct SlotStats {
    std::vector<Stats> hourly, cumulative, breakdown;
};

template <typename HourlyOf, typename BeforeOf, typename BreakdownOf>
SlotStats slot_stats(std::size_t n, const std::vector<Piece>& pieces, const std::vector<bool>& summed, HourlyOf hourly,
                     BeforeOf before, BreakdownOf breakdown, std::size_t breakdown_width) {
    SlotStats s;
    std::size_t width = 0;
    for (const Piece& p : pieces) width += p.hours.size();
    s.hourly.resize(width);
    s.cumulative.resize(width);
    s.breakdown.resize(breakdown_width);
    Scratch<double> doubles;
    stats_by_block(n, breakdown_width, breakdown, s.breakdown.data(), doubles);
    Scratch<float> floats;
    piece_stats(n, pieces, summed, hourly, before, s.hourly.data(), s.cumulative.data(), floats);
    return s;
}

// Pieces for K ranks: every hourly series cut into days, dealt round the
// ranks starting one rank further for each series, so that each rank gets
// every K-th day of every series, a near-even share of each kind of hour
// (before a cut, during it, after: their statistics cost differently)
// without a cost model. Each rank's pieces ascend in slot order.
constexpr std::size_t kPieceHours = 24;
constexpr std::size_t kBefore = sizeof(double) / sizeof(float);  // floats that carry a running total
std::size_t pieces_per_series(std::size_t hours) { return (hours + kPieceHours - 1) / kPieceHours; }

std::vector<std::vector<Piece>> deal_pieces(std::size_t series, std::size_t hours, std::size_t K) {
    std::vector<std::vector<Piece>> out(K);
    const std::size_t per = pieces_per_series(hours);
    for (std::size_t i = 0; i < series; ++i)
        for (std::size_t c = 0; c < per; ++c)
            out[(i + c) % K].push_back({i, {c * kPieceHours, std::min(hours, (c + 1) * kPieceHours)}});
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

// Under MPI the statistics are split across ranks, never gathered onto one:
// rank 0 receives every draw's totals (the per-draw table of results.h5
// and batch tables need them), and each rank the hourly and breakdown
// values of its share of the slots from every rank (all-to-alls), whose
// statistics it computes; rank 0 gathers those statistics. A rank's share
// of the hourly slots is a set of day-long pieces (deal_pieces); with each
// piece come the other ranks' running totals up to it, so that the running
// totals of /cumulative need no earlier hours. Every slot's values are
// still summarised in draw order, and every running total summed hour by
// hour from the start: the same bits as one process.
// (Packing each draw's rows as soon as it was evaluated, while its record
// was in the cache, measured no faster than this pass after the draws.)
struct SharedStatistics {
    std::size_t hours, n, K, me, M, per;
    ranks::Block mine;
    std::vector<bool> summed;
    std::size_t S;  // hourly series
    std::vector<std::vector<Piece>> pieces;
    std::vector<ranks::Block> breakdown_cols;  // per rank
    std::vector<double> own_before;            // per own draw: the running total before each own piece
    ranks::RowExchange<float> hourly;          // per piece: its running total before it (kBefore floats), its hours
    ranks::RowExchange<double> breakdown;

    SharedStatistics(const MetricRegistry& m, std::size_t h, std::size_t draws)
        : hours(h),
          n(draws),
          K(static_cast<std::size_t>(ranks::size())),
          me(static_cast<std::size_t>(ranks::rank())),
          M(m.size()),
          per(pieces_per_series(h)),
          mine(ranks::my_block(draws)),
          summed(summed_series(m)),
          S(summed.size()),
          pieces(deal_pieces(S, h, K)),
          breakdown_cols(shares_of_breakdown(m.breakdown_width(), M, K)),
          own_before(mine.size() * pieces[me].size()),
          hourly(draws, row_widths(pieces)),
          breakdown(draws, block_sizes(breakdown_cols)) {}

    // Breakdown slots in contiguous blocks, even once rank 0's statistics of
    // the M totals are counted as slots of its block (they cost about as
    // much each).
    static std::vector<ranks::Block> shares_of_breakdown(std::size_t width, std::size_t M, std::size_t K) {
        std::vector<ranks::Block> out(K);
        for (std::size_t k = 0; k < K; ++k) {
            const auto b = ranks::block_of(width + M, static_cast<int>(k), static_cast<int>(K));
            out[k] = {std::max(b.begin, M) - M, std::max(b.end, M) - M};
        }
        return out;
    }
    static std::vector<std::size_t> row_widths(const std::vector<std::vector<Piece>>& pieces) {
        std::vector<std::size_t> out;
        for (const auto& owned : pieces) {
            std::size_t w = 0;
            for (const Piece& p : owned) w += kBefore + p.hours.size();
            out.push_back(w);
        }
        return out;
    }
    static std::vector<std::size_t> block_sizes(const std::vector<ranks::Block>& blocks) {
        std::vector<std::size_t> out;
        for (const auto& b : blocks) out.push_back(b.size());
        return out;
    }

    // Writes draw d's rows for the other ranks and keeps its running totals
    // before this rank's pieces.
    void pack(std::size_t d, const DrawRecord& r) {
        std::vector<float*> at(K);
        for (std::size_t k = 0; k < K; ++k) {
            at[k] = hourly.row(d, k);
            if (k != me)
                std::copy(r.breakdown.begin() + static_cast<std::ptrdiff_t>(breakdown_cols[k].begin),
                          r.breakdown.begin() + static_cast<std::ptrdiff_t>(breakdown_cols[k].end),
                          breakdown.row(d, k));
        }
        double* keep = own_before.data() + (d - mine.begin) * pieces[me].size();
        const float* values = r.hourly.data();
        for (std::size_t i = 0; i < S; ++i) {
            double acc = 0;
            for (std::size_t c = 0; c < per; ++c) {
                const std::size_t k = (i + c) % K;
                const float* first = values + i * hours + c * kPieceHours;
                const float* last = values + i * hours + std::min(hours, (c + 1) * kPieceHours);
                if (k == me) {
                    *keep++ = acc;
                } else {
                    std::memcpy(at[k], &acc, sizeof acc);
                    at[k] = std::copy(first, last, at[k] + kBefore);
                }
                for (const float* v = first; v != last; ++v) acc += *v;
            }
        }
    }

    void totals(EnsembleResult& res) const {
        std::vector<double> packed, rest;
        packed.reserve(mine.size() * M);
        for (std::size_t d = mine.begin; d < mine.end; ++d)
            packed.insert(packed.end(), res.draws[d].totals.begin(), res.draws[d].totals.end());
        ranks::gather_rest(packed, rest, n, M);
        if (!ranks::root()) return;
        for (std::size_t d = mine.end; d < n; ++d) {
            const auto at = rest.begin() + static_cast<std::ptrdiff_t>((d - mine.end) * M);
            res.draws[d].totals.assign(at, at + static_cast<std::ptrdiff_t>(M));
        }
        totals_stats(res.draws, M, res.totals);
    }

    void finish(EnsembleResult& res) {
        totals(res);
        // The other ranks' draws arrive packed in draw order; this rank's
        // own are read from its records.
        ranks::Buffer<float> hourly_in;
        ranks::Buffer<double> breakdown_in;
        hourly.exchange(hourly_in);
        breakdown.exchange(breakdown_in);
        const auto& my_pieces = pieces[me];
        const std::size_t P = my_pieces.size();
        const ranks::Block bc = breakdown_cols[me];
        std::vector<std::size_t> offset(P, kBefore);  // each piece's hours in a received row
        for (std::size_t j = 1; j < P; ++j) offset[j] = offset[j - 1] + my_pieces[j - 1].hours.size() + kBefore;
        const std::size_t hw = P == 0 ? 0 : offset.back() + my_pieces.back().hours.size();
        auto own = [&](std::size_t d) { return mine.begin <= d && d < mine.end; };
        auto packed_row = [&](std::size_t d) { return d < mine.begin ? d : d - mine.size(); };
        const auto s = slot_stats(
            n, my_pieces, summed,
            [&](std::size_t j, std::size_t d) {
                const Piece& p = my_pieces[j];
                return own(d) ? res.draws[d].hourly.data() + p.series * hours + p.hours.begin
                              : hourly_in.data() + packed_row(d) * hw + offset[j];
            },
            [&](std::size_t j, std::size_t d) {
                if (own(d)) return own_before[(d - mine.begin) * P + j];
                double acc;
                std::memcpy(&acc, hourly_in.data() + packed_row(d) * hw + offset[j] - kBefore, sizeof acc);
                return acc;
            },
            [&](std::size_t d) {
                return own(d) ? res.draws[d].breakdown.data() + bc.begin
                              : breakdown_in.data() + packed_row(d) * bc.size();
            },
            bc.size());

        // Rank 0 puts each rank's pieces back in slot order.
        const auto place = [&](const std::vector<Stats>& mine_stats, std::vector<Stats>& out) {
            std::vector<double> all;
            ranks::gather_concat(flatten(mine_stats), all);
            if (!ranks::root()) return;
            const auto got = unflatten(all);
            out.assign(S * hours, Stats{});
            std::size_t from = 0;
            for (const auto& owned : pieces)
                for (const Piece& p : owned) {
                    std::copy_n(got.begin() + static_cast<std::ptrdiff_t>(from), p.hours.size(),
                                out.begin() + static_cast<std::ptrdiff_t>(p.series * hours + p.hours.begin));
                    from += p.hours.size();
                }
        };
        place(s.hourly, res.hourly);
        place(s.cumulative, res.cumulative);
        std::vector<double> all;
        ranks::gather_concat(flatten(s.breakdown), all);
        res.breakdown = unflatten(all);
    }
};

}  // namespace

void aggregate_across_ranks(const MetricRegistry& metrics, std::size_t hours, EnsembleResult& res) {
    SharedStatistics shared(metrics, hours, res.draws.size());
    tbb::parallel_for(tbb::blocked_range<std::size_t>(shared.mine.begin, shared.mine.end), [&](const auto& draws) {
        for (std::size_t d = draws.begin(); d != draws.end(); ++d) shared.pack(d, res.draws[d]);
    });
    shared.finish(res);
}

void aggregate(const MetricRegistry& metrics, std::size_t hours, EnsembleResult& res) {
    const std::size_t n = res.draws.size();
    totals_stats(res.draws, metrics.size(), res.totals);
    const auto summed = summed_series(metrics);
    std::vector<Piece> whole(summed.size());
    for (std::size_t i = 0; i < whole.size(); ++i) whole[i] = {i, {0, hours}};
    auto s = slot_stats(
        n, whole, summed, [&](std::size_t i, std::size_t d) { return res.draws[d].hourly.data() + i * hours; },
        [](std::size_t, std::size_t) { return 0.0; }, [&](std::size_t d) { return res.draws[d].breakdown.data(); },
        metrics.breakdown_width());
    res.hourly = std::move(s.hourly);
    res.cumulative = std::move(s.cumulative);
    res.breakdown = std::move(s.breakdown);
}

}  // namespace rubilnik
