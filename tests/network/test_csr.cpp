// CSR storage, the union-find kernel, contraction of never-cut elements and
// the binary topology file (models/network/{csr,topology_file}.cpp,
// docs/large-topologies.md).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <random>
#include <set>
#include <stdexcept>
#include <vector>

#include "../support.hpp"
#include "rubilnik/error.hpp"
#include "rubilnik/network/csr.hpp"
#include "rubilnik/network/synthetic.hpp"
#include "rubilnik/network/topology.hpp"

namespace net = rubilnik::network;
using net::Edge;
using net::Vertex;

namespace {

std::vector<Edge> random_edges(std::mt19937_64& rng, Vertex n, std::size_t m) {
    std::uniform_int_distribution<Vertex> pick(0, n - 1);
    std::vector<Edge> out;
    while (out.size() < m) {
        const Vertex a = pick(rng), b = pick(rng);
        if (a != b) out.push_back({a, b});
    }
    return out;
}

// Reference: BFS over the edges not in `down`, never entering removed vertices.
std::vector<std::uint8_t> reference_reach(Vertex n, const std::vector<Edge>& edges,
                                          const std::set<std::pair<Vertex, Vertex>>& down,
                                          const std::vector<std::uint8_t>& removed, Vertex source) {
    std::vector<Edge> up;
    for (const auto& e : edges)
        if (!down.count({std::min(e.a, e.b), std::max(e.a, e.b)})) up.push_back(e);
    const auto g = net::CsrGraph::from_edges(n, up);
    const Vertex s[] = {source};
    return net::bfs_reach(g, s, removed);
}

}  // namespace

TEST_CASE("CSR from edges: sorted, deduplicated, symmetric", "[network][csr]") {
    const std::vector<Edge> edges = {{0, 1}, {1, 0}, {2, 1}, {3, 0}, {0, 1}};
    const auto g = net::CsrGraph::from_edges(5, edges);
    CHECK(g.num_vertices() == 5);
    CHECK(g.num_edges() == 3);  // 0-1 listed three times
    CHECK(std::vector<Vertex>(g.neighbours(0).begin(), g.neighbours(0).end()) == std::vector<Vertex>{1, 3});
    CHECK(std::vector<Vertex>(g.neighbours(1).begin(), g.neighbours(1).end()) == std::vector<Vertex>{0, 2});
    CHECK(g.degree(4) == 0);
    CHECK(g.slot(0, 3).has_value());
    CHECK_FALSE(g.slot(0, 2).has_value());
    CHECK(g.edges() == std::vector<Edge>{{0, 1}, {0, 3}, {1, 2}});
    CHECK(g.memory_bytes() >= 6 * 4 + 6 * 4);
    CHECK_THROWS_AS(net::CsrGraph::from_edges(3, std::vector<Edge>{{1, 1}}), std::invalid_argument);
    CHECK_THROWS_AS(net::CsrGraph::from_edges(3, std::vector<Edge>{{0, 3}}), std::invalid_argument);
}

TEST_CASE("union-find components agree with BFS on random graphs", "[network][csr]") {
    std::mt19937_64 rng(7);
    for (int trial = 0; trial < 20; ++trial) {
        const Vertex n = 50 + static_cast<Vertex>(rng() % 200);
        // Mean degree 1, 2 (the one-pass kernel) and 5 (the Afforest kernel, csr.cpp).
        const Vertex per_two[] = {1, 2, 5};
        const auto edges = random_edges(rng, n, n * per_two[trial % 3] / 2);
        const auto g = net::CsrGraph::from_edges(n, edges);
        const auto c = net::components(g);
        std::size_t count = 0;
        std::vector<std::uint8_t> done(n, 0);
        for (Vertex v = 0; v < n; ++v) {
            if (done[v]) continue;
            ++count;
            const Vertex s[] = {v};
            const auto reach = net::bfs_reach(g, s);
            for (Vertex u = 0; u < n; ++u) {
                // Same component iff same label; the label is the smallest member.
                CHECK((c.label[u] == c.label[v]) == (reach[u] != 0));
                if (reach[u]) done[u] = 1;
            }
            CHECK(c.label[v] == v);
        }
        CHECK(c.count == count);
        // The reusing form gives the same labels whatever the buffer held before.
        static net::ComponentLabels reused;
        net::components(g, reused);
        CHECK(reused.label == c.label);
        CHECK(reused.count == c.count);
    }
}

