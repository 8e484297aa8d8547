// The welfare and emergency channels on the mini country, by hand.
//
// Mini: 1,200 internet users (EAST: inc fixed 200, inc mobile 300, mob
// mobile 300; WEST: 200, 100, 100), population EAST 1,000, WEST 500.
// welfare.csv: `web` needs the world and is worth 1 USD a user-hour, `chat`
// is the messengers class at 2 USD; income elasticity 0 (no transfer);
// leakage 0, VPN share 0.25. Emergency calls: 0.1 per person-hour.
// Tolerances: Approx's default relative 1e-5.
#include <catch2/catch.hpp>

#include "mini_channel.hpp"

using namespace rubilnik;
using namespace rubilnik::test;

namespace {

using Run = MiniRun;

Scenario scenario(const TempDir& dir, const std::string& events, const std::string& parameters = "") {
    return mini_scenario(dir, "mini-welfare", events, parameters);
}

std::string event(const std::string& action, const std::string& target, const char* from = "01:00",
                  const char* to = "03:00") {
    return mini_event("e", action, target, from, to);
}

}  // namespace

TEST_CASE("welfare: a two-hour national cut, by hand", "[welfare]") {
    TempDir dir;
    const Run run(scenario(dir, event("cut", "{ scope = \"national\" }")));
    // 1,200 users x 2 h without the world (web, 1 USD) and without chat (2 USD).
    CHECK(run.total("welfare_loss_web_usd") == Approx(2400));
    CHECK(run.total("welfare_loss_chat_usd") == Approx(4800));
    CHECK(run.total("welfare_loss_usd") == Approx(7200));
    // By operator: inc 800 users, mob 400; by region: EAST 800, WEST 400.
    CHECK(run.breakdown("welfare_loss_usd", Axis::operator_, 0) == Approx(800 * 2 * 3));
    CHECK(run.breakdown("welfare_loss_usd", Axis::operator_, 1) == Approx(400 * 2 * 3));
    CHECK(run.breakdown("welfare_loss_usd", Axis::region, 1) == Approx(400 * 2 * 3));
    CHECK(run.hour("welfare_loss_usd", 1) == Approx(3600));
    CHECK(run.hour("welfare_loss_usd", 4) == Approx(0).margin(1e-9));
}

TEST_CASE("welfare: a block by name costs what the VPN share does not get round", "[welfare]") {
    TempDir dir;
    const Run run(scenario(dir, event("block", "{ scope = \"national\", services = [\"chat\"] }")));
    CHECK(run.total("welfare_loss_web_usd") == Approx(0).margin(1e-9));
    CHECK(run.total("welfare_loss_chat_usd") == Approx(0.75 * 2 * 1200 * 2));
}

TEST_CASE("welfare: values move to the price year and transfer by income", "[welfare]") {
    // GDP per head = 365e9 x 0.5 / 1,500 people; a reference 4x richer and
    // elasticity 0.5 halve the value; a price index of 1.2 raises it by 20 %.
    TempDir dir;
    const double income = 365e9 * 0.5 / 1500;
    std::string params = R"("welfare.income_elasticity" = { value = 0.5, source = "test" }
"welfare.wta_price_index" = { value = 1.2, source = "test" }
"welfare.reference_gdp_per_capita_usd" = { value = )";
    params.append(std::to_string(4 * income)).append(", source = \"test\" }\n");
    const Run run(scenario(dir, event("cut", "{ scope = \"national\" }"), params));
    CHECK(run.total("welfare_loss_usd") == Approx(7200 * 0.5 * 1.2).epsilon(1e-6));
}

TEST_CASE("welfare: a category must name the world or a service class", "[welfare][errors]") {
    TempDir dir;
    copy_mini(dir);
    replace_in_file(dir / "mini/welfare.csv", "chat,messengers", "chat,chat_apps");
    try {
        const auto sc = load_scenario((dir / "s.toml").string());
        const Engine e(sc);
        FAIL("no error");
    } catch (const InputError& e) {
        CHECK_THAT(e.what(), Catch::Matchers::Contains("welfare.csv:3") && Catch::Matchers::Contains("chat_apps"));
    }
}

TEST_CASE("emergency: people whose mobile network lost voice, by region and hour", "[emergency]") {
    SECTION("every mobile network of EAST for two hours") {
        TempDir dir;
        const Run run(scenario(dir, event("voice_cut", "{ region = \"EAST\", access = \"mobile\" }")));
        // All 1,000 people of EAST, 2 h; 0.1 calls a person-hour.
        CHECK(run.total("people_without_emergency_calls") == Approx(1000));
        CHECK(run.total("person_hours_without_emergency_calls") == Approx(2000));
        CHECK(run.total("emergency_calls_unplaced") == Approx(200));
        CHECK(run.breakdown("people_without_emergency_calls", Axis::region, 0) == Approx(1000));
        CHECK(run.breakdown("people_without_emergency_calls", Axis::region, 1) == Approx(0).margin(1e-9));
        CHECK(run.hour("people_without_emergency_calls", 1) == Approx(1000));
        CHECK(run.hour("people_without_emergency_calls", 3) == Approx(0).margin(1e-9));
        // An hourly series for the region that lost voice, none for the other.
        CHECK(run.hour("people_without_emergency_calls_EAST", 2) == Approx(1000));
        CHECK_FALSE(run.engine.metrics().has("people_without_emergency_calls_WEST"));
    }
    SECTION("one operator for half an hour") {
        TempDir dir;
        const Run run(scenario(dir, event("voice_cut", "{ region = \"EAST\", operator = \"mob\" }", "01:00", "01:30")));
        // mob holds 300 of EAST's 600 mobile users: half the people, half the hour.
        CHECK(run.hour("people_without_emergency_calls", 1) == Approx(250));
        CHECK(run.total("person_hours_without_emergency_calls") == Approx(250));
    }
    SECTION("no voice cut, nothing to report") {
        TempDir dir;
        const Run run(scenario(dir, event("cut", "{ scope = \"national\" }")));
        CHECK(run.total("people_without_emergency_calls") == Approx(0).margin(1e-9));
    }
}
