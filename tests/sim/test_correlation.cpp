// Correlated draws ([correlations.<name>]): the loader's checks, the rank
// correlation the copula produces, marginals and the central run left alone,
// and determinism across threads.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "../support.hpp"
#include "rubilnik/engine.hpp"

using namespace rubilnik;
using namespace rubilnik::test;

namespace {

constexpr double kPi = 3.14159265358979323846;

// Spearman's rank correlation (no ties: the draws are continuous).
double spearman(const std::vector<double>& x, const std::vector<double>& y) {
    auto ranks = [](const std::vector<double>& v) {
        std::vector<std::size_t> order(v.size());
        std::iota(order.begin(), order.end(), std::size_t{0});
        std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
        std::vector<double> r(v.size());
        for (std::size_t i = 0; i < order.size(); ++i) r[order[i]] = static_cast<double>(i);
        return r;
    };
    const auto rx = ranks(x), ry = ranks(y);
    const double n = static_cast<double>(x.size()), mean = (n - 1) / 2;
    double sxy = 0, sxx = 0, syy = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        sxy += (rx[i] - mean) * (ry[i] - mean);
        sxx += (rx[i] - mean) * (rx[i] - mean);
        syy += (ry[i] - mean) * (ry[i] - mean);
    }
    return sxy / std::sqrt(sxx * syy);
}

// Rank correlation of a Gaussian copula with normal-score correlation rho.
double spearman_of_rho(double rho) { return 6.0 / kPi * std::asin(rho / 2.0); }

Parameter param(const std::string& key, Distribution d) {
    Parameter p;
    p.key = key;
    p.dist = d;
    p.source = "test";
    p.origin = "baseline";
    return p;
}

CorrelationGroup group(const std::string& name, std::vector<std::string> keys, double rho) {
    CorrelationGroup g;
    g.name = name;
    g.keys = std::move(keys);
    g.rho = rho;
    g.source = "test";
    return g;
}

// A mini copy whose dependence.A is uncertain too, with the text `extra`
// appended to baseline.toml (after [parameters]).
void mini_with(const TempDir& dir, const std::string& extra) {
    copy_mini(dir);
    replace_in_file(dir / "mini/baseline.toml", R"("economy.dependence.A" = { value = 0.5, source = "test" })",
                    R"("economy.dependence.A" = { dist = "uniform", min = 0.3, max = 0.7, source = "test" })");
    write_file(dir / "mini/baseline.toml", read_file(dir / "mini/baseline.toml") + extra);
}

const char* kGroup = R"(
[correlations.digital]
parameters = ["economy.dependence.A", "economy.dependence.B"]
rho = 0.8
source = "test: one shared driver"
)";

}  // namespace

TEST_CASE("a correlation group reproduces its rank correlation and keeps the marginals", "[correlation]") {
    ParameterTable t;
    t.set(param("a", Distribution::pert(0.05, 0.10, 0.20)));
    t.set(param("b", Distribution::triangular(0.2, 0.35, 0.55)));
    t.set(param("c", Distribution::uniform(0, 1)));
    t.set(param("free", Distribution::uniform(0, 1)));
    const ParameterTable independent = t;
    t.set_group(group("g", {"a", "b", "c"}, 0.6));

    // 20,000 draws: the standard error of Spearman's rho is about
    // (1 − ρs²)/√n ≈ 0.005, so ±0.02 is four standard errors.
    constexpr std::size_t n = 20000;
    std::vector<double> a(n), b(n), c(n), f(n);
    for (std::size_t d = 0; d < n; ++d) {
        const auto v = sample_parameters(t, 99, d, false);
        a[d] = v[0], b[d] = v[1], c[d] = v[2], f[d] = v[3];
        // A parameter outside every group draws exactly as before.
        REQUIRE(v[3] == sample_parameters(independent, 99, d, false)[3]);
    }
    const double target = spearman_of_rho(0.6);
    CHECK(target == Approx(0.5819).margin(1e-4));
    CHECK(spearman(a, b) == Approx(target).margin(0.02));
    CHECK(spearman(a, c) == Approx(target).margin(0.02));
    CHECK(spearman(b, c) == Approx(target).margin(0.02));
    CHECK(spearman(a, f) == Approx(0.0).margin(0.03));
    // Marginals: the sample mean of each member within 4 standard errors of its distribution's mean.
    auto mean = [](const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0) / v.size(); };
    CHECK(mean(a) == Approx(t.at(0).dist.mean()).margin(4 * 0.031 / std::sqrt(n)));
    CHECK(mean(b) == Approx(t.at(1).dist.mean()).margin(4 * 0.072 / std::sqrt(n)));
    CHECK(mean(c) == Approx(0.5).margin(4 * 0.289 / std::sqrt(n)));
    // rho = 0 declares a group that does nothing.
    t.set_group(group("g", {"a", "b", "c"}, 0.0));
    for (std::size_t d = 0; d < n; ++d) {
        const auto v = sample_parameters(t, 99, d, false);
        a[d] = v[0], b[d] = v[1];
    }
    CHECK(spearman(a, b) == Approx(0.0).margin(0.03));
    // The central run is every median, group or not.
    CHECK(sample_parameters(t, 1, 0, true).values == sample_parameters(independent, 1, 0, true).values);
}

