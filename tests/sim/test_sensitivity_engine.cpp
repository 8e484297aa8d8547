// Sobol sensitivity of whole scenarios (run_sensitivity) on the mini
// country, where the answer is known: the direct loss is linear and additive
// in the two sectors' dependences, so S1 = ST = each one's share of the
// variance; one uncertain parameter explains everything.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "../support.hpp"
#include "rubilnik/engine.hpp"
#include "rubilnik/sensitivity_run.hpp"

using namespace rubilnik;
using namespace rubilnik::test;

namespace {

// With N = 4000 base rows the bootstrap intervals of these indices are about
// ±0.03 wide (95 %), so ±0.06 is about four standard errors.
constexpr double kTol = 0.06;

void mini_two_uncertain(const TempDir& dir, const std::string& extra = "") {
    copy_mini(dir);
    replace_in_file(dir / "mini/baseline.toml", R"("economy.dependence.A" = { value = 0.5, source = "test" })",
                    R"("economy.dependence.A" = { dist = "uniform", min = 0.3, max = 0.7, source = "test" })");
    write_file(dir / "mini/baseline.toml", read_file(dir / "mini/baseline.toml") + extra);
}

const SobolIndex& index_of(const SensitivityReport& rep, const std::string& metric, const std::string& factor) {
    const auto m = static_cast<std::size_t>(std::find(rep.metric_ids.begin(), rep.metric_ids.end(), metric) -
                                            rep.metric_ids.begin());
    REQUIRE(m < rep.results.size());
    for (std::size_t f = 0; f < rep.factors.size(); ++f)
        if (rep.factors[f].name == factor) return rep.results[m].indices[f];
    FAIL("no factor " << factor);
    throw;
}

// d(metric)/d(parameter) from two central evaluations (the loss is linear).
double slope(const Engine& engine, const std::string& key, double lo, double hi, const std::string& metric) {
    const auto& t = engine.scenario().parameters;
    auto v = sample_parameters(t, 0, 0, true);
    auto rec = engine.empty_record();
    const auto p = *t.find(key);
    const auto m = engine.metrics().index(metric);
    v.values[p] = lo;
    engine.evaluate(v, rec);
    const double f_lo = rec.totals[m];
    v.values[p] = hi;
    engine.evaluate(v, rec);
    return (rec.totals[m] - f_lo) / (hi - lo);
}

}  // namespace

TEST_CASE("one uncertain parameter explains all of the spread", "[sensitivity][engine]") {
    const auto sc = load_scenario((data_dir() / "mini-cut.toml").string());
    const Engine engine(sc);
    SensitivityOptions opt;
    opt.base_rows = 4000;
    opt.metrics = {"gdp_loss_direct_usd", "person_hours_offline"};
    const auto rep = run_sensitivity(engine, opt);
    REQUIRE(rep.factors.size() == 1);
    CHECK(rep.factors[0].name == "economy.dependence.B");
    CHECK(rep.rows == 4000 * 3);
    const auto& x = index_of(rep, "gdp_loss_direct_usd", "economy.dependence.B");
    CHECK(x.st == Approx(1.0).margin(kTol));
    CHECK(x.s1 == Approx(1.0).margin(kTol));
    CHECK(x.st_lo < 1.0);
    CHECK(x.st_hi > 1.0 - kTol);
    // A metric no uncertain input moves has no variance and zero indices.
    CHECK(rep.results[1].variance == 0.0);
    CHECK(index_of(rep, "person_hours_offline", "economy.dependence.B").st == 0.0);
}

TEST_CASE("two additive inputs split the variance as computed by hand", "[sensitivity][engine]") {
    TempDir dir;
    mini_two_uncertain(dir);
    const auto sc = load_scenario((dir / "s.toml").string());
    const Engine engine(sc);
    // S_i = c_i² Var_i / Σ c_j² Var_j with Var(U(a, b)) = (b − a)² / 12.
    const double ca = slope(engine, "economy.dependence.A", 0.3, 0.7, "gdp_loss_direct_usd");
    const double cb = slope(engine, "economy.dependence.B", 0.1, 0.3, "gdp_loss_direct_usd");
    REQUIRE(ca > 0);
    REQUIRE(cb > 0);
    const double va = ca * ca * 0.16 / 12, vb = cb * cb * 0.04 / 12;
    const double sa = va / (va + vb), sb = vb / (va + vb);

    SensitivityOptions opt;
    opt.base_rows = 4000;
    opt.metrics = {"gdp_loss_direct_usd"};
    const auto rep = run_sensitivity(engine, opt);
    REQUIRE(rep.factors.size() == 2);
    const auto& a = index_of(rep, "gdp_loss_direct_usd", "economy.dependence.A");
    const auto& b = index_of(rep, "gdp_loss_direct_usd", "economy.dependence.B");
    CHECK(a.s1 == Approx(sa).margin(kTol));
    CHECK(a.st == Approx(sa).margin(kTol));
    CHECK(b.s1 == Approx(sb).margin(kTol));
    CHECK(b.st == Approx(sb).margin(kTol));
    // The variance matches too: Var = c_A² (0.4)²/12 + c_B² (0.2)²/12, within 10 % (N = 8000 pooled outputs).
    CHECK(rep.results[0].variance == Approx(va + vb).epsilon(0.10));
}

