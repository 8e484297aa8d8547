// Per-interval reachability over a long replay (docs/large-topologies.md,
// "Measured"): a synthetic national topology of 10^6 vertices, 1% of its
// edges able to change, 720 hourly steps (30 days); each changing edge goes
// down 0-3 times for 1-24 h. The question at every step: how many vertices
// still reach the foreign internet.
//
//   ReplayFull        — the full recompute: our connectivity kernel over
//                       the whole graph at every step, down edges masked
//                       (measured on a sample of steps; items/s = steps per
//                       second), so the ratio is against our fastest kernel;
//   ReplayOffline     — contract the never-cut edges, then offline dynamic
//                       connectivity over all steps; the one-off
//                       contraction is inside the timing (honest total);
//   ReplayCondensed   — the same contraction, then union-find on the
//                       condensed graph at every step;
//   ReplayOfflineOnly, Contraction — the two parts of ReplayOffline.
// bench/run.sh reports ReplayOffline against ReplayFull in steps per second.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <memory>

#include "rubilnik/network/incremental.hpp"
#include "rubilnik/network/synthetic.hpp"
#include "rubilnik/rng.hpp"

namespace net = rubilnik::network;

namespace {

constexpr std::size_t kSteps = 720;
constexpr std::size_t kFullSample = 8;  // steps per iteration of the full recompute

struct Setup {
    net::CsrGraph graph;
    net::EdgeReplay replay;
    std::unique_ptr<net::Condensation> condensed;
    net::Vertex source = 0;  // the foreign internet
};

const Setup& setup() {
    static const Setup s = [] {
        Setup s;
        net::SyntheticOptions o;
        o.nodes = 1'000'000;
        o.regions = 17;
        o.seed = 1;
        s.graph = std::move(net::generate_synthetic(o).topology.graph);
        const rubilnik::CounterRng pick(7, 0, rubilnik::stream_id("bench.replay.edges"));
        const rubilnik::CounterRng when(7, 0, rubilnik::stream_id("bench.replay.down"));
        s.replay.steps = kSteps;
        std::uint64_t i = 0, j = 0;
        for (const auto& e : s.graph.edges()) {
            if (pick.uniform(i++) >= 0.01) continue;
            s.replay.edges.push_back(e);
            std::vector<std::pair<std::uint32_t, std::uint32_t>> down;
            const int outages = static_cast<int>(4 * when.uniform(j++));
            for (int k = 0; k < outages; ++k) {
                const auto b = static_cast<std::uint32_t>(kSteps * when.uniform(j++));
                const auto len = 1 + static_cast<std::uint32_t>(24 * when.uniform(j++));
                down.push_back({b, std::min<std::uint32_t>(b + len, kSteps)});
            }
            std::sort(down.begin(), down.end());
            std::vector<std::pair<std::uint32_t, std::uint32_t>> merged;
            for (const auto& d : down) {
                if (!merged.empty() && d.first <= merged.back().second)
                    merged.back().second = std::max(merged.back().second, d.second);
                else merged.push_back(d);
            }
            s.replay.down.push_back(std::move(merged));
        }
        s.condensed = std::make_unique<net::Condensation>(s.graph, std::span<const std::uint8_t>{}, s.replay.edges);
        return s;
    }();
    return s;
}

void counters(benchmark::State& state, std::size_t steps_per_iteration) {
    const auto& s = setup();
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * steps_per_iteration));
    state.counters["vertices"] = static_cast<double>(s.graph.num_vertices());
    state.counters["edges"] = static_cast<double>(s.graph.num_edges());
    state.counters["changing_edges"] = static_cast<double>(s.replay.edges.size());
    state.counters["super_vertices"] = static_cast<double>(s.condensed->num_super());
}

void ReplayFull(benchmark::State& state) {
    const auto& s = setup();
    std::size_t at = 0;
    for (auto _ : state) {
        // Walk through the replay so every part of it is sampled.
        const auto r = net::replay_full(s.graph, s.replay, s.source, at, at + kFullSample);
        benchmark::DoNotOptimize(r.data());
        at = (at + 97) % (kSteps - kFullSample);
    }
    counters(state, kFullSample);
}
BENCHMARK(ReplayFull)->Unit(benchmark::kMillisecond)->Iterations(4);

void ReplayOffline(benchmark::State& state) {
    const auto& s = setup();
    for (auto _ : state) {
        const net::Condensation c(s.graph, {}, s.replay.edges);
        const auto r = net::replay_offline(c, s.replay, c.super(s.source));
        benchmark::DoNotOptimize(r.data());
    }
    counters(state, kSteps);
}
BENCHMARK(ReplayOffline)->Unit(benchmark::kMillisecond)->MinTime(1.0);

void ReplayCondensed(benchmark::State& state) {
    const auto& s = setup();
    for (auto _ : state) {
        const net::Condensation c(s.graph, {}, s.replay.edges);
        const auto r = net::replay_condensed(c, s.replay, c.super(s.source));
        benchmark::DoNotOptimize(r.data());
    }
    counters(state, kSteps);
}
BENCHMARK(ReplayCondensed)->Unit(benchmark::kMillisecond)->MinTime(1.0);

void ReplayOfflineOnly(benchmark::State& state) {
    const auto& s = setup();
    for (auto _ : state) {
        const auto r = net::replay_offline(*s.condensed, s.replay, s.condensed->super(s.source));
        benchmark::DoNotOptimize(r.data());
    }
    counters(state, kSteps);
}
BENCHMARK(ReplayOfflineOnly)->Unit(benchmark::kMillisecond)->MinTime(0.5);

void Contraction(benchmark::State& state) {
    const auto& s = setup();
    for (auto _ : state) {
        const net::Condensation c(s.graph, {}, s.replay.edges);
        benchmark::DoNotOptimize(c.num_super());
    }
    counters(state, 0);
}
BENCHMARK(Contraction)->Unit(benchmark::kMillisecond)->MinTime(0.5);

}  // namespace

BENCHMARK_MAIN();
