// The AS-level replay model (models/network/as_level.cpp) and link targets
// (sim/scenario.cpp, models/network/national.cpp): agreement with the
// national graph where both must agree, the valley-free rule where they
// must not, and the generic search as an oracle on the real KZ graph.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <set>

#include "../support.hpp"
#include "rubilnik/error.hpp"
#include "rubilnik/network.hpp"
#include "rubilnik/network/as_level.hpp"
#include "rubilnik/scenario.hpp"
#include "rubilnik/timeline.hpp"

using namespace rubilnik;
using namespace rubilnik::test;
namespace net = rubilnik::network;

namespace {

const char* kHeader = "schema = \"rubilnik.scenario/1\"\nname = \"t\"\n";
const char* kWindow = "window = { start = \"2022-01-05T00:00+06:00\", end = \"2022-01-05T12:00+06:00\" }\n";

// A scenario over `baseline` (absolute) with the given events.
Scenario scenario_over(const TempDir& dir, const std::filesystem::path& baseline, const std::string& events) {
    write_file(dir / "s.toml", std::string(kHeader) + "baseline = \"" + baseline.string() + "\"\n" + kWindow + events);
    return load_scenario((dir / "s.toml").string());
}

// The mini fixture with a hand-made AS graph (country XX):
//   foreign 900 → provider of 100 (inc); 100 → provider of 200 (mob);
//   foreign 901 → provider of 101 (inc); 200 — peer of domestic 150;
//   foreign 902 → provider of 150.
// With AS100 cut, mob's AS200 reaches 150 only over a peer link, and 150's
// route abroad climbs to its provider: peer-then-provider, a valley.
void mini_with_as_rel(const TempDir& dir) {
    copy_mini(dir);
    write_file(dir / "mini" / "as-rel.csv",
               "as_a,as_b,rel,cc_a,cc_b,name_a,name_b,source\n"
               "900,100,-1,DE,XX,UP-A,INC-MAIN,test\n"
               "100,200,-1,XX,XX,INC-MAIN,MOB,test\n"
               "901,101,-1,RU,XX,UP-B,INC-2,test\n"
               "150,200,0,XX,XX,SMALL-ISP,MOB,test\n"
               "902,150,-1,CN,XX,UP-C,SMALL-ISP,test\n");
    replace_in_file(dir / "mini" / "baseline.toml", "links = \"links.csv\"",
                    "links = \"links.csv\"\nas_rel = \"as-rel.csv\"");
}

std::size_t access_of(const Baseline& b, const NetworkModel& m, const std::string& id) {
    const auto n = *b.node_index(id);
    const auto& a = m.access_nodes();
    return static_cast<std::size_t>(std::find(a.begin(), a.end(), n) - a.begin());
}

std::vector<std::size_t> access_of_operator(const Baseline& b, const NetworkModel& m, const std::string& op) {
    std::vector<std::size_t> out;
    const auto& a = m.access_nodes();
    for (std::size_t k = 0; k < a.size(); ++k)
        if (b.operators[*b.nodes[a[k]].op].id == op) out.push_back(k);
    return out;
}

Connectivity at_start(const Scenario& sc, const NetworkModel& m) {
    const auto tl = compile_timeline(sc);
    return m.evaluate(apply_events(sc, tl.states[tl.segments.front().state]));
}

}  // namespace

TEST_CASE("a baseline with as_rel gets the AS-level model", "[network][as-level]") {
    TempDir dir;
    mini_with_as_rel(dir);
    const auto b = load_baseline((dir / "mini").string());
    auto model = make_network_model(b);
    const auto* as = dynamic_cast<const AsLevelNetwork*>(model.get());
    REQUIRE(as != nullptr);
    CHECK(as->topology().domestic == std::vector<net::Asn>{100, 101, 150, 200});
    // Both operators have an AS that reaches abroad before any cut.
    CHECK(as->constrained() == std::vector<std::uint8_t>{1, 1});
    const auto plain = load_baseline((data_dir() / "mini").string());
    CHECK(dynamic_cast<const NationalGraph*>(make_network_model(plain).get()) != nullptr);
}

