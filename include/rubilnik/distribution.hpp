// Probability distributions for uncertain inputs, sampled by inverse CDF.
//
// Every draw is quantile(u) of ONE uniform u from CounterRng, so a draw is a
// pure function of (seed, draw, stream, index), the sensitivity code can feed
// its own uniforms through the same transform, and a Gaussian copula can
// correlate parameters by correlating their uniforms. No std:: distribution is
// used anywhere: their algorithms differ between standard libraries, and the
// results must not.
#pragma once

#include "rubilnik/rng.hpp"

#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

namespace rubilnik {

// --- Special functions (exposed because tests and reports need them) -------

// Standard normal CDF Φ(x), via erfc so both tails keep relative accuracy.
double normal_cdf(double x);
// Upper tail 1 − Φ(x), computed directly (no cancellation for large x).
double normal_sf(double x);
// Φ⁻¹(p) for p in (0,1); ±inf at 0 and 1. Acklam's rational approximation
// refined by one Halley step: relative error near machine precision.
double normal_quantile(double p);
// ln Γ(x) for x > 0. Own implementation: std::lgamma writes the global
// `signgam` on glibc, a data race when draws run in parallel.
double log_gamma(double x);
// Regularized incomplete beta I_x(a, b) for x in [0,1], a, b > 0.
double incomplete_beta(double x, double a, double b);
// Inverse of I_x(a, b) in x: the p-quantile of Beta(a, b), absolute error
// below 1e-12 (safeguarded Newton on a bisection bracket).
double inverse_incomplete_beta(double p, double a, double b);

// --- Distribution ------------------------------------------------------------

class Distribution {
public:
    enum class Kind { point, uniform, triangular, normal, lognormal, pert, discrete };

    // A point mass at 0; exists so containers of Distribution can be resized.
    Distribution() = default;

    // Factories never throw: a loader builds first and calls validate() with
    // its own file/line/key context, so every message has one shape.
    static Distribution point(double value);
    static Distribution uniform(double min, double max);
    static Distribution triangular(double min, double mode, double max);
    static Distribution normal(double mean, double sd);
    // Parameterised by the median (= exp(μ)) and σ of ln X, because analysts
    // state "typically X, within a factor of k" more readily than E[X].
    static Distribution lognormal(double median, double sigma);
    // Beta-PERT with λ = 4: mean (min + 4·mode + max) / 6.
    static Distribution pert(double min, double mode, double max);
    // Weights need not sum to one; they are normalised. Values are kept
    // sorted ascending so quantile() is monotone in u (copulas and Sobol
    // indices rely on that).
    static Distribution discrete(std::vector<double> values, std::vector<double> weights);

    // A copy restricted to [lo, hi] (either may be ±inf). Sampling stays one
    // uniform per draw: u' = F(lo) + u·(F(hi) − F(lo)).
    Distribution truncated(double lo, double hi) const;

    // Throws InputError naming the offending parameter and the allowed range.
    void validate() const;

    // Inverse CDF for u in (0,1). Precondition: validate() passed.
    double quantile(double u) const;
    // CDF of the (truncated) distribution; for discrete, P(X <= x).
    double cdf(double x) const;
    double mean() const;
    double median() const { return quantile(0.5); }
    // Support bounds after truncation; ±inf where unbounded.
    double lo() const;
    double hi() const;
    // Compact, round-trippable text for reports: "triangular(0.15, 0.3, 0.5)",
    // "normal(10, 2) truncated [0, inf]".
    std::string describe() const;
    // True when all mass sits on one value (also e.g. normal with sd = 0).
    bool is_point() const { return lo() == hi(); }

    double sample(const CounterRng& rng, std::uint64_t index = 0) const { return quantile(rng.uniform(index)); }

    Kind kind() const { return kind_; }
    bool is_truncated() const { return truncated_; }
    // Discrete support (sorted ascending) and matching weights; empty otherwise.
    const std::vector<double>& values() const { return values_; }
    const std::vector<double>& weights() const { return weights_; }

private:
    Distribution(Kind kind, double a, double b, double c);
    // Continuous/point pieces before truncation.
    double base_lo() const;
    double base_hi() const;
    bool degenerate(double& at) const;
    double base_cdf(double x) const;
    double base_sf(double x) const;
    double base_quantile(double p) const;
    double base_quantile_sf(double s) const;
    // Truncation bounds clipped to the base support.
    double eff_lo() const;
    double eff_hi() const;
    double discrete_quantile(double u) const;
    double discrete_support(bool lowest) const;
    void validate_parameters() const;
    void validate_truncation() const;

    Kind kind_ = Kind::point;
    // point: p_[0] = value; uniform: min, max; triangular/pert: min, mode,
    // max; normal: mean, sd; lognormal: median, sigma.
    double p_[3] = {0.0, 0.0, 0.0};
    std::vector<double> values_;
    std::vector<double> weights_;
    std::vector<double> cumulative_;  // size n + 1, cumulative_[0] = 0
    bool truncated_ = false;
    double trunc_lo_ = -std::numeric_limits<double>::infinity();
    double trunc_hi_ = std::numeric_limits<double>::infinity();
};

// --- Gaussian copula ---------------------------------------------------------

// Turns independent uniforms into uniforms whose normal scores have the given
// correlation: out = Φ(L·Φ⁻¹(u)) with R = L·Lᵀ. One "assumption" can then
// drive several parameters while each keeps its own marginal distribution.
class GaussianCopula {
public:
    static constexpr std::size_t kMaxDimension = 64;

    // `correlation` is n×n row-major. Throws InputError unless it is
    // symmetric, has a unit diagonal, entries in [−1, 1] and is positive
    // definite; the message names the entry at fault.
    GaussianCopula(std::size_t n, std::vector<double> correlation);

    std::size_t dimension() const { return n_; }
    // u and out have dimension() entries, u in (0,1); out is in (0,1) too.
    void correlate(std::span<const double> u, std::span<double> out) const;
    std::vector<double> correlate(std::span<const double> u) const;
    // Lower Cholesky factor, row-major n×n (for diagnostics).
    const std::vector<double>& cholesky() const { return chol_; }

private:
    std::size_t n_;
    std::vector<double> chol_;
};

}  // namespace rubilnik
