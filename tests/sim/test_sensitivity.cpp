// Sobol indices on the Ishigami function, whose indices are known in closed
// form, plus the determinism and bookkeeping the engine relies on.
#include "rubilnik/sensitivity.hpp"

#include "rubilnik/distribution.hpp"
#include "rubilnik/error.hpp"
#include "rubilnik/rng.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <numeric>
#include <vector>

using Catch::Matchers::Contains;
using rubilnik::SaltelliDesign;
using rubilnik::SampleMatrix;
using rubilnik::SobolResult;

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kA = 7.0;
constexpr double kB = 0.1;

// Ishigami with inputs uniform on [−π, π], mapped from the design's uniforms
// through the same Distribution::quantile() the engine uses. Output 0 is
// Ishigami; output 1 is x2 alone (S1 = ST = 1 for x2, 0 for the others);
// output 2 is constant (zero variance).
void ishigami(std::span<const double> u, std::span<double> out) {
    static const auto x_dist = rubilnik::Distribution::uniform(-kPi, kPi);
    const double x1 = x_dist.quantile(u[0]);
    const double x2 = x_dist.quantile(u[1]);
    const double x3 = x_dist.quantile(u[2]);
    out[0] = std::sin(x1) + kA * std::sin(x2) * std::sin(x2) + kB * std::pow(x3, 4) * std::sin(x1);
    out[1] = x2;
    out[2] = 42.0;
}

struct Analytic {
    double s1[3];
    double st[3];
};

// Closed forms (Ishigami & Homma 1990; Sobol' & Levitan 1999).
Analytic ishigami_analytic() {
    const double pi4 = std::pow(kPi, 4), pi8 = std::pow(kPi, 8);
    const double v1 = 0.5 * std::pow(1.0 + kB * pi4 / 5.0, 2);
    const double v2 = kA * kA / 8.0;
    const double v13 = 8.0 * kB * kB * pi8 / 225.0;
    const double v = v1 + v2 + v13;
    return {{v1 / v, v2 / v, 0.0}, {(v1 + v13) / v, v2 / v, v13 / v}};
}

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

bool identical(const std::vector<SobolResult>& x, const std::vector<SobolResult>& y) {
    if (x.size() != y.size()) return false;
    for (std::size_t o = 0; o < x.size(); ++o) {
        if (!same_bits(x[o].variance, y[o].variance) || !same_bits(x[o].mean, y[o].mean)) return false;
        for (std::size_t i = 0; i < x[o].indices.size(); ++i) {
            const auto& a = x[o].indices[i];
            const auto& b = y[o].indices[i];
            if (!same_bits(a.s1, b.s1) || !same_bits(a.st, b.st) || !same_bits(a.s1_lo, b.s1_lo) ||
                !same_bits(a.s1_hi, b.s1_hi) || !same_bits(a.st_lo, b.st_lo) || !same_bits(a.st_hi, b.st_hi))
                return false;
        }
    }
    return true;
}

}  // namespace

TEST_CASE("analytic Ishigami indices match the published values", "[sensitivity]") {
    const auto an = ishigami_analytic();
    CHECK(an.s1[0] == Approx(0.3139).margin(1e-4));
    CHECK(an.s1[1] == Approx(0.4424).margin(1e-4));
    CHECK(an.st[0] == Approx(0.5576).margin(1e-4));
    CHECK(an.st[2] == Approx(0.2437).margin(1e-4));
}

