// The mining channel on the mini country, by hand.
//
// Mini: 10 EH/s installed of a 100 EH/s network, 60 % in EAST, 40 % in WEST,
// on each region's fixed networks (operator inc); pools are the foreign host
// `pool`. The difficulty 3600e18 / 2^32 makes one EH/s-hour earn exactly the
// block reward, 6 + 0.25 BTC; BTC at 1,000 USD; 10 MW of farms at 50 USD/MWh;
// leakage 0, VPN share 0.25.
// Tolerances: Approx's default relative 1e-5.
#include <catch2/catch.hpp>

#include <cmath>

#include "mini_channel.hpp"

using namespace rubilnik;
using namespace rubilnik::test;

namespace rubilnik {
double btc_per_eh_hour(double difficulty, double reward_btc);
}

namespace {

using Run = MiniRun;

Scenario scenario(const TempDir& dir, const std::string& events, const std::string& parameters = "") {
    return mini_scenario(dir, "mini-mining", events, parameters);
}

}  // namespace

TEST_CASE("mining: expected BTC per EH/s-hour is the block-finding rate times the reward", "[mining]") {
    // 1 EH/s for 3600 s makes 3.6e21 hashes; each solves a block with
    // probability 1 / (2^32 D).
    CHECK(btc_per_eh_hour(3600e18 / std::ldexp(1.0, 32), 6.25) == Approx(6.25));
    // KZ, 5 Jan 2022: D = 24.27 T, 6.25 + 0.0854 BTC -> ~0.219 BTC per EH/s-hour,
    // i.e. 144 BTC a day for 27.5 EH/s (kz-facts.md §6 quotes ~163 a day for 18.1 %).
    CHECK(btc_per_eh_hour(24272331996979.97, 6.3354) == Approx(0.21876).epsilon(1e-4));
    CHECK(btc_per_eh_hour(0, 6.25) == 0);
}

TEST_CASE("mining: a two-hour national cut, by hand", "[mining]") {
    TempDir dir;
    const Run run(scenario(dir, mini_event("cut", "cut", "{ scope = \"national\" }")));
    CHECK(run.total("mining_offline_hashrate_ehs") == Approx(10));
    CHECK(run.total("global_hashrate_drop_share") == Approx(0.10));
    CHECK(run.region("mining_offline_hashrate_ehs", 0) == Approx(6));
    CHECK(run.region("mining_offline_hashrate_ehs", 1) == Approx(4));
    // 10 EH/s x 2 h x 6.25 BTC = 125 BTC at 1,000 USD.
    CHECK(run.total("mining_lost_btc") == Approx(125));
    CHECK(run.total("mining_lost_revenue_usd") == Approx(125000));
    CHECK(run.region("mining_lost_revenue_usd", 0) == Approx(75000));
    // 10 MW x 2 h x 50 USD/MWh.
    CHECK(run.total("mining_avoided_power_cost_usd") == Approx(1000));
    CHECK(run.total("mining_net_loss_usd") == Approx(124000));
    CHECK(run.hour("mining_offline_hashrate_ehs", 0) == Approx(0).margin(1e-9));
    CHECK(run.hour("mining_offline_hashrate_ehs", 1) == Approx(10));
    CHECK(run.hour("global_hashrate_drop_share", 2) == Approx(0.10));
    CHECK(run.hour("mining_offline_hashrate_ehs", 3) == Approx(0).margin(1e-9));
}

