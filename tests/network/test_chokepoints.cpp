// Chokepoint analysis against brute force, and on the real KZ 2018 graph
// (models/network/chokepoints.cpp, docs/network-as.md).
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "rubilnik/error.hpp"
#include "rubilnik/network/caida.hpp"
#include "rubilnik/network/chokepoints.hpp"

#ifndef RUBILNIK_SOURCE_DIR
#define RUBILNIK_SOURCE_DIR "."  // the build should pass the repository root
#endif

namespace net = rubilnik::network;
using net::AsLink;
using net::Asn;

namespace {

AsLink p2c(Asn a, Asn b) { return {a, b, AsLink::Kind::provider_customer}; }
AsLink p2p(Asn a, Asn b) { return {a, b, AsLink::Kind::peer}; }

// The oracle works on the whole graph with the generic search: targets are
// all foreign ASes, `cut` ASes removed. Returns the connected domestic ASNs.
std::vector<Asn> connected_full(const net::AsGraph& g, const std::vector<Asn>& domestic, const std::vector<Asn>& cut,
                                net::Routing routing) {
    std::vector<net::VertexId> foreign;
    for (net::VertexId v = 0; v < g.num_vertices(); ++v)
        if (!std::binary_search(domestic.begin(), domestic.end(), g.asn(v))) foreign.push_back(v);
    std::vector<std::uint8_t> mask(g.num_vertices(), 0);
    for (Asn a : cut) mask[*g.find(a)] = 1;
    const auto r = net::reach(g, foreign, mask, routing);
    std::vector<Asn> out;
    for (Asn a : domestic)
        if (auto v = g.find(a); v && r[*v]) out.push_back(a);
    return out;
}

double weight_lost(const net::AsGraph& g, const std::vector<Asn>& domestic, const std::vector<Asn>& cut,
                   net::Routing routing, const std::vector<Asn>& base, const net::UserWeights& w) {
    const auto now = connected_full(g, domestic, cut, routing);
    double lost = 0;
    for (Asn a : base)
        if (!std::binary_search(now.begin(), now.end(), a)) lost += w.at(a);
    return lost;
}

struct Case {
    net::AsGraph g;
    std::vector<Asn> domestic;  // ascending
    net::UserWeights users;
};

// Random country: ASNs 1..n, the first `d` domestic, a few foreign ASes with
// a provider hierarchy and peers, domestic ASes hanging below and beside.
Case random_case(std::mt19937& rng, int n, int d) {
    std::uniform_real_distribution<double> u(0, 1);
    std::vector<AsLink> links;
    std::vector<int> degree(n + 1, 0);
    for (int a = 1; a <= n; ++a)
        for (int b = a + 1; b <= n; ++b) {
            // Dense abroad, a domestic hierarchy, few links across the border.
            const int foreign_ends = (a > d) + (b > d);
            const double p = foreign_ends == 2 ? 0.6 : foreign_ends == 1 ? 0.12 : 0.35;
            if (u(rng) >= p) continue;
            ++degree[a], ++degree[b];
            if (u(rng) < 0.3) links.push_back(p2p(a, b));
            else if (u(rng) < 0.5) links.push_back(p2c(a, b));
            else links.push_back(p2c(b, a));
        }
    for (int a = 1; a <= n; ++a) {  // every ASN is present
        if (degree[a] > 0) continue;
        const int lo = a <= d ? 1 : d + 1, hi = a <= d ? d : n;
        int other = lo + static_cast<int>(rng() % (hi - lo + 1));
        if (other == a) other = a == hi ? lo : a + 1;
        if (other == a) other = a == n ? 1 : n;  // a one-AS side: link across
        links.push_back(p2c(other, a));
        ++degree[other];
    }
    Case c{net::AsGraph::from_links(links), {}, {}};
    for (int a = 1; a <= d; ++a) {
        c.domestic.push_back(a);
        c.users[a] = 1 + static_cast<int>(rng() % 20);
    }
    return c;
}

// Smallest |C|, C ⊆ domestic, whose cut loses at least `share` of weight.
std::size_t brute_min_cut(const Case& c, net::Routing routing, double share, const std::vector<Asn>& base,
                          const std::vector<std::vector<Asn>>& entities) {
    double total = 0;
    for (Asn a : base) total += c.users.at(a);
    std::size_t best = entities.size() + 1;
    for (std::uint32_t mask = 0; mask < (1u << entities.size()); ++mask) {
        const auto k = static_cast<std::size_t>(__builtin_popcount(mask));
        if (k >= best) continue;
        std::vector<Asn> cut;
        for (std::size_t e = 0; e < entities.size(); ++e)
            if (mask >> e & 1) cut.insert(cut.end(), entities[e].begin(), entities[e].end());
        if (weight_lost(c.g, c.domestic, cut, routing, base, c.users) >= share * total - 1e-9) best = k;
    }
    return best;
}

const char* name(net::Routing r) { return r == net::Routing::plain ? "plain" : "valley-free"; }

}  // namespace

