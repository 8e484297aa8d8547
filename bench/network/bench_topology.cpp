// AS-topology benchmarks (docs/network-as.md, "Performance"): loading the
// whole 2018 CAIDA graph, the full Kazakhstan chokepoint analysis, and the
// connectivity kernel on the CSR against boost::connected_components.
//
// Inputs: tests/data/caida/{20180101.as-rel.txt.xz, ASN_lookup.xz} under
// RUBILNIK_SOURCE_DIR (the build passes the repository root).
#include <benchmark/benchmark.h>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/connected_components.hpp>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "rubilnik/network/as_level.hpp"
#include "rubilnik/network/caida.hpp"
#include "rubilnik/network/chokepoints.hpp"
#include "rubilnik/network/topology_report.hpp"
#include "rubilnik/scenario.hpp"
#include "rubilnik/timeline.hpp"

#ifndef RUBILNIK_SOURCE_DIR
#define RUBILNIK_SOURCE_DIR "."
#endif

namespace net = rubilnik::network;

namespace {

std::string data(const char* file) { return std::string(RUBILNIK_SOURCE_DIR) + "/tests/data/caida/" + file; }

// Loaded once and shared by the benchmarks that do not time loading.
const net::AsGraph& world() {
    static const net::AsGraph g = net::read_caida_asrel(data("20180101.as-rel.txt.xz"));
    return g;
}

const std::vector<net::Asn>& kz() {
    static const std::vector<net::Asn> v = net::country_ases(net::read_asn_names(data("ASN_lookup.xz")), "KZ");
    return v;
}

using BoostGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;

BoostGraph to_boost(const net::AsGraph& g) {
    BoostGraph b(g.num_vertices());
    for (net::VertexId v = 0; v < g.num_vertices(); ++v)
        for (net::VertexId u : g.neighbours(v))
            if (u > v) boost::add_edge(v, u, b);
    return b;
}

void set_edge_rate(benchmark::State& state) {
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * world().num_links()));
}

}  // namespace

// Read + decompress + parse + CSR build of 261k links.
static void BM_ReadCaida2018(benchmark::State& state) {
    for (auto _ : state) {
        net::AsGraph g = net::read_caida_asrel(data("20180101.as-rel.txt.xz"));
        benchmark::DoNotOptimize(g.num_links());
    }
    set_edge_rate(state);
}
BENCHMARK(BM_ReadCaida2018)->Unit(benchmark::kMillisecond);

static void BM_ReadAsnNames(benchmark::State& state) {
    for (auto _ : state) {
        net::AsNames names = net::read_asn_names(data("ASN_lookup.xz"));
        benchmark::DoNotOptimize(names.size());
    }
}
BENCHMARK(BM_ReadAsnNames)->Unit(benchmark::kMillisecond);

// The full analysis for Kazakhstan on the loaded graph: reduction, single
// points, AS- and operator-level plans for 50/90/99%. Arg 0 = valley-free,
// 1 = plain (whose 50% plan exhausts the enumeration budget).
static void BM_KzChokepoints(benchmark::State& state) {
    net::ChokepointOptions options;
    options.routing = state.range(0) == 0 ? net::Routing::valley_free : net::Routing::plain;
    options.operators = {{"kazakhtelecom", {9198, 50482}},
                         {"kcell", {29355}},
                         {"tele2-altel", {29555, 48503}},
                         {"beeline", {21299, 206026}},
                         {"transtelecom", {41798}},
                         {"jusan", {35104}},
                         {"almatv", {39824}},
                         {"others", {43994, 35168, 8200, 15736, 41124, 48716}}};
    world();
    kz();
    for (auto _ : state) {
        net::ChokepointReport r = net::analyse_chokepoints(world(), kz(), options);
        benchmark::DoNotOptimize(r.ases.data());
    }
}
BENCHMARK(BM_KzChokepoints)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// What `rubilnik topology --as-rel tests/data/caida/20180101.as-rel.txt.xz
// --country KZ --names tests/data/caida/ASN_lookup.xz` does between start and
// print: read and decode both files, build the graph, run the whole analysis
// (single points, AS plans for 50/90/99 %). Goal: under 1 s on 2 cores.
static void BM_TopologyCommandKz(benchmark::State& state) {
    const std::vector<double> shares{0.5, 0.9, 0.99};
    for (auto _ : state) {
        const auto path = data("20180101.as-rel.txt.xz");
        const net::AsGraph g = net::read_caida_asrel(path);
        const net::AsNames names = net::read_asn_names(data("ASN_lookup.xz"));
        const auto layer = rubilnik::analyse_as_rel(g, names, "KZ", shares, path);
        benchmark::DoNotOptimize(layer.report.as_cuts.data());
    }
}
BENCHMARK(BM_TopologyCommandKz)->Unit(benchmark::kMillisecond)->UseRealTime();