TEST_CASE("mining: no mining while pools are unreachable, whatever the reason", "[mining]") {
    SECTION("farms sit on fixed lines: a mobile cut does not stop them") {
        TempDir dir;
        const Run run(scenario(dir, mini_event("m", "cut", "{ access = \"mobile\" }")));
        CHECK(run.total("mining_lost_btc") == Approx(0).margin(1e-12));
    }
    SECTION("the gateway cut: domestic services work, pools do not") {
        TempDir dir;
        const Run run(scenario(dir, mini_event("gw", "cut", "{ node = [\"gw\"] }")));
        CHECK(run.total("mining_offline_hashrate_ehs") == Approx(10));
    }
    SECTION("a whitelist without the pools") {
        TempDir dir;
        const Run run(scenario(dir, mini_event("w", "allow_only", "{ scope = \"national\", services = [\"bank\"] }")));
        CHECK(run.total("mining_offline_hashrate_ehs") == Approx(10));
    }
    SECTION("a whitelist with the pools") {
        TempDir dir;
        const Run run(scenario(dir, mini_event("w", "allow_only", "{ scope = \"national\", services = [\"pool\"] }")));
        CHECK(run.total("mining_offline_hashrate_ehs") == Approx(0).margin(1e-12));
    }
    SECTION("pools blocked by name while the world is reachable: a VPN share gets round it") {
        TempDir dir;
        const Run run(scenario(dir, mini_event("b", "block", "{ scope = \"national\", services = [\"pool\"] }")));
        CHECK(run.total("mining_offline_hashrate_ehs") == Approx(10 * 0.75));
    }
    SECTION("one region's fixed lines") {
        TempDir dir;
        const Run run(
            scenario(dir, mini_event("w", "cut", "{ region = \"WEST\", access = \"fixed\" }", "02:30", "03:00")));
        // Half an hour: the hour average is 2 EH/s, the peak hour holds it.
        CHECK(run.total("mining_offline_hashrate_ehs") == Approx(2));
        CHECK(run.region("mining_offline_hashrate_ehs", 0) == Approx(0).margin(1e-12));
        CHECK(run.total("mining_lost_btc") == Approx(4 * 0.5 * 6.25));
    }
    SECTION("leakage lets a share through a cut") {
        TempDir dir;
        const Run run(scenario(dir, mini_event("cut", "cut", "{ scope = \"national\" }"),
                               R"("network.cut_leakage" = { value = 0.5, source = "test" })"));
        CHECK(run.total("mining_offline_hashrate_ehs") == Approx(5));
    }
}

TEST_CASE("mining: the input's mistakes are named", "[mining][errors]") {
    TempDir dir;
    copy_mini(dir);
    auto error = [&] { return load_error(dir); };
    using Catch::Matchers::Contains;
    SECTION("a region twice") {
        replace_in_file(dir / "mini/mining.csv", "WEST,0.4", "EAST,0.4");
        CHECK_THAT(error(), Contains("mining.csv:3") && Contains("twice"));
    }
    SECTION("a share out of range") {
        replace_in_file(dir / "mini/mining.csv", "WEST,0.4", "WEST,1.4");
        CHECK_THAT(error(), Contains("mining.csv:3") && Contains("share"));
    }
    SECTION("a wrong header") {
        replace_in_file(dir / "mini/mining.csv", "region,share,source", "region,ehs,source");
        CHECK_THAT(error(), Contains("mining.csv:1") && Contains("expected 'region,share,source'"));
    }
    SECTION("no pool host") {
        replace_in_file(dir / "mini/nodes.csv", "pool,service,,,foreign,pool,mining_pools,test",
                        "pool,service,,,foreign,pool,other,test");
        CHECK_THAT(error(), Contains("mining_pools"));
    }
}

TEST_CASE("mining: the KZ replay's global hashrate drop brackets the observed 13.4 %", "[mining][kz]") {
    // Observed: 205,000 -> 177,330 PH/s within hours of the national cut
    // (kz-facts.md §6). The model's P5-P95 over 500 draws must contain it
    // and its median lie within 2 points (docs/calibration-kz.md §2).
    const auto sc = load_scenario((source_dir() / "scenarios/kz-2022-01.toml").string());
    const Engine engine(sc);
    RunOptions o;
    o.draws = 500;
    const auto r = engine.run(o);
    const auto drop = r.totals[engine.metrics().index("global_hashrate_drop_share")];
    CHECK(drop.p5 <= 0.134);
    CHECK(drop.p95 >= 0.134);
    CHECK(drop.p50 == Approx(0.134).margin(0.02));
    // Kazakhstan held 13-18 % of the world's hashrate: the drop cannot exceed it.
    CHECK(drop.p95 < 0.181);
}
