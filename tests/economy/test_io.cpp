// Tests for rubilnik/economy/io.hpp and io_proxy.hpp: published IIM/DIIM
// worked examples, hand-computed Leontief and RAS cases, misuse, and the
// shipped Kazakhstan proxy table.
//
// Tolerances, and why:
// - kExact (1e-12, relative): results we can compute in closed form; dense LU
//   on a 2×2 with condition number < 10 loses at most a few ulps (~1e-15).
// - Published vectors are compared at half a unit of their last printed
//   digit (5e-4 for three decimals, 5e-7 for six): tighter would test the
//   paper's rounding, looser would accept a wrong model.
// - RAS sums: the balancing tolerance we ask for (1e-10 relative) plus
//   round-off of summing 3–20 terms.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "rubilnik/economy/io.hpp"
#include "rubilnik/economy/io_proxy.hpp"
#include "rubilnik/error.hpp"

#ifndef RUBILNIK_SOURCE_DIR
#define RUBILNIK_SOURCE_DIR "."  // the build should pass the repository root
#endif

namespace eco = rubilnik::economy;
using Catch::Matchers::Contains;
using rubilnik::InputError;

namespace {

constexpr double kExact = 1e-12;

std::string kz_io_dir() { return std::string(RUBILNIK_SOURCE_DIR) + "/scenarios/countries/kz/io"; }

Eigen::MatrixXd mat2(double a, double b, double c, double d) {
    Eigen::MatrixXd m(2, 2);
    m << a, b, c, d;
    return m;
}

Eigen::VectorXd vec2(double a, double b) {
    Eigen::VectorXd v(2);
    v << a, b;
    return v;
}

// A file in the test's own temporary directory, removed with it.
struct TempDir {
    std::filesystem::path path;
    TempDir() {
        path = std::filesystem::temp_directory_path() /
               ("rubilnik_test_io_" + std::to_string(reinterpret_cast<std::uintptr_t>(this)));
        std::filesystem::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    std::string write(const std::string& name, const std::string& text) const {
        const auto p = (path / name).string();
        std::ofstream(p, std::ios::binary) << text;
        return p;
    }
};

// A consistent two-sector table: A from the Leontief case below, f chosen, x solved.
eco::IoTable two_sector_table() {
    const Eigen::MatrixXd a = mat2(0.2, 0.3, 0.4, 0.1);
    const Eigen::VectorXd f = vec2(100, 50);
    const Eigen::VectorXd x = vec2(175, 400.0 / 3.0);
    return eco::IoTable("two-sector", {"X", "Y"}, a, x, vec2(80, 60), f);
}

}  // namespace

// ---------------------------------------------------------------- IIM

TEST_CASE("IIM reproduces Haimes & Jiang (2001)", "[economy][io][iim]") {
    // structural-models.md §1.2: A* = [[0, .8], [.2, 0]], c* = [0, .6] -> q = [.571, .714].
    const Eigen::VectorXd q = eco::iim_inoperability(mat2(0, 0.8, 0.2, 0), vec2(0, 0.6));
    CHECK(q(0) == Approx(0.571).margin(5e-4));
    CHECK(q(1) == Approx(0.714).margin(5e-4));
    // Closed form: det(I − A*) = 0.84, so q = (0.48, 0.6) / 0.84 = (4/7, 5/7).
    CHECK(q(0) == Approx(4.0 / 7.0).epsilon(kExact));
    CHECK(q(1) == Approx(5.0 / 7.0).epsilon(kExact));
}

TEST_CASE("IIM reproduces Lian & Haimes (2006)", "[economy][io][iim]") {
    // A* = [[.15, .50], [.10, .05]], c* = [0, .1] -> q = [.066, .112].
    const Eigen::VectorXd q = eco::iim_inoperability(mat2(0.15, 0.50, 0.10, 0.05), vec2(0, 0.1));
    CHECK(q(0) == Approx(0.066).margin(5e-4));
    CHECK(q(1) == Approx(0.112).margin(5e-4));
    // det(I − A*) = 0.85·0.95 − 0.5·0.1 = 0.7575.
    CHECK(q(0) == Approx(0.05 / 0.7575).epsilon(kExact));
    CHECK(q(1) == Approx(0.085 / 0.7575).epsilon(kExact));
}

TEST_CASE("A* and c* follow Santos & Haimes (2004)", "[economy][io][iim]") {
    const auto table = two_sector_table();
    const Eigen::MatrixXd z = table.intermediate_flows();
    const Eigen::MatrixXd astar = table.interdependency_matrix();
    // a*_ij = z_ij / x_i: the share of i's output that j's demand absorbs.
    for (int i = 0; i < 2; ++i)
        for (int j = 0; j < 2; ++j) CHECK(astar(i, j) == Approx(z(i, j) / table.total_output()(i)).epsilon(kExact));
    // Similar matrices share eigenvalues, so ρ(A*) = ρ(A).
    CHECK(eco::spectral_radius(astar) == Approx(table.spectral_radius()).epsilon(kExact));
    const Eigen::VectorXd c = eco::demand_perturbation(vec2(17.5, 0), table.total_output());
    CHECK(c(0) == Approx(0.1).epsilon(kExact));
    CHECK(c(1) == 0.0);
    // The IIM is a rescaled Leontief model: q = Δx / x with Δx = L Δc.
    const Eigen::VectorXd dx = eco::LeontiefSolver(table.technical_coefficients()).solve(vec2(17.5, 0));
    const Eigen::VectorXd q = eco::iim_inoperability(astar, c);
    CHECK(q(0) == Approx(dx(0) / 175.0).epsilon(1e-10));
    CHECK(q(1) == Approx(dx(1) / (400.0 / 3.0)).epsilon(1e-10));
}

// ---------------------------------------------------------------- DIIM

TEST_CASE("DIIM reproduces the Lian-Haimes loss integrals (stigrs/diim test_case12)", "[economy][io][diim]") {
    // structural-models.md §1.4: Lian–Haimes A*, K = diag(0.2, 0.2), c* = [0, 0.1]
    // on steps 0–30, 100 steps. Read as in that test: 100 time points t = 0..99
    // (99 updates), c*(t) = [0, 0.1] for t = 0..29, q(0) = 0, and ∫q by the
    // trapezoidal rule -> [1.980144, 3.366317]. (Applying c* for 31 steps gives
    // [2.046, 3.479] and a plain sum 1.980148, so the reading is pinned down.)
    const Eigen::MatrixXd astar = mat2(0.15, 0.50, 0.10, 0.05);
    Eigen::MatrixXd cstar = Eigen::MatrixXd::Zero(2, 99);
    cstar.block(1, 0, 1, 30).setConstant(0.1);
    const auto traj = eco::simulate_diim(astar, vec2(0.2, 0.2), vec2(0, 0), cstar);
    REQUIRE(traj.steps() == 99);
    const Eigen::VectorXd integral = traj.integral();
    CHECK(integral(0) == Approx(1.980144).margin(5e-7));
    CHECK(integral(1) == Approx(3.366317).margin(5e-7));
    // Loss = x_i ∫ q_i dt, x in output per time unit.
    const Eigen::VectorXd loss = traj.economic_loss(vec2(2.0, 10.0));
    CHECK(loss(0) == Approx(2.0 * integral(0)).epsilon(kExact));
    CHECK(loss(1) == Approx(10.0 * integral(1)).epsilon(kExact));
}

TEST_CASE("DIIM under a constant c* settles at the static IIM", "[economy][io][diim]") {
    const Eigen::MatrixXd astar = mat2(0.15, 0.50, 0.10, 0.05);
    const Eigen::VectorXd c = vec2(0, 0.1);
    const Eigen::MatrixXd cstar = c.replicate(1, 400);
    const auto traj = eco::simulate_diim(astar, vec2(0.2, 0.2), vec2(0, 0), cstar);
    const Eigen::VectorXd q_static = eco::iim_inoperability(astar, c);
    // The error contracts by ρ(I − K(I − A*)) ≈ 0.84 per step: after 400 steps it is ~1e-30.
    CHECK(traj.q(0, 400) == Approx(q_static(0)).epsilon(1e-10));
    CHECK(traj.q(1, 400) == Approx(q_static(1)).epsilon(1e-10));
}

TEST_CASE("resilience coefficients include the (1 - a*_ii) factor", "[economy][io][diim]") {
    // structural-models.md §1.4 worked value: λ = 0.01, T = 30, a*_ii = 0.05 -> k = 0.162.
    Eigen::MatrixXd astar = Eigen::MatrixXd::Zero(2, 2);
    astar(0, 0) = 0.05;
    const Eigen::VectorXd k = eco::resilience_coefficients(vec2(0.5, 0.5), vec2(0.005, 0.005), vec2(30, 30), astar);
    CHECK(k(0) == Approx(std::log(100.0) / (30 * 0.95)).epsilon(kExact));
    CHECK(k(0) == Approx(0.162).margin(5e-4));
    CHECK(k(1) == Approx(std::log(100.0) / 30).epsilon(kExact));

    // Fine steps approach the continuous model, where an isolated sector reaches
    // q(T) = q(0)/100 exactly. Explicit Euler's relative error here is about
    // T·k(1−a)·k(1−a)Δt/2 ≈ 3.5e-4, hence the 2e-3 tolerance.
    const double dt = 1e-3;
    const auto steps = static_cast<Eigen::Index>(std::lround(30 / dt));
    const auto traj = eco::simulate_diim(astar, k, vec2(0.5, 0.5), Eigen::MatrixXd::Zero(2, steps), dt);
    CHECK(traj.q(0, steps) == Approx(0.005).epsilon(2e-3));
    CHECK(traj.q(1, steps) == Approx(0.005).epsilon(2e-3));

    CHECK_THROWS_AS(eco::resilience_coefficients(vec2(0.5, 0.5), vec2(0.6, 0.005), vec2(30, 30), astar), InputError);
    CHECK_THROWS_WITH(eco::resilience_coefficients(vec2(0.5, 0.5), vec2(0.005, 0.005), vec2(0, 30), astar),
                      Contains("recovery time"));
}

TEST_CASE("DIIM refuses steps that overshoot, and holds a floor", "[economy][io][diim]") {
    const Eigen::MatrixXd astar = mat2(0.15, 0.50, 0.10, 0.05);
    CHECK_THROWS_WITH(eco::simulate_diim(astar, vec2(2.0, 0.2), vec2(0.1, 0), Eigen::MatrixXd::Zero(2, 3)),
                      Contains("k*step"));
    // A shutdown order holds sector 1 at 0.4 for five steps, then releases it.
    Eigen::MatrixXd floor = Eigen::MatrixXd::Zero(2, 21);
    floor.block(0, 0, 1, 6).setConstant(0.4);
    const auto traj = eco::simulate_diim(astar, vec2(0.3, 0.3), vec2(0, 0), Eigen::MatrixXd::Zero(2, 20), 1.0, floor);
    for (int t = 0; t <= 5; ++t) CHECK(traj.q(0, t) == 0.4);
    CHECK(traj.q(1, 5) > 0.0);            // the dependent sector is dragged down
    CHECK(traj.q(0, 20) < traj.q(0, 6));  // and both recover once released
}

// ---------------------------------------------------------------- Leontief

TEST_CASE("Leontief solve matches a hand-computed 2x2, factorised once", "[economy][io][leontief]") {
    // I − A = [[.8, −.3], [−.4, .9]], det = 0.6, (I − A)^-1 = [[1.5, .5], [2/3, 4/3]].
    const eco::LeontiefSolver solver(mat2(0.2, 0.3, 0.4, 0.1));
    const Eigen::VectorXd x1 = solver.solve(vec2(100, 50));
    CHECK(x1(0) == Approx(175.0).epsilon(kExact));
    CHECK(x1(1) == Approx(400.0 / 3.0).epsilon(kExact));
    const Eigen::VectorXd x2 = solver.solve(vec2(0, 60));
    CHECK(x2(0) == Approx(30.0).epsilon(kExact));
    CHECK(x2(1) == Approx(80.0).epsilon(kExact));
    const Eigen::VectorXd x3 = solver.solve(vec2(1, 0));
    CHECK(x3(0) == Approx(1.5).epsilon(kExact));
    CHECK(x3(1) == Approx(2.0 / 3.0).epsilon(kExact));

    Eigen::MatrixXd rhs(2, 2);
    rhs << 100, 0, 50, 60;
    const Eigen::MatrixXd both = solver.solve_many(rhs);
    CHECK(both(0, 0) == Approx(175.0).epsilon(kExact));
    CHECK(both(1, 1) == Approx(80.0).epsilon(kExact));

    const Eigen::MatrixXd l = eco::leontief_inverse(mat2(0.2, 0.3, 0.4, 0.1));
    CHECK(l(0, 1) == Approx(0.5).epsilon(kExact));
    CHECK(l(1, 1) == Approx(4.0 / 3.0).epsilon(kExact));
    const Eigen::RowVectorXd mult = eco::output_multipliers(mat2(0.2, 0.3, 0.4, 0.1));
    CHECK(mult(0) == Approx(1.5 + 2.0 / 3.0).epsilon(kExact));
    CHECK(mult(1) == Approx(0.5 + 4.0 / 3.0).epsilon(kExact));

    CHECK_THROWS_WITH(solver.solve(Eigen::VectorXd::Ones(3)), Contains("expected 2"));
}

TEST_CASE("a spectral radius >= 1 is refused", "[economy][io][validation]") {
    // Column sums 0.6 and 2 are fine for A*, but ρ = sqrt(1.2) ≈ 1.095.
    const Eigen::MatrixXd explosive = mat2(0, 2.0, 0.6, 0);
    CHECK_THROWS_AS(eco::LeontiefSolver(explosive), InputError);
    CHECK_THROWS_WITH(eco::iim_inoperability(explosive, vec2(0.1, 0)),
                      Contains("interdependency matrix A*") && Contains("spectral radius is 1.09545"));
    // Exactly 1 is refused as well: I − A is singular.
    CHECK_THROWS_WITH(eco::LeontiefSolver(mat2(0.5, 0.5, 0.5, 0.5), "my table"),
                      Contains("my table") && Contains("spectral radius is 1"));
    CHECK_THROWS_WITH(eco::LeontiefSolver(mat2(0.1, -0.2, 0.1, 0.1)), Contains("expected >= 0"));
}

TEST_CASE("IoTable validates coefficients, output and balance", "[economy][io][validation]") {
    const auto ok = two_sector_table();
    CHECK(ok.size() == 2);
    CHECK(ok.index_of("Y") == 1);
    CHECK(ok.spectral_radius() < 1);
    CHECK_THROWS_WITH(ok.index_of("Z"), Contains("no such sector"));

    const Eigen::VectorXd x = vec2(175, 400.0 / 3.0);
    // A column sum of 1 means inputs cost as much as the output: refused, naming table and sector.
    CHECK_THROWS_WITH(eco::IoTable("t.csv", {"X", "Y"}, mat2(0.6, 0.3, 0.4, 0.1), x, x, x),
                      Contains("t.csv") && Contains("key 'X'") && Contains("column sum"));
    CHECK_THROWS_WITH(eco::IoTable("t.csv", {"X", "Y"}, mat2(0.2, 0.3, 0.4, 0.1), vec2(175, 0), x, x),
                      Contains("total_output is 0"));
    // f that does not close the rows.
    CHECK_THROWS_WITH(eco::IoTable("t.csv", {"X", "Y"}, mat2(0.2, 0.3, 0.4, 0.1), x, x, vec2(100, 51)),
                      Contains("key 'Y'") && Contains("does not balance"));
    CHECK_THROWS_WITH(eco::IoTable("t.csv", {"X", "X"}, mat2(0.2, 0.3, 0.4, 0.1), x, x, vec2(100, 50)),
                      Contains("appears twice"));
}

// ---------------------------------------------------------------- RAS

TEST_CASE("RAS meets row and column targets biproportionally", "[economy][io][ras]") {
    Eigen::MatrixXd z0(3, 3);
    z0 << 1, 2, 3, 4, 5, 6, 7, 8, 0;
    Eigen::VectorXd u(3), v(3);
    u << 10, 20, 30;
    v << 25, 20, 15;
    const auto res = eco::ras_balance(z0, u, v);
    CHECK(res.iterations > 1);
    CHECK(res.iterations < 1000);
    CHECK(res.residual <= 1e-10);
    for (int i = 0; i < 3; ++i) {
        CHECK(res.flows.row(i).sum() == Approx(u(i)).epsilon(1e-9));
        CHECK(res.flows.col(i).sum() == Approx(v(i)).epsilon(1e-9));
    }
    CHECK(res.flows(2, 2) == 0.0);  // zeros stay zeros
    // Z = diag(r) Z0 diag(s) keeps every cross-ratio z_ij z_kl / (z_il z_kj).
    const auto cross = [](const Eigen::MatrixXd& z) { return z(0, 0) * z(1, 1) / (z(0, 1) * z(1, 0)); };
    CHECK(cross(res.flows) == Approx(cross(z0)).epsilon(1e-9));
}

TEST_CASE("RAS refuses inconsistent or impossible targets", "[economy][io][ras]") {
    Eigen::MatrixXd z0(2, 2);
    z0 << 1, 1, 0, 1;
    eco::RasOptions opt;
    opt.name = "test RAS";
    opt.labels = {"X", "Y"};
    // Totals differ: 4 vs 5.
    CHECK_THROWS_AS(eco::ras_balance(z0, vec2(1, 3), vec2(3, 2), opt), InputError);
    CHECK_THROWS_WITH(eco::ras_balance(z0, vec2(1, 3), vec2(3, 2), opt),
                      Contains("test RAS") && Contains("row targets sum to 4 but column targets sum to 5"));
    // A zero prior row cannot be scaled up to a positive target.
    Eigen::MatrixXd zero_row = z0;
    zero_row.row(1).setZero();
    CHECK_THROWS_WITH(eco::ras_balance(zero_row, vec2(1, 3), vec2(3, 1), opt),
                      Contains("row Y of the prior is all zero"));
    // Consistent totals, but Y can only sell to column Y whose total (1) is below Y's sales (3).
    opt.max_iterations = 200;
    CHECK_THROWS_WITH(eco::ras_balance(z0, vec2(1, 3), vec2(3, 1), opt), Contains("did not converge in 200"));
    CHECK_THROWS_WITH(eco::ras_balance(z0, vec2(-1, 5), vec2(3, 1), opt), Contains("X is -1"));
}

// ---------------------------------------------------------------- files

TEST_CASE("load_io_table names the file, line and column of a malformed table", "[economy][io][file]") {
    TempDir dir;
    const std::vector<std::string> ids{"X", "Y"};
    const std::string header = "sector,X,Y,total_output,value_added,final_demand\n";
    const std::string row_x = "X,0.2,0.3,175,80,100\n";
    const std::string row_y = "Y,0.4,0.1,133.33333333333334,60,50\n";

    const auto good = eco::load_io_table(dir.write("good.csv", header + row_x + row_y), ids);
    CHECK(good.technical_coefficients()(1, 0) == 0.4);

    const auto bad_number = dir.write("bad_number.csv", header + row_x + "Y,0.4,zero,133.3,60,50\n");
    CHECK_THROWS_WITH(eco::load_io_table(bad_number, ids),
                      Contains("bad_number.csv:3:3") && Contains("key 'Y'") && Contains("'zero'"));
    const auto negative = dir.write("negative.csv", header + "X,-0.2,0.3,175,80,100\n" + row_y);
    CHECK_THROWS_WITH(eco::load_io_table(negative, ids), Contains("negative.csv:2:2"));
    const auto order = dir.write("order.csv", header + row_y + row_x);
    CHECK_THROWS_WITH(eco::load_io_table(order, ids),
                      Contains("order.csv:2") && Contains("row is for sector 'Y'; expected 'X'"));
    const auto short_row = dir.write("short.csv", header + row_x + "Y,0.4,0.1,133.3,60\n");
    CHECK_THROWS_WITH(eco::load_io_table(short_row, ids), Contains("short.csv:3") && Contains("5 cells"));
    const auto bad_header = dir.write("header.csv", "sector,X,Y,output,value_added,final_demand\n" + row_x + row_y);
    CHECK_THROWS_WITH(eco::load_io_table(bad_header, ids), Contains("header.csv:1") && Contains("expected"));
    const auto missing = dir.write("missing.csv", header + row_x);
    CHECK_THROWS_WITH(eco::load_io_table(missing, ids), Contains("missing.csv:2") && Contains("expected 2"));
    CHECK_THROWS_WITH(eco::load_io_table((dir.path / "absent.csv").string(), ids), Contains("cannot open"));
}

TEST_CASE("write_io_table round-trips bit for bit", "[economy][io][file]") {
    TempDir dir;
    const auto table = two_sector_table();
    const auto path = (dir.path / "t.csv").string();
    eco::write_io_table(table, path);
    const auto back = eco::load_io_table(path, {"X", "Y"});
    CHECK(back.technical_coefficients() == table.technical_coefficients());
    CHECK(back.total_output() == table.total_output());
    CHECK(back.value_added() == table.value_added());
    CHECK(back.final_demand() == table.final_demand());
    CHECK_FALSE(std::filesystem::exists(path + ".tmp"));
}

// ---------------------------------------------------------------- KZ proxy

TEST_CASE("the shipped KZ proxy table loads and is plausible", "[economy][io][kz]") {
    const auto table = eco::load_io_table(kz_io_dir() + "/io_table.csv");
    REQUIRE(table.size() == 20);
    CHECK(table.sectors() == eco::nace_sections());
    CHECK(table.spectral_radius() < 1.0);
    const Eigen::RowVectorXd mult = eco::output_multipliers(table.technical_coefficients());
    for (std::size_t j = 0; j < table.size(); ++j) {
        INFO("sector " << table.sectors()[j] << " multiplier " << mult(j));
        if (table.sectors()[j] == "T") {
            // Households as employers buy no intermediate inputs (ADB sector 35 has zuse = 0).
            CHECK(mult(j) == Approx(1.0).epsilon(kExact));
        } else {
            CHECK(mult(j) >= 1.1);
            CHECK(mult(j) <= 3.5);
        }
    }
    // Value added is BNS 2021 GVA: it must add up to the published 79,096,070.3 million KZT.
    CHECK(table.value_added().sum() == Approx(79096070.3e6).epsilon(1e-12));
}

TEST_CASE("the shipped KZ proxy table is what build_kz_io_proxy makes", "[economy][io][kz]") {
    const auto built = eco::build_kz_io_proxy_detailed(kz_io_dir() + "/source");
    CHECK(built.year == 2021);
    CHECK(built.ras_residual <= 1e-10);
    const auto shipped = eco::load_io_table(kz_io_dir() + "/io_table.csv");
    // The file holds round-trip decimals, so on the machine that wrote it the
    // match is exact; 1e-12 relative leaves room only for another compiler's
    // summation order (vector width, FMA), never for a changed method or input.
    const auto same = [](const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
        REQUIRE(a.rows() == b.rows());
        REQUIRE(a.cols() == b.cols());
        return ((a - b).cwiseAbs().array() <= 1e-12 * a.cwiseAbs().array().max(b.cwiseAbs().array()) + 1e-300).all();
    };
    CHECK(same(built.table.technical_coefficients(), shipped.technical_coefficients()));
    CHECK(same(built.table.total_output(), shipped.total_output()));
    CHECK(same(built.table.final_demand(), shipped.final_demand()));
    CHECK(same(built.table.value_added(), shipped.value_added()));
}

TEST_CASE("the KZ proxy mappings cover every source sector", "[economy][io][kz]") {
    const auto& maps = eco::kz_proxy_mappings();
    REQUIRE(maps.size() == 20);
    std::set<std::string> wiod;
    std::set<int> adb;
    for (std::size_t s = 0; s < maps.size(); ++s) {
        CHECK(maps[s].section == eco::nace_sections()[s]);
        CHECK_FALSE(maps[s].prior.empty());
        wiod.insert(maps[s].wiod.begin(), maps[s].wiod.end());
        adb.insert(maps[s].adb.begin(), maps[s].adb.end());
        // ADB groups are shared whole or not at all, so no ADB sector is counted twice in one total.
        for (std::size_t t = 0; t < s; ++t) {
            std::set<int> a(maps[s].adb.begin(), maps[s].adb.end()), b(maps[t].adb.begin(), maps[t].adb.end());
            bool overlap = false;
            for (int id : a) overlap = overlap || b.count(id) > 0;
            CHECK((!overlap || a == b));
        }
    }
    CHECK(wiod.size() == 55);  // all 56 WIOD industries but U (extraterritorial bodies)
    CHECK(adb.size() == 35);
    CHECK(*adb.begin() == 1);
    CHECK(*adb.rbegin() == 35);
}

TEST_CASE("build_kz_io_proxy reports a missing input file by name", "[economy][io][kz]") {
    TempDir dir;
    CHECK_THROWS_WITH(eco::build_kz_io_proxy(dir.path.string()),
                      Contains("io_substitute_RUS_2014_Z_domestic.csv") && Contains("cannot open"));
}
