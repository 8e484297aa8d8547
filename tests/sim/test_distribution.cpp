// Distributions sampled by inverse CDF, the special functions behind them,
// and the Gaussian copula.
#include "rubilnik/distribution.hpp"

#include "rubilnik/error.hpp"
#include "rubilnik/rng.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <numeric>
#include <vector>

using Catch::Matchers::Contains;
using rubilnik::CounterRng;
using rubilnik::Distribution;
using rubilnik::InputError;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Sample mean and sd of n draws of d from one stream.
struct Moments {
    double mean = 0.0;
    double sd = 0.0;
    double min = kInf;
    double max = -kInf;
};

Moments sample_moments(const Distribution& d, int n, std::uint64_t seed = 11) {
    const CounterRng rng(seed, 0, rubilnik::stream_id("test.distribution"));
    Moments m;
    double s = 0.0, s2 = 0.0;
    for (int i = 0; i < n; ++i) {
        const double x = d.sample(rng, static_cast<std::uint64_t>(i));
        s += x;
        s2 += x * x;
        m.min = std::min(m.min, x);
        m.max = std::max(m.max, x);
    }
    m.mean = s / n;
    m.sd = std::sqrt(std::max(0.0, s2 / n - m.mean * m.mean));
    return m;
}

// Five standard errors of a mean of n draws with standard deviation sd: a
// false alarm about once in 3.5 million runs for a fixed seed's worth of luck.
double five_sigma(double sd, int n) { return 5.0 * sd / std::sqrt(static_cast<double>(n)); }

}  // namespace

// --- Special functions -------------------------------------------------------

TEST_CASE("inverse normal CDF matches reference values", "[distribution][normal]") {
    using rubilnik::normal_quantile;
    CHECK(normal_quantile(0.975) == Approx(1.959963984540054).margin(1e-9));
    // Tighter than asked: one Halley step takes Acklam's 1e-9 to ~1e-15.
    CHECK(std::fabs(normal_quantile(0.975) - 1.959963984540054) < 1e-14);
    CHECK(normal_quantile(0.5) == 0.0);
    CHECK(normal_quantile(0.3) == Approx(-0.5244005127080407).epsilon(1e-14));
    CHECK(normal_quantile(0.001) == Approx(-3.090232306167813).epsilon(1e-14));
    CHECK(normal_quantile(1e-10) == Approx(-6.361340902404056).epsilon(1e-14));
    CHECK(normal_quantile(1e-300) == Approx(-37.0470962993612).epsilon(1e-12));
    // Exact symmetry (0.25 and 0.75 are both exact doubles).
    CHECK(normal_quantile(0.25) == -normal_quantile(0.75));
    CHECK(normal_quantile(0.0) == -kInf);
    CHECK(normal_quantile(1.0) == kInf);
    CHECK(std::isnan(normal_quantile(1.5)));

    // Round trip through Φ over the whole range, both tails.
    for (double p = 1e-15; p < 1.0; p = p < 0.01 ? p * 3.0 : p + 0.01) {
        const double x = normal_quantile(p);
        const double back = x <= 0 ? rubilnik::normal_cdf(x) : 1.0 - rubilnik::normal_sf(x);
        INFO("p = " << p);
        CHECK(back == Approx(p).epsilon(1e-13));
    }
    CHECK(rubilnik::normal_cdf(-3.0) == Approx(0.0013498980316301035).epsilon(1e-14));
    CHECK(rubilnik::normal_sf(-1.5) == Approx(0.9331927987311419).epsilon(1e-14));
}