TEST_CASE("Ishigami, N = 10000: indices, intervals, ranking", "[sensitivity][ishigami]") {
    const SaltelliDesign design(20240601, 10000, {"x1", "x2", "x3"});
    REQUIRE(design.rows() == 10000u * 5u);

    const auto t0 = std::chrono::steady_clock::now();
    const SampleMatrix y = rubilnik::evaluate(design, 3, ishigami);
    const auto t1 = std::chrono::steady_clock::now();
    rubilnik::SobolOptions opt;
    opt.resamples = 1000;
    const auto res = rubilnik::sobol_indices(design, y, opt);
    const auto t2 = std::chrono::steady_clock::now();
    const auto ms = [](auto d) { return std::chrono::duration<double, std::milli>(d).count(); };
    // Shown on failure, or always with `-s`.
    INFO("Ishigami N=10000 (50000 evaluations): evaluate " << ms(t1 - t0) << " ms, indices + 1000 bootstrap "
                                                           << ms(t2 - t1) << " ms");
    auto wide = opt;
    wide.confidence = 0.99;
    const auto res99 = rubilnik::sobol_indices(design, y, wide);

    REQUIRE(res.size() == 3);
    const auto& r = res[0];
    const auto an = ishigami_analytic();
    // Variance of Ishigami: a²/8 + bπ⁴/5 + b²π⁸/18 + 1/2 = 13.8446.
    CHECK(r.variance == Approx(13.8446).epsilon(0.03));
    CHECK(r.mean == Approx(3.5).margin(0.1));  // E = a/2
    CHECK(r.n == 10000);
    for (int i = 0; i < 3; ++i) {
        const auto k = static_cast<std::size_t>(i);
        const auto& ix = r.indices[k];
        const auto& ix99 = res99[0].indices[k];
        INFO("x" << i + 1 << ": S1 " << ix.s1 << " [" << ix.s1_lo << ", " << ix.s1_hi << "], ST " << ix.st << " ["
                 << ix.st_lo << ", " << ix.st_hi << "]");
        // Tolerances from the estimators' sampling spread, measured over 400
        // independent N = 10000 designs: sd(S1) <= 0.0103 (x1), sd(ST) <=
        // 0.0145 (ST of x1). 0.035 and 0.05 are both > 3.4 sd; 0.05 is also
        // SALib's regression atol. Bias was below 0.001 for every index.
        CHECK(ix.s1 == Approx(an.s1[i]).margin(0.035));
        CHECK(ix.st == Approx(an.st[i]).margin(0.05));
        // The run's own bootstrap standard error (95% half-width / 1.96).
        CHECK(std::fabs(ix.s1 - an.s1[i]) < 4.0 * (ix.s1_hi - ix.s1_lo) / (2 * 1.96));
        CHECK(std::fabs(ix.st - an.st[i]) < 4.0 * (ix.st_hi - ix.st_lo) / (2 * 1.96));
        // Containment is checked on 99% intervals: a run has six intervals,
        // so at 95% one of them misses the truth about a quarter of the
        // time (this seed's 95% ST interval for x2 does: its estimate is
        // 2.4 standard errors low). 95% coverage itself is tested below.
        CHECK(ix99.s1_lo <= an.s1[i]);
        CHECK(an.s1[i] <= ix99.s1_hi);
        CHECK(ix99.st_lo <= an.st[i]);
        CHECK(an.st[i] <= ix99.st_hi);
        // Intervals are informative, not vacuous.
        CHECK(ix.s1_hi - ix.s1_lo < 0.1);
        CHECK(ix.st_hi - ix.st_lo < 0.1);
        CHECK(ix.s1_lo <= ix.s1);
        CHECK(ix.s1 <= ix.s1_hi);
        CHECK(ix99.st_lo <= ix.st_lo);
        CHECK(ix.st_hi <= ix99.st_hi);
    }

    // Output 1 depends on x2 only: the estimators are exact for the others
    // (f(A_B^i) = f(A) when i ≠ 2), and estimate 1 for x2.
    const auto& lin = res[1];
    CHECK(lin.indices[0].s1 == 0.0);
    CHECK(lin.indices[0].st == 0.0);
    CHECK(lin.indices[2].st == 0.0);
    CHECK(lin.indices[1].s1 == Approx(1.0).margin(0.03));
    CHECK(lin.indices[1].st == Approx(1.0).margin(0.03));
    // A constant output has nothing to apportion.
    CHECK(res[2].variance == 0.0);
    CHECK(res[2].indices[0].st == 0.0);
    CHECK(res[2].mean == 42.0);

    const auto tornado = rubilnik::rank_by_total_effect(r);
    REQUIRE(tornado.size() == 3);
    CHECK(tornado[0].name == "x1");
    CHECK(tornado[1].name == "x2");
    CHECK(tornado[2].name == "x3");
    CHECK(tornado[0].index.st == r.indices[0].st);
    CHECK(rubilnik::rank_by_total_effect(r, 2).size() == 2);
}

