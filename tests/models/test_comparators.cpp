// Each comparator against its published formula, by hand.
#include <catch2/catch.hpp>

#include <memory>
#include <vector>

#include "../support.hpp"
#include "rubilnik/engine.hpp"

using namespace rubilnik;
using namespace rubilnik::test;

namespace rubilnik {
double icrier_gdp_share(double mobile_lost, double fixed_lost, double elasticity_total, double elasticity_mobile,
                        double mobile_traffic_share);
}

namespace {

double metric(const Engine& e, const EnsembleResult& r, const std::string& id) {
    return r.totals[e.metrics().index(id)].p50;
}

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
    // OECD: telecom revenue 36.5e9 a year (USD accounts here), internet share 0.6, one day.
    CHECK(metric(engine, r, "comparator_oecd_usd") == Approx(36.5e9 / 365 * 0.6).epsilon(1e-12));
    // ICRIER: all traffic lost for a day, total elasticity 0.31: 31 % of a day's GDP.
    CHECK(metric(engine, r, "comparator_icrier_usd") == Approx(47.47e9 * 0.31 * 24 / 8760).epsilon(1e-12));
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

namespace {

// mini-cut.toml with its single event replaced by `event` (a TOML [[event]] body).
struct MiniRun {
    std::unique_ptr<Scenario> scenario;
    std::unique_ptr<Engine> engine;  // points into *scenario
    EnsembleResult result;
};

MiniRun run_mini_event(const TempDir& dir, const std::string& event, const std::string& parameters = "") {
    copy_mini(dir);
    write_file(dir / "s.toml", R"TOML(schema = "rubilnik.scenario/1"
name = "mini-event"
baseline = "mini"
window = { start = "2022-01-05T00:00+06:00", end = "2022-01-05T06:00+06:00" }

[[event]]
id = "e"
from = "2022-01-05T01:00+06:00"
to = "2022-01-05T03:00+06:00"
source = "test"
)TOML" + event + "\n" + parameters);
    MiniRun run;
    run.scenario = std::make_unique<Scenario>(load_scenario((dir / "s.toml").string()));
    run.engine = std::make_unique<Engine>(*run.scenario);
    run.result = run.engine->run(RunOptions{});
    return run;
}

}  // namespace

TEST_CASE("ICRIER: elasticities on the share of traffic lost, mobile and total kept apart", "[comparators]") {
    // Both lost: total elasticity; mobile only: mobile elasticity; fixed only:
    // total elasticity on the fixed share of traffic.
    CHECK(icrier_gdp_share(1.0, 1.0, 0.31, 0.16, 0.75) == Approx(0.31));
    CHECK(icrier_gdp_share(1.0, 0.0, 0.31, 0.16, 0.75) == Approx(0.16));
    CHECK(icrier_gdp_share(0.0, 1.0, 0.31, 0.16, 0.75) == Approx(0.31 * 0.25));
    CHECK(icrier_gdp_share(0.5, 0.2, 0.31, 0.16, 0.75) == Approx(0.31 * 0.2 + 0.16 * 0.3));
    CHECK(icrier_gdp_share(0.0, 0.0, 0.31, 0.16, 0.75) == 0.0);

    const auto sc = load_scenario((data_dir() / "mini-cut.toml").string());
    const Engine engine(sc);
    const auto r = engine.run(RunOptions{});
    // mini-cut: all mobile users cut for 2 h, fixed untouched, no leakage:
    // 365e9 × 0.5 USD × 0.16 × 2 h / 8760 h.
    CHECK(metric(engine, r, "comparator_icrier_usd") == Approx(365e9 * 0.5 * 0.16 * 2 / 8760).epsilon(1e-12));
}

TEST_CASE("ICRIER: leakage through a cut and capacity removed by a throttle are traffic lost", "[comparators]") {
    SECTION("a fixed cut with 10 % leakage") {
        TempDir dir;
        const auto run = run_mini_event(dir, "action = \"cut\"\ntarget = { access = \"fixed\" }\n",
                                        "[parameters]\n\"network.cut_leakage\" = { value = 0.1, source = \"test\" }\n");
        CHECK(metric(*run.engine, run.result, "comparator_icrier_usd") ==
              Approx(365e9 * 0.5 * 0.31 * 0.25 * 0.9 * 2 / 8760).epsilon(1e-12));
    }
    SECTION("mobile throttled to a quarter of its capacity") {
        TempDir dir;
        const auto run =
            run_mini_event(dir, "action = \"throttle\"\nfactor = 0.25\ntarget = { access = \"mobile\" }\n");
        CHECK(metric(*run.engine, run.result, "comparator_icrier_usd") ==
              Approx(365e9 * 0.5 * 0.16 * 0.75 * 2 / 8760).epsilon(1e-12));
        // A throttle leaves people online: the day-count methods see nothing.
        CHECK(metric(*run.engine, run.result, "comparator_deloitte_usd") == 0.0);
    }
}

TEST_CASE("OECD: a day's telecom revenue, internet part for days offline, the rest for days without voice",
          "[comparators]") {
    SECTION("mobile internet cut, voice up") {
        const auto sc = load_scenario((data_dir() / "mini-cut.toml").string());
        const Engine engine(sc);
        const auto r = engine.run(RunOptions{});
        // 36.5e9 a year × 0.5 USD / 365 = 5e7 a day; internet share 0.6; 1600 / 1200 / 24 days.
        CHECK(metric(engine, r, "comparator_oecd_usd") == Approx(5e7 * 0.6 * 1600.0 / 1200 / 24).epsilon(1e-12));
    }
    SECTION("voice cut, internet up") {
        TempDir dir;
        const auto run = run_mini_event(dir, "action = \"voice_cut\"\ntarget = { access = \"mobile\" }\n");
        // 800 mobile users × 2 h without voice = 1600 person-hours → 1600 / 1200 / 24 days, at 1 − 0.6.
        CHECK(metric(*run.engine, run.result, "comparator_oecd_usd") ==
              Approx(5e7 * 0.4 * 1600.0 / 1200 / 24).epsilon(1e-12));
        CHECK(metric(*run.engine, run.result, "comparator_icrier_usd") == 0.0);
    }
}
