// The engine on the mini country, against numbers computed by hand.
#include <catch2/catch.hpp>

#include "../support.hpp"
#include "rubilnik/engine.hpp"

using namespace rubilnik;
using namespace rubilnik::test;

namespace {
double total(const Engine& e, const EnsembleResult& r, const std::string& id) {
    return r.totals[e.metrics().index(id)].p50;
}
}  // namespace

TEST_CASE("a two-hour national mobile cut, computed by hand", "[engine]") {
    const auto sc = load_scenario((data_dir() / "mini-cut.toml").string());
    const Engine engine(sc);
    RunOptions opt;
    const auto r = engine.run(opt);
    // Mobile users: EAST 800 × 0.75 = 600, WEST 400 × 0.5 = 200; leakage 0.
    CHECK(total(engine, r, "users_affected") == Approx(800));
    CHECK(total(engine, r, "person_hours_offline") == Approx(1600));
    CHECK(total(engine, r, "national_connectivity_min") == Approx(1.0 - 800.0 / 1200.0));
    // Direct loss: per sector 1e6 an hour over both regions; outage = mobile
    // weight 0.5 × 2 h; A: 0.5 × (1 − 0.1 − 0.1) = 0.4; B (median of
    // uniform 0.1..0.3 = 0.2): 0.2 × 0.8 = 0.16. USD at 0.5 per unit.
    CHECK(total(engine, r, "gdp_loss_direct_local") == Approx((0.4 + 0.16) * 1e6));
    CHECK(total(engine, r, "gdp_loss_direct_usd") == Approx((0.4 + 0.16) * 1e6 * 0.5));
    CHECK(total(engine, r, "gdp_loss_total_usd") == Approx(total(engine, r, "gdp_loss_direct_usd")));
    // Region split by GDP share 0.75 / 0.25.
    const auto off = engine.metrics().breakdown_offset(engine.metrics().index("gdp_loss_direct_usd"), Axis::region);
    CHECK(r.breakdown[off].p50 == Approx(0.75 * 0.56e6 * 0.5));
    // Hourly series: loss only in hours 1 and 2 (local 01:00-03:00).
    const auto h = engine.metrics().hourly_offset(engine.metrics().index("gdp_loss_direct_usd"));
    CHECK(r.hourly[h + 0].p50 == Approx(0.0));
    CHECK(r.hourly[h + 1].p50 == Approx(0.14e6));
    CHECK(r.hourly[h + 2].p50 == Approx(0.14e6));
    CHECK(r.hourly[h + 3].p50 == Approx(0.0));
}

TEST_CASE("results do not depend on the thread count", "[engine][determinism]") {
    const auto sc = load_scenario((data_dir() / "mini-cut.toml").string());
    const Engine engine(sc);
    RunOptions one;
    one.draws = 2000;
    one.threads = 1;
    RunOptions two = one;
    two.threads = 2;
    const auto a = engine.run(one);
    const auto b = engine.run(two);
    REQUIRE(a.draws.size() == b.draws.size());
    for (std::size_t d = 0; d < a.draws.size(); ++d) {
        REQUIRE(a.draws[d].totals == b.draws[d].totals);
        REQUIRE(a.draws[d].hourly == b.draws[d].hourly);
    }
    for (std::size_t m = 0; m < a.totals.size(); ++m) {
        CHECK(a.totals[m].p5 == b.totals[m].p5);
        CHECK(a.totals[m].p95 == b.totals[m].p95);
        CHECK(a.totals[m].mean == b.totals[m].mean);
    }
    // The uncertain dependence of sector B spreads the loss.
    const auto m = engine.metrics().index("gdp_loss_direct_usd");
    CHECK(a.totals[m].p5 < a.totals[m].p50);
    CHECK(a.totals[m].p50 < a.totals[m].p95);
    // Another seed gives other draws.
    RunOptions other = one;
    other.seed = 7;
    CHECK(engine.run(other).totals[m].mean != a.totals[m].mean);
}

TEST_CASE("percentiles use linear interpolation between order statistics", "[result]") {
    const auto s = summarise({5, 1, 4, 2, 3});
    CHECK(s.p50 == 3);
    CHECK(s.p5 == Approx(1.2));
    CHECK(s.p95 == Approx(4.8));
    CHECK(s.mean == 3);
    const auto one = summarise({7});
    CHECK((one.p5 == 7 && one.p50 == 7 && one.p95 == 7 && one.mean == 7));
}