TEST_CASE("an asn cut follows valley-free routes and leaves domestic reach to the national graph",
          "[network][as-level]") {
    TempDir dir;
    mini_with_as_rel(dir);
    const auto sc = scenario_over(dir, dir / "mini", R"(
[[event]]
id = "cut-inc-main"
action = "cut"
target = { asn = [100] }
from = "2022-01-05T00:00+06:00"
to = "2022-01-05T06:00+06:00"
source = "test"
)");
    REQUIRE(sc.instances.size() == 1);
    CHECK(sc.instances[0].asns == std::vector<std::uint32_t>{100});
    CHECK(sc.instances[0].nodes.empty());  // the national graph is not touched
    const AsLevelNetwork as(sc.baseline);
    const NationalGraph national(sc.baseline);
    const auto c = at_start(sc, as);
    const auto n = at_start(sc, national);
    const auto mob = access_of_operator(sc.baseline, as, "mob");
    const auto inc = access_of_operator(sc.baseline, as, "inc");
    REQUIRE(!mob.empty());
    REQUIRE(!inc.empty());
    // mob: only peer-then-provider is left (a valley): no route abroad.
    for (auto k : mob) {
        CHECK_FALSE(c.international[k]);
        CHECK(c.throughput[k] == 0.0);
        CHECK(c.domestic[k]);       // the exchange and the bank are domestic
        CHECK(n.international[k]);  // the national graph alone would keep it
    }
    // inc keeps AS101, which has its own foreign provider.
    for (auto k : inc) CHECK(c.international[k]);
    // Foreign services follow the world, domestic ones the national graph.
    const auto& svc = as.services();
    for (std::size_t j = 0; j < svc.size(); ++j) {
        const bool foreign = !sc.baseline.nodes[svc[j]].domestic;
        for (auto k : mob) CHECK(c.service[j][k] == (foreign ? ServiceReach::unreachable : ServiceReach::reachable));
    }
    // The whole replay: the cut set {100} and the uncut state, each computed once.
    const auto tl = compile_timeline(sc);
    for (const auto& st : tl.states) as.evaluate(apply_events(sc, st));
    for (const auto& st : tl.states) as.evaluate(apply_events(sc, st));
    CHECK(as.cached_cut_sets() == 2);
}

TEST_CASE("cutting an operator's core and cutting all its ASes agree on international reach", "[network][as-level]") {
    TempDir dir;
    const auto kz = source_dir() / "scenarios" / "countries" / "kz";
    const auto sc = scenario_over(dir, kz, "");
    const AsLevelNetwork as(sc.baseline);
    const NationalGraph national(sc.baseline);
    const auto& b = sc.baseline;
    const auto base = apply_events(sc, {});
    // Before any cut the AS layer changes nothing: every operator with users
    // has an AS that reaches abroad.
    {
        const auto c = as.evaluate(base), n = national.evaluate(base);
        CHECK(c.international == n.international);
        CHECK(c.domestic == n.domestic);
        CHECK(c.throughput == n.throughput);
        CHECK(c.service == n.service);
    }
    for (std::size_t o = 0; o < b.operators.size(); ++o) {
        const auto& op = b.operators[o];
        INFO("operator " << op.id);
        auto core_cut = base;
        core_cut.cut[*b.node_index("core:" + op.id)] = 1;
        auto as_cut = base;
        as_cut.cut_asns = as.topology().operator_asns[o];
        const auto c = as.evaluate(core_cut), n = national.evaluate(core_cut), a = as.evaluate(as_cut);
        for (std::size_t k = 0; k < c.international.size(); ++k) {
            // The AS layer only ever removes reach (a conjunction of two layers).
            CHECK((!c.international[k] || n.international[k]));
            CHECK((!a.international[k] || c.international[k] || !n.international[k]));
        }
        for (auto k : access_of_operator(b, as, op.id)) {
            CHECK_FALSE(n.international[k]);
            CHECK_FALSE(c.international[k]);
            if (!as.topology().operator_asns[o].empty() && as.constrained()[o]) {
                CHECK_FALSE(a.international[k]);
                CHECK(a.domestic[k]);  // an AS cut withdraws routes abroad only
            }
        }
    }
}

TEST_CASE("operators_abroad matches the generic valley-free search on the KZ graph", "[network][as-level]") {
    TempDir dir;
    const auto sc = scenario_over(dir, source_dir() / "scenarios" / "countries" / "kz", "");
    const AsLevelNetwork as(sc.baseline);
    const auto& t = as.topology();
    const auto& g = t.extract.graph;
    std::vector<net::VertexId> foreign;
    for (net::VertexId v = 0; v < g.num_vertices(); ++v)
        if (!std::binary_search(t.domestic.begin(), t.domestic.end(), g.asn(v))) foreign.push_back(v);
    std::mt19937 rng(7);
    for (int trial = 0; trial < 60; ++trial) {
        std::vector<net::Asn> cut;
        std::bernoulli_distribution pick(trial % 3 == 0 ? 0.05 : 0.2);
        for (auto a : t.domestic)
            if (pick(rng)) cut.push_back(a);
        std::vector<std::uint8_t> mask(g.num_vertices(), 0);
        for (auto a : cut) mask[*g.find(a)] = 1;
        const auto reached = net::reach(g, foreign, mask);
        const auto ok = as.operators_abroad(cut);
        for (std::size_t o = 0; o < ok.size(); ++o) {
            bool any = false;
            for (auto a : t.operator_asns[o]) any = any || reached[*g.find(a)];
            CHECK(ok[o] == any);
        }
    }
}

