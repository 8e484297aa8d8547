// Gaussian copula: correlated uniforms from independent ones, so several
// parameters can share one driver while each keeps its own marginal.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>

#include "rubilnik/distribution.hpp"
#include "rubilnik/error.hpp"

namespace rubilnik {
namespace {

// Shortest text that reads back to the same double.
std::string num(double v) {
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
}

}  // namespace

// --- GaussianCopula ------------------------------------------------------------

GaussianCopula::GaussianCopula(std::size_t n, std::vector<double> correlation) : n_(n), chol_(n * n, 0.0) {
    if (n == 0) throw InputError("correlation matrix: needs at least one parameter");
    if (n > kMaxDimension)
        throw InputError("correlation matrix: at most " + std::to_string(kMaxDimension) + " parameters, got " +
                         std::to_string(n));
    if (correlation.size() != n * n)
        throw InputError("correlation matrix: expected " + std::to_string(n) + "x" + std::to_string(n) + " = " +
                         std::to_string(n * n) + " entries, got " + std::to_string(correlation.size()));
    // Tolerances absorb rounding in matrices computed elsewhere; text input
    // is exact on both sides of the diagonal anyway.
    constexpr double tol = 1e-12;
    const auto at = [&](std::size_t i, std::size_t j) { return correlation[i * n + j]; };
    const auto where = [](std::size_t i, std::size_t j) {
        return "(" + std::to_string(i + 1) + ", " + std::to_string(j + 1) + ")";
    };
    for (std::size_t i = 0; i < n; ++i) {
        if (std::fabs(at(i, i) - 1.0) > tol)
            throw InputError("correlation matrix: diagonal entry " + where(i, i) + " must be 1, got " + num(at(i, i)));
        for (std::size_t j = 0; j < n; ++j) {
            const double r = at(i, j);
            if (!std::isfinite(r) || std::fabs(r) > 1.0)
                throw InputError("correlation matrix: entry " + where(i, j) + " must be in [-1, 1], got " + num(r));
            if (std::fabs(r - at(j, i)) > tol)
                throw InputError("correlation matrix: not symmetric, entry " + where(i, j) + " is " + num(r) + " but " +
                                 where(j, i) + " is " + num(at(j, i)));
        }
    }
    // Cholesky R = L·Lᵀ; a pivot at or below 1e-10 means the matrix is not
    // (numerically) positive definite: the pairwise correlations contradict
    // each other, or two parameters are perfectly correlated.
    for (std::size_t j = 0; j < n; ++j) {
        double s = at(j, j);
        for (std::size_t k = 0; k < j; ++k) s -= chol_[j * n + k] * chol_[j * n + k];
        if (!(s > 1e-10))
            throw InputError("correlation matrix: not positive definite (fails at row " + std::to_string(j + 1) +
                             "); the pairwise correlations are inconsistent, or a pair is "
                             "perfectly correlated (drive such parameters from one draw)");
        const double ljj = std::sqrt(s);
        chol_[j * n + j] = ljj;
        for (std::size_t i = j + 1; i < n; ++i) {
            double t = at(i, j);
            for (std::size_t k = 0; k < j; ++k) t -= chol_[i * n + k] * chol_[j * n + k];
            chol_[i * n + j] = t / ljj;
        }
    }
}

void GaussianCopula::correlate(std::span<const double> u, std::span<double> out) const {
    if (u.size() != n_ || out.size() != n_)
        throw std::invalid_argument("GaussianCopula::correlate: dimension mismatch");
    // All normal scores are taken before out is written, so u and out may be
    // the same buffer.
    double z[kMaxDimension];
    for (std::size_t i = 0; i < n_; ++i) z[i] = normal_quantile(u[i]);
    // Keep results strictly inside (0,1): a quantile at exactly 0 or 1 would
    // be ±inf for unbounded marginals.
    constexpr double lo = std::numeric_limits<double>::min();
    constexpr double hi = 1.0 - 0x1.0p-53;
    for (std::size_t i = 0; i < n_; ++i) {
        double y = 0.0;
        for (std::size_t k = 0; k <= i; ++k) y += chol_[i * n_ + k] * z[k];
        const double p = y <= 0.0 ? normal_cdf(y) : 1.0 - normal_sf(y);
        out[i] = std::clamp(p, lo, hi);
    }
}

std::vector<double> GaussianCopula::correlate(std::span<const double> u) const {
    std::vector<double> out(n_);
    correlate(u, out);
    return out;
}

}  // namespace rubilnik
