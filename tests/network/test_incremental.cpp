// Rollback union-find, offline dynamic connectivity and the three replay
// methods checked against recomputation at every step
// (models/network/incremental.cpp, docs/large-topologies.md).
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <vector>

#include "rubilnik/network/incremental.hpp"
#include "rubilnik/network/synthetic.hpp"

namespace net = rubilnik::network;
using net::Edge;
using net::Vertex;

TEST_CASE("rollback union-find undoes unions exactly", "[network][incremental]") {
    const std::vector<std::uint32_t> w = {1, 2, 3, 4, 5};
    net::RollbackUnionFind uf(5, w);
    CHECK(uf.unite(0, 1));
    const auto mark = uf.checkpoint();
    CHECK(uf.unite(2, 3));
    CHECK(uf.unite(1, 3));
    CHECK_FALSE(uf.unite(0, 2));
    CHECK(uf.find(0) == uf.find(3));
    CHECK(uf.weight_of_root(uf.find(0)) == 1 + 2 + 3 + 4);
    uf.rollback(mark);
    CHECK(uf.find(0) == uf.find(1));
    CHECK(uf.find(2) != uf.find(0));
    CHECK(uf.find(3) == 3);
    CHECK(uf.weight_of_root(uf.find(0)) == 3);
    uf.rollback(0);
    for (Vertex v = 0; v < 5; ++v) CHECK(uf.find(v) == v);
}

TEST_CASE("offline dynamic connectivity equals recomputation at every step", "[network][incremental]") {
    std::mt19937_64 rng(3);
    for (int trial = 0; trial < 25; ++trial) {
        const std::size_t n = 5 + rng() % 60, steps = 1 + rng() % 70;
        std::vector<net::TimedEdge> edges;
        const std::size_t m = rng() % (3 * n);
        for (std::size_t i = 0; i < m; ++i) {
            const Vertex a = static_cast<Vertex>(rng() % n), b = static_cast<Vertex>(rng() % n);
            std::uint32_t s = static_cast<std::uint32_t>(rng() % (steps + 2)),
                          e = static_cast<std::uint32_t>(rng() % (steps + 2));
            if (s > e) std::swap(s, e);
            edges.push_back({a, b, s, e});  // may be empty, a self-loop or run past the end
        }
        std::vector<std::uint32_t> weight(n);
        for (auto& x : weight) x = static_cast<std::uint32_t>(1 + rng() % 9);
        const Vertex source = static_cast<Vertex>(rng() % n);
        std::vector<Vertex> queries;
        for (Vertex v = 0; v < n; v += 3) queries.push_back(v);
        const auto got = net::offline_connectivity(n, steps, edges, source, queries, weight);
        REQUIRE(got.source_weight.size() == steps);
        for (std::size_t t = 0; t < steps; ++t) {
            net::UnionFind uf(n);
            for (const auto& e : edges)
                if (e.begin <= t && t < e.end) uf.unite(e.a, e.b);
            std::uint64_t expect = 0;
            for (Vertex v = 0; v < n; ++v)
                if (uf.find(v) == uf.find(source)) expect += weight[v];
            CHECK(got.source_weight[t] == expect);
            for (std::size_t i = 0; i < queries.size(); ++i)
                CHECK(got.connected[t * queries.size() + i] == (uf.find(queries[i]) == uf.find(source)));
        }
    }
}

