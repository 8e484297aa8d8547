// AsGraph CSR, valley-free rules and reachability against brute force
// (models/network/asgraph.cpp, docs/network-as.md).
#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <map>
#include <random>
#include <tuple>
#include <vector>

#include "rubilnik/error.hpp"
#include "rubilnik/network/asgraph.hpp"

namespace net = rubilnik::network;
using net::AsLink;
using net::Asn;
using net::VertexId;

namespace {

// Shorthands for hand-made graphs: p2c(a, b) = a is a provider of b.
AsLink p2c(Asn a, Asn b) { return {a, b, AsLink::Kind::provider_customer}; }
AsLink p2p(Asn a, Asn b) { return {a, b, AsLink::Kind::peer}; }

VertexId id(const net::AsGraph& g, Asn a) { return *g.find(a); }

bool reaches(const net::AsGraph& g, Asn from, std::vector<Asn> targets, std::vector<Asn> cut = {}) {
    std::vector<VertexId> t;
    for (Asn a : targets) t.push_back(id(g, a));
    std::vector<std::uint8_t> mask(g.num_vertices(), 0);
    for (Asn a : cut) mask[id(g, a)] = 1;
    return net::reach(g, t, mask)[id(g, from)] != 0;
}

// Independent oracle: the relationship sequence of a path, read from the
// link list (not from the CSR), must match c2p* p2p? p2c*.
struct Oracle {
    std::map<std::pair<VertexId, VertexId>, char> rel;  // 'u' climb, 'd' descend, 'p' peer

    explicit Oracle(const std::vector<std::tuple<VertexId, VertexId, bool>>& links) {
        for (auto [a, b, peer] : links) {
            rel[{a, b}] = peer ? 'p' : 'd';
            rel[{b, a}] = peer ? 'p' : 'u';
        }
    }
    bool valley_free(const std::vector<VertexId>& path) const {
        int phase = 0;  // 0 climbing, 1 done
        for (std::size_t i = 0; i + 1 < path.size(); ++i) {
            auto it = rel.find({path[i], path[i + 1]});
            if (it == rel.end()) return false;
            const char r = it->second;
            if (r == 'u' && phase != 0) return false;
            if (r == 'p' && phase != 0) return false;
            if (r != 'u') phase = 1;
        }
        return true;
    }
};

// A random AS graph with ASNs 1..n (vertex id = ASN - 1).
struct RandomGraph {
    net::AsGraph g;
    std::vector<std::tuple<VertexId, VertexId, bool>> links;  // (a, b, peer), a provider of b
};

RandomGraph random_graph(std::mt19937& rng, int n, double density, double peer_share) {
    RandomGraph out;
    std::vector<AsLink> links;
    std::uniform_real_distribution<double> u(0, 1);
    for (int a = 1; a <= n; ++a) {
        for (int b = a + 1; b <= n; ++b) {
            if (u(rng) >= density) continue;
            const bool peer = u(rng) < peer_share;
            const bool flip = u(rng) < 0.5;  // either end may be the provider
            const Asn x = flip ? b : a, y = flip ? a : b;
            links.push_back(peer ? p2p(x, y) : p2c(x, y));
            out.links.emplace_back(x - 1, y - 1, peer);
        }
    }
    // Make sure every ASN is a vertex so that id = ASN - 1.
    for (int a = 1; a <= n; ++a) {
        const bool present =
            std::any_of(links.begin(), links.end(), [&](const AsLink& l) { return l.a == Asn(a) || l.b == Asn(a); });
        if (!present) {
            const Asn other = a == 1 ? 2 : 1;
            links.push_back(p2c(other, a));
            out.links.emplace_back(other - 1, a - 1, false);
        }
    }
    out.g = net::AsGraph::from_links(links);
    return out;
}

// Brute force: can `from` reach a target by a simple valley-free path that
// avoids cut vertices? (A valley-free walk can always be shortened to a
// simple valley-free path, so simple paths suffice.)
bool brute_reaches(const Oracle& o, std::size_t n, VertexId from, const std::vector<std::uint8_t>& is_target,
                   const std::vector<std::uint8_t>& cut) {
    if (cut[from]) return false;
    std::vector<VertexId> path{from};
    std::vector<std::uint8_t> on(n, 0);
    on[from] = 1;
    bool found = false;
    std::function<void()> dfs = [&]() {
        if (found) return;
        if (is_target[path.back()]) {
            found = true;
            return;
        }
        for (VertexId u = 0; u < n && !found; ++u) {
            if (on[u] || cut[u] || !o.rel.count({path.back(), u})) continue;
            path.push_back(u);
            if (o.valley_free(path)) {
                on[u] = 1;
                dfs();
                on[u] = 0;
            }
            path.pop_back();
        }
    };
    dfs();
    return found;
}

}  // namespace