TEST_CASE("contraction + union-find equals BFS on the full graph for random cut sets", "[network][csr]") {
    std::mt19937_64 rng(11);
    for (int trial = 0; trial < 40; ++trial) {
        const Vertex n = 40 + static_cast<Vertex>(rng() % 120);
        const auto raw = random_edges(rng, n, n + rng() % n);
        const auto g = net::CsrGraph::from_edges(n, raw);
        const auto edges = g.edges();
        // Cuttable: ~10% of vertices and ~10% of edges.
        std::vector<std::uint8_t> cuttable(n, 0);
        for (Vertex v = 0; v < n; ++v) cuttable[v] = rng() % 10 == 0;
        std::vector<Edge> cut_edges;
        for (const auto& e : edges)
            if (rng() % 10 == 0) cut_edges.push_back(e);
        const net::Condensation c(g, cuttable, cut_edges);
        CHECK(c.num_super() <= n);
        std::uint64_t total = 0;
        for (auto w : c.weight()) total += w;
        CHECK(total == n);
        for (Vertex v = 0; v < n; ++v)
            if (cuttable[v]) CHECK(c.weight()[c.super(v)] == 1);
        for (int scenario = 0; scenario < 10; ++scenario) {
            std::vector<std::uint8_t> removed(n, 0);
            for (Vertex v = 0; v < n; ++v) removed[v] = cuttable[v] && rng() % 2;
            std::vector<std::uint8_t> edge_down(cut_edges.size(), 0);
            std::set<std::pair<Vertex, Vertex>> down;
            for (std::size_t i = 0; i < cut_edges.size(); ++i)
                if ((edge_down[i] = rng() % 2)) down.insert({cut_edges[i].a, cut_edges[i].b});
            const Vertex source = static_cast<Vertex>(rng() % n);
            const auto ref = reference_reach(n, edges, down, removed, source);
            // Condensed: union every condensed edge whose controlling elements are up.
            std::vector<std::uint8_t> super_down(c.num_super(), 0);
            for (Vertex v = 0; v < n; ++v)
                if (removed[v]) super_down[c.super(v)] = 1;
            net::UnionFind uf(c.num_super());
            for (const auto& e : c.edges()) {
                if (super_down[e.a] || super_down[e.b]) continue;
                if (e.origin != net::kVertexInduced && edge_down[e.origin]) continue;
                uf.unite(e.a, e.b);
            }
            for (Vertex v = 0; v < n; ++v) {
                const bool got = !super_down[c.super(v)] && !super_down[c.super(source)] &&
                                 uf.find(c.super(v)) == uf.find(c.super(source));
                CHECK(got == (ref[v] != 0));
            }
        }
    }
}

TEST_CASE("contraction rejects a cuttable edge that is not in the graph", "[network][csr]") {
    const auto g = net::CsrGraph::from_edges(3, std::vector<Edge>{{0, 1}, {1, 2}});
    CHECK_THROWS_AS(net::Condensation(g, {}, std::vector<Edge>{{0, 2}}), std::invalid_argument);
    // No cuttable element: one super-vertex per component.
    const net::Condensation all(g, {}, {});
    CHECK(all.num_super() == 1);
    CHECK(all.edges().empty());
}

// ---------------------------------------------------------------------------

