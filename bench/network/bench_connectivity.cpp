// Connectivity kernel against Boost.Graph (docs/large-topologies.md,
// "Measured"): our union-find over the CSR vs boost::connected_components
// (DFS over adjacency_list<vecS, vecS, undirectedS>, what a C++ user would
// otherwise pick) on the same graphs: the 2018 CAIDA AS graph and synthetic
// national topologies of 10^6 and 10^7 vertices.
//
// Both sides reuse their output array across iterations (Boost's
// connected_components still allocates its colour map per call).
// Two honest pairings, reported side by side by bench/run.sh:
//   kernel only    — both graphs already built: Ours/<g> vs BoostPrebuilt/<g>;
//   with building  — from the same edge list: OursWithBuild/<g> vs
//                    BoostWithBuild/<g> (our CSR build vs Boost's
//                    adjacency_list build, each followed by its kernel).
// Memory counters (bytes per vertex and per edge of the CSR, of the whole
// topology with attributes) are attached to the Ours benchmarks.
#include <benchmark/benchmark.h>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/connected_components.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "rubilnik/network/caida.hpp"
#include "rubilnik/network/csr.hpp"
#include "rubilnik/network/synthetic.hpp"

#ifndef RUBILNIK_SOURCE_DIR
#define RUBILNIK_SOURCE_DIR "."
#endif

namespace net = rubilnik::network;

namespace {

using BoostGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;

struct Input {
    std::string name;
    net::CsrGraph graph;
    std::vector<net::Edge> edges;
    std::size_t topology_bytes = 0;     // with attributes and labels (synthetic only)
    std::unique_ptr<BoostGraph> boost;  // built on first use, outside any timing
};

// Graph index: 0 = CAIDA 2018, 1 = synthetic 10^6, 2 = synthetic 10^7.
Input& input(int which) {
    static std::map<int, std::unique_ptr<Input>> cache;
    auto& slot = cache[which];
    if (!slot) {
        // Free the previous large graph first: 10^7 and Boost's copy are big.
        for (auto& [k, v] : cache)
            if (k != which) v.reset();
        slot = std::make_unique<Input>();
        if (which == 0) {
            const auto as =
                net::read_caida_asrel(std::string(RUBILNIK_SOURCE_DIR) + "/tests/data/caida/20180101.as-rel.txt.xz");
            for (net::VertexId v = 0; v < as.num_vertices(); ++v)
                for (net::VertexId u : as.neighbours(v))
                    if (u > v) slot->edges.push_back({v, u});
            slot->graph = net::CsrGraph::from_edges(as.num_vertices(), slot->edges);
            slot->name = "caida2018";
        } else {
            net::SyntheticOptions o;
            o.nodes = which == 1 ? 1'000'000 : 10'000'000;
            o.regions = 17;
            o.seed = 1;
            auto country = net::generate_synthetic(o);
            slot->topology_bytes = country.topology.memory_bytes();
            slot->graph = std::move(country.topology.graph);
            slot->edges = slot->graph.edges();
            slot->name = which == 1 ? "synthetic1e6" : "synthetic1e7";
        }
    }
    return *slot;
}

BoostGraph to_boost(const Input& in) {
    std::vector<std::pair<std::size_t, std::size_t>> pairs;
    pairs.reserve(in.edges.size());
    for (const auto& e : in.edges) pairs.emplace_back(e.a, e.b);
    return BoostGraph(pairs.begin(), pairs.end(), in.graph.num_vertices());
}

void rates(benchmark::State& state, const Input& in) {
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * in.graph.num_edges()));
    state.counters["vertices"] = static_cast<double>(in.graph.num_vertices());
    state.counters["edges"] = static_cast<double>(in.graph.num_edges());
}

void Ours(benchmark::State& state) {
    const auto& in = input(static_cast<int>(state.range(0)));
    std::size_t count = 0;
    net::ComponentLabels c;  // reused: the kernel allocates nothing after the first call
    for (auto _ : state) {
        net::components(in.graph, c);
        count = c.count;
        benchmark::DoNotOptimize(c.label.data());
    }
    rates(state, in);
    state.counters["components"] = static_cast<double>(count);
    const double n = static_cast<double>(in.graph.num_vertices()), m = static_cast<double>(in.graph.num_edges());
    state.counters["csr_bytes_per_vertex"] = static_cast<double>(in.graph.offsets().size() * 4) / n;
    state.counters["csr_bytes_per_edge"] = static_cast<double>(in.graph.adjacency().size() * 4) / m;
    if (in.topology_bytes) {
        state.counters["topology_bytes"] = static_cast<double>(in.topology_bytes);
        state.counters["topology_bytes_per_vertex"] = static_cast<double>(in.topology_bytes) / n;
    }
    state.SetLabel(in.name);
}

void BoostPrebuilt(benchmark::State& state) {
    auto& in = input(static_cast<int>(state.range(0)));
    if (!in.boost) in.boost = std::make_unique<BoostGraph>(to_boost(in));
    const BoostGraph& g = *in.boost;
    std::vector<int> component(boost::num_vertices(g));
    int count = 0;
    for (auto _ : state) {
        count = boost::connected_components(g, component.data());
        benchmark::DoNotOptimize(component.data());
    }
    rates(state, in);
    state.counters["components"] = count;
    state.SetLabel(in.name);
}

void OursWithBuild(benchmark::State& state) {
    const auto& in = input(static_cast<int>(state.range(0)));
    for (auto _ : state) {
        const auto g = net::CsrGraph::from_edges(in.graph.num_vertices(), in.edges);
        const auto c = net::components(g);
        benchmark::DoNotOptimize(c.label.data());
    }
    rates(state, in);
    state.SetLabel(in.name);
}

void BoostWithBuild(benchmark::State& state) {
    auto& in = input(static_cast<int>(state.range(0)));
    in.boost.reset();  // two Boost copies of 10^7 vertices would not be fair to the machine
    for (auto _ : state) {
        const BoostGraph g = to_boost(in);
        std::vector<int> component(boost::num_vertices(g));
        benchmark::DoNotOptimize(boost::connected_components(g, component.data()));
    }
    rates(state, in);
    state.SetLabel(in.name);
}

// Each graph's four benchmarks run together so it is generated once; the
// 10^7 graph gets few repetitions (Boost's build of it takes ~10 s here).
void register_all() {
    for (int g : {0, 1, 2}) {
        const double t = g == 2 ? 0.0 : 0.5;
        const char* name = g == 0 ? "caida2018" : g == 1 ? "synthetic1e6" : "synthetic1e7";
        auto reg = [&](const char* what, void (*fn)(benchmark::State&), int iters) {
            auto* b = benchmark::RegisterBenchmark((std::string(what) + "/" + name).c_str(), fn)
                          ->Arg(g)
                          ->Unit(benchmark::kMillisecond);
            if (t == 0.0) b->Iterations(iters);
            else b->MinTime(t);
        };
        reg("Ours", Ours, 5);
        reg("BoostPrebuilt", BoostPrebuilt, 2);
        reg("OursWithBuild", OursWithBuild, 2);
        reg("BoostWithBuild", BoostWithBuild, 1);
    }
}

}  // namespace

int main(int argc, char** argv) {
    register_all();
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
