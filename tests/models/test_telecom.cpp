// The telecom channel on the mini country, by hand.
//
// Mini telecom.csv: inc fixed 200 subscribers at 1 unit an hour (no
// compensation), inc mobile 400 at 2 an hour (1 a minute, 0.5 an SMS), mob
// mobile 400 at 1 an hour (2 a minute, 1 an SMS); data is 0.75 of mobile
// ARPU; 300 minutes and 200 SMS; USD at 0.5 a unit; leakage 0.
// Tolerances: Approx's default relative 1e-5.
#include <catch2/catch.hpp>

#include "mini_channel.hpp"

using namespace rubilnik;
using namespace rubilnik::test;

namespace {

using Run = MiniRun;

Scenario scenario(const TempDir& dir, const std::string& action, const std::string& target) {
    return mini_scenario(dir, "mini-telecom", mini_event("e", action, target));
}

constexpr std::size_t kInc = 0, kMob = 1;

}  // namespace

TEST_CASE("telecom: revenue for data not delivered, by hand", "[telecom]") {
    TempDir dir;
    const Run run(scenario(dir, "cut", "{ scope = \"national\" }"));
    // 2 h without data: inc fixed 200 x 1 x 2 = 400; inc mobile 400 x 2 x
    // 0.75 x 2 = 1,200; mob 400 x 1 x 0.75 x 2 = 600; in USD x 0.5.
    CHECK(run.total("telecom_revenue_loss_usd") == Approx(2200 * 0.5));
    CHECK(run.breakdown("telecom_revenue_loss_usd", Axis::operator_, kInc) == Approx(1600 * 0.5));
    CHECK(run.breakdown("telecom_revenue_loss_usd", Axis::operator_, kMob) == Approx(600 * 0.5));
}

TEST_CASE("telecom: revenue for voice not delivered", "[telecom]") {
    TempDir dir;
    const Run run(scenario(dir, "voice_cut", "{ access = \"mobile\" }"));
    // The voice quarter of mobile ARPU: 400 x 2 x 0.25 x 2 + 400 x 1 x 0.25 x 2.
    CHECK(run.total("telecom_revenue_loss_usd") == Approx(600 * 0.5));
}

TEST_CASE("telecom: compensation beside the harm, per subscriber and operator", "[telecom]") {
    TempDir dir;
    const Run run(scenario(dir, "cut", "{ scope = \"national\" }"));
    // inc mobile: 400 x (300 x 1 + 200 x 0.5) = 160,000; mob: 400 x (300 x 2
    // + 200 x 1) = 320,000; fixed lines get none. USD x 0.5.
    CHECK(run.total("compensation_value_usd") == Approx(240000));
    CHECK(run.breakdown("compensation_value_usd", Axis::operator_, kInc) == Approx(80000));
    // Per subscriber: inc has 600 (200 fixed + 400 mobile), mob 400.
    CHECK(run.breakdown("compensation_per_subscriber_usd", Axis::operator_, kInc) == Approx(80000.0 / 600));
    CHECK(run.breakdown("compensation_per_subscriber_usd", Axis::operator_, kMob) == Approx(160000.0 / 400));
    CHECK(run.total("compensation_per_subscriber_usd") == Approx(240000.0 / 1000));
    // Welfare lost by each operator's users (welfare channel: inc 4,800,
    // mob 2,400 USD) per subscriber.
    CHECK(run.breakdown("welfare_harm_per_subscriber_usd", Axis::operator_, kInc) == Approx(4800.0 / 600));
    CHECK(run.breakdown("welfare_harm_per_subscriber_usd", Axis::operator_, kMob) == Approx(2400.0 / 400));
    CHECK(run.total("welfare_harm_per_subscriber_usd") == Approx(7200.0 / 1000));
    // GDP loss by region, attributed by person-hours offline: in EAST inc
    // holds 500 of 800 users, in WEST 300 of 400.
    const double east = run.breakdown("gdp_loss_total_usd", Axis::region, 0);
    const double west = run.breakdown("gdp_loss_total_usd", Axis::region, 1);
    REQUIRE(east > 0);
    CHECK(run.breakdown("economic_harm_per_subscriber_usd", Axis::operator_, kInc) ==
          Approx((east * 500.0 / 800 + west * 300.0 / 400) / 600));
    CHECK(run.breakdown("economic_harm_per_subscriber_usd", Axis::operator_, kMob) ==
          Approx((east * 300.0 / 800 + west * 100.0 / 400) / 400));
    CHECK(run.total("economic_harm_per_subscriber_usd") == Approx((east + west) / 1000));
}

TEST_CASE("telecom: the input's mistakes are named", "[telecom][errors]") {
    TempDir dir;
    copy_mini(dir);
    auto error = [&] { return load_error(dir); };
    using Catch::Matchers::Contains;
    SECTION("an operator without that access type") {
        replace_in_file(dir / "mini/telecom.csv", "mob,mobile,400", "mob,fixed,400");
        CHECK_THAT(error(), Contains("telecom.csv:4") && Contains("no fixed access networks"));
    }
    SECTION("one tariff without the other") {
        replace_in_file(dir / "mini/telecom.csv", "mob,mobile,400,730.5,2,1", "mob,mobile,400,730.5,2,");
        CHECK_THAT(error(), Contains("telecom.csv:4") && Contains("both tariffs"));
    }
    SECTION("a telecom table without the welfare table") {
        replace_in_file(dir / "mini/baseline.toml", "welfare = \"welfare.csv\"\n", "");
        CHECK_THAT(error(), Contains("telecom.csv") && Contains("welfare table"));
    }
    SECTION("an unknown operator") {
        replace_in_file(dir / "mini/telecom.csv", "mob,mobile", "tele9,mobile");
        CHECK_THAT(error(), Contains("telecom.csv:4") && Contains("unknown operator 'tele9'"));
    }
}
