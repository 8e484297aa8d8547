// The synthetic topology generator, the baseline it writes, and the
// large-graph network model through the engine
// (models/network/{synthetic,synthetic_write,large_graph}.cpp).
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <map>

#include "../support.hpp"
#include "rubilnik/engine.hpp"
#include "rubilnik/error.hpp"
#include "rubilnik/network/large_graph.hpp"
#include "rubilnik/network/synthetic.hpp"

namespace fs = std::filesystem;
namespace net = rubilnik::network;
using net::Vertex;
using rubilnik::test::read_file;
using rubilnik::test::TempDir;

namespace {

net::SyntheticOptions small(std::uint64_t seed = 42) {
    net::SyntheticOptions o;
    o.nodes = 5000;
    o.regions = 5;
    o.operators = 4;
    o.seed = seed;
    o.population = 1e6;
    return o;
}

std::map<std::string, std::string> folder_bytes(const fs::path& dir) {
    std::map<std::string, std::string> out;
    for (const auto& e : fs::directory_iterator(dir)) out[e.path().filename().string()] = read_file(e.path());
    return out;
}

}  // namespace

TEST_CASE("same seed, same bytes; another seed, another graph", "[network][synthetic]") {
    TempDir a, b, c;
    net::write_synthetic_baseline(net::generate_synthetic(small(42)), a.path().string());
    net::write_synthetic_baseline(net::generate_synthetic(small(42)), b.path().string());
    net::write_synthetic_baseline(net::generate_synthetic(small(43)), c.path().string());
    const auto fa = folder_bytes(a.path()), fb = folder_bytes(b.path()), fc = folder_bytes(c.path());
    CHECK(fa.size() == 10);  // baseline.toml, 7 CSV tables, topology.bin, replay.toml
    CHECK(fa == fb);
    CHECK(fa.at("topology.bin") != fc.at("topology.bin"));
    CHECK(fa.at("regions.csv") != fc.at("regions.csv"));
}

TEST_CASE("generated structure: exact count, connected, regions, operators, users", "[network][synthetic]") {
    for (std::size_t regions : {1, 2, 5, 17}) {
        auto o = small();
        o.regions = regions;
        const auto c = net::generate_synthetic(o);
        const auto& t = c.topology;
        REQUIRE_NOTHROW(t.validate());
        CHECK(t.num_vertices() == o.nodes);
        CHECK(net::components(t.graph).count == 1);
        CHECK(c.regions.size() == regions);
        CHECK(t.region_ids.size() == regions);
        CHECK(t.operator_ids.size() == 4);
        std::map<net::VertexKind, std::size_t> kinds;
        double users = 0;
        for (Vertex v = 0; v < t.num_vertices(); ++v) {
            ++kinds[t.kind_of(v)];
            users += t.users[v];
        }
        CHECK(kinds[net::VertexKind::foreign] == 1);
        CHECK(kinds[net::VertexKind::backbone] == 4 * regions);
        CHECK(kinds[net::VertexKind::gateway] == std::min<std::size_t>(3, regions) + 1);
        CHECK(kinds[net::VertexKind::access] > o.nodes * 8 / 10);  // most vertices are cell sites / access routers
        double expected = 0;
        for (const auto& r : c.regions) expected += r.internet_users;
        CHECK(users == Approx(expected).epsilon(1e-6));
        double gdp = 0;
        for (const auto& r : c.regions) gdp += r.gdp_share;
        CHECK(gdp == Approx(1.0).margin(1e-12));
        // Every named node binds at least one vertex.
        for (const auto& n : c.named) CHECK_FALSE(t.vertices_of(n.id).empty());
    }
}

TEST_CASE("generator options out of range are InputErrors", "[network][synthetic]") {
    using Catch::Contains;
    auto o = small();
    o.nodes = 50;
    CHECK_THROWS_WITH(net::generate_synthetic(o), Contains("--nodes 50 is too small") && Contains("at least"));
    o.nodes = net::minimum_synthetic_nodes(o);
    CHECK(net::generate_synthetic(o).topology.num_vertices() == o.nodes);
    o = small();
    o.regions = 0;
    CHECK_THROWS_AS(net::generate_synthetic(o), rubilnik::InputError);
    o = small();
    o.operators = 17;
    CHECK_THROWS_WITH(net::generate_synthetic(o), Contains("--operators 17"));
    o = small();
    o.nodes = 200'000'000;
    CHECK_THROWS_WITH(net::generate_synthetic(o), Contains("above the limit"));
}