TEST_CASE("single cuts on hand-made graphs", "[network][chokepoints]") {
    // Foreign 100, 101, 102. Domestic 1..5.
    // 1 has foreign provider 100 and domestic customers 2, 3.
    // 4 has foreign provider 101 and customer 2: 2 is double-homed.
    // 5 is a customer of 3 only; 3 is a customer of 1 only.
    const std::vector<AsLink> links = {p2c(100, 1), p2c(1, 2), p2c(1, 3),    p2c(101, 4),
                                       p2c(4, 2),   p2c(3, 5), p2p(100, 101)};
    const auto g = net::AsGraph::from_links(links);
    const std::vector<Asn> kz = {1, 2, 3, 4, 5};
    const auto r = net::analyse_chokepoints(g, kz);
    REQUIRE(r.connected_ases == 5);
    auto find = [&](Asn a) { return *std::find_if(r.ases.begin(), r.ases.end(), [&](auto& x) { return x.asn == a; }); };
    CHECK(find(1).isolated_ases == 3);  // 1, 3, 5
    CHECK(find(3).isolated_ases == 2);  // 3, 5
    CHECK(find(2).isolated_ases == 1);
    CHECK(find(4).isolated_ases == 1);
    CHECK_FALSE(find(4).single_point);
    CHECK(r.ases.front().asn == 1);
    REQUIRE(r.single_points.size() == 2);
}

TEST_CASE("two states of one AS dominate jointly", "[network][chokepoints]") {
    // Domestic 1 has a foreign customer 100 (reachable climbing) and a
    // foreign peer 101 (reachable descending); domestic 2 is 1's only
    // customer. Neither state alone dominates 2; cutting AS1 isolates it.
    const std::vector<AsLink> links = {p2c(1, 100), p2p(1, 101), p2c(1, 2), p2c(102, 100), p2c(102, 101)};
    const auto g = net::AsGraph::from_links(links);
    const std::vector<Asn> kz = {1, 2};
    const net::DomesticGraph dg(g, kz, net::Routing::valley_free);
    CHECK(dg.climbs(0));
    const std::vector<double> w = {1, 1};
    const auto impact = net::single_cut_impact(dg, w);
    CHECK(impact.ases[0] == 2);
    CHECK(impact.ases[1] == 1);
}

TEST_CASE("valley-free and plain routing differ on a valley", "[network][chokepoints]") {
    // Domestic 2 is a provider of domestic 1, which buys transit abroad from
    // 100. 2 → 1 → 100 descends then climbs: no valley-free route abroad.
    const std::vector<AsLink> links = {p2c(100, 1), p2c(2, 1)};
    const auto g = net::AsGraph::from_links(links);
    const std::vector<Asn> kz = {1, 2};
    const auto vf = net::analyse_chokepoints(g, kz);
    CHECK(vf.disconnected == std::vector<Asn>{2});
    CHECK(vf.connected_ases == 1);
    net::ChokepointOptions o;
    o.routing = net::Routing::plain;
    const auto plain = net::analyse_chokepoints(g, kz, o);
    CHECK(plain.disconnected.empty());
    CHECK(plain.single_points.front().asn == 1);
}

