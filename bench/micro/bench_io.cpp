// Input–output solves (include/rubilnik/economy/io.hpp): rubilnik factors
// (I − A) once per table and reuses the LU for every right-hand side. The
// peer is what a user writing it directly would do: Eigen's partial-pivot LU
// of (I − A) at every solve (numpy.linalg.solve does the same per call).
// Sizes: 20 (the NACE sections of a national table), 100 and 500.
//
//   IoSolveFactored/n  — LeontiefSolver::solve, factor built beforehand;
//   IoSolveRefactor/n  — (I − A).partialPivLu().solve(d) per right-hand side;
//   IoSolveBatch/n     — solve_many with 256 right-hand sides (items = RHS).
// bench/run.sh reports IoSolveFactored against IoSolveRefactor (solves/s).
#include <benchmark/benchmark.h>

#include <Eigen/Dense>

#include "rubilnik/economy/io.hpp"
#include "rubilnik/rng.hpp"

namespace {

// A dense non-negative table with every column summing to 0.5, so ρ(A) ≤ 0.5.
Eigen::MatrixXd table(Eigen::Index n) {
    const rubilnik::CounterRng rng(3, 0, rubilnik::stream_id("bench.io"));
    Eigen::MatrixXd a(n, n);
    std::uint64_t k = 0;
    for (Eigen::Index j = 0; j < n; ++j) {
        for (Eigen::Index i = 0; i < n; ++i) a(i, j) = rng.uniform(k++);
        a.col(j) *= 0.5 / a.col(j).sum();
    }
    return a;
}

Eigen::VectorXd demand(Eigen::Index n, std::uint64_t which) {
    const rubilnik::CounterRng rng(5, which, rubilnik::stream_id("bench.io.demand"));
    Eigen::VectorXd d(n);
    for (Eigen::Index i = 0; i < n; ++i) d(i) = rng.uniform(static_cast<std::uint64_t>(i));
    return d;
}

void IoSolveFactored(benchmark::State& state) {
    const auto n = static_cast<Eigen::Index>(state.range(0));
    const rubilnik::economy::LeontiefSolver solver(table(n));
    const Eigen::VectorXd d = demand(n, 0);
    for (auto _ : state) {
        Eigen::VectorXd x = solver.solve(d);
        benchmark::DoNotOptimize(x.data());
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(IoSolveFactored)->Arg(20)->Arg(100)->Arg(500)->MinTime(0.3);

void IoSolveRefactor(benchmark::State& state) {
    const auto n = static_cast<Eigen::Index>(state.range(0));
    const Eigen::MatrixXd a = table(n);
    const Eigen::VectorXd d = demand(n, 0);
    for (auto _ : state) {
        const Eigen::MatrixXd m = Eigen::MatrixXd::Identity(n, n) - a;
        Eigen::VectorXd x = m.partialPivLu().solve(d);
        benchmark::DoNotOptimize(x.data());
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(IoSolveRefactor)->Arg(20)->Arg(100)->Arg(500)->MinTime(0.3);

void IoSolveBatch(benchmark::State& state) {
    const auto n = static_cast<Eigen::Index>(state.range(0));
    const rubilnik::economy::LeontiefSolver solver(table(n));
    Eigen::MatrixXd rhs(n, 256);
    for (Eigen::Index j = 0; j < 256; ++j) rhs.col(j) = demand(n, static_cast<std::uint64_t>(j));
    for (auto _ : state) {
        Eigen::MatrixXd x = solver.solve_many(rhs);
        benchmark::DoNotOptimize(x.data());
    }
    state.SetItemsProcessed(state.iterations() * 256);
}
BENCHMARK(IoSolveBatch)->Arg(20)->Arg(100)->Arg(500)->MinTime(0.3);

}  // namespace

BENCHMARK_MAIN();
