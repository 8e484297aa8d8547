// One draw of each economy channel on the Kazakhstan January 2022 replay
// (20 sections × 17 regions × 240 hours), the channel's run() alone on a
// built engine. Everything draw-independent (value added by sector and
// region, activity, exposure, the Leontief multipliers, the inverse of
// I − A*) is computed when the engine is built, so these are the per-draw
// costs the 10,000-draw ensemble pays (bench/e2e/bench_kz_draws.cpp).
//
//   EconomyChannel/direct    — direct loss by sector, region and hour;
//   EconomyChannel/indirect  — Leontief propagation and the DIIM tail;
//   EconomyChannel/total     — direct + indirect.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "rubilnik/engine.hpp"

#ifndef RUBILNIK_SOURCE_DIR
#define RUBILNIK_SOURCE_DIR "."
#endif

namespace {

using namespace rubilnik;

const Scenario& kz() {
    static const Scenario sc = load_scenario(std::string(RUBILNIK_SOURCE_DIR) + "/scenarios/kz-2022-01.toml");
    return sc;
}

const Engine& kz_engine() {
    static const Engine engine(kz());
    return engine;
}

void EconomyChannel(benchmark::State& state, const char* id) {
    const auto& engine = kz_engine();
    const Channel* channel = nullptr;
    for (const auto& c : engine.channels())
        if (c->id() == id) channel = c.get();
    if (!channel) {
        state.SkipWithError("channel not registered (no io table in the baseline?)");
        return;
    }
    // 256 different draws, cycled, so the branch pattern is not one draw's.
    std::vector<DrawValues> draws;
    for (std::uint64_t d = 0; d < 256; ++d) draws.push_back(sample_parameters(kz().parameters, 20220105, d, false));
    auto record = engine.empty_record();
    // Earlier channels' totals (the economy total reads direct and indirect).
    engine.evaluate(draws[0], record);
    std::size_t i = 0;
    for (auto _ : state) {
        channel->run(draws[i++ & 255], record);
        benchmark::DoNotOptimize(record.totals.data());
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK_CAPTURE(EconomyChannel, direct, "economy-direct")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(EconomyChannel, indirect, "economy-indirect")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(EconomyChannel, total, "economy-total")->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