// `rubilnik topology scenarios/countries/kz`: national graph (plain routing,
// users) and AS graph (valley-free, users per AS), after loading the baseline.
static void BM_TopologyCommandKzBaseline(benchmark::State& state) {
    const auto b = rubilnik::load_baseline(std::string(RUBILNIK_SOURCE_DIR) + "/scenarios/countries/kz");
    const std::vector<double> shares{0.5, 0.9, 0.99};
    for (auto _ : state) {
        const auto national = rubilnik::analyse_national_topology(b, shares);
        const auto as = rubilnik::analyse_as_topology(b, rubilnik::load_as_topology(b), shares);
        benchmark::DoNotOptimize(national.report.operator_cuts.data());
        benchmark::DoNotOptimize(as.report.operator_cuts.data());
    }
}
BENCHMARK(BM_TopologyCommandKzBaseline)->Unit(benchmark::kMillisecond);

// The network phase of the KZ replay: every distinct state of the timeline
// evaluated on the national graph (0) and on the AS-level model (1).
static void BM_KzReplayNetworkPhase(benchmark::State& state) {
    const auto sc = rubilnik::load_scenario(std::string(RUBILNIK_SOURCE_DIR) + "/scenarios/kz-2022-01.toml");
    const auto tl = rubilnik::compile_timeline(sc);
    for (auto _ : state) {
        // A fresh model each time, so the AS layer's cache starts empty.
        std::unique_ptr<rubilnik::NetworkModel> model;
        if (state.range(0) == 0) model = std::make_unique<rubilnik::NationalGraph>(sc.baseline);
        else model = std::make_unique<rubilnik::AsLevelNetwork>(sc.baseline);
        for (const auto& active : tl.states)
            benchmark::DoNotOptimize(model->evaluate(rubilnik::apply_events(sc, active)).international.data());
    }
    state.counters["states"] = static_cast<double>(tl.states.size());
}
BENCHMARK(BM_KzReplayNetworkPhase)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// One valley-free search from every foreign AS over the whole Internet: the
// generic (unreduced) form of "which KZ ASes reach abroad".
static void BM_ValleyFreeReachWorld(benchmark::State& state) {
    const net::AsGraph& g = world();
    std::vector<net::VertexId> foreign;
    for (net::VertexId v = 0; v < g.num_vertices(); ++v)
        if (!std::binary_search(kz().begin(), kz().end(), g.asn(v))) foreign.push_back(v);
    net::ReachSearch search(g);
    for (auto _ : state) benchmark::DoNotOptimize(search.run(foreign).data());
    set_edge_rate(state);
}
BENCHMARK(BM_ValleyFreeReachWorld)->Unit(benchmark::kMillisecond);

// Connectivity kernels on the same graph, relationships ignored.
static void BM_ComponentsUnionFindCsr(benchmark::State& state) {
    const net::AsGraph& g = world();
    for (auto _ : state) benchmark::DoNotOptimize(net::connected_components(g).count);
    set_edge_rate(state);
}
BENCHMARK(BM_ComponentsUnionFindCsr)->Unit(benchmark::kMillisecond);

static void BM_ComponentsBfsCsr(benchmark::State& state) {
    const net::AsGraph& g = world();
    net::ReachSearch search(g);
    const std::vector<net::VertexId> seed = {0};
    for (auto _ : state) benchmark::DoNotOptimize(search.run(seed, {}, net::Routing::plain).data());
    set_edge_rate(state);
}
BENCHMARK(BM_ComponentsBfsCsr)->Unit(benchmark::kMillisecond);

static void BM_ComponentsBoost(benchmark::State& state) {
    const BoostGraph b = to_boost(world());
    std::vector<int> component(boost::num_vertices(b));
    for (auto _ : state) benchmark::DoNotOptimize(boost::connected_components(b, component.data()));
    set_edge_rate(state);
}
BENCHMARK(BM_ComponentsBoost)->Unit(benchmark::kMillisecond);

// What the Boost comparison costs before it can start.
static void BM_BuildBoostGraph(benchmark::State& state) {
    for (auto _ : state) {
        BoostGraph b = to_boost(world());
        benchmark::DoNotOptimize(boost::num_edges(b));
    }
    set_edge_rate(state);
}
BENCHMARK(BM_BuildBoostGraph)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