TEST_CASE("dominator single cuts match removal-and-search", "[network][chokepoints]") {
    std::mt19937 rng(42);
    int single_points = 0;
    for (int trial = 0; trial < 200; ++trial) {
        const int d = 3 + static_cast<int>(rng() % 8);
        const Case c = random_case(rng, d + 2 + static_cast<int>(rng() % 4), d);
        for (auto routing : {net::Routing::valley_free, net::Routing::plain}) {
            const net::DomesticGraph dg(c.g, c.domestic, routing);
            std::vector<double> w;
            for (Asn a : dg.asns()) w.push_back(c.users.at(a));
            const auto impact = net::single_cut_impact(dg, w);
            const auto base = connected_full(c.g, c.domestic, {}, routing);
            for (std::size_t i = 0; i < dg.size(); ++i) {
                INFO("trial " << trial << " " << name(routing) << " AS" << dg.asn(i));
                REQUIRE(dg.baseline()[i] == std::binary_search(base.begin(), base.end(), dg.asn(i)));
                const double lost = weight_lost(c.g, c.domestic, {dg.asn(i)}, routing, base, c.users);
                REQUIRE(impact.weight[i] == Approx(lost));
                single_points += impact.ases[i] > 1;
            }
        }
    }
    CHECK(single_points > 50);  // the graphs are not trivially flat
}

TEST_CASE("max-flow isolating cuts match exhaustive search", "[network][chokepoints]") {
    std::mt19937 rng(7);
    int gaps = 0;
    for (int trial = 0; trial < 150; ++trial) {
        const int d = 3 + static_cast<int>(rng() % 7);
        const Case c = random_case(rng, d + 3, d);
        for (auto routing : {net::Routing::valley_free, net::Routing::plain}) {
            const net::DomesticGraph dg(c.g, c.domestic, routing);
            const auto base = connected_full(c.g, c.domestic, {}, routing);
            if (base.empty()) continue;
            std::vector<Asn> targets;
            for (Asn a : base)
                if (rng() % 2) targets.push_back(a);
            if (targets.empty()) targets.push_back(base.front());
            // Exhaustive: smallest domestic set whose cut isolates all targets.
            std::size_t best = c.domestic.size() + 1;
            for (std::uint32_t mask = 0; mask < (1u << c.domestic.size()); ++mask) {
                const auto k = static_cast<std::size_t>(__builtin_popcount(mask));
                if (k >= best) continue;
                std::vector<Asn> cut;
                for (std::size_t i = 0; i < c.domestic.size(); ++i)
                    if (mask >> i & 1) cut.push_back(c.domestic[i]);
                const auto now = connected_full(c.g, c.domestic, cut, routing);
                const bool all = std::none_of(targets.begin(), targets.end(),
                                              [&](Asn t) { return std::binary_search(now.begin(), now.end(), t); });
                if (all) best = k;
            }
            const auto got = net::min_isolating_cut(dg, targets);
            INFO("trial " << trial << " " << name(routing));
            // The returned cut really isolates every target.
            const auto now = connected_full(c.g, c.domestic, got.cut, routing);
            for (Asn t : targets) REQUIRE_FALSE(std::binary_search(now.begin(), now.end(), t));
            REQUIRE(got.lower_bound <= best);
            REQUIRE(best <= got.cut.size());
            if (routing == net::Routing::plain) REQUIRE(got.cut.size() == best);
            if (got.exact) REQUIRE(got.cut.size() == best);
            gaps += got.cut.size() != best;
        }
    }
    std::cout << "valley-free isolating cuts above the optimum: " << gaps << "\n";
}