TEST_CASE("log gamma and the incomplete beta function", "[distribution][beta]") {
    using rubilnik::incomplete_beta;
    using rubilnik::inverse_incomplete_beta;
    using rubilnik::log_gamma;
    // Absolute accuracy is what matters: ln Γ only enters through exp() of a
    // sum, so an absolute error of 1e-14 is a relative error of 1e-14 there.
    CHECK(log_gamma(1.0) == Approx(0.0).margin(1e-14));
    CHECK(log_gamma(2.0) == Approx(0.0).margin(1e-14));
    CHECK(log_gamma(5.0) == Approx(std::log(24.0)).margin(1e-14));
    CHECK(log_gamma(0.5) == Approx(0.5 * std::log(std::numbers::pi)).margin(1e-14));
    CHECK(log_gamma(100.5) == Approx(361.4355404677776).margin(1e-12));
    CHECK(log_gamma(1e-5) == Approx(11.512919692895826).margin(1e-13));

    // Beta(2,3): F(x) = 6x² − 8x³ + 3x⁴.
    for (double x = 0.05; x < 1.0; x += 0.05) {
        const double exact = 6 * x * x - 8 * x * x * x + 3 * x * x * x * x;
        CHECK(incomplete_beta(x, 2.0, 3.0) == Approx(exact).margin(1e-14));
    }
    CHECK(incomplete_beta(0.5, 2.0, 3.0) == Approx(0.6875).margin(1e-15));
    // Beta(1,5): F(x) = 1 − (1 − x)⁵, so the quantile is closed form too.
    for (double p = 0.001; p < 1.0; p += 0.0371) {
        CHECK(inverse_incomplete_beta(p, 1.0, 5.0) == Approx(1.0 - std::pow(1.0 - p, 0.2)).margin(1e-12));
    }
    // Round trips for shapes PERT produces and some it does not.
    const double shapes[][2] = {{1.0, 5.0}, {1.4, 4.6}, {3.0, 3.0}, {4.9, 1.1}, {0.5, 0.5}, {2.5, 0.7}, {20.0, 30.0}};
    for (const auto& s : shapes) {
        for (double p : {1e-9, 1e-4, 0.01, 0.2, 0.5, 0.77, 0.99, 1 - 1e-7}) {
            const double x = inverse_incomplete_beta(p, s[0], s[1]);
            INFO("a = " << s[0] << ", b = " << s[1] << ", p = " << p);
            CHECK(incomplete_beta(x, s[0], s[1]) == Approx(p).epsilon(1e-10).margin(1e-14));
        }
    }
}

// --- Quantiles against closed forms ---------------------------------------------

TEST_CASE("uniform and point quantiles", "[distribution]") {
    const auto u = Distribution::uniform(2.0, 6.0);
    REQUIRE_NOTHROW(u.validate());
    for (double p : {1e-12, 0.1, 0.5, 0.9, 1 - 1e-12}) CHECK(u.quantile(p) == Approx(2 + 4 * p));
    CHECK(u.mean() == 4.0);
    CHECK(u.median() == 4.0);
    CHECK(u.lo() == 2.0);
    CHECK(u.hi() == 6.0);
    CHECK_FALSE(u.is_point());

    const auto p = Distribution::point(3.5);
    CHECK(p.quantile(0.01) == 3.5);
    CHECK(p.quantile(0.99) == 3.5);
    CHECK(p.mean() == 3.5);
    CHECK(p.is_point());
    CHECK(Distribution::uniform(1.0, 1.0).is_point());
    CHECK(Distribution::normal(4.0, 0.0).is_point());
    CHECK(Distribution::normal(4.0, 0.0).quantile(0.3) == 4.0);
}

TEST_CASE("triangular quantile and CDF are the closed forms", "[distribution]") {
    const double a = 0.15, m = 0.3, b = 0.5;
    const auto t = Distribution::triangular(a, m, b);
    REQUIRE_NOTHROW(t.validate());
    const double fm = (m - a) / (b - a);
    for (double u = 0.005; u < 1.0; u += 0.01) {
        const double exact = u < fm ? a + std::sqrt(u * (b - a) * (m - a)) : b - std::sqrt((1 - u) * (b - a) * (b - m));
        CHECK(t.quantile(u) == Approx(exact).epsilon(1e-14));
        CHECK(t.cdf(t.quantile(u)) == Approx(u).epsilon(1e-12));
    }
    CHECK(t.quantile(fm) == Approx(m).epsilon(1e-14));
    CHECK(t.mean() == Approx((a + m + b) / 3));
    CHECK(t.describe() == "triangular(0.15, 0.3, 0.5)");
    // Mode at an end point is allowed.
    const auto left = Distribution::triangular(0.0, 0.0, 1.0);
    REQUIRE_NOTHROW(left.validate());
    CHECK(left.quantile(0.75) == Approx(1.0 - std::sqrt(0.25)));
}