TEST_CASE("the KZ replay meets only one cut set on the AS graph", "[network][as-level]") {
    const auto sc = load_scenario((source_dir() / "scenarios" / "kz-2022-01.toml").string());
    const AsLevelNetwork as(sc.baseline);
    const auto tl = compile_timeline(sc);
    for (const auto& st : tl.states) as.evaluate(apply_events(sc, st));
    // The replay cuts access networks, never cores or ASes.
    CHECK(as.cached_cut_sets() == 1);
    CHECK(tl.states.size() > 10);
}

TEST_CASE("asn targets on an AS-level baseline are checked", "[network][as-level][scenario]") {
    TempDir dir;
    mini_with_as_rel(dir);
    auto event = [](const std::string& action, const std::string& target) {
        return "[[event]]\nid = \"e\"\naction = \"" + action + "\"\ntarget = " + target +
               "\nfrom = \"2022-01-05T00:00+06:00\"\nto = \"2022-01-05T06:00+06:00\"\nsource = \"test\"\n" +
               (action == "throttle" ? "factor = 0.5\n" : "");
    };
    CHECK_THROWS_WITH(scenario_over(dir, dir / "mini", event("cut", "{ asn = [900] }")),
                      Catch::Contains("AS900 is not an AS of XX") && Catch::Contains("s.toml:"));
    CHECK_THROWS_WITH(scenario_over(dir, dir / "mini", event("cut", "{ asn = [555] }")),
                      Catch::Contains("AS555 is not an AS of XX"));
    CHECK_THROWS_AS(scenario_over(dir, dir / "mini", event("throttle", "{ asn = [100] }")), InputError);
    CHECK_THROWS_WITH(scenario_over(dir, dir / "mini", event("throttle", "{ asn = [100] }")),
                      Catch::Contains("takes cut or restore"));
    // A restore lifts an earlier asn cut.
    const auto sc = scenario_over(dir, dir / "mini",
                                  event("cut", "{ asn = [100, 101] }") +
                                      "[[event]]\nid = \"r\"\naction = \"restore\"\ntarget = { asn = 101 }\n"
                                      "from = \"2022-01-05T02:00+06:00\"\nto = \"2022-01-05T03:00+06:00\"\n"
                                      "source = \"test\"\n");
    const auto tl = compile_timeline(sc);
    std::set<std::vector<std::uint32_t>> seen;
    for (const auto& st : tl.states) seen.insert(apply_events(sc, st).cut_asns);
    CHECK(seen == std::set<std::vector<std::uint32_t>>{{}, {100}, {100, 101}});
}

TEST_CASE("a malformed as_rel table is rejected when the baseline loads", "[network][as-level]") {
    TempDir dir;
    mini_with_as_rel(dir);
    replace_in_file(dir / "mini" / "as-rel.csv", "100,200,-1,XX,XX,INC-MAIN,MOB,test",
                    "100,200,1,XX,XX,INC-MAIN,MOB,test");
    CHECK_THROWS_AS(load_baseline((dir / "mini").string()), InputError);
    CHECK_THROWS_WITH(load_baseline((dir / "mini").string()), Catch::Contains("as-rel.csv:3"));
    replace_in_file(dir / "mini" / "as-rel.csv", "100,200,1,XX,XX,INC-MAIN,MOB,test", "100,200,-1,XX,XX,INC-MAIN,MOB,");
    CHECK_THROWS_WITH(load_baseline((dir / "mini").string()),
                      Catch::Contains("as-rel.csv:3") && Catch::Contains("every row needs a source"));
}

// ---------------------------------------------------------------------------
// Link targets on the national graph (tests/data/mini: core:inc—gw—foreign).