TEST_CASE("results do not depend on evaluation order or grouping", "[sensitivity][determinism]") {
    const SaltelliDesign design(7, 2000, {"x1", "x2", "x3"});
    const std::size_t rows = design.rows();
    rubilnik::SobolOptions opt;
    opt.resamples = 200;

    const auto reference = rubilnik::sobol_indices(design, rubilnik::evaluate(design, 3, ishigami), opt);

    // (1) Whole design as one batch, rows shuffled, outputs scattered back.
    std::vector<std::size_t> perm(rows);
    std::iota(perm.begin(), perm.end(), std::size_t{0});
    const rubilnik::CounterRng shuffle(99, 0, 0);
    for (std::size_t i = rows - 1; i > 0; --i) {
        const auto j = static_cast<std::size_t>(shuffle.uniform(i) * static_cast<double>(i + 1));
        std::swap(perm[i], perm[std::min(j, i)]);
    }
    const SampleMatrix all = design.points();
    SampleMatrix shuffled(rows, design.parameters());
    for (std::size_t i = 0; i < rows; ++i)
        std::copy(all.row(perm[i]).begin(), all.row(perm[i]).end(), shuffled.row(i).begin());
    const SampleMatrix ys = rubilnik::evaluate_batch(shuffled, 3, ishigami);
    SampleMatrix y1(rows, 3);
    for (std::size_t i = 0; i < rows; ++i) std::copy(ys.row(i).begin(), ys.row(i).end(), y1.row(perm[i]).begin());
    CHECK(identical(rubilnik::sobol_indices(design, y1, opt), reference));

    // (2) Uneven chunks evaluated back to front, as parallel workers might.
    SampleMatrix y2(rows, 3, std::nan(""));
    const std::size_t chunk = 977;
    for (std::size_t first = (rows - 1) / chunk * chunk;; first -= chunk) {
        rubilnik::evaluate_rows(design, first, std::min(rows, first + chunk), ishigami, y2);
        if (first == 0) break;
    }
    CHECK(identical(rubilnik::sobol_indices(design, y2, opt), reference));

    // (3) Bootstrap tasks run in reverse through the parallel_for hook.
    auto reversed = opt;
    reversed.parallel_for = [](std::size_t n, const std::function<void(std::size_t)>& task) {
        for (std::size_t t = n; t-- > 0;) task(t);
    };
    const auto y_ref = rubilnik::evaluate(design, 3, ishigami);
    CHECK(identical(rubilnik::sobol_indices(design, y_ref, reversed), reference));

    // A different bootstrap seed moves the intervals but not the estimates.
    auto reseeded = opt;
    reseeded.bootstrap_seed = 1;
    const auto other = rubilnik::sobol_indices(design, y_ref, reseeded);
    CHECK(other[0].indices[0].s1 == reference[0].indices[0].s1);
    CHECK(other[0].indices[0].s1_lo != reference[0].indices[0].s1_lo);
}