TEST_CASE("a correlation group is one factor", "[sensitivity][engine][correlation]") {
    TempDir dir;
    mini_two_uncertain(dir, R"(
[correlations.digital]
parameters = ["economy.dependence.A", "economy.dependence.B"]
rho = 0.7
source = "test"
)");
    const auto sc = load_scenario((dir / "s.toml").string());
    const Engine engine(sc);
    const auto factors = sensitivity_factors(engine);
    REQUIRE(factors.size() == 1);
    CHECK(factors[0].group);
    CHECK(factors[0].name == "digital");
    CHECK(factors[0].parameters.size() == 2);
    SensitivityOptions opt;
    opt.base_rows = 2000;
    opt.metrics = {"gdp_loss_direct_usd"};
    const auto rep = run_sensitivity(engine, opt);
    CHECK(index_of(rep, "gdp_loss_direct_usd", "digital").st == Approx(1.0).margin(kTol));
}

TEST_CASE("sensitivity results do not depend on the thread count", "[sensitivity][engine][determinism]") {
    TempDir dir;
    mini_two_uncertain(dir);
    const auto sc = load_scenario((dir / "s.toml").string());
    const Engine engine(sc);
    SensitivityOptions opt;
    opt.base_rows = 500;
    opt.resamples = 100;
    opt.threads = 1;
    const auto one = run_sensitivity(engine, opt);
    opt.threads = 2;
    const auto two = run_sensitivity(engine, opt);
    REQUIRE(one.results.size() == two.results.size());
    for (std::size_t m = 0; m < one.results.size(); ++m)
        for (std::size_t f = 0; f < one.factors.size(); ++f) {
            const auto& x = one.results[m].indices[f];
            const auto& y = two.results[m].indices[f];
            CHECK(x.s1 == y.s1);
            CHECK(x.st == y.st);
            CHECK(x.s1_lo == y.s1_lo);
            CHECK(x.st_hi == y.st_hi);
        }
    // Both write the same JSON apart from the thread count.
    auto j1 = nlohmann::json::parse(sensitivity_json(engine, one));
    auto j2 = nlohmann::json::parse(sensitivity_json(engine, two));
    CHECK(j1["metrics"] == j2["metrics"]);
    CHECK(j1["schema"] == "rubilnik.sensitivity/1");
    CHECK(j1["factors"].size() == 2);
}

TEST_CASE("sensitivity input errors", "[sensitivity][engine]") {
    const auto sc = load_scenario((data_dir() / "mini-cut.toml").string());
    const Engine engine(sc);
    SensitivityOptions opt;
    opt.base_rows = 100;
    opt.metrics = {"gdp_loss_sideways_usd"};
    CHECK_THROWS_WITH(run_sensitivity(engine, opt),
                      Catch::Contains("'gdp_loss_sideways_usd' is not a metric of this scenario"));
    opt.metrics = {};
    opt.base_rows = 1;
    CHECK_THROWS_WITH(run_sensitivity(engine, opt), Catch::Contains("at least 2 base rows"));
    opt.base_rows = kMaxSensitivityRows;
    CHECK_THROWS_WITH(run_sensitivity(engine, opt), Catch::Contains("the limit is"));

    // Every parameter a point: nothing to analyse.
    TempDir dir;
    copy_mini(dir);
    replace_in_file(dir / "mini/baseline.toml",
                    R"("economy.dependence.B" = { dist = "uniform", min = 0.1, max = 0.3, source = "test" })",
                    R"("economy.dependence.B" = { value = 0.2, source = "test" })");
    const auto fixed = load_scenario((dir / "s.toml").string());
    const Engine fixed_engine(fixed);
    opt.base_rows = 100;
    CHECK_THROWS_AS(run_sensitivity(fixed_engine, opt), InputError);
    CHECK_THROWS_WITH(run_sensitivity(fixed_engine, opt), Catch::Contains("no uncertain parameter"));
}