TEST_CASE("correlation groups are checked when they are set", "[correlation]") {
    ParameterTable t;
    t.set(param("a", Distribution::uniform(0, 1)));
    t.set(param("b", Distribution::uniform(0, 1)));
    t.set(param("c", Distribution::uniform(0, 1)));
    CHECK_THROWS_WITH(t.set_group(group("g", {"a", "nope"}, 0.5)), Catch::Contains("'nope' is not a parameter"));
    CHECK_THROWS_WITH(t.set_group(group("g", {"a", "a"}, 0.5)), Catch::Contains("'a' is listed twice"));
    CHECK_THROWS_WITH(t.set_group(group("g", {"a"}, 0.5)), Catch::Contains("needs 2 to 64 parameters"));
    CHECK_THROWS_AS(t.set_group(group("g", {"a", "b"}, 1.0)), InputError);
    CHECK_THROWS_WITH(t.set_group(group("g", {"a", "b"}, -0.1)), Catch::Contains("rho must be in [0, 1)"));
    t.set_group(group("g", {"a", "b"}, 0.5));
    CHECK_THROWS_WITH(t.set_group(group("h", {"b", "c"}, 0.5)),
                      Catch::Contains("'b' is already in correlation group 'g'"));
    // The same name replaces the group, so its members may change.
    t.set_group(group("g", {"b", "c"}, 0.3));
    REQUIRE(t.groups().size() == 1);
    CHECK(t.group_members(0) == std::vector<std::size_t>{1, 2});
    CHECK(t.groups()[0].rho == 0.3);
    CHECK_FALSE(t.group_of(0));
    CHECK(t.group_of(2) == std::optional<std::size_t>(0));
}

TEST_CASE("[correlations] in a baseline and a scenario", "[correlation][loaders]") {
    TempDir dir;
    mini_with(dir, kGroup);
    const auto sc = load_scenario((dir / "s.toml").string());
    REQUIRE(sc.parameters.groups().size() == 1);
    const auto& g = sc.parameters.groups()[0];
    CHECK(g.name == "digital");
    CHECK(g.rho == 0.8);
    CHECK(g.origin == "baseline");
    CHECK(g.where.file == (dir / "mini/baseline.toml").string());
    CHECK(g.where.line > 0);

    // A scenario group of the same name replaces the baseline's.
    write_file(dir / "s.toml", read_file(dir / "s.toml") + R"(
[correlations.digital]
parameters = ["economy.dependence.A", "economy.dependence.B"]
rho = 0.1
source = "test: weaker"
)");
    const auto over = load_scenario((dir / "s.toml").string());
    REQUIRE(over.parameters.groups().size() == 1);
    CHECK(over.parameters.groups()[0].rho == 0.1);
    CHECK(over.parameters.groups()[0].origin == "scenario");
}

