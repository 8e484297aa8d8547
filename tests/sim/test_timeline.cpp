#include <catch2/catch.hpp>

#include "../support.hpp"
#include "rubilnik/network.hpp"
#include "rubilnik/timeline.hpp"

using namespace rubilnik;
using namespace rubilnik::test;

namespace {

Scenario scenario_with_events(
    const TempDir& dir, const std::string& events,
    const std::string& window = "start = \"2022-01-05T00:00+06:00\", end = \"2022-01-06T12:00+06:00\"") {
    copy_mini(dir);
    write_file(dir / "s.toml", "schema = \"rubilnik.scenario/1\"\nname = \"t\"\nbaseline = \"mini\"\nwindow = { " +
                                   window + " }\n" + events);
    return load_scenario((dir / "s.toml").string());
}

}  // namespace

TEST_CASE("daily local windows become per-zone UTC intervals", "[timeline]") {
    TempDir dir;
    const auto sc = scenario_with_events(dir, R"(
[[event]]
id = "window"
action = "cut"
target = { scope = "national" }
daily = { local = "09:00-10:00", on = ["2022-01-05"] }
source = "test"
)");
    // EAST is +06:00 and WEST +05:00: the same local hour is an hour apart in UTC.
    REQUIRE(sc.instances.size() == 2);
    std::vector<std::string> starts;
    for (const auto& inst : sc.instances) starts.push_back(format_utc(inst.intervals.at(0).start));
    std::sort(starts.begin(), starts.end());
    CHECK(starts == std::vector<std::string>{"2022-01-05T03:00Z", "2022-01-05T04:00Z"});
}

TEST_CASE("a window across midnight runs into the next day and is clipped to the scenario", "[timeline]") {
    TempDir dir;
    const auto sc = scenario_with_events(dir, R"(
[[event]]
id = "night"
action = "cut"
target = { region = "EAST" }
daily = { local = "22:00-06:00", from = "2022-01-04", to = "2022-01-05" }
source = "test"
)");
    REQUIRE(sc.instances.size() == 1);
    const auto& ivs = sc.instances[0].intervals;
    // 4 Jan 22:00 - 5 Jan 06:00 local is clipped at the window start (5 Jan 00:00 local);
    // 5 Jan 22:00 - 6 Jan 06:00 local lies inside.
    REQUIRE(ivs.size() == 2);
    CHECK(format_utc(ivs[0].start) == "2022-01-04T18:00Z");
    CHECK(format_utc(ivs[0].end) == "2022-01-05T00:00Z");
    CHECK(format_utc(ivs[1].start) == "2022-01-05T16:00Z");
    CHECK(format_utc(ivs[1].end) == "2022-01-06T00:00Z");
}

TEST_CASE("segments are constant-state and split at the hourly grid", "[timeline]") {
    TempDir dir;
    const auto sc = scenario_with_events(dir, R"(
[[event]]
id = "cut"
action = "cut"
target = { scope = "national" }
from = "2022-01-05T01:30+06:00"
to = "2022-01-05T03:15+06:00"
source = "test"
)",
                                         "start = \"2022-01-05T00:00+06:00\", end = \"2022-01-05T05:00+06:00\"");
    const auto tl = compile_timeline(sc);
    CHECK(tl.hours == 5);
    CHECK(tl.states.size() == 2);  // nothing active, the cut
    // 00-01, 01-01:30, 01:30-02, 02-03, 03-03:15, 03:15-04, 04-05
    REQUIRE(tl.segments.size() == 7);
    std::int64_t cut_minutes = 0, total = 0;
    for (const auto& s : tl.segments) {
        total += s.span.length();
        if (!tl.states[s.state].empty()) cut_minutes += s.span.length();
        CHECK((s.span.start.minutes - sc.window.start.minutes) / 60 == static_cast<std::int64_t>(s.hour));
    }
    CHECK(total == 300);
    CHECK(cut_minutes == 105);
}