TEST_CASE("AsGraph stores providers, customers and peers in separate segments", "[network][asgraph]") {
    const std::vector<AsLink> links = {p2c(10, 20), p2c(10, 30), p2p(20, 30), p2c(40, 10)};
    const auto g = net::AsGraph::from_links(links);
    REQUIRE(g.num_vertices() == 4);
    REQUIRE(g.num_links() == 4);
    REQUIRE(g.num_provider_customer_links() == 3);
    REQUIRE(g.num_peer_links() == 1);
    REQUIRE(g.asns() == std::vector<Asn>{10, 20, 30, 40});
    REQUIRE_FALSE(g.find(15).has_value());
    const VertexId a10 = id(g, 10), a20 = id(g, 20), a30 = id(g, 30), a40 = id(g, 40);
    CHECK(std::vector<VertexId>(g.providers(a10).begin(), g.providers(a10).end()) == std::vector<VertexId>{a40});
    CHECK(std::vector<VertexId>(g.customers(a10).begin(), g.customers(a10).end()) == std::vector<VertexId>{a20, a30});
    CHECK(g.peers(a10).empty());
    CHECK(std::vector<VertexId>(g.peers(a20).begin(), g.peers(a20).end()) == std::vector<VertexId>{a30});
    CHECK(g.degree(a10) == 3);
    CHECK(g.relation(a10, 0) == net::Rel::to_provider);
    CHECK(g.relation(a10, 1) == net::Rel::to_customer);
    CHECK(g.relation_between(a20, a10) == net::Rel::to_provider);
    CHECK(g.relation_between(a10, a20) == net::Rel::to_customer);
    CHECK(g.relation_between(a30, a20) == net::Rel::to_peer);
    CHECK_FALSE(g.relation_between(a40, a20).has_value());
}

TEST_CASE("AsGraph rejects contradictory links and names the line", "[network][asgraph]") {
    const std::vector<long> lines = {3, 7};
    std::vector<AsLink> dup = {p2c(1, 2), p2p(2, 1)};
    CHECK_THROWS_WITH(
        net::AsGraph::from_links(dup, "f.txt", lines),
        Catch::Contains("f.txt:7") && Catch::Contains("at line 3") && Catch::Contains("AS1") && Catch::Contains("AS2"));
    std::vector<AsLink> self = {p2c(1, 2), p2c(5, 5)};
    CHECK_THROWS_WITH(net::AsGraph::from_links(self, "f.txt", lines), Catch::Contains("f.txt:7"));
    std::vector<AsLink> zero = {p2c(0, 2)};
    CHECK_THROWS_AS(net::AsGraph::from_links(zero), rubilnik::InputError);
}

TEST_CASE("valley-free rules on hand-made graphs", "[network][valley-free]") {
    SECTION("peer then provider is a valley and is rejected") {
        // 1 -peer- 2, 3 is 2's provider: 1→2→3 crosses a peer link, then climbs.
        const std::vector<AsLink> links = {p2p(1, 2), p2c(3, 2)};
        const auto g = net::AsGraph::from_links(links);
        const std::vector<VertexId> path = {id(g, 1), id(g, 2), id(g, 3)};
        CHECK_FALSE(net::is_valley_free(g, path));
        CHECK_FALSE(reaches(g, 1, {3}));
        CHECK_FALSE(reaches(g, 3, {1}));  // and the reverse direction alike
        CHECK(reaches(g, 1, {2}));
        CHECK(reaches(g, 3, {2}));
        // Plain routing ignores the rule.
        std::vector<VertexId> t = {id(g, 3)};
        CHECK(net::reach(g, t, {}, net::Routing::plain)[id(g, 1)]);
    }
    SECTION("provider→customer→provider is a valley and is rejected") {
        // 1 and 3 are both providers of 2; 2 does not give transit between them.
        const std::vector<AsLink> links = {p2c(1, 2), p2c(3, 2)};
        const auto g = net::AsGraph::from_links(links);
        const std::vector<VertexId> path = {id(g, 1), id(g, 2), id(g, 3)};
        CHECK_FALSE(net::is_valley_free(g, path));
        CHECK_FALSE(reaches(g, 1, {3}));
        CHECK(reaches(g, 2, {1}));
        CHECK(reaches(g, 2, {3}));
    }
    SECTION("two peer links are rejected") {
        const std::vector<AsLink> links = {p2p(1, 2), p2p(2, 3)};
        const auto g = net::AsGraph::from_links(links);
        CHECK_FALSE(reaches(g, 1, {3}));
    }
    SECTION("c2p*, one p2p, p2c* is accepted") {
        // 1 → 2 → 3 climbing, 3 -peer- 4, 4 → 5 → 6 descending.
        const std::vector<AsLink> links = {p2c(2, 1), p2c(3, 2), p2p(3, 4), p2c(4, 5), p2c(5, 6)};
        const auto g = net::AsGraph::from_links(links);
        std::vector<VertexId> path;
        for (Asn a : {1, 2, 3, 4, 5, 6}) path.push_back(id(g, a));
        CHECK(net::is_valley_free(g, path));
        CHECK(reaches(g, 1, {6}));
        CHECK(reaches(g, 6, {1}));
        CHECK_FALSE(reaches(g, 1, {6}, {4}));  // cutting the peer end breaks it
        // Without the peer link: climb then descend through the top.
        const std::vector<AsLink> tree = {p2c(2, 1), p2c(3, 2), p2c(3, 5), p2c(5, 6)};
        const auto t = net::AsGraph::from_links(tree);
        CHECK(reaches(t, 1, {6}));
        CHECK(reaches(t, 3, {1}));
    }
    SECTION("a customer chain reaches its top provider and back") {
        // 1 is a customer of 2; 2 is a customer of 3: both directions work.
        const std::vector<AsLink> links = {p2c(2, 1), p2c(3, 2)};
        const auto g = net::AsGraph::from_links(links);
        CHECK(reaches(g, 1, {3}));
        CHECK(reaches(g, 3, {1}));
    }
}

