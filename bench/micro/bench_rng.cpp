// Random-number throughput. rubilnik draws every number from CounterRng
// (Philox4x32-10 via Random123, keyed by seed, draw and parameter), which is
// what makes results identical for any thread or rank count. The peer is the
// usual choice, std::mt19937_64 with std::uniform_real_distribution, whose
// output depends on the order of calls and, across platforms, on the
// standard library's distribution code.
//
//   RngCounterUniform — CounterRng::uniform(i), one double per call;
//   RngCounterBlock   — CounterRng::block(i): four 32-bit words per call
//                       (items = words / 2, i.e. 64-bit values);
//   RngMt19937Uniform — std::uniform_real_distribution over std::mt19937_64.
// bench/run.sh reports RngCounterUniform against RngMt19937Uniform (values/s).
#include <benchmark/benchmark.h>

#include <random>

#include "rubilnik/rng.hpp"

namespace {

void RngCounterUniform(benchmark::State& state) {
    const rubilnik::CounterRng rng(20220105, 1, rubilnik::stream_id("bench.rng"));
    std::uint64_t i = 0;
    double sum = 0;
    for (auto _ : state) sum += rng.uniform(i++);
    benchmark::DoNotOptimize(sum);
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(RngCounterUniform)->MinTime(0.3);

void RngCounterBlock(benchmark::State& state) {
    const rubilnik::CounterRng rng(20220105, 1, rubilnik::stream_id("bench.rng"));
    std::uint64_t i = 0;
    std::uint32_t acc = 0;
    for (auto _ : state) {
        std::uint32_t w[4];
        rng.block(i++, w);
        acc ^= w[0] ^ w[1] ^ w[2] ^ w[3];
    }
    benchmark::DoNotOptimize(acc);
    state.SetItemsProcessed(state.iterations() * 2);
}
BENCHMARK(RngCounterBlock)->MinTime(0.3);

void RngMt19937Uniform(benchmark::State& state) {
    std::mt19937_64 gen(20220105);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    double sum = 0;
    for (auto _ : state) sum += u(gen);
    benchmark::DoNotOptimize(sum);
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(RngMt19937Uniform)->MinTime(0.3);

}  // namespace

BENCHMARK_MAIN();
