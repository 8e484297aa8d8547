// The indirect-loss channel on a hand-computed two-sector input–output table
// added to the mini country, and its DIIM recovery tail against the IO
// library's own DIIM (an independent implementation of the same recursion).
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "../support.hpp"
#include "rubilnik/economy/io.hpp"
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

// Flows z: A→A 10, A→B 40, B→A 30, B→B 0; output x = (100, 200); value added
// (60, 160); final demand f = x − Z·1 = (50, 170). So a = Z/x_j:
// a_AA = 0.1, a_AB = 0.2, a_BA = 0.3, a_BB = 0, and a*_ij = z_ij/x_i:
// A* = [[0.1, 0.4], [0.15, 0]], det(I − A*) = 0.84,
// (I − A*)^-1 − I = [[4/21, 10/21], [5/28, 1/14]],
// M = diag(va)((I − A*)^-1 − I)diag(va)^-1 = [[4/21, 5/28], [10/21, 1/14]].
const char* kIoTable =
    "sector,A,B,total_output,value_added,final_demand\n"
    "A,0.1,0.2,100,60,50\n"
    "B,0.3,0,200,160,170\n";

// exp(−4): with a recovery time of 1 day the time constant τ = 24 h / 4 = 6 h.
const char* kRecovery =
    "\"economy.recovery_days\" = { value = 1.0, source = \"test\" }\n"
    "\"economy.recovery_residual\" = { value = 0.018315638888734179, source = \"test: exp(-4)\" }\n";

void add_io(const TempDir& dir, const std::string& table = kIoTable) {
    write_file(dir / "mini/io.csv", table);
    replace_in_file(dir / "mini/baseline.toml", R"(links = "links.csv")", "links = \"links.csv\"\nio = \"io.csv\"");
    write_file(dir / "mini/baseline.toml", read_file(dir / "mini/baseline.toml") + kRecovery);
}

// mini-cut (national mobile cut 01:00–03:00 local) with the window ending at `end`.
void set_window_end(const TempDir& dir, const std::string& end) {
    replace_in_file(dir / "s.toml", "end = \"2022-01-05T06:00+06:00\"", "end = \"" + end + "\"");
}