TEST_CASE("normal and lognormal quantiles", "[distribution][normal]") {
    const auto n = Distribution::normal(10.0, 2.0);
    CHECK(n.quantile(0.975) == Approx(10.0 + 2.0 * 1.959963984540054).epsilon(1e-14));
    CHECK(n.median() == 10.0);
    CHECK(n.lo() == -kInf);
    CHECK(n.hi() == kInf);

    const auto ln = Distribution::lognormal(3.0, 0.5);
    REQUIRE_NOTHROW(ln.validate());
    CHECK(ln.median() == Approx(3.0).epsilon(1e-15));
    CHECK(ln.quantile(0.975) == Approx(3.0 * std::exp(0.5 * 1.959963984540054)).epsilon(1e-14));
    CHECK(ln.mean() == Approx(3.0 * std::exp(0.125)).epsilon(1e-15));
    CHECK(ln.lo() == 0.0);
    const auto mo = sample_moments(ln, 100000);
    const double sd = ln.mean() * std::sqrt(std::exp(0.25) - 1.0);
    CHECK(std::fabs(mo.mean - ln.mean()) < five_sigma(sd, 100000));
}

TEST_CASE("PERT: mean (a + 4m + b)/6, monotone quantile, Beta closed form", "[distribution][pert]") {
    const double a = 2.0, m = 3.0, b = 10.0;
    const auto d = Distribution::pert(a, m, b);
    REQUIRE_NOTHROW(d.validate());
    const double mean = (a + 4 * m + b) / 6;
    CHECK(d.mean() == mean);
    // λ = 4: α = 1 + 4(m−a)/(b−a), β = 1 + 4(b−m)/(b−a), α + β = 6.
    const double al = 1 + 4 * (m - a) / (b - a), be = 1 + 4 * (b - m) / (b - a);
    const double var = al * be / (36.0 * 7.0) * (b - a) * (b - a);
    constexpr int n = 100000;
    const auto mo = sample_moments(d, n);
    CHECK(std::fabs(mo.mean - mean) < five_sigma(std::sqrt(var), n));
    CHECK(mo.sd == Approx(std::sqrt(var)).epsilon(0.02));
    CHECK(mo.min >= a);
    CHECK(mo.max <= b);

    double prev = a;
    for (double u = 1e-6; u < 1.0; u += 0.001) {
        const double x = d.quantile(u);
        REQUIRE(x > prev);
        prev = x;
        CHECK(d.cdf(x) == Approx(u).epsilon(1e-10));
    }
    // Mode at the minimum: Beta(1, 5), quantile a + (b−a)(1 − (1−u)^(1/5)).
    const auto skew = Distribution::pert(0.0, 0.0, 4.0);
    for (double u : {0.01, 0.3, 0.5, 0.9, 0.999})
        CHECK(skew.quantile(u) == Approx(4.0 * (1.0 - std::pow(1.0 - u, 0.2))).margin(1e-10));
    // Symmetric PERT has its median at the mode.
    CHECK(Distribution::pert(-1.0, 0.0, 1.0).median() == Approx(0.0).margin(1e-12));
}

TEST_CASE("discrete picks values by weight", "[distribution][discrete]") {
    // Given out of order and with a zero-weight value that must never appear.
    const auto d = Distribution::discrete({3.0, 1.0, 2.0, 7.0}, {0.5, 0.2, 0.3, 0.0});
    REQUIRE_NOTHROW(d.validate());
    CHECK(d.values() == std::vector<double>{1.0, 2.0, 3.0, 7.0});
    CHECK(d.mean() == Approx(0.2 * 1 + 0.3 * 2 + 0.5 * 3));
    CHECK(d.lo() == 1.0);
    CHECK(d.hi() == 3.0);
    CHECK(d.quantile(0.1) == 1.0);
    CHECK(d.quantile(0.3) == 2.0);
    CHECK(d.quantile(0.9) == 3.0);
    CHECK(d.quantile(1.0 - 1e-16) == 3.0);

    constexpr int n = 100000;
    const CounterRng rng(3, 0, rubilnik::stream_id("discrete"));
    double count[4] = {0, 0, 0, 0};
    for (int i = 0; i < n; ++i) {
        const double x = d.sample(rng, static_cast<std::uint64_t>(i));
        count[x == 1.0 ? 0 : x == 2.0 ? 1 : x == 3.0 ? 2 : 3] += 1;
    }
    const double w[] = {0.2, 0.3, 0.5};
    for (int i = 0; i < 3; ++i) {
        // Binomial standard error sqrt(w(1−w)/n); 5 of them.
        CHECK(std::fabs(count[i] / n - w[i]) < five_sigma(std::sqrt(w[i] * (1 - w[i])), n));
    }
    CHECK(count[3] == 0);
    // Weights are normalised.
    CHECK(Distribution::discrete({0.0, 1.0}, {1.0, 3.0}).quantile(0.24) == 0.0);
    CHECK(Distribution::discrete({0.0, 1.0}, {1.0, 3.0}).quantile(0.26) == 1.0);
}

