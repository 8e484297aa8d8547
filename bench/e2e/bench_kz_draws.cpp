// End-to-end ensemble benchmark: the full Kazakhstan January 2022 replay
// (scenarios/kz-2022-01.toml, every registered channel) at 10,000 draws on
// 1 and 2 threads, reported as draws per second. The goal: 10,000
// draws in under 2 s on 2 cores (aim: under 1 s).
//
// Beside it, the pieces, so a regression can be placed: loading the
// scenario, building the engine (timeline, network phase, channel
// preparation), sampling one draw's parameters, one draw's channel kernel,
// and the percentile aggregation of 10,000 draws.
#include <benchmark/benchmark.h>

#include <string>

#include <tbb/global_control.h>

#include "rubilnik/engine.hpp"

#ifndef RUBILNIK_SOURCE_DIR
#define RUBILNIK_SOURCE_DIR "."
#endif

namespace {

using namespace rubilnik;

const std::string& scenario_path() {
    static const std::string p = std::string(RUBILNIK_SOURCE_DIR) + "/scenarios/kz-2022-01.toml";
    return p;
}

const Scenario& kz() {
    static const Scenario sc = load_scenario(scenario_path());
    return sc;
}

const Engine& kz_engine() {
    static const Engine engine(kz());
    return engine;
}

void BM_kz_load_scenario(benchmark::State& state) {
    for (auto _ : state) {
        const auto sc = load_scenario(scenario_path());
        benchmark::DoNotOptimize(sc.events.size());
    }
}
BENCHMARK(BM_kz_load_scenario)->Unit(benchmark::kMillisecond);

void BM_kz_engine_construct(benchmark::State& state) {
    const auto& sc = kz();
    for (auto _ : state) {
        const Engine engine(sc);
        benchmark::DoNotOptimize(engine.metrics().size());
    }
}
BENCHMARK(BM_kz_engine_construct)->Unit(benchmark::kMillisecond);

void BM_kz_sample_parameters(benchmark::State& state) {
    const auto& params = kz().parameters;
    std::uint64_t draw = 0;
    for (auto _ : state) {
        const auto v = sample_parameters(params, 20220105, draw++, false);
        benchmark::DoNotOptimize(v.values.data());
    }
    state.counters["draws_per_second"] = benchmark::Counter(1.0, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_kz_sample_parameters)->Unit(benchmark::kMicrosecond);

void BM_kz_evaluate(benchmark::State& state) {
    const auto& engine = kz_engine();
    auto record = engine.empty_record();
    std::uint64_t draw = 0;
    std::vector<DrawValues> values;
    for (std::uint64_t d = 0; d < 64; ++d) values.push_back(sample_parameters(kz().parameters, 20220105, d, false));
    for (auto _ : state) {
        engine.evaluate(values[draw++ % values.size()], record);
        benchmark::DoNotOptimize(record.totals.data());
    }
    state.counters["draws_per_second"] = benchmark::Counter(1.0, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_kz_evaluate)->Unit(benchmark::kMicrosecond);

void BM_kz_aggregate(benchmark::State& state) {
    const auto& engine = kz_engine();
    RunOptions opt;
    opt.draws = static_cast<std::size_t>(state.range(0));
    opt.threads = static_cast<std::size_t>(state.range(1));
    auto res = engine.run(opt);
    // aggregate() alone: limit TBB as Engine::run does for its own call.
    const tbb::global_control limit(tbb::global_control::max_allowed_parallelism, opt.threads);
    for (auto _ : state) {
        aggregate(engine.metrics(), engine.timeline().hours, res);
        benchmark::DoNotOptimize(res.totals.data());
    }
}
BENCHMARK(BM_kz_aggregate)
    ->Args({10000, 1})
    ->Args({10000, 2})
    ->ArgNames({"draws", "threads"})
    ->UseRealTime()
    ->MeasureProcessCPUTime()
    ->Unit(benchmark::kMillisecond);

// The headline figure: Engine::run = sampling + every channel + aggregation.
// Time is wall-clock; the CPU column is the whole process's CPU time, which a
// loaded machine inflates far less than wall time (see bench/README.md).
void BM_kz_draws(benchmark::State& state) {
    const auto& engine = kz_engine();
    RunOptions opt;
    opt.draws = static_cast<std::size_t>(state.range(0));
    opt.threads = static_cast<std::size_t>(state.range(1));
    for (auto _ : state) {
        const auto res = engine.run(opt);
        benchmark::DoNotOptimize(res.totals.data());
    }
    state.counters["draws_per_second"] =
        benchmark::Counter(static_cast<double>(opt.draws), benchmark::Counter::kIsIterationInvariantRate);
}
// Five repetitions each: bench/collect.py takes the fastest (other load on
// the machine only adds time) for the strong-scaling efficiency.
BENCHMARK(BM_kz_draws)
    ->Args({10000, 1})
    ->Args({10000, 2})
    ->ArgNames({"draws", "threads"})
    ->Repetitions(5)
    ->UseRealTime()
    ->MeasureProcessCPUTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