std::string engine_error(const TempDir& dir) {
    try {
        const auto sc = load_scenario((dir / "s.toml").string());
        const Engine engine(sc);
    } catch (const InputError& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST_CASE("indirect loss: Leontief propagation of the direct loss on a 2-sector table, by hand",
          "[economy][indirect]") {
    TempDir dir;
    copy_mini(dir);
    add_io(dir);
    const auto sc = load_scenario((dir / "s.toml").string());
    const Engine engine(sc);
    const auto r = engine.run(RunOptions{});
    // Direct (tests/sim/test_engine.cpp): A 0.4e6, B 0.16e6 local, 0.2e6 and 0.08e6 in each of hours 1 and 2.
    const double up_a = 4.0 / 21 * 0.4e6 + 5.0 / 28 * 0.16e6;
    const double up_b = 10.0 / 21 * 0.4e6 + 1.0 / 14 * 0.16e6;
    // The engine multiplies the same numbers in another order: 1e-12 relative.
    CHECK(total(engine, r, "gdp_loss_indirect_io_usd") == Approx(0.5 * (up_a + up_b)).epsilon(1e-12));
    // Column sums of M: 2/3 for A, 1/4 for B; the hourly series is float (1e-6).
    CHECK(hourly(engine, r, "gdp_loss_indirect_usd", 1) ==
          Approx(0.5 * (2.0 / 3 * 0.2e6 + 0.25 * 0.08e6)).epsilon(1e-6));
    CHECK(hourly(engine, r, "gdp_loss_indirect_usd", 0) == 0.0);
    // The direct loss is the same with or without the table: the indirect
    // channel adds (I − A*)^-1 − I, never the direct round again.
    CHECK(total(engine, r, "gdp_loss_direct_usd") == Approx(0.56e6 * 0.5).epsilon(1e-12));
    CHECK(total(engine, r, "gdp_loss_total_usd") ==
          Approx(total(engine, r, "gdp_loss_direct_usd") + total(engine, r, "gdp_loss_indirect_usd")).epsilon(1e-12));
    CHECK(total(engine, r, "gdp_loss_indirect_usd") ==
          Approx(total(engine, r, "gdp_loss_indirect_io_usd") + total(engine, r, "gdp_loss_recovery_tail_usd"))
              .epsilon(1e-12));
    // Breakdowns add up to the total.
    const double all = total(engine, r, "gdp_loss_indirect_usd");
    CHECK(breakdown(engine, r, "gdp_loss_indirect_usd", Axis::sector, 0) +
              breakdown(engine, r, "gdp_loss_indirect_usd", Axis::sector, 1) ==
          Approx(all).epsilon(1e-12));
    CHECK(breakdown(engine, r, "gdp_loss_indirect_usd", Axis::region, 0) +
              breakdown(engine, r, "gdp_loss_indirect_usd", Axis::region, 1) ==
          Approx(all).epsilon(1e-12));
    // No regional table: each sector's indirect loss falls where it produces, 0.75 / 0.25.
    CHECK(breakdown(engine, r, "gdp_loss_indirect_usd", Axis::region, 0) == Approx(0.75 * all).epsilon(1e-12));
}

TEST_CASE("indirect loss: the recovery tail is the IO library's DIIM with a floor", "[economy][indirect][diim]") {
    TempDir dir;
    copy_mini(dir);
    add_io(dir);
    const auto sc = load_scenario((dir / "s.toml").string());
    const Engine engine(sc);
    const auto r = engine.run(RunOptions{});

    // The static inoperability: c* = (0.5, 0.2 [median]) × 0.8 × mobile weight 0.5 in hours 1 and 2.
    Eigen::MatrixXd astar(2, 2);
    astar << 0.1, 0.4, 0.15, 0.0;
    // Dynamic-size vectors: GCC 12 warns falsely (-Wstringop-overread) on copies of fixed-size ones.
    Eigen::VectorXd c(2);
    c << 0.5 * 0.8 * 0.5, 0.2 * 0.8 * 0.5;
    const Eigen::VectorXd q = economy::iim_inoperability(astar, c);
    // DIIM in hourly steps (Δt = 1/24 day), held at the static level while the cut lasts, for 40 days.
    const int steps = 24 * 40;
    Eigen::MatrixXd floor = Eigen::MatrixXd::Zero(2, steps + 1);
    floor.col(1) = q;
    floor.col(2) = q;
    const Eigen::VectorXd ones = Eigen::VectorXd::Ones(2);
    const Eigen::VectorXd k =
        economy::resilience_coefficients(ones, Eigen::VectorXd::Constant(2, std::exp(-4.0)), ones, astar);
    const auto traj =
        economy::simulate_diim(astar, k, Eigen::VectorXd::Zero(2), Eigen::MatrixXd::Zero(2, steps), 1.0 / 24, floor);
    // Value added above the static level, at 1e6 a sector-hour (flat activity), local currency.
    double tail = 0, in_window = 0;
    for (int t = 0; t <= steps; ++t) {
        const double x = (traj.q.col(t) - floor.col(t)).sum() * 1e6;
        tail += x;
        if (t < 6) in_window += x;
    }
    REQUIRE(tail > 0);
    // Euler steps of the same recursion, summed in another order: 1e-9 relative.
    CHECK(total(engine, r, "gdp_loss_recovery_tail_usd") == Approx(0.5 * tail).epsilon(1e-9));
    // Inside the window the tail shows in the hourly series (float: 1e-6).
    const double static_hourly = 2.0 / 3 * 0.2e6 + 0.25 * 0.08e6;
    double series = 0;
    for (std::size_t h = 0; h < 6; ++h) series += hourly(engine, r, "gdp_loss_indirect_usd", h);
    CHECK(series == Approx(0.5 * (2 * static_hourly + in_window)).epsilon(1e-6));
}

TEST_CASE("indirect loss: the tail does not depend on where the window ends", "[economy][indirect][diim]") {
    // Restoration at 03:00; a window to 04:00 sees one hour of the tail, one to
    // 12:00 nine; the rest is added in closed form, so the totals agree.
    double tails[2] = {0, 0}, statics[2] = {0, 0};
    const char* ends[2] = {"2022-01-05T04:00+06:00", "2022-01-05T12:00+06:00"};
    for (int i = 0; i < 2; ++i) {
        TempDir dir;
        copy_mini(dir);
        add_io(dir);
        set_window_end(dir, ends[i]);
        const auto sc = load_scenario((dir / "s.toml").string());
        const Engine engine(sc);
        const auto r = engine.run(RunOptions{});
        tails[i] = total(engine, r, "gdp_loss_recovery_tail_usd");
        statics[i] = total(engine, r, "gdp_loss_indirect_io_usd");
    }
    CHECK(tails[0] > 0);
    // Closed form Σ_{n≥1} Φ^n = τ (I − A*)^-1 diag(1 − a*_ii) − I versus the
    // explicit steps: rounding only, 1e-10 relative.
    CHECK(tails[0] == Approx(tails[1]).epsilon(1e-10));
    CHECK(statics[0] == Approx(statics[1]).epsilon(1e-12));
}

TEST_CASE("indirect loss: a slower recovery means a longer tail, never a larger static part",
          "[economy][indirect][diim]") {
    double tails[2] = {0, 0}, statics[2] = {0, 0};
    for (int i = 0; i < 2; ++i) {
        TempDir dir;
        copy_mini(dir);
        add_io(dir);
        if (i == 1)
            replace_in_file(dir / "mini/baseline.toml", "\"economy.recovery_days\" = { value = 1.0",
                            "\"economy.recovery_days\" = { value = 3.0");
        const auto sc = load_scenario((dir / "s.toml").string());
        const Engine engine(sc);
        const auto r = engine.run(RunOptions{});
        tails[i] = total(engine, r, "gdp_loss_recovery_tail_usd");
        statics[i] = total(engine, r, "gdp_loss_indirect_io_usd");
    }
    CHECK(tails[1] > 2 * tails[0]);
    CHECK(statics[1] == statics[0]);
}

TEST_CASE("indirect loss: bad tables and recovery times are refused with their names", "[economy][indirect]") {
    TempDir dir;
    copy_mini(dir);
    SECTION("rows out of order") {
        add_io(dir, "sector,A,B,total_output,value_added,final_demand\nB,0.3,0,200,160,170\nA,0.1,0.2,100,60,50\n");
        CHECK_THAT(engine_error(dir), Contains("io.csv:2") && Contains("row is for sector 'B'; expected 'A'"));
    }
    SECTION("a table that does not balance") {
        add_io(dir, "sector,A,B,total_output,value_added,final_demand\nA,0.1,0.2,100,60,40\nB,0.3,0,200,160,170\n");
        CHECK_THAT(engine_error(dir), Contains("io.csv"));
    }
    SECTION("a recovery too fast for hourly steps") {
        add_io(dir);
        replace_in_file(dir / "mini/baseline.toml", "\"economy.recovery_days\" = { value = 1.0",
                        "\"economy.recovery_days\" = { value = 0.02");
        CHECK_THAT(engine_error(dir), Contains("economy.recovery_days") && Contains("needs at least 1 h"));
    }
    SECTION("a residual outside (0, 1)") {
        add_io(dir);
        replace_in_file(dir / "mini/baseline.toml", "value = 0.018315638888734179", "value = 1.5");
        CHECK_THAT(engine_error(dir), Contains("economy.recovery_residual") && Contains("strictly between 0 and 1"));
    }
    SECTION("a missing recovery parameter") {
        add_io(dir);
        replace_in_file(dir / "mini/baseline.toml", "\"economy.recovery_days\" = { value = 1.0, source = \"test\" }\n",
                        "");
        CHECK_THAT(engine_error(dir), Contains("economy.recovery_days"));
    }
}

TEST_CASE("without an io table there is no indirect metric and the total is the direct loss", "[economy][indirect]") {
    const auto sc = load_scenario((data_dir() / "mini-cut.toml").string());
    const Engine engine(sc);
    CHECK_FALSE(engine.metrics().has("gdp_loss_indirect_usd"));
    const auto r = engine.run(RunOptions{});
    CHECK(total(engine, r, "gdp_loss_total_usd") == total(engine, r, "gdp_loss_direct_usd"));
}