TEST_CASE("share plans match exhaustive enumeration", "[network][chokepoints]") {
    std::mt19937 rng(2022);
    int heuristic_gaps = 0;
    for (int trial = 0; trial < 80; ++trial) {
        const int d = 4 + static_cast<int>(rng() % 7);
        const Case c = random_case(rng, d + 3, d);
        for (auto routing : {net::Routing::valley_free, net::Routing::plain}) {
            net::ChokepointOptions o;
            o.routing = routing;
            o.users = c.users;
            // Operators: random groups of domestic ASes, the rest on their own.
            std::vector<std::vector<Asn>> groups(2);
            for (Asn a : c.domestic)
                if (rng() % 3 == 0) groups[rng() % 2].push_back(a);
            for (std::size_t k = 0; k < groups.size(); ++k)
                if (!groups[k].empty()) o.operators["op" + std::to_string(k)] = groups[k];
            const auto base = connected_full(c.g, c.domestic, {}, routing);
            if (base.empty()) continue;  // nothing to isolate: every share is vacuous
            for (std::uint64_t budget : {std::uint64_t{200000}, std::uint64_t{0}}) {
                o.max_evaluations = budget;
                const auto r = net::analyse_chokepoints(c.g, c.domestic, o);
                std::vector<std::vector<Asn>> as_entities, op_entities;
                for (Asn a : c.domestic) as_entities.push_back({a});
                for (const auto& [nm, asns] : o.operators) op_entities.push_back(asns);
                for (Asn a : c.domestic) {
                    bool owned = false;
                    for (const auto& gr : groups) owned |= std::count(gr.begin(), gr.end(), a) > 0;
                    if (!owned) op_entities.push_back({a});
                }
                for (std::size_t s = 0; s < o.shares.size(); ++s) {
                    for (int level = 0; level < 2; ++level) {
                        if (level == 1 && o.operators.empty()) continue;
                        const auto& plan = level == 0 ? r.as_cuts[s] : r.operator_cuts[s];
                        const std::size_t want =
                            brute_min_cut(c, routing, o.shares[s], base, level == 0 ? as_entities : op_entities);
                        INFO("trial " << trial << " " << name(routing) << " share " << o.shares[s] << " level " << level
                                      << " budget " << budget);
                        // The plan is valid: it really loses what it claims.
                        const double lost = weight_lost(c.g, c.domestic, plan.asns, routing, base, c.users);
                        REQUIRE(lost == Approx(plan.isolated_weight));
                        REQUIRE(plan.isolated_share >= o.shares[s] - 1e-9);
                        REQUIRE(plan.lower_bound <= want);
                        REQUIRE(want <= plan.cut.size());
                        if (plan.exact) REQUIRE(plan.cut.size() == want);
                        if (budget > 0) REQUIRE(plan.exact);  // small graphs finish
                        heuristic_gaps += plan.cut.size() != want;
                    }
                }
            }
        }
    }
    std::cout << "heuristic share plans above the optimum (budget 0): " << heuristic_gaps << "\n";
}

TEST_CASE("chokepoint inputs are validated", "[network][chokepoints]") {
    const std::vector<AsLink> links = {p2c(100, 1), p2c(1, 2)};
    const auto g = net::AsGraph::from_links(links);
    const std::vector<Asn> kz = {1, 2};
    net::ChokepointOptions o;
    o.shares = {0.5, 1.5};
    CHECK_THROWS_WITH(net::analyse_chokepoints(g, kz, o), Catch::Contains("shares") && Catch::Contains("1.5"));
    o.shares = {0.5};
    o.users = net::UserWeights{{1, 10.0}, {2, -3.0}};
    CHECK_THROWS_WITH(net::analyse_chokepoints(g, kz, o), Catch::Contains("AS2"));
    o.users.reset();
    o.operators = {{"a", {1}}, {"b", {1, 2}}};
    CHECK_THROWS_AS(net::analyse_chokepoints(g, kz, o), rubilnik::InputError);
    o.operators = {{"a", {1, 100, 777}}};  // 100 is foreign, 777 unknown
    const auto r = net::analyse_chokepoints(g, kz, o);
    REQUIRE(r.operators.size() == 1);
    CHECK(r.operators[0].asns == std::vector<Asn>{1});
    CHECK(r.operators[0].foreign_asns == std::vector<Asn>{100});
    CHECK(r.operators[0].isolated_ases == 2);
}