namespace {

net::Topology small_topology() {
    net::SyntheticOptions o;
    o.nodes = 3000;
    o.regions = 3;
    o.operators = 3;
    o.seed = 5;
    return net::generate_synthetic(o).topology;
}

void write_bytes(const std::filesystem::path& p, const std::string& bytes) {
    std::ofstream out(p, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

}  // namespace

TEST_CASE("topology.bin round-trips every array", "[network][topology]") {
    rubilnik::test::TempDir dir;
    const auto t = small_topology();
    const auto path = (dir / "topology.bin").string();
    net::write_topology(t, path);
    const auto r = net::read_topology(path);
    CHECK(r.graph.offsets() == t.graph.offsets());
    CHECK(r.graph.adjacency() == t.graph.adjacency());
    CHECK(r.kind == t.kind);
    CHECK(r.region == t.region);
    CHECK(r.op == t.op);
    CHECK(r.users == t.users);
    CHECK(r.region_ids == t.region_ids);
    CHECK(r.operator_ids == t.operator_ids);
    CHECK(r.label_names == t.label_names);
    REQUIRE(r.labels.size() == t.labels.size());
    for (std::size_t i = 0; i < r.labels.size(); ++i) {
        CHECK(r.labels[i].name == t.labels[i].name);
        CHECK(r.labels[i].vertex == t.labels[i].vertex);
    }
    CHECK(r.vertices_of("foreign") == std::vector<Vertex>{0});
    CHECK(r.vertices_of("no-such-node").empty());
    // 128-byte header + payload.
    const std::size_t n = t.num_vertices(), m = t.graph.num_edges();
    CHECK(std::filesystem::file_size(path) > 128 + 4 * (n + 1) + 8 * m + 8 * n);
}

TEST_CASE("corrupt topology files are InputErrors naming the file and the fault", "[network][topology]") {
    using Catch::Contains;
    rubilnik::test::TempDir dir;
    const auto good = (dir / "good.bin").string();
    net::write_topology(small_topology(), good);
    const std::string bytes = rubilnik::test::read_file(good);
    const auto bad = dir / "bad.bin";
    const std::string p = bad.string();

    write_bytes(bad, bytes.substr(0, 100));
    CHECK_THROWS_WITH(net::read_topology(p), Contains(p) && Contains("truncated") && Contains("128 bytes"));

    write_bytes(bad, bytes.substr(0, bytes.size() - 10));
    CHECK_THROWS_WITH(net::read_topology(p), Contains(p) && Contains("truncated: the header promises"));

    write_bytes(bad, bytes + "xx");
    CHECK_THROWS_WITH(net::read_topology(p), Contains("2 unexpected bytes after the payload"));

    std::string b = bytes;
    b[0] = 'X';
    write_bytes(bad, b);
    CHECK_THROWS_WITH(net::read_topology(p), Contains("not a rubilnik topology file"));

    b = bytes;
    b[20] ^= 1;  // a header field
    write_bytes(bad, b);
    CHECK_THROWS_WITH(net::read_topology(p), Contains("header checksum mismatch"));

    b = bytes;
    b[b.size() - 7] ^= 0x10;  // one bit of the users array
    write_bytes(bad, b);
    CHECK_THROWS_AS(net::read_topology(p), rubilnik::InputError);
    CHECK_THROWS_WITH(net::read_topology(p),
                      Contains(p) && Contains("payload checksum mismatch") && Contains("corrupt"));

    // A future version with a consistent header checksum.
    b = bytes;
    const std::uint32_t v2 = 2;
    std::memcpy(b.data() + 8, &v2, 4);
    net::Checksum c;
    c.update(b.data(), 120);
    const std::uint64_t h = c.value();
    std::memcpy(b.data() + 120, &h, 8);
    write_bytes(bad, b);
    CHECK_THROWS_WITH(net::read_topology(p), Contains("format version 2; this rubilnik reads version 1"));

    CHECK_THROWS_WITH(net::read_topology((dir / "missing.bin").string()),
                      Contains("missing.bin") && Contains("cannot read"));
}

TEST_CASE("topology headers asking for a graph over the limits are refused before allocating",
          "[network][topology][limits]") {
    using Catch::Contains;
    rubilnik::test::TempDir dir;
    const auto good = (dir / "good.bin").string();
    net::write_topology(small_topology(), good);
    const std::string bytes = rubilnik::test::read_file(good);
    const auto bad = dir / "bad.bin";
    const std::string p = bad.string();
    // Writes one header field and a header checksum that agrees with it, as a
    // hostile file would, so only the limit stands in the way.
    auto with_field = [&](std::size_t offset, std::uint64_t value) {
        std::string b = bytes;
        std::memcpy(b.data() + offset, &value, 8);
        net::Checksum c;
        c.update(b.data(), 120);
        const std::uint64_t h = c.value();
        std::memcpy(b.data() + 120, &h, 8);
        write_bytes(bad, b);
    };
    with_field(16, std::uint64_t{1} << 40);  // vertices
    CHECK_THROWS_AS(net::read_topology(p), rubilnik::InputError);
    CHECK_THROWS_WITH(net::read_topology(p), Contains(p) && Contains("1099511627776 vertices; expected 1..100000000"));
    with_field(16, 0);
    CHECK_THROWS_WITH(net::read_topology(p), Contains("0 vertices; expected 1.."));
    with_field(24, std::uint64_t{1} << 40);  // edges
    CHECK_THROWS_WITH(net::read_topology(p), Contains("1099511627776 edges exceed the limit of 2000000000"));
}

TEST_CASE("topology validation names what is wrong", "[network][topology]") {
    using Catch::Contains;
    auto t = small_topology();
    t.source = "mem.bin";
    REQUIRE_NOTHROW(t.validate());

    auto asym = t;
    auto off = asym.graph.offsets();
    auto adj = asym.graph.adjacency();
    // Rewire one entry of vertex 0's list to a vertex that does not list 0 back.
    const Vertex v = adj[off[0]];
    Vertex other = 1;
    while (other == v || asym.graph.slot(0, other) || other == 0) ++other;
    adj[off[0]] = other;
    std::sort(adj.begin() + off[0], adj.begin() + off[1]);
    asym.graph = net::CsrGraph::adopt(off, adj);
    CHECK_THROWS_WITH(asym.validate(), Contains("mem.bin") && Contains("symmetric"));

    auto users = t;
    users.users[1] = 5.0f;  // vertex 1 is the IXP
    CHECK_THROWS_WITH(users.validate(), Contains("vertex 1 (ixp) has users"));

    auto kind = t;
    kind.kind[2] = 42;
    CHECK_THROWS_WITH(kind.validate(), Contains("unknown kind 42"));

    auto region = t;
    region.region[3] = 77;
    CHECK_THROWS_WITH(region.validate(), Contains("region index 77"));

    auto label = t;
    label.labels[0].vertex = static_cast<Vertex>(t.num_vertices());
    CHECK_THROWS_WITH(label.validate(), Contains("beyond the vertices"));
}

TEST_CASE("the checksum sees any change of one word and of the length", "[network][topology]") {
    std::vector<std::uint64_t> words(64, 0x0123456789ABCDEFull);
    net::Checksum a;
    a.update(words.data(), words.size() * 8);
    for (std::size_t i = 0; i < words.size(); ++i) {
        auto w = words;
        w[i] ^= 1ull << (i % 64);
        net::Checksum b;
        b.update(w.data(), w.size() * 8);
        CHECK(a.value() != b.value());
    }
    // Split updates give the same value as one.
    net::Checksum split;
    const auto* bytes = reinterpret_cast<const unsigned char*>(words.data());
    split.update(bytes, 3);
    split.update(bytes + 3, 250);
    split.update(bytes + 253, words.size() * 8 - 253);
    CHECK(split.value() == a.value());
    net::Checksum shorter;
    shorter.update(words.data(), words.size() * 8 - 1);
    CHECK(shorter.value() != a.value());
}