TEST_CASE("95% bootstrap intervals cover the analytic indices ~95% of the time", "[sensitivity][coverage]") {
    // 60 independent designs at N = 2000, six intervals each. Percentile
    // intervals measured 93-96% coverage per index over 400 designs at
    // N = 10000. With 360 intervals the binomial sd of the rate is 0.0115;
    // 0.89 is five of those below 0.95 (intervals of one run are
    // correlated, which only widens the spread a little).
    const auto an = ishigami_analytic();
    rubilnik::SobolOptions opt;
    opt.resamples = 200;
    int covered = 0, total = 0;
    for (std::uint64_t rep = 0; rep < 60; ++rep) {
        const SaltelliDesign design(5000 + rep, 2000, {"x1", "x2", "x3"});
        opt.bootstrap_seed = rep;
        const auto r = rubilnik::sobol_indices(design, rubilnik::evaluate(design, 3, ishigami), opt)[0];
        for (std::size_t i = 0; i < 3; ++i) {
            const auto& ix = r.indices[i];
            covered += ix.s1_lo <= an.s1[i] && an.s1[i] <= ix.s1_hi;
            covered += ix.st_lo <= an.st[i] && an.st[i] <= ix.st_hi;
            total += 2;
        }
    }
    const double rate = static_cast<double>(covered) / total;
    INFO("95% interval coverage over " << total << " intervals: " << rate);
    CHECK(rate >= 0.89);
    CHECK(rate <= 0.995);
}

TEST_CASE("Saltelli design layout and streams", "[sensitivity][design]") {
    const std::vector<std::string> names = {"alpha", "beta"};
    const SaltelliDesign d(123, 50, names);
    REQUIRE(d.rows() == 200);
    std::vector<double> a(2), b(2), ab0(2), ab1(2);
    for (std::size_t r = 0; r < 50; ++r) {
        d.point(d.row_a(r), a);
        d.point(d.row_b(r), b);
        d.point(d.row_ab(r, 0), ab0);
        d.point(d.row_ab(r, 1), ab1);
        // A's rows are the plain Monte Carlo draws of the same seed.
        REQUIRE(a[0] == rubilnik::CounterRng(123, r, rubilnik::stream_id("alpha")).uniform(0));
        REQUIRE(a[1] == rubilnik::CounterRng(123, r, rubilnik::stream_id("beta")).uniform(0));
        REQUIRE(a[0] != b[0]);
        REQUIRE(a[1] != b[1]);
        CHECK(ab0[0] == b[0]);
        CHECK(ab0[1] == a[1]);
        CHECK(ab1[0] == a[0]);
        CHECK(ab1[1] == b[1]);
    }
    // points() agrees with point() for a sub-range.
    const auto block = d.points(7, 19);
    for (std::size_t row = 7; row < 19; ++row) {
        d.point(row, a);
        CHECK(block(row - 7, 0) == a[0]);
        CHECK(block(row - 7, 1) == a[1]);
    }

    REQUIRE_THROWS_AS(SaltelliDesign(1, 10, {"x", "y", "x"}), rubilnik::InputError);
    REQUIRE_THROWS_WITH(SaltelliDesign(1, 10, {"x", "y", "x"}), Contains("'x' is listed twice"));
    REQUIRE_THROWS_WITH(SaltelliDesign(1, 10, {"x", "y"}, {5, 5}), Contains("same random stream"));
    REQUIRE_THROWS_AS(SaltelliDesign(1, 0, {"x"}), std::invalid_argument);
    REQUIRE_THROWS_AS(SaltelliDesign(1, 10, {}), std::invalid_argument);
}

TEST_CASE("estimator rejects bad output matrices", "[sensitivity]") {
    const SaltelliDesign d(1, 10, {"x"});
    SampleMatrix wrong(d.rows() - 1, 1);
    REQUIRE_THROWS_AS(rubilnik::sobol_indices(d, wrong), std::invalid_argument);
    // A model that forgets an output leaves NaN, which is reported.
    const auto partial =
        rubilnik::evaluate(d, 2, [](std::span<const double> u, std::span<double> out) { out[0] = u[0]; });
    REQUIRE_THROWS_WITH(rubilnik::sobol_indices(d, partial), Contains("output 1 of design row 0"));
}
