// Each comparator against its published formula, by hand.
#include <catch2/catch.hpp>

#include "../support.hpp"
#include "rubilnik/engine.hpp"

using namespace rubilnik;
using namespace rubilnik::test;

namespace {

double metric(const Engine& e, const EnsembleResult& r, const std::string& id) { return r.totals[e.metrics().index(id)].p50; }

}  // namespace

TEST_CASE("Deloitte: Ethiopia, 94 M people x $505 x 0.4 % = $0.52 M a day", "[comparators]") {
    // A one-day total shutdown of a country with Ethiopia's GDP (94 M × $505),
    // low connectivity tier (0.4 % of daily GDP), USD accounts.
    TempDir dir;
    copy_mini(dir);
    write_file(dir / "s.toml", R"TOML(schema = "rubilnik.scenario/1"
name = "ethiopia-day"
baseline = "mini"
window = { start = "2022-01-05T00:00+06:00", end = "2022-01-06T00:00+06:00" }

[[event]]
id = "total"
action = "cut"
target = { scope = "national" }
from = "2022-01-05T00:00+06:00"
to = "2022-01-06T00:00+06:00"
source = "test"

[parameters]
"macro.gdp_local" = { value = 47470000000, source = "94e6 x 505 (Deloitte 2016 example via techweez.com)" }
"macro.usd_per_local" = { value = 1.0, source = "USD accounts" }
"comparator.deloitte_share" = { value = 0.004, source = "Deloitte 2016 low tier" }
)TOML");
    const auto sc = load_scenario((dir / "s.toml").string());
    const Engine engine(sc);
    const auto r = engine.run(RunOptions{});
    const double expected = 94e6 * 505 / 365 * 0.004;  // = 520,219 USD
    CHECK(expected == Approx(0.52e6).epsilon(0.001));
    CHECK(metric(engine, r, "comparator_deloitte_usd") == Approx(expected).epsilon(1e-12));
    // Brookings: internet share 5 % of daily GDP for one full day.
    CHECK(metric(engine, r, "comparator_brookings_usd") == Approx(47.47e9 / 365 * 0.05).epsilon(1e-12));
    // NetLoss: $86.58 per person-day; 1,200 users for one day.
    CHECK(metric(engine, r, "comparator_netloss_usd") == Approx(86.58 * 1200).epsilon(1e-12));
    // Top10VPN: both regions fully out: GDP shares sum to 1.
    CHECK(metric(engine, r, "comparator_top10vpn_usd") == Approx(47.47e9 / 365 * 0.1).epsilon(1e-12));
}

TEST_CASE("partial shutdowns: Brookings scales by users, Top10VPN by regional GDP", "[comparators]") {
    const auto sc = load_scenario((data_dir() / "mini-cut.toml").string());
    const Engine engine(sc);
    const auto r = engine.run(RunOptions{});
    // 1,600 person-hours offline of 1,200 users: 1600 / 1200 / 24 days.
    const double days = 1600.0 / 1200.0 / 24.0;
    const double gdp_day_usd = 365e9 * 0.5 / 365;
    CHECK(metric(engine, r, "comparator_deloitte_usd") == Approx(0.004 * gdp_day_usd * days));
    CHECK(metric(engine, r, "comparator_brookings_usd") == Approx(0.05 * gdp_day_usd * days));
    CHECK(metric(engine, r, "comparator_netloss_usd") == Approx(86.58 * 1600 / 24));
    // EAST: 1,200 of its 800 users' person-hours → 1200/800/24 days at 75 % of GDP;
    // WEST: 400/400/24 days at 25 %.
    const double top10 = 0.1 * gdp_day_usd * (0.75 * 1200.0 / 800 / 24 + 0.25 * 400.0 / 400 / 24);
    CHECK(metric(engine, r, "comparator_top10vpn_usd") == Approx(top10));
}
