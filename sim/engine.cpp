#include "rubilnik/engine.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <optional>
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

// Packs each part of the records (totals, breakdown, hourly) into one
// contiguous buffer, gathers it to rank 0 and unpacks there.
template <typename T, typename Part>
void gather_part(std::vector<DrawRecord>& draws, ranks::Block mine, std::size_t width, Part part) {
    const std::size_t n = draws.size();
    if (width == 0) return;
    // Rank 0's own block stays in its records; the others send theirs packed.
    std::vector<T> packed, rest;
    if (!ranks::root()) {
        packed.reserve(mine.size() * width);
        for (std::size_t d = mine.begin; d < mine.end; ++d)
            packed.insert(packed.end(), part(draws[d]).begin(), part(draws[d]).end());
    }
    ranks::gather_rest(packed, rest, n, width);
    if (!ranks::root()) return;
    for (std::size_t d = mine.end; d < n; ++d) {
        const auto at = rest.begin() + static_cast<std::ptrdiff_t>((d - mine.end) * width);
        std::copy(at, at + static_cast<std::ptrdiff_t>(width), part(draws[d]).begin());
    }
}

// `shape` is an empty record: its parts' sizes are the row widths.
void gather_records(std::vector<DrawRecord>& draws, ranks::Block mine, const DrawRecord& shape) {
    gather_part<double>(draws, mine, shape.totals.size(),
                        [](DrawRecord& r) -> std::vector<double>& { return r.totals; });
    gather_part<double>(draws, mine, shape.breakdown.size(),
                        [](DrawRecord& r) -> std::vector<double>& { return r.breakdown; });
    gather_part<float>(draws, mine, shape.hourly.size(), [](DrawRecord& r) -> std::vector<float>& { return r.hourly; });
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
    const DrawRecord shape = empty_record();
    const ranks::Block mine = ranks::my_block(opt.draws);
    if (ranks::root()) {
        res.draws.assign(opt.draws, shape);
    } else {
        // Other ranks hold records for their own block only: rank 0 gathers.
        res.draws.resize(opt.draws);
        for (std::size_t d = mine.begin; d < mine.end; ++d) res.draws[d] = shape;
    }

    // The most restrictive active control wins, so widening it later means replacing it.
    std::optional<tbb::global_control> limit;
    limit.emplace(tbb::global_control::max_allowed_parallelism, res.threads);
    // Under MPI each rank evaluates one contiguous block of draws (`mine`),
    // then rank 0 gathers every record and aggregates in draw order (ranks.hpp).
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
        gather_records(res.draws, mine, shape);
        // Every block finished (an error on any rank aborts them all).
        res.draws_done = opt.draws;
        if (!ranks::root()) {
            res.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            return res;  // only rank 0 aggregates and writes
        }
        // The other ranks on rank 0's node now sleep until it is done
        // (ranks.hpp Session), so the aggregation may use their cores too;
        // its results do not depend on the thread count.
        const auto node = static_cast<std::size_t>(ranks::node_size());
        limit.reset();
        limit.emplace(tbb::global_control::max_allowed_parallelism, res.threads * node);
        aggregate(metrics_, timeline_.hours, res);
    } else {
        aggregate(metrics_, timeline_.hours, res);
    }
    res.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return res;
}

namespace {

// Statistics of `width` slots over draws, gathered a block of slots at a
// time: each record is read in one contiguous run per block instead of once
// per slot (10,000 draws × thousands of hourly slots otherwise miss the
// cache on every read). Each slot's values still reach summarise() in draw
// order, so the results are the same bits as a slot-by-slot pass.
template <typename RowOf>
void stats_by_block(const std::vector<DrawRecord>& draws, std::size_t width, RowOf row_of, std::vector<Stats>& out) {
    // 2 KiB of each record per block: large enough that the walk over
    // records is not latency-bound, small enough (20 MB for 10,000 draws)
    // that the transposed block stays in the last-level cache.
    using Value = std::remove_cv_t<std::remove_pointer_t<decltype(row_of(draws.front()))>>;
    constexpr std::size_t kBlock = 2048 / sizeof(Value);
    const std::size_t N = draws.size();
    out.resize(width);
    const std::size_t blocks = (width + kBlock - 1) / kBlock;
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, blocks), [&](const tbb::blocked_range<std::size_t>& range) {
        std::vector<Value> buf;
        for (std::size_t b = range.begin(); b != range.end(); ++b) {
            const std::size_t first = b * kBlock, n = std::min(kBlock, width - first);
            buf.resize(n * N);
            for (std::size_t d = 0; d < N; ++d) {
                const Value* src = row_of(draws[d]) + first;
                for (std::size_t j = 0; j < n; ++j) buf[j * N + d] = src[j];
            }
            for (std::size_t j = 0; j < n; ++j) {
                const auto at = buf.begin() + static_cast<std::ptrdiff_t>(j * N);
                out[first + j] = summarise(std::vector<double>(at, at + static_cast<std::ptrdiff_t>(N)));
            }
        }
    });
}

}  // namespace

void aggregate(const MetricRegistry& metrics, std::size_t hours, EnsembleResult& res) {
    const std::size_t N = res.draws.size();
    auto stats_of = [&](auto getter) {
        std::vector<double> v(N);
        for (std::size_t d = 0; d < N; ++d) v[d] = getter(res.draws[d]);
        return summarise(std::move(v));
    };
    res.totals.resize(metrics.size());
    tbb::parallel_for(std::size_t{0}, metrics.size(), [&](std::size_t m) {
        res.totals[m] = stats_of([m](const DrawRecord& r) { return r.totals[m]; });
    });
    stats_by_block(
        res.draws, metrics.breakdown_width(), [](const DrawRecord& r) { return r.breakdown.data(); }, res.breakdown);
    stats_by_block(
        res.draws, metrics.hourly_width(hours), [](const DrawRecord& r) { return r.hourly.data(); }, res.hourly);
}

}  // namespace rubilnik
