// What-if sweeps: --vary parsing, checks against the scenario, and the
// edited scenarios themselves on the mini country (mobile users: EAST 600,
// WEST 200; the cut lasts 2 h).
#include <catch2/catch.hpp>

#include "../support.hpp"
#include "rubilnik/engine.hpp"
#include "rubilnik/sweep.hpp"

using namespace rubilnik;
using namespace rubilnik::test;

namespace {

std::string mini_cut() { return (data_dir() / "mini-cut.toml").string(); }

double central(const Scenario& sc, const std::string& metric) {
    const Engine engine(sc);
    return engine.run(RunOptions{}).totals[engine.metrics().index(metric)].p50;
}

std::string vary_error(const std::string& spec) {
    try {
        parse_vary(spec);
    } catch (const InputError& e) {
        return e.what();
    }
    return "no error";
}

std::string sweep_error(const std::string& path, const std::vector<std::string>& specs) {
    try {
        std::vector<SweepAxis> axes;
        for (const auto& s : specs) axes.push_back(parse_vary(s));
        Sweep sw(path, axes);
    } catch (const InputError& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST_CASE("durations", "[sweep]") {
    CHECK(parse_duration_minutes("90m") == 90);
    CHECK(parse_duration_minutes("6h") == 360);
    CHECK(parse_duration_minutes("1.5d") == 2160);
    CHECK(parse_duration_minutes("2w") == 20160);
    CHECK(parse_duration_minutes(" 30d ") == 43200);
    CHECK_FALSE(parse_duration_minutes("0h"));
    CHECK_FALSE(parse_duration_minutes("-1h"));
    CHECK_FALSE(parse_duration_minutes("6"));
    CHECK_FALSE(parse_duration_minutes("h"));
    CHECK_FALSE(parse_duration_minutes("6x"));
    CHECK_FALSE(parse_duration_minutes("0.2m"));
    CHECK(format_duration(90) == "90m");
    CHECK(format_duration(360) == "6h");
    CHECK(format_duration(2160) == "36h");
    CHECK(format_duration(43200) == "30d");
    CHECK(format_duration(20160) == "2w");
}

TEST_CASE("sweep: --vary lists and ranges", "[sweep]") {
    const auto list = parse_vary("economy.substitution=0.1, 0.3,0.5");
    CHECK(list.kind == SweepKind::parameter);
    CHECK(list.key == "economy.substitution");
    CHECK(list.values == std::vector<double>{0.1, 0.3, 0.5});
    CHECK(list.labels == std::vector<std::string>{"0.1", "0.3", "0.5"});

    const auto range = parse_vary("event.national-cut.factor=0..1:5");
    CHECK(range.kind == SweepKind::event_factor);
    CHECK(range.event_id == "national-cut");
    CHECK(range.values == std::vector<double>{0, 0.25, 0.5, 0.75, 1});

    const auto dur = parse_vary("event.national-cut.duration=1h..30d:3");
    CHECK(dur.kind == SweepKind::event_duration);
    CHECK(dur.values == std::vector<double>{60, 21630, 43200});
    CHECK(dur.labels == std::vector<std::string>{"1h", "21630m", "30d"});

    const auto reg = parse_vary("event.x.regions=1..17:5");
    CHECK(reg.kind == SweepKind::event_regions);
    CHECK(reg.values == std::vector<double>{1, 5, 9, 13, 17});
    CHECK(parse_vary("event.x.region_share=0,0.5,1").kind == SweepKind::event_region_share);
}

TEST_CASE("sweep: --vary syntax errors quote the option", "[sweep]") {
    CHECK_THAT(vary_error("economy.substitution"), Catch::Contains("--vary 'economy.substitution': expected KEY="));
    CHECK_THAT(vary_error("=1,2"), Catch::Contains("the key left of '=' is empty"));
    CHECK_THAT(vary_error("k="), Catch::Contains("no values"));
    CHECK_THAT(vary_error("k=1,,2"), Catch::Contains("an empty value"));
    CHECK_THAT(vary_error("k=1,two"), Catch::Contains("'two' is not a number"));
    CHECK_THAT(vary_error("k=0..1"), Catch::Contains("LO..HI:STEPS"));
    CHECK_THAT(vary_error("k=0..1:1"), Catch::Contains("STEPS must be a whole number of points from 2 to 1000"));
    CHECK_THAT(vary_error("k=0..1:2.5"), Catch::Contains("STEPS"));
    CHECK_THAT(vary_error("k=1..0:3"), Catch::Contains("LO < HI"));
    CHECK_THAT(vary_error("event.x.factor=0.5,1.5"), Catch::Contains("factor 1.5 is outside 0..1"));
    CHECK_THAT(vary_error("event.x.region_share=2"), Catch::Contains("outside 0..1"));
    CHECK_THAT(vary_error("event.x.regions=1.5"), Catch::Contains("not a whole number"));
    CHECK_THAT(vary_error("event.x.regions=1..3:5"), Catch::Contains("repeat the value"));
    CHECK_THAT(vary_error("event.x.duration=6"), Catch::Contains("'6' is not a duration"));
    CHECK_THAT(vary_error("event.x.colour=1"), Catch::Contains("unknown event field 'colour'"));
    CHECK_THAT(vary_error("event.factor=1"), Catch::Contains("event keys are event.<id>.factor"));
    CHECK_THROWS_AS(parse_vary("k"), InputError);
}

TEST_CASE("sweep keys are checked against the scenario", "[sweep]") {
    const auto f = mini_cut();
    CHECK_THAT(sweep_error(f, {"economy.substitutoin=0.1"}), Catch::Contains("neither a parameter of the baseline"));
    CHECK_THAT(sweep_error(f, {"event.nope.duration=1h"}), Catch::Contains("no event with id 'nope'"));
    CHECK_THAT(sweep_error(f, {"event.mobile-cut.factor=0.5"}),
               Catch::Contains("is a cut event; only throttle events have a factor"));
    CHECK_THAT(sweep_error(f, {"event.mobile-cut.duration=400d"}), Catch::Contains("366-day window limit"));
    CHECK_THAT(sweep_error(f, {"event.mobile-cut.regions=3"}), Catch::Contains("exceeds the baseline's 2 regions"));
    CHECK_THAT(sweep_error(f, {"event.mobile-cut.regions=1", "event.mobile-cut.region_share=1"}),
               Catch::Contains("varied twice"));
    CHECK_THAT(sweep_error(f, {"economy.substitution=0..0.5:40", "economy.dependence.A=0..1:30"}),
               Catch::Contains("more than 1000 points"));
    CHECK_THAT(sweep_error(f, {}), Catch::Contains("at least one --vary"));
    // Errors in the file itself come first, as for `run`.
    TempDir dir;
    copy_mini(dir);
    replace_in_file(dir / "s.toml", "action = \"cut\"", "action = \"cutt\"");
    CHECK_THAT(sweep_error((dir / "s.toml").string(), {"economy.substitution=0.1"}), Catch::Contains("s.toml:9"));
}

TEST_CASE("sweep points are edited scenarios", "[sweep]") {
    Sweep sw(mini_cut(), {parse_vary("economy.dependence.A=0.2,0.5"), parse_vary("event.mobile-cut.duration=1h,10h")});
    REQUIRE(sw.points() == 4);
    // The last axis varies fastest.
    CHECK(sw.coordinates(1) == std::vector<std::size_t>{0, 1});
    CHECK(sw.coordinates(2) == std::vector<std::size_t>{1, 0});

    const auto p0 = sw.scenario(0);  // A = 0.2, 1 h
    CHECK(central(p0, "person_hours_offline") == Approx(800));
    CHECK(p0.parameters.at(*p0.parameters.find("economy.dependence.A")).dist.median() == 0.2);
    CHECK(p0.parameters.at(*p0.parameters.find("economy.dependence.A")).origin == "scenario");
    // 10 h from 01:00 runs past the 06:00 window end: the window grows to 11:00.
    const auto p1 = sw.scenario(1);
    CHECK(p1.window.end == *parse_timestamp("2022-01-05T11:00+06:00"));
    CHECK(p1.window.start == sw.base().window.start);
    CHECK(central(p1, "person_hours_offline") == Approx(8000));
    CHECK(p1.text.find("2022-01-05T11:00+06:00") != std::string::npos);
    // Doubling A's dependence doubles A's part of the loss: the loss grows.
    CHECK(central(sw.scenario(3), "gdp_loss_direct_usd") > central(sw.scenario(1), "gdp_loss_direct_usd"));
    CHECK_THROWS_AS(sw.scenario(4), std::out_of_range);
}

TEST_CASE("regions are cut in descending population order", "[sweep]") {
    Sweep count(mini_cut(), {parse_vary("event.mobile-cut.regions=0,1,2")});
    CHECK(count.regions_by_population() == std::vector<std::string>{"EAST", "WEST"});
    CHECK(count.scenario(0).events.empty());  // zero regions: no cut at all
    CHECK(central(count.scenario(0), "person_hours_offline") == 0.0);
    CHECK(central(count.scenario(1), "person_hours_offline") == Approx(2 * 600));
    CHECK(central(count.scenario(2), "person_hours_offline") == Approx(2 * 800));

    // Shares round to the nearest count: 0.25 × 2 = 0.5 → 1 region.
    Sweep share(mini_cut(), {parse_vary("event.mobile-cut.region_share=0.2,0.25,1")});
    CHECK(central(share.scenario(0), "person_hours_offline") == 0.0);
    CHECK(central(share.scenario(1), "person_hours_offline") == Approx(2 * 600));
    CHECK(central(share.scenario(2), "person_hours_offline") == Approx(2 * 800));
}

TEST_CASE("a throttle factor can be swept, and the CSV has one row per point and metric", "[sweep]") {
    TempDir dir;
    copy_mini(dir);
    replace_in_file(dir / "s.toml", "action = \"cut\"", "action = \"throttle\"\nfactor = 0.5");
    Sweep sw((dir / "s.toml").string(), {parse_vary("event.mobile-cut.factor=0,1")});
    const auto s0 = sw.scenario(0), s1 = sw.scenario(1);
    CHECK(s0.events[0].factor == 0.0);
    CHECK(s1.events[0].factor == 1.0);

    std::vector<SweepPointResult> results;
    for (std::size_t p = 0; p < sw.points(); ++p) {
        const auto sc = sw.scenario(p);
        const Engine engine(sc);
        const auto res = engine.run(RunOptions{});
        SweepPointResult r;
        for (std::size_t m = 0; m < engine.metrics().size(); ++m) {
            r.metric_ids.push_back(engine.metrics().info(m).id);
            r.units.push_back(engine.metrics().info(m).unit);
            r.totals.push_back(res.totals[m]);
        }
        results.push_back(r);
    }
    const auto csv = sweep_csv(sw, results);
    CHECK(csv.rfind("point,event.mobile-cut.factor,metric,unit,p5,p50,p95,mean\n", 0) == 0);
    const auto lines = static_cast<std::size_t>(std::count(csv.begin(), csv.end(), '\n'));
    CHECK(lines == 1 + 2 * results[0].metric_ids.size());
    CHECK(csv.find("\n1,1,users_affected,person,") != std::string::npos);

    // Durations are written in hours.
    Sweep dur(mini_cut(), {parse_vary("event.mobile-cut.duration=90m")});
    std::vector<SweepPointResult> one(1);
    one[0].metric_ids = {"x"};
    one[0].units = {"u"};
    one[0].totals = {Stats{1, 2, 3, 2}};
    CHECK(sweep_csv(dur, one) ==
          "point,event.mobile-cut.duration_hours,metric,unit,p5,p50,p95,mean\n0,1.5,x,u,1,2,3,2\n");
}
