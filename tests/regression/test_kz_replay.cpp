// Golden regression test of the whole Kazakhstan January 2022 replay.
//
// Two kinds of check:
//  1. the observed facts the replay must match (kz-facts.md): national
//     connectivity 2-5 % of normal during the blackout (NetBlocks), about 16 M
//     users affected (Top10VPN: 16.1 M), person-hours in the billions;
//  2. golden values of the central run, relative tolerance 1e-6: tight
//     enough to catch any unintended change of model or data, loose enough
//     for floating-point differences between compilers and flags. When a
//     change is intended, update tests/regression/kz-2022-01.golden.json from
//     the printed values and say why in the commit.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "../support.hpp"
#include "rubilnik/engine.hpp"

using namespace rubilnik;
using namespace rubilnik::test;

TEST_CASE("KZ 2022 replay matches what was observed", "[regression][kz]") {
    const auto sc = load_scenario((source_dir() / "scenarios/kz-2022-01.toml").string());
    const Engine engine(sc);
    RunOptions opt;
    opt.draws = 1000;
    const auto r = engine.run(opt);
    auto stat = [&](const char* id) { return r.totals[engine.metrics().index(id)]; };

    const auto conn = stat("national_connectivity_min");
    CHECK(conn.p95 <= 0.10);
    CHECK(conn.p5 >= 0.01);
    const auto users = stat("users_affected");
    CHECK(users.p50 > 14e6);
    CHECK(users.p50 < 18.5e6);
    const auto ph = stat("person_hours_offline");
    CHECK(ph.p50 > 1e9);
    CHECK(ph.p50 < 1e10);
    for (const char* id :
         {"gdp_loss_direct_usd", "gdp_loss_indirect_usd", "gdp_loss_total_usd", "comparator_brookings_usd"}) {
        INFO(id);
        CHECK(stat(id).p5 < stat(id).p50);
        CHECK(stat(id).p50 < stat(id).p95);
    }
    // The national blackout, 5 Jan 18:00 - 10 Jan 06:00 local: NetBlocks saw
    // connectivity at 2 % of normal and "just 5 %" until 10 Jan; the hourly
    // central values must lie low, with daily restore windows allowed.
    const auto h = engine.metrics().hourly_offset(engine.metrics().index("national_connectivity_min"));
    const auto from = *parse_timestamp("2022-01-05T18:00+06:00");
    const auto to = *parse_timestamp("2022-01-10T06:00+06:00");
    double sum = 0, lowest = 1;
    std::size_t n = 0;
    for (auto t = from.minutes; t < to.minutes; t += 60, ++n) {
        const auto hour = static_cast<std::size_t>((t - sc.window.start.minutes) / 60);
        sum += r.hourly[h + hour].p50;
        lowest = std::min(lowest, r.hourly[h + hour].p50);
    }
    CHECK(lowest < 0.05);
    CHECK(sum / static_cast<double>(n) < 0.10);
}

TEST_CASE("KZ 2022 replay: golden central run", "[regression][kz]") {
    const auto sc = load_scenario((source_dir() / "scenarios/kz-2022-01.toml").string());
    const Engine engine(sc);
    const auto r = engine.run(RunOptions{});
    const auto golden = nlohmann::json::parse(read_file(source_dir() / "tests/regression/kz-2022-01.golden.json"));
    nlohmann::json actual;
    for (std::size_t m = 0; m < engine.metrics().size(); ++m) actual[engine.metrics().info(m).id] = r.totals[m].p50;
    INFO("actual central values: " << actual.dump(2));
    for (const auto& [id, expected] : golden["central"].items()) {
        INFO(id);
        REQUIRE(engine.metrics().has(id));
        CHECK(actual[id].get<double>() == Approx(expected.get<double>()).epsilon(1e-6).margin(1e-9));
    }
}