TEST_CASE("a synthetic baseline replays through the engine", "[network][synthetic][engine]") {
    TempDir dir;
    net::write_synthetic_baseline(net::generate_synthetic(small()), dir.path().string());
    const auto sc = rubilnik::load_scenario((dir / "replay.toml").string());
    REQUIRE(sc.baseline.topology);
    const rubilnik::Engine engine(sc);
    const auto& prepared = engine.prepared();
    CHECK(prepared.access_node.size() == sc.baseline.access_nodes().size());
    rubilnik::RunOptions opt;
    opt.threads = 1;
    const auto res = engine.run(opt);
    const auto& m = engine.metrics();
    // Every gateway is cut for days: every internet user loses the world,
    // except the baseline's cut leakage (the human channel scales cut users
    // by 1 − network.cut_leakage; the central run takes its median).
    const auto& params = sc.parameters;
    const double leak = params.at(*params.find("network.cut_leakage")).dist.median();
    REQUIRE(leak > 0.0);
    REQUIRE(leak < 0.1);
    CHECK(res.totals[m.index("users_affected")].p50 == Approx(sc.baseline.total_users() * (1.0 - leak)).epsilon(1e-9));
    CHECK(res.totals[m.index("national_connectivity_min")].p50 == Approx(leak).margin(1e-12));
    CHECK(res.totals[m.index("person_hours_offline")].p50 > 0);

    // Each state against a plain BFS over the whole, uncontracted graph.
    const auto& t = *sc.baseline.topology;
    const auto& tl = engine.timeline();
    CHECK(tl.states.size() >= 5);
    const net::LargeGraphNetwork coarse(sc.baseline, net::touchable_nodes(sc));
    std::vector<std::size_t> every;
    for (std::size_t i = 0; i < sc.baseline.nodes.size(); ++i) every.push_back(i);
    const net::LargeGraphNetwork fine(sc.baseline, every);
    CHECK(coarse.stats().super_vertices < fine.stats().super_vertices);
    CHECK(coarse.stats().super_vertices < t.num_vertices() / 10);
    bool some_off = false, some_on = false;
    for (std::size_t s = 0; s < tl.states.size(); ++s) {
        const auto state = rubilnik::apply_events(sc, tl.states[s]);
        std::vector<std::uint8_t> removed(t.num_vertices(), 0);
        for (std::size_t i = 0; i < sc.baseline.nodes.size(); ++i)
            if (state.cut[i] && sc.baseline.nodes[i].kind != rubilnik::NodeKind::access)
                for (Vertex v : t.vertices_of(sc.baseline.nodes[i].id)) removed[v] = 1;
        const auto reach = net::bfs_reach(t.graph, t.vertices_of("foreign"), removed);
        std::vector<double> in(prepared.access_node.size(), 0.0), all(prepared.access_node.size(), 0.0);
        for (Vertex v = 0; v < t.num_vertices(); ++v) {
            if (t.kind_of(v) != net::VertexKind::access) continue;
            for (std::size_t k = 0; k < prepared.access_node.size(); ++k) {
                const auto& node = sc.baseline.nodes[prepared.access_node[k]];
                if (t.region_ids[t.region[v]] == sc.baseline.regions[*node.region].id &&
                    t.operator_ids[t.op[v]] == sc.baseline.operators[*node.op].id &&
                    t.fixed_access(v) == (node.access == rubilnik::Access::fixed)) {
                    all[k] += t.users[v];
                    if (reach[v]) in[k] += t.users[v];
                }
            }
        }
        const auto a = coarse.evaluate(state), b = fine.evaluate(state);
        const auto& c = prepared.states[s];
        CHECK(a.international == c.international);
        CHECK(a.international == b.international);
        CHECK(a.domestic == b.domestic);
        CHECK(a.throughput == b.throughput);
        CHECK(a.service == b.service);
        for (std::size_t k = 0; k < in.size(); ++k) {
            const double share = in[k] / all[k];
            // The generator binds whole rings, so an access network is all in or all out.
            CHECK((share == Approx(0.0).margin(1e-9) || share == Approx(1.0).epsilon(1e-9)));
            const auto n = prepared.access_node[k];
            CHECK(c.international[k] == (!state.cut[n] && share > 0.5));
            some_off = some_off || share < 0.5;
            some_on = some_on || share > 0.5;
        }
    }
    CHECK(some_off);
    CHECK(some_on);
}

TEST_CASE("a topology that disagrees with its baseline is rejected", "[network][synthetic]") {
    using Catch::Contains;
    TempDir dir;
    const auto base = dir / "b";
    net::write_synthetic_baseline(net::generate_synthetic(small()), base.string());
    const auto topo = (base / "topology.bin").string();
    auto fresh = [&](const char* name) {
        const auto d = dir / name;
        fs::copy(base, d, fs::copy_options::recursive);
        return d;
    };
    {
        const auto d = fresh("users");
        auto text = read_file(d / "regions.csv");
        const auto row = text.find("\nr00,");
        const auto comma = [&](std::size_t from, int n) {
            for (int i = 0; i < n; ++i) from = text.find(',', from + 1);
            return from;
        };
        const auto a = comma(row, 3), b = comma(row, 4);  // the internet_users field
        text.replace(a + 1, b - a - 1, "1000");
        rubilnik::test::write_file(d / "regions.csv", text);
        CHECK_THROWS_WITH(rubilnik::load_baseline(d.string()),
                          Contains("topology.bin") && Contains("access network 'access:r00:") && Contains("users"));
    }
    {
        const auto d = fresh("links");
        auto text = read_file(d / "links.csv");
        rubilnik::test::write_file(d / "links.csv", text + "ix,core:op0,peering,,test\n");
        CHECK_THROWS_WITH(rubilnik::load_baseline(d.string()), Contains("links.csv must list no links"));
    }
    {
        const auto d = fresh("unbound");
        rubilnik::test::write_file(d / "nodes.csv", read_file(d / "nodes.csv") + "ix2,ixp,,,domestic,,,test\n");
        CHECK_THROWS_WITH(rubilnik::load_baseline(d.string()), Contains("node 'ix2' of nodes.csv has no vertex"));
    }
    {
        const auto d = fresh("label");
        auto text = read_file(d / "nodes.csv");
        const auto at = text.find("svc:gov,");
        text.erase(at, text.find('\n', at) - at + 1);
        rubilnik::test::write_file(d / "nodes.csv", text);
        CHECK_THROWS_WITH(rubilnik::load_baseline(d.string()), Contains("label 'svc:gov' names no node"));
    }
    {
        const auto d = fresh("missing");
        fs::remove(d / "topology.bin");
        CHECK_THROWS_WITH(rubilnik::load_baseline(d.string()), Contains("topology") && Contains("does not exist"));
    }
    CHECK_NOTHROW(rubilnik::load_baseline(base.string()));
}