// --- Truncation ----------------------------------------------------------------------

TEST_CASE("truncation is respected and keeps one uniform per draw", "[distribution][truncation]") {
    const auto n = Distribution::normal(0.0, 1.0).truncated(1.0, 2.0);
    REQUIRE_NOTHROW(n.validate());
    CHECK(n.lo() == 1.0);
    CHECK(n.hi() == 2.0);
    const auto mo = sample_moments(n, 100000);
    CHECK(mo.min >= 1.0);
    CHECK(mo.max <= 2.0);
    // Closed-form truncated mean (φ(1) − φ(2)) / (Φ(2) − Φ(1)).
    CHECK(n.mean() == Approx(1.3831690466315525).epsilon(1e-12));
    CHECK(std::fabs(mo.mean - n.mean()) < five_sigma(0.3, 100000));
    CHECK(n.cdf(n.quantile(0.3)) == Approx(0.3).epsilon(1e-12));

    // Deep upper tail: F(10) rounds to 1, so this only works through the
    // survival function. Mean is the Mills ratio φ(10)/Q(10) = 10.0981.
    const auto tail = Distribution::normal(0.0, 1.0).truncated(10.0, kInf);
    REQUIRE_NOTHROW(tail.validate());
    CHECK(tail.quantile(1e-9) >= 10.0);
    CHECK(tail.quantile(0.5) > 10.0);
    CHECK(tail.quantile(0.5) < 10.2);
    CHECK(tail.mean() == Approx(10.098093233962423).epsilon(1e-10));
    CHECK(sample_moments(tail, 20000).mean == Approx(tail.mean()).epsilon(1e-3));

    // A negative-median spread kept non-negative: the usual use.
    const auto share = Distribution::normal(0.1, 0.2).truncated(0.0, 1.0);
    const auto sm = sample_moments(share, 100000);
    CHECK(sm.min >= 0.0);
    CHECK(sm.max <= 1.0);
    CHECK(std::fabs(sm.mean - share.mean()) < five_sigma(0.15, 100000));

    const auto ln = Distribution::lognormal(1.0, 1.0).truncated(0.5, 4.0);
    const auto lm = sample_moments(ln, 100000);
    CHECK(lm.min >= 0.5);
    CHECK(lm.max <= 4.0);
    CHECK(std::fabs(lm.mean - ln.mean()) < five_sigma(0.9, 100000));

    const auto tri = Distribution::triangular(0.0, 1.0, 4.0).truncated(0.5, 2.0);
    const auto tm = sample_moments(tri, 100000);
    CHECK(tm.min >= 0.5);
    CHECK(tm.max <= 2.0);
    CHECK(std::fabs(tm.mean - tri.mean()) < five_sigma(0.45, 100000));

    const auto pert = Distribution::pert(0.0, 1.0, 4.0).truncated(1.5, 3.0);
    const auto pm = sample_moments(pert, 50000);
    CHECK(pm.min >= 1.5);
    CHECK(pm.max <= 3.0);
    CHECK(std::fabs(pm.mean - pert.mean()) < five_sigma(0.45, 50000));

    const auto disc = Distribution::discrete({1, 2, 3, 4}, {1, 1, 1, 1}).truncated(1.5, 3.5);
    CHECK(disc.lo() == 2.0);
    CHECK(disc.hi() == 3.0);
    CHECK(disc.quantile(0.4) == 2.0);
    CHECK(disc.quantile(0.6) == 3.0);
    CHECK(disc.mean() == 2.5);

    // Truncation wider than the support changes nothing.
    const auto wide = Distribution::uniform(0.0, 1.0).truncated(-5.0, 5.0);
    CHECK(wide.quantile(0.25) == 0.25);
    CHECK(wide.describe() == "uniform(0, 1) truncated [-5, 5]");
}

// --- Validation -------------------------------------------------------------------