TEST_CASE("later events override earlier ones on the same node", "[timeline][network]") {
    TempDir dir;
    const auto sc = scenario_with_events(dir, R"(
[[event]]
id = "all-cut"
action = "cut"
target = { scope = "national" }
from = "2022-01-05T00:00+06:00"
to = "2022-01-05T12:00+06:00"
source = "test"

[[event]]
id = "east-fixed-back"
action = "restore"
target = { region = "EAST", access = "fixed" }
from = "2022-01-05T02:00+06:00"
to = "2022-01-05T04:00+06:00"
source = "test"

[[event]]
id = "whitelist"
action = "allow_only"
target = { region = "WEST", services = ["bank"] }
from = "2022-01-05T06:00+06:00"
to = "2022-01-05T08:00+06:00"
source = "test"

[[event]]
id = "chat-block"
action = "block"
target = { scope = "national", services = ["chat"] }
from = "2022-01-05T00:00+06:00"
to = "2022-01-06T12:00+06:00"
source = "test"
)");
    const auto tl = compile_timeline(sc);
    const NationalGraph net(sc.baseline);
    auto state_at = [&](const char* when) {
        const auto t = *parse_timestamp(when);
        for (const auto& s : tl.segments)
            if (s.span.start <= t && t < s.span.end) return net.evaluate(apply_events(sc, tl.states[s.state]));
        throw std::logic_error("no segment");
    };
    auto pos = [&](const char* id) {
        const auto n = *sc.baseline.node_index(id);
        const auto& acc = net.access_nodes();
        return static_cast<std::size_t>(std::find(acc.begin(), acc.end(), n) - acc.begin());
    };
    const auto east_fixed = pos("access:EAST:inc:fixed"), west_mobile = pos("access:WEST:mob:mobile");
    const auto cut = state_at("2022-01-05T01:00+06:00");
    CHECK_FALSE(cut.international[east_fixed]);
    const auto restored = state_at("2022-01-05T03:00+06:00");
    CHECK(restored.international[east_fixed]);
    CHECK(restored.domestic[east_fixed]);
    CHECK_FALSE(restored.international[west_mobile]);
    // chat is blocked by name for the restored network; the bank is reachable.
    const auto& services = net.services();
    const auto chat = static_cast<std::size_t>(
        std::find(services.begin(), services.end(), *sc.baseline.node_index("chat")) - services.begin());
    const auto bank = static_cast<std::size_t>(
        std::find(services.begin(), services.end(), *sc.baseline.node_index("bank")) - services.begin());
    CHECK(restored.service[chat][east_fixed] == ServiceReach::blocked);
    CHECK(restored.service[bank][east_fixed] == ServiceReach::reachable);
    // The whitelist lets the bank through the cut in WEST, nothing else.
    const auto white = state_at("2022-01-05T07:00+06:00");
    CHECK(white.service[bank][west_mobile] == ServiceReach::reachable);
    CHECK_FALSE(white.international[west_mobile]);
    CHECK(white.service[bank][east_fixed] == ServiceReach::unreachable);
    const auto after = state_at("2022-01-05T13:00+06:00");
    CHECK(after.international[west_mobile]);
}

TEST_CASE("cutting the gateway isolates everyone from the world but not from domestic services", "[network]") {
    TempDir dir;
    const auto sc = scenario_with_events(dir, R"(
[[event]]
id = "gw"
action = "cut"
target = { node = ["gw"] }
from = "2022-01-05T00:00+06:00"
to = "2022-01-05T12:00+06:00"
source = "test"

[[event]]
id = "slow"
action = "throttle"
target = { operator = "mob" }
factor = 0.25
from = "2022-01-05T12:00+06:00"
to = "2022-01-05T13:00+06:00"
source = "test"
)");
    const auto tl = compile_timeline(sc);
    const NationalGraph net(sc.baseline);
    const auto c = net.evaluate(apply_events(sc, tl.states[tl.segments.front().state]));
    for (std::size_t k = 0; k < c.international.size(); ++k) {
        CHECK_FALSE(c.international[k]);
        CHECK(c.domestic[k]);
    }
    for (const auto& s : tl.segments) {
        if (format_utc(s.span.start) != "2022-01-05T06:00Z") continue;
        const auto t = net.evaluate(apply_events(sc, tl.states[s.state]));
        const auto& acc = net.access_nodes();
        for (std::size_t k = 0; k < acc.size(); ++k) {
            const bool mob = sc.baseline.nodes[acc[k]].op == sc.baseline.operator_index("mob");
            CHECK(t.throughput[k] == Approx(mob ? 0.25 : 1.0));
        }
    }
}
