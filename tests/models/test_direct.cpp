// The direct-loss channel against hand computations: activity by local hour
// in two time zones across a holiday, per-sector mobile weights, and the
// sector × region value added of a `sector_regions` table.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "../support.hpp"
#include "rubilnik/engine.hpp"

using namespace rubilnik;
using namespace rubilnik::test;
using Catch::Contains;

namespace {

double total(const Engine& e, const EnsembleResult& r, const std::string& id) {
    return r.totals[e.metrics().index(id)].p50;
}
double breakdown(const Engine& e, const EnsembleResult& r, const std::string& id, Axis axis, std::size_t i) {
    return r.breakdown[e.metrics().breakdown_offset(e.metrics().index(id), axis) + i].p50;
}
double hourly(const Engine& e, const EnsembleResult& r, const std::string& id, std::size_t h) {
    return r.hourly[e.metrics().hourly_offset(e.metrics().index(id)) + h].p50;
}

// Profile "p": workday 22:00 weighs 2 and 23:00 weighs 4, a holiday's 00:00
// weighs 3, every other hour 1. Weekly mean (5 workdays + 2 weekend days) =
// (5·28 + 2·24) / 168 = 188/168, so the engine scales every weight by 168/188.
std::string profile_p() {
    std::string rows;
    for (const char* day : {"workday", "weekend", "holiday"})
        for (int h = 0; h < 24; ++h) {
            int w = 1;
            if (std::string(day) == "workday" && h == 22) w = 2;
            if (std::string(day) == "workday" && h == 23) w = 4;
            if (std::string(day) == "holiday" && h == 0) w = 3;
            rows.append("p,").append(day).append(",").append(std::to_string(h)).append(",");
            rows.append(std::to_string(w)).append(",test\n");
        }
    return rows;
}

// The mini country; sector A on profile "p"; a two-hour national mobile cut
// from Thu 6 Jan 23:00 to Fri 7 Jan (a holiday) 01:00 in EAST (+06:00),
// which is 22:00-24:00 of Thursday in WEST (+05:00).
void write_holiday_case(const TempDir& dir, const std::string& extra_parameters = "") {
    copy_mini(dir);
    write_file(dir / "mini/profiles.csv", read_file(dir / "mini/profiles.csv") + profile_p());
    replace_in_file(dir / "mini/sectors.csv", "A,Office work,8760e6,flat", "A,Office work,8760e6,p");
    write_file(dir / "s.toml", R"TOML(schema = "rubilnik.scenario/1"
name = "holiday"
baseline = "mini"
window = { start = "2022-01-06T23:00+06:00", end = "2022-01-07T01:00+06:00" }

[[event]]
id = "mobile-cut"
action = "cut"
target = { access = "mobile" }
from = "2022-01-06T23:00+06:00"
to = "2022-01-07T01:00+06:00"
source = "test"
)TOML");
    // Appended to the baseline's [parameters], its last table: a scenario may
    // only override keys its baseline defines.
    write_file(
        dir / "mini/baseline.toml",
        read_file(dir / "mini/baseline.toml") +
            "\"economy.mobile_weight.A\" = { value = 0.2, source = \"test: sector A works mostly on fixed lines\" }\n" +
            extra_parameters);
}

constexpr double kScale = 168.0 / 188.0;  // profile "p" normalisation

std::string direct_error(const TempDir& dir) {
    try {
        const auto sc = load_scenario((dir / "s.toml").string());
        const Engine engine(sc);
    } catch (const InputError& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST_CASE("direct loss: two sectors, two hours, two time zones and a holiday, by hand", "[economy][direct]") {
    TempDir dir;
    write_holiday_case(dir);
    const auto sc = load_scenario((dir / "s.toml").string());
    const Engine engine(sc);
    const auto r = engine.run(RunOptions{});

    // Per unit of activity: 1e6 a year-hour × GDP share × dependence ×
    // (1 − 0.1 − 0.1) × mobile weight (mobile cut, no leakage).
    // A: 0.5 × 0.8 × 0.2 = 0.08; B (flat, median dependence 0.2): 0.2 × 0.8 × 0.5 = 0.08.
    // Hour 0 (17:00 UTC): EAST Thu 23:00 workday → 4; WEST Thu 22:00 → 2.
    // Hour 1 (18:00 UTC): EAST Fri 00:00 holiday → 3; WEST Thu 23:00 → 4.
    const double a_east = 0.08e6 * kScale * 0.75 * (4 + 3);
    const double a_west = 0.08e6 * kScale * 0.25 * (2 + 4);
    const double b_east = 0.08e6 * 0.75 * 2, b_west = 0.08e6 * 0.25 * 2;
    // Tolerances: the engine sums the same products in another order; 1e-12 relative.
    CHECK(total(engine, r, "gdp_loss_direct_local") == Approx(a_east + a_west + b_east + b_west).epsilon(1e-12));
    CHECK(breakdown(engine, r, "gdp_loss_direct_usd", Axis::region, 0) ==
          Approx(0.5 * (a_east + b_east)).epsilon(1e-12));
    CHECK(breakdown(engine, r, "gdp_loss_direct_usd", Axis::region, 1) ==
          Approx(0.5 * (a_west + b_west)).epsilon(1e-12));
    CHECK(breakdown(engine, r, "gdp_loss_direct_usd", Axis::sector, 0) ==
          Approx(0.5 * (a_east + a_west)).epsilon(1e-12));
    CHECK(breakdown(engine, r, "gdp_loss_direct_usd", Axis::sector, 1) ==
          Approx(0.5 * (b_east + b_west)).epsilon(1e-12));
    // The hourly series is stored as float: 1e-6 relative.
    const double h0 = 0.08e6 * kScale * (0.75 * 4 + 0.25 * 2) + 0.08e6;
    const double h1 = 0.08e6 * kScale * (0.75 * 3 + 0.25 * 4) + 0.08e6;
    CHECK(hourly(engine, r, "gdp_loss_direct_usd", 0) == Approx(0.5 * h0).epsilon(1e-6));
    CHECK(hourly(engine, r, "gdp_loss_direct_usd", 1) == Approx(0.5 * h1).epsilon(1e-6));
}

TEST_CASE("direct loss: the holiday and the time zone each change the answer", "[economy][direct]") {
    // The same case with 7 Jan a workday: EAST's hour 1 weighs 1, not 3.
    TempDir dir;
    write_holiday_case(dir);
    replace_in_file(dir / "mini/baseline.toml", R"(dates = ["2022-01-07"])", R"(dates = ["2022-01-10"])");
    const auto sc = load_scenario((dir / "s.toml").string());
    const Engine engine(sc);
    const auto r = engine.run(RunOptions{});
    CHECK(breakdown(engine, r, "gdp_loss_direct_usd", Axis::sector, 0) ==
          Approx(0.5 * 0.08e6 * kScale * (0.75 * (4 + 1) + 0.25 * (2 + 4))).epsilon(1e-12));

    // WEST on +06:00 as well: both regions see 23:00 then the holiday's 00:00.
    TempDir same_zone;
    write_holiday_case(same_zone);
    replace_in_file(same_zone / "mini/regions.csv", "+05:00", "+06:00");
    const auto sc2 = load_scenario((same_zone / "s.toml").string());
    const Engine engine2(sc2);
    const auto r2 = engine2.run(RunOptions{});
    CHECK(breakdown(engine2, r2, "gdp_loss_direct_usd", Axis::sector, 0) ==
          Approx(0.5 * 0.08e6 * kScale * (4 + 3)).epsilon(1e-12));
}

TEST_CASE("direct loss: a sector-specific mobile weight overrides the shared one", "[economy][direct]") {
    TempDir dir;
    write_holiday_case(dir, R"("economy.mobile_weight.B" = { value = 1.0, source = "test" }
)");
    const auto sc = load_scenario((dir / "s.toml").string());
    const Engine engine(sc);
    const auto r = engine.run(RunOptions{});
    // B now loses all its dependent work in a mobile cut: 0.2 × 0.8 × 1 per hour.
    CHECK(breakdown(engine, r, "gdp_loss_direct_usd", Axis::sector, 1) == Approx(0.5 * 0.16e6 * 2).epsilon(1e-12));
    const auto used = engine.parameters_used();
    CHECK(std::find(used.begin(), used.end(), "economy.mobile_weight.B") != used.end());
    CHECK(std::find(used.begin(), used.end(), "economy.mobile_weight.A") != used.end());
}

TEST_CASE("direct loss: a sector_regions table places a sector, the rest fill each region's residual",
          "[economy][direct]") {
    TempDir dir;
    write_holiday_case(dir);
    replace_in_file(dir / "mini/baseline.toml", R"(links = "links.csv")",
                    "links = \"links.csv\"\nsector_regions = \"sector_regions.csv\"");
    // A half and half. Regions' shares of all value added (2 × 8760e6):
    // EAST 0.75 → 1.5 VA − 0.5 VA of A = 1.0 VA left; WEST 0.5 VA − 0.5 VA = 0.
    // So B, unlisted, lies wholly in EAST.
    write_file(dir / "mini/sector_regions.csv",
               "sector,region,value_added_local,source\nA,EAST,4380e6,test\nA,WEST,4380e6,test\n");
    const auto sc = load_scenario((dir / "s.toml").string());
    const Engine engine(sc);
    const auto r = engine.run(RunOptions{});
    const double a_east = 0.08e6 * kScale * 0.5 * (4 + 3), a_west = 0.08e6 * kScale * 0.5 * (2 + 4);
    const double b_east = 0.08e6 * 2;
    CHECK(breakdown(engine, r, "gdp_loss_direct_usd", Axis::region, 0) ==
          Approx(0.5 * (a_east + b_east)).epsilon(1e-12));
    CHECK(breakdown(engine, r, "gdp_loss_direct_usd", Axis::region, 1) == Approx(0.5 * a_west).epsilon(1e-12));
    CHECK(total(engine, r, "gdp_loss_direct_local") == Approx(a_east + a_west + b_east).epsilon(1e-12));
}

TEST_CASE("direct loss: sector_regions errors name the file, sector and region", "[economy][direct]") {
    TempDir dir;
    write_holiday_case(dir);
    replace_in_file(dir / "mini/baseline.toml", R"(links = "links.csv")",
                    "links = \"links.csv\"\nsector_regions = \"sector_regions.csv\"");
    const auto table = dir / "mini/sector_regions.csv";
    SECTION("a split that does not add up to the national value added") {
        write_file(table, "sector,region,value_added_local,source\nA,EAST,4380e6,test\nA,WEST,4000e6,test\n");
        CHECK_THAT(direct_error(dir), Contains("sector_regions.csv") && Contains("sector 'A' sums to") &&
                                          Contains("must add up to the national value added"));
    }
    SECTION("a listed sector without every region") {
        write_file(table, "sector,region,value_added_local,source\nA,EAST,8760e6,test\n");
        CHECK_THAT(direct_error(dir), Contains("sector 'A' lacks regions WEST"));
    }
    SECTION("an unknown region") {
        write_file(table, "sector,region,value_added_local,source\nA,NORTH,8760e6,test\n");
        CHECK_THAT(direct_error(dir), Contains("sector_regions.csv:2") && Contains("unknown region 'NORTH'"));
    }
    SECTION("listed sectors that overfill a region") {
        write_file(table, "sector,region,value_added_local,source\nA,EAST,0,test\nA,WEST,8760e6,test\n");
        CHECK_THAT(direct_error(dir), Contains("region 'WEST'") && Contains("more than its GDP share"));
    }
    SECTION("a wrong header") {
        write_file(table, "sector,region,value,source\nA,EAST,8760e6,test\n");
        CHECK_THAT(direct_error(dir), Contains("sector_regions.csv") && Contains("value_added_local"));
    }
}