TEST_CASE("Kazakhstan on the CAIDA 2018-01-01 graph", "[network][chokepoints][data]") {
    const std::string dir = std::string(RUBILNIK_SOURCE_DIR) + "/tests/data/caida/";
    const auto g = net::read_caida_asrel(dir + "20180101.as-rel.txt.xz");
    const auto names = net::read_asn_names(dir + "ASN_lookup.xz");
    const auto kz = net::country_ases(names, "KZ");
    net::ChokepointOptions o;
    // Operator → ASNs as in scenarios/countries/kz/operators.csv.
    o.operators = {{"kazakhtelecom", {9198, 50482}},
                   {"kcell", {29355}},
                   {"tele2-altel", {29555, 48503}},
                   {"beeline", {21299, 206026}},
                   {"transtelecom", {41798}},
                   {"jusan", {35104}},
                   {"almatv", {39824}},
                   {"others", {43994, 35168, 8200, 15736, 41124, 43370, 48716}}};
    const auto t0 = std::chrono::steady_clock::now();
    const auto r = net::analyse_chokepoints(g, kz, o);
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();

    std::cout << "KZ 2018 (valley-free): " << r.domestic_ases << " KZ ASNs, " << r.missing.size()
              << " not in the graph, " << r.disconnected.size() << " without a valley-free route, " << r.connected_ases
              << " connected; analysis " << ms << " ms\n";
    for (const auto& a : r.single_points)
        std::cout << "  single point AS" << a.asn << " " << names.at(a.asn).name << ": isolates " << a.isolated_ases
                  << " ASes (" << 100 * a.isolated_share << "%)\n";
    for (const auto& p : r.as_cuts) {
        std::cout << "  " << 100 * p.target_share << "%: " << p.cut.size() << " ASes (lower bound " << p.lower_bound
                  << ", " << p.method << ")";
        for (std::size_t k = 0; k < std::min<std::size_t>(p.cut.size(), 6); ++k) std::cout << " " << p.cut[k];
        std::cout << (p.cut.size() > 6 ? " ..." : "") << "\n";
    }
    for (const auto& op : r.operators)
        std::cout << "  operator " << op.name << ": isolates " << op.isolated_ases << " ASes\n";

    REQUIRE(r.connected_ases == 107);
    REQUIRE(r.missing.size() == 72);
    // The two backbones are the two worst single points, far ahead of the rest.
    REQUIRE(r.single_points.size() >= 2);
    const std::vector<Asn> top = {r.single_points[0].asn, r.single_points[1].asn};
    CHECK(std::count(top.begin(), top.end(), 9198) == 1);
    CHECK(std::count(top.begin(), top.end(), 41798) == 1);
    CHECK(r.single_points[1].isolated_ases >= 10);
    CHECK(r.single_points.size() > 2);
    CHECK(r.single_points[2].isolated_ases * 2 < r.single_points[1].isolated_ases);
    // Half of the KZ ASes takes exactly four cuts: both backbones among them.
    const auto& half = r.as_cuts[0];
    CHECK(half.exact);
    CHECK(half.cut.size() == 4);
    CHECK(std::count(half.cut.begin(), half.cut.end(), "AS9198") == 1);
    CHECK(std::count(half.cut.begin(), half.cut.end(), "AS41798") == 1);
    for (const auto& p : r.as_cuts) CHECK(p.isolated_share >= p.target_share);
    // OBIT (AS43370) is Russian in the name list, so it is reported, not cut.
    const auto others =
        std::find_if(r.operators.begin(), r.operators.end(), [](auto& x) { return x.name == "others"; });
    REQUIRE(others != r.operators.end());
    CHECK(others->foreign_asns == std::vector<Asn>{43370});
    CHECK((r.operators[0].name == "transtelecom" || r.operators[0].name == "kazakhtelecom"));
    CHECK(ms < 1000);

    // The shipped extract gives the same answers as the whole Internet.
    const auto ex =
        net::read_asrel_csv(std::string(RUBILNIK_SOURCE_DIR) + "/scenarios/countries/kz/as-rel/kz-as-rel-20180101.csv");
    const auto rx = net::analyse_chokepoints(ex.graph, kz, o);
    REQUIRE(rx.ases.size() == r.ases.size());
    for (std::size_t i = 0; i < r.ases.size(); ++i) {
        CHECK(rx.ases[i].asn == r.ases[i].asn);
        CHECK(rx.ases[i].isolated_ases == r.ases[i].isolated_ases);
    }
    for (std::size_t s = 0; s < r.as_cuts.size(); ++s) CHECK(rx.as_cuts[s].cut == r.as_cuts[s].cut);
}