TEST_CASE("validate() names the parameter and the allowed range", "[distribution][validate]") {
    REQUIRE_THROWS_AS(Distribution::normal(0.0, -1.0).validate(), InputError);
    REQUIRE_THROWS_WITH(Distribution::normal(0.0, -1.0).validate(), Contains("sd must be >= 0") && Contains("-1"));
    REQUIRE_THROWS_WITH(Distribution::triangular(0.5, 0.3, 0.9).validate(),
                        Contains("min <= mode <= max") && Contains("mode 0.3"));
    REQUIRE_THROWS_WITH(Distribution::pert(0.0, 2.0, 1.0).validate(), Contains("pert: need"));
    REQUIRE_THROWS_WITH(Distribution::uniform(3.0, 1.0).validate(), Contains("min (3) must not exceed max (1)"));
    REQUIRE_THROWS_WITH(Distribution::lognormal(0.0, 1.0).validate(), Contains("median must be > 0"));
    REQUIRE_THROWS_WITH(Distribution::lognormal(1.0, -0.1).validate(), Contains("sigma must be >= 0"));
    REQUIRE_THROWS_WITH(Distribution::normal(std::nan(""), 1.0).validate(), Contains("mean must be a finite number"));
    REQUIRE_THROWS_WITH(Distribution::discrete({1, 2}, {1}).validate(),
                        Contains("same length") && Contains("2 values and 1 weights"));
    REQUIRE_THROWS_WITH(Distribution::discrete({1, 2}, {1, -0.5}).validate(),
                        Contains("weight for value 2") && Contains(">= 0"));
    REQUIRE_THROWS_WITH(Distribution::discrete({1, 2}, {0, 0}).validate(), Contains("weights are all zero"));
    REQUIRE_THROWS_WITH(Distribution::discrete({}, {}).validate(), Contains("at least one value"));
    REQUIRE_THROWS_WITH(Distribution::normal(0, 1).truncated(2.0, 1.0).validate(), Contains("need lo <= hi"));
    REQUIRE_THROWS_WITH(Distribution::uniform(0, 1).truncated(2.0, 3.0).validate(),
                        Contains("leaves no probability mass of uniform(0, 1)"));
    REQUIRE_THROWS_WITH(Distribution::normal(0, 1).truncated(50.0, 60.0).validate(), Contains("numerically zero"));
    REQUIRE_THROWS_WITH(Distribution::discrete({1, 2}, {1, 0}).truncated(1.5, 3.0).validate(),
                        Contains("no probability mass"));
    REQUIRE_THROWS_WITH(Distribution::point(5.0).truncated(0.0, 1.0).validate(),
                        Contains("no probability mass of point(5)"));
    // The caller adds file/line/key in front of the message.
    try {
        Distribution::normal(0.0, -2.0).validate();
        FAIL("expected InputError");
    } catch (const InputError& e) {
        const InputError located({"scenario.toml", 12, 5}, "deferral", e.what());
        CHECK(std::string(located.what()) == "scenario.toml:12:5: key 'deferral': normal: sd must be >= 0, got -2");
    }
    REQUIRE_NOTHROW(Distribution::normal(0.0, 0.0).validate());
    REQUIRE_NOTHROW(Distribution::point(0.5).truncated(0.0, 1.0).validate());
    // Finite bounds whose arithmetic overflows (found by fuzz_distribution,
    // tests/fuzz/regressions/fuzz_distribution/pert-max-near-largest-double).
    REQUIRE_THROWS_WITH(Distribution::pert(0.1, 0.2, 1e308).validate(),
                        Contains("pert(0.1, 0.2, 1e+308)") && Contains("too large to sample"));
    REQUIRE_THROWS_WITH(Distribution::lognormal(1e300, 10.0).validate(), Contains("too large to sample"));
    REQUIRE_NOTHROW(Distribution::pert(0.1, 0.2, 1e15).validate());
}

TEST_CASE("describe() is compact and exact", "[distribution]") {
    CHECK(Distribution::point(0.1).describe() == "point(0.1)");
    CHECK(Distribution::normal(10, 2).truncated(0, kInf).describe() == "normal(10, 2) truncated [0, inf]");
    CHECK(Distribution::lognormal(1e6, 0.25).describe() == "lognormal(1e+06, 0.25)");
    CHECK(Distribution::pert(1, 2, 4).describe() == "pert(1, 2, 4)");
    CHECK(Distribution::discrete({2, 1}, {0.7, 0.3}).describe() == "discrete([1, 2], [0.3, 0.7])");
}