TEST_CASE("full, condensed and offline replays agree on random timelines", "[network][incremental]") {
    std::mt19937_64 rng(19);
    for (int trial = 0; trial < 12; ++trial) {
        const Vertex n = 100 + static_cast<Vertex>(rng() % 200);
        std::vector<Edge> raw;
        // A random tree (every edge a bridge) plus a few chords.
        for (Vertex v = 1; v < n; ++v) raw.push_back({static_cast<Vertex>(rng() % v), v});
        for (Vertex i = 0; i < n / 10; ++i) {
            const Vertex a = static_cast<Vertex>(rng() % n), b = static_cast<Vertex>(rng() % n);
            if (a != b) raw.push_back({a, b});
        }
        const auto g = net::CsrGraph::from_edges(n, raw);
        const auto all = g.edges();
        net::EdgeReplay replay;
        replay.steps = 1 + rng() % 60;
        for (const auto& e : all) {
            if (rng() % 20 != 0) continue;  // ~5% of edges can change
            replay.edges.push_back(e);
            std::vector<std::pair<std::uint32_t, std::uint32_t>> down;
            std::uint32_t at = 0;
            while (at < replay.steps) {
                const std::uint32_t b = at + static_cast<std::uint32_t>(rng() % 10),
                                    e2 = b + 1 + static_cast<std::uint32_t>(rng() % 8);
                if (b >= replay.steps) break;
                down.push_back({b, std::min<std::uint32_t>(e2, static_cast<std::uint32_t>(replay.steps))});
                at = e2 + 1;
            }
            replay.down.push_back(down);
        }
        const Vertex source = static_cast<Vertex>(rng() % n);
        const auto full = net::replay_full(g, replay, source, 0, replay.steps);
        const net::Condensation c(g, {}, replay.edges);
        const auto condensed = net::replay_condensed(c, replay, c.super(source));
        const auto offline = net::replay_offline(c, replay, c.super(source));
        CHECK(full == condensed);
        CHECK(full == offline);
        // Sampling a window of steps gives the same figures.
        if (replay.steps > 4) {
            const auto part = net::replay_full(g, replay, source, 2, 4);
            CHECK(part == std::vector<std::uint64_t>(full.begin() + 2, full.begin() + 4));
        }
    }
}

TEST_CASE("replays on a synthetic topology: contraction shrinks the graph, answers stay equal",
          "[network][incremental]") {
    net::SyntheticOptions o;
    o.nodes = 20000;
    o.regions = 4;
    o.seed = 9;
    const auto t = net::generate_synthetic(o).topology;
    const auto all = t.graph.edges();
    net::EdgeReplay replay;
    replay.steps = 48;
    std::mt19937_64 rng(1);
    for (const auto& e : all)
        if (rng() % 100 == 0) {  // 1% of edges
            replay.edges.push_back(e);
            const std::uint32_t b = static_cast<std::uint32_t>(rng() % 40);
            replay.down.push_back({{b, b + 1 + static_cast<std::uint32_t>(rng() % 8)}});
        }
    const net::Condensation c(t.graph, {}, replay.edges);
    CHECK(c.num_super() <= 2 * replay.edges.size() + 1);
    const auto full = net::replay_full(t.graph, replay, 0, 0, replay.steps);
    CHECK(net::replay_offline(c, replay, c.super(0)) == full);
    CHECK(net::replay_condensed(c, replay, c.super(0)) == full);
    // Something does go down in the replay.
    CHECK(*std::min_element(full.begin(), full.end()) < t.num_vertices());
}

TEST_CASE("replay inputs are checked", "[network][incremental]") {
    const auto g = net::CsrGraph::from_edges(3, std::vector<Edge>{{0, 1}, {1, 2}});
    net::EdgeReplay r;
    r.steps = 5;
    r.edges = {{0, 1}};
    r.down = {{{3, 2}}};
    CHECK_THROWS_AS(net::replay_full(g, r, 0, 0, 5), std::invalid_argument);
    r.down = {{{0, 2}, {1, 3}}};
    CHECK_THROWS_AS(net::replay_full(g, r, 0, 0, 5), std::invalid_argument);
    r.edges = {{0, 2}};
    r.down = {{}};
    CHECK_THROWS_AS(net::replay_full(g, r, 0, 0, 5), std::invalid_argument);
    CHECK_THROWS_AS(net::offline_connectivity(3, 4, std::vector<net::TimedEdge>{{0, 3, 0, 1}}, 0),
                    std::invalid_argument);
}