TEST_CASE("link targets cut, throttle and restore links in either direction", "[network][link]") {
    TempDir dir;
    copy_mini(dir);
    auto one = [&](const std::string& action, const std::string& link, const std::string& extra = "") {
        return scenario_over(
            dir, dir / "mini",
            "[[event]]\nid = \"e\"\naction = \"" + action + "\"\ntarget = { link = " + link +
                " }\nfrom = \"2022-01-05T00:00+06:00\"\nto = \"2022-01-05T06:00+06:00\"\nsource = \"test\"\n" + extra);
    };
    for (const char* form :
         {"[\"gw--foreign-internet\"]", "[[\"foreign-internet\", \"gw\"]]", "\"gw--foreign-internet\""}) {
        INFO(form);
        const auto sc = one("cut", form);
        REQUIRE(sc.instances.size() == 1);
        CHECK(sc.instances[0].links.size() == 1);
        const NationalGraph g(sc.baseline);
        const auto c = at_start(sc, g);
        for (std::size_t k = 0; k < c.international.size(); ++k) {
            CHECK_FALSE(c.international[k]);
            CHECK(c.domestic[k]);
        }
    }
    {
        // mob reaches the gateway through core:inc or through the exchange;
        // one link cut leaves the other path.
        const auto sc = one("cut", "[\"core:mob--core:inc\"]");
        const NationalGraph g(sc.baseline);
        const auto c = at_start(sc, g);
        CHECK(c.international[access_of(sc.baseline, g, "access:EAST:mob:mobile")]);
        const auto both = one("cut", "[\"core:mob--core:inc\", \"core:mob--ix\"]");
        const NationalGraph g2(both.baseline);
        const auto c2 = at_start(both, g2);
        const auto k = access_of(both.baseline, g2, "access:EAST:mob:mobile");
        CHECK_FALSE(c2.international[k]);
        CHECK_FALSE(c2.domestic[k]);
        CHECK(c2.international[access_of(both.baseline, g2, "access:EAST:inc:fixed")]);
    }
    {
        // A generated access link: that access network alone is cut off.
        const auto sc = one("cut", "[\"access:WEST:inc:fixed--core:inc\"]");
        const NationalGraph g(sc.baseline);
        const auto c = at_start(sc, g);
        CHECK_FALSE(c.international[access_of(sc.baseline, g, "access:WEST:inc:fixed")]);
        CHECK_FALSE(c.domestic[access_of(sc.baseline, g, "access:WEST:inc:fixed")]);
        CHECK(c.international[access_of(sc.baseline, g, "access:EAST:inc:fixed")]);
    }
    {
        // Throttling the only way out bounds every throughput; a later restore lifts it.
        const auto sc =
            one("throttle", "[\"core:inc--gw\"]",
                "factor = 0.4\n[[event]]\nid = \"r\"\naction = \"restore\"\ntarget = { link = \"gw--core:inc\" }\n"
                "from = \"2022-01-05T03:00+06:00\"\nto = \"2022-01-05T06:00+06:00\"\nsource = \"test\"\n");
        const NationalGraph g(sc.baseline);
        const auto tl = compile_timeline(sc);
        for (const auto& seg : tl.segments) {
            const auto c = g.evaluate(apply_events(sc, tl.states[seg.state]));
            const auto t = seg.span.start.minutes - sc.window.start.minutes;
            const double expected = t < 180 ? 0.4 : 1.0;
            for (std::size_t k = 0; k < c.throughput.size(); ++k) CHECK(c.throughput[k] == Approx(expected));
            if (t >= 360) break;
        }
    }
}

TEST_CASE("bad link targets name the file and what is wrong", "[network][link][scenario]") {
    TempDir dir;
    copy_mini(dir);
    auto load = [&](const std::string& action, const std::string& link) {
        return scenario_over(dir, dir / "mini",
                             "[[event]]\nid = \"e\"\naction = \"" + action + "\"\ntarget = { link = " + link +
                                 ", services = [\"chat\"] }\nfrom = \"2022-01-05T00:00+06:00\"\nto = "
                                 "\"2022-01-05T06:00+06:00\"\nsource = \"test\"\n");
    };
    auto cut = [&](const std::string& link) {
        return scenario_over(
            dir, dir / "mini",
            "[[event]]\nid = \"e\"\naction = \"cut\"\ntarget = { link = " + link +
                " }\nfrom = \"2022-01-05T00:00+06:00\"\nto = \"2022-01-05T06:00+06:00\"\nsource = \"test\"\n");
    };
    CHECK_THROWS_WITH(cut("[\"core:mob--gw\"]"), Catch::Contains("s.toml:") && Catch::Contains("names no link"));
    CHECK_THROWS_WITH(cut("[[\"core:mob\", \"nowhere\"]]"), Catch::Contains("no link joins 'core:mob' and 'nowhere'"));
    CHECK_THROWS_WITH(cut("[[\"core:mob\"]]"), Catch::Contains("two node ids"));
    CHECK_THROWS_WITH(cut("[42]"), Catch::Contains("expected \"from--to\""));
    CHECK_THROWS_WITH(cut("[]"), Catch::Contains("empty"));
    CHECK_THROWS_AS(load("block", "[\"gw--foreign-internet\"]"), InputError);
    CHECK_THROWS_WITH(load("block", "[\"gw--foreign-internet\"]"), Catch::Contains("cut, restore or throttle"));
}