TEST_CASE("valley-free reachability matches brute-force path enumeration", "[network][valley-free]") {
    std::mt19937 rng(20180101);
    int checked = 0, reached = 0;
    for (int trial = 0; trial < 300; ++trial) {
        const int n = 4 + static_cast<int>(rng() % 7);
        const auto rg = random_graph(rng, n, 0.35, 0.4);
        const Oracle o(rg.links);
        std::vector<std::uint8_t> is_target(n, 0), cut(n, 0);
        std::vector<VertexId> targets;
        for (int v = 0; v < n; ++v) {
            if (rng() % 4 == 0) {
                is_target[v] = 1;
                targets.push_back(v);
            } else if (rng() % 6 == 0) {
                cut[v] = 1;
            }
        }
        for (auto routing : {net::Routing::valley_free, net::Routing::plain}) {
            const auto got = net::reach(rg.g, targets, cut, routing);
            for (int v = 0; v < n; ++v) {
                bool want;
                if (routing == net::Routing::valley_free) {
                    want = brute_reaches(o, n, v, is_target, cut);
                } else {
                    // Plain: all links usable both ways = every relation a peer-free climb.
                    std::vector<std::tuple<VertexId, VertexId, bool>> undirected;
                    for (auto [a, b, p] : rg.links) {
                        undirected.emplace_back(a, b, false);
                        undirected.emplace_back(b, a, false);
                    }
                    Oracle any(undirected);
                    for (auto& [k, r] : any.rel) r = 'u';
                    want = brute_reaches(any, n, v, is_target, cut);
                }
                INFO("trial " << trial << " vertex " << v);
                REQUIRE((got[v] != 0) == want);
                ++checked;
                reached += want;
            }
        }
        // The CSR path checker agrees with the oracle on random walks.
        for (int k = 0; k < 5; ++k) {
            std::vector<VertexId> path{static_cast<VertexId>(rng() % n)};
            for (int step = 0; step < 4; ++step) {
                const auto nb = rg.g.neighbours(path.back());
                if (nb.empty()) break;
                path.push_back(nb[rng() % nb.size()]);
            }
            REQUIRE(net::is_valley_free(rg.g, path) == o.valley_free(path));
        }
    }
    // The random graphs exercise both outcomes.
    CHECK(reached > checked / 5);
    CHECK(reached < checked);
}

TEST_CASE("union-find components match a BFS labelling", "[network][asgraph]") {
    std::mt19937 rng(7);
    for (int trial = 0; trial < 50; ++trial) {
        const int n = 5 + static_cast<int>(rng() % 30);
        const auto rg = random_graph(rng, n, 0.06, 0.3);
        const auto c = net::connected_components(rg.g);
        std::vector<int> label(n, -1);
        std::size_t count = 0;
        for (int s = 0; s < n; ++s) {
            if (label[s] >= 0) continue;
            ++count;
            std::vector<VertexId> stack{static_cast<VertexId>(s)};
            label[s] = s;
            while (!stack.empty()) {
                VertexId v = stack.back();
                stack.pop_back();
                for (VertexId u : rg.g.neighbours(v))
                    if (label[u] < 0) label[u] = s, stack.push_back(u);
            }
        }
        REQUIRE(c.count == count);
        for (int v = 0; v < n; ++v) REQUIRE(c.label[v] == static_cast<VertexId>(label[v]));
    }
}