// --- Copula ---------------------------------------------------------------------------

namespace {
std::vector<double> ranks(const std::vector<double>& v) {
    std::vector<std::size_t> idx(v.size());
    std::iota(idx.begin(), idx.end(), std::size_t{0});
    std::sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
    std::vector<double> r(v.size());
    for (std::size_t i = 0; i < idx.size(); ++i) r[idx[i]] = static_cast<double>(i);
    return r;
}

double pearson(const std::vector<double>& x, const std::vector<double>& y) {
    const double n = static_cast<double>(x.size());
    const double mx = std::accumulate(x.begin(), x.end(), 0.0) / n;
    const double my = std::accumulate(y.begin(), y.end(), 0.0) / n;
    double sxy = 0, sxx = 0, syy = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
    }
    return sxy / std::sqrt(sxx * syy);
}
}  // namespace

TEST_CASE("Gaussian copula gives the target rank correlation", "[distribution][copula]") {
    const double r12 = 0.7, r13 = -0.4, r23 = 0.0;
    const rubilnik::GaussianCopula cop(3, {1, r12, r13, r12, 1, r23, r13, r23, 1});
    constexpr int n = 20000;
    std::vector<double> x(n), y(n), z(n);
    // Marginals of different kinds: rank correlation does not care.
    const auto dx = Distribution::lognormal(2.0, 1.0);
    const auto dy = Distribution::pert(0, 1, 5);
    const auto dz = Distribution::uniform(-1, 1);
    for (int i = 0; i < n; ++i) {
        double u[3];
        for (int j = 0; j < 3; ++j)
            u[j] = CounterRng(8, static_cast<std::uint64_t>(i), static_cast<std::uint64_t>(j)).uniform(0);
        const auto c = cop.correlate(u);
        for (double v : c) REQUIRE((v > 0.0 && v < 1.0));
        x[i] = dx.quantile(c[0]);
        y[i] = dy.quantile(c[1]);
        z[i] = dz.quantile(c[2]);
    }
    // Spearman's ρ_s of a Gaussian copula is (6/π)·asin(ρ/2). Its sampling
    // sd is about (1 − ρ_s²)/sqrt(n) ≤ 0.0071 at n = 20000; 0.03 is > 4 sd.
    const auto spearman = [](double rho) { return 6.0 / std::numbers::pi * std::asin(rho / 2.0); };
    const double tol = 0.03;
    CHECK(pearson(ranks(x), ranks(y)) == Approx(spearman(r12)).margin(tol));
    CHECK(pearson(ranks(x), ranks(z)) == Approx(spearman(r13)).margin(tol));
    CHECK(pearson(ranks(y), ranks(z)) == Approx(0.0).margin(tol));

    // The first coordinate passes through unchanged (L₁₁ = 1).
    const double u0[3] = {0.123, 0.5, 0.9};
    CHECK(cop.correlate(u0)[0] == Approx(0.123).epsilon(1e-14));
}

TEST_CASE("Gaussian copula rejects invalid matrices", "[distribution][copula]") {
    using rubilnik::GaussianCopula;
    REQUIRE_THROWS_WITH(GaussianCopula(2, {1, 0.5, 0.4, 1}), Contains("not symmetric"));
    REQUIRE_THROWS_WITH(GaussianCopula(2, {1, 0.5, 0.5, 0.9}), Contains("must be 1"));
    REQUIRE_THROWS_WITH(GaussianCopula(2, {1, 1.5, 1.5, 1}), Contains("in [-1, 1]"));
    REQUIRE_THROWS_WITH(GaussianCopula(2, {1, 0.5, 0.5}), Contains("expected 2x2"));
    // Pairwise fine, jointly impossible: x≈y, y≈z, but x and z opposed.
    REQUIRE_THROWS_WITH(GaussianCopula(3, {1, 0.9, -0.9, 0.9, 1, 0.9, -0.9, 0.9, 1}),
                        Contains("not positive definite"));
    REQUIRE_THROWS_WITH(GaussianCopula(2, {1, 1, 1, 1}), Contains("perfectly correlated"));
    REQUIRE_THROWS_AS(GaussianCopula(65, std::vector<double>(65 * 65, 0.0)), InputError);
    REQUIRE_NOTHROW(GaussianCopula(1, {1.0}));
}