TEST_CASE("bad [correlations] name the file, line and key", "[correlation][loaders]") {
    struct Case {
        const char* text;
        const char* expected;
    };
    const Case cases[] = {
        {"[correlations.x]\nparameters = [\"economy.dependence.A\", \"economy.dependance.B\"]\nrho = 0.5\nsource = "
         "\"t\"\n",
         "key 'correlations.x.parameters': 'economy.dependance.B' is not a parameter"},
        {"[correlations.x]\nparameters = [\"economy.dependence.A\", \"economy.dependence.B\"]\nrho = 1.5\nsource = "
         "\"t\"\n",
         "key 'correlations.x.rho': rho must be in [0, 1)"},
        {"[correlations.x]\nparameters = [\"economy.dependence.A\", \"economy.dependence.B\"]\nrho = 0.5\n",
         "key 'correlations.x.source'"},
        {"[correlations.x]\nparameters = [\"economy.dependence.A\", \"economy.dependence.B\"]\nrho = 0.5\nsource = "
         "\"t\"\nweight = 2\n",
         "key 'correlations.x.weight': unknown key"},
        {"[correlations.X]\nparameters = [\"economy.dependence.A\", \"economy.dependence.B\"]\nrho = 0.5\nsource = "
         "\"t\"\n",
         "a group name must be"},
        {"[correlations]\nx = 3\n", "key 'correlations.x': expected a table"},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        TempDir dir;
        mini_with(dir, std::string("\n") + c.text);
        try {
            load_scenario((dir / "s.toml").string());
            FAIL("no error");
        } catch (const InputError& e) {
            const std::string msg = e.what();
            CHECK_THAT(msg, Catch::Contains(c.expected));
            CHECK_THAT(msg, Catch::Contains("baseline.toml:"));
        }
    }
}

TEST_CASE("correlated ensembles do not depend on the thread count", "[correlation][determinism]") {
    TempDir dir;
    mini_with(dir, kGroup);
    const auto sc = load_scenario((dir / "s.toml").string());
    const Engine engine(sc);
    RunOptions one;
    one.draws = 2000;
    one.threads = 1;
    RunOptions two = one;
    two.threads = 2;
    const auto a = engine.run(one);
    const auto b = engine.run(two);
    for (std::size_t d = 0; d < a.draws.size(); ++d) REQUIRE(a.draws[d].totals == b.draws[d].totals);
    const auto m = engine.metrics().index("gdp_loss_direct_usd");
    CHECK(a.totals[m].p5 == b.totals[m].p5);
    CHECK(a.totals[m].p95 == b.totals[m].p95);

    // The loss is linear in the two dependences, c_A·A + c_B·B, so
    // correlating them multiplies its variance by
    //   1 + 2 ρ c_A c_B sd_A sd_B / (c_A² sd_A² + c_B² sd_B²),
    // where ρ, the Pearson correlation of two uniform marginals, equals their
    // rank correlation (6/π)·asin(0.8/2). The two runs share their seed, so
    // sampling noise largely cancels in the ratio; ±0.08 is several standard
    // errors of a variance ratio at 2000 draws.
    TempDir plain;
    mini_with(plain, "");
    const auto sc0 = load_scenario((plain / "s.toml").string());
    const Engine engine0(sc0);
    const auto c = engine0.run(one);
    auto variance = [m](const EnsembleResult& r) {
        double s = 0, s2 = 0;
        for (const auto& d : r.draws) s += d.totals[m], s2 += d.totals[m] * d.totals[m];
        const double n = static_cast<double>(r.draws.size());
        return (s2 - s * s / n) / (n - 1);
    };
    auto slope = [&](const std::string& key, double lo, double hi) {
        auto v = sample_parameters(sc0.parameters, 0, 0, true);
        auto rec = engine0.empty_record();
        v.values[*sc0.parameters.find(key)] = lo;
        engine0.evaluate(v, rec);
        const double f = rec.totals[m];
        v.values[*sc0.parameters.find(key)] = hi;
        engine0.evaluate(v, rec);
        return (rec.totals[m] - f) / (hi - lo);
    };
    const double ca = slope("economy.dependence.A", 0.3, 0.7), cb = slope("economy.dependence.B", 0.1, 0.3);
    const double sa = 0.4 / std::sqrt(12.0), sb = 0.2 / std::sqrt(12.0);
    const double expected = 1 + 2 * spearman_of_rho(0.8) * ca * cb * sa * sb / (ca * ca * sa * sa + cb * cb * sb * sb);
    CHECK(expected > 1.5);  // a real effect, not noise
    CHECK(variance(a) / variance(c) == Approx(expected).margin(0.08));
    // The central run does not move.
    CHECK(engine.run(RunOptions{}).totals[m].p50 == engine0.run(RunOptions{}).totals[m].p50);
}
