// Special functions behind the distributions: normal CDF and quantile,
// log-gamma, the regularised incomplete beta and its inverse. Split from
// distribution.cpp so each file stays readable.
#include "rubilnik/detail/special_functions.hpp"

#include <cmath>
#include <limits>

#include "rubilnik/distribution.hpp"

namespace rubilnik {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kSqrt2Pi = 2.5066282746310002;       // sqrt(2π)
constexpr double kInvSqrt2 = 0.70710678118654752440;  // 1/sqrt(2)
constexpr double kHalfLog2Pi = 0.91893853320467274178;

}  // namespace

namespace detail {

double normal_pdf(double z) {
    if (std::isinf(z)) return 0.0;
    return std::exp(-0.5 * z * z) / kSqrt2Pi;
}

// Φ(b) − Φ(a), taken from the tail the interval lies in: a mass deep in the
// upper tail would otherwise be the difference of two numbers near 1.
double normal_mass(double a, double b) {
    if (a > 0.0) return normal_sf(a) - normal_sf(b);
    return normal_cdf(b) - normal_cdf(a);
}

// Continued fraction for I_x(a, b) (DLMF 8.17.22) by the modified Lentz
// method; converges fast for x < (a+1)/(a+b+2), which the caller ensures.
double beta_continued_fraction(double x, double a, double b) {
    constexpr double tiny = 1e-300;
    constexpr double eps = 1e-16;
    const double qab = a + b;
    const double qap = a + 1.0;
    const double qam = a - 1.0;
    double c = 1.0;
    double d = 1.0 - qab * x / qap;
    if (std::fabs(d) < tiny) d = tiny;
    d = 1.0 / d;
    double h = d;
    for (int m = 1; m <= 1000; ++m) {
        const double md = m;
        const double m2 = 2.0 * md;
        // Even step d_{2m}.
        double aa = md * (b - md) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        if (std::fabs(d) < tiny) d = tiny;
        c = 1.0 + aa / c;
        if (std::fabs(c) < tiny) c = tiny;
        d = 1.0 / d;
        h *= d * c;
        // Odd step d_{2m+1}.
        aa = -(a + md) * (qab + md) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        if (std::fabs(d) < tiny) d = tiny;
        c = 1.0 + aa / c;
        if (std::fabs(c) < tiny) c = tiny;
        d = 1.0 / d;
        const double del = d * c;
        h *= del;
        if (std::fabs(del - 1.0) < eps) break;
    }
    return h;
}

double log_beta(double a, double b) { return log_gamma(a) + log_gamma(b) - log_gamma(a + b); }

// I_x(a, b) given both x and xc = 1 − x, so callers near x = 1 can pass an
// accurately computed complement instead of 1 − x rounded.
double ibeta(double x, double xc, double a, double b, double lbeta) {
    if (x <= 0.0) return 0.0;
    if (xc <= 0.0) return 1.0;
    if (x < (a + 1.0) / (a + b + 2.0)) {
        const double front = std::exp(a * std::log(x) + b * std::log(xc) - lbeta);
        return front * beta_continued_fraction(x, a, b) / a;
    }
    const double front = std::exp(a * std::log(x) + b * std::log(xc) - lbeta);
    return 1.0 - front * beta_continued_fraction(xc, b, a) / b;
}

// Beta(a, b) quantile for p in (0,1): Newton inside a shrinking bisection
// bracket (the "rtsafe" safeguard), so it cannot diverge where the density
// vanishes at an end point.
double ibeta_inverse(double p, double a, double b) {
    if (!(p > 0.0)) return 0.0;
    if (!(p < 1.0)) return 1.0;
    const double lbeta = log_beta(a, b);
    double lo = 0.0;
    double hi = 1.0;
    double y;
    if (a >= 1.0 && b >= 1.0) {
        // Abramowitz & Stegun 26.5.22 (a normal approximation), good to a
        // few percent for the shapes PERT produces: Newton then needs ~3
        // steps instead of ~7.
        const double z = -normal_quantile(p);
        const double lambda = (z * z - 3.0) / 6.0;
        const double ra = 1.0 / (2.0 * a - 1.0), rb = 1.0 / (2.0 * b - 1.0);
        const double h = 2.0 / (ra + rb);
        const double w = z * std::sqrt(h + lambda) / h - (rb - ra) * (lambda + 5.0 / 6.0 - 2.0 / (3.0 * h));
        y = a / (a + b * std::exp(2.0 * w));
    } else {
        // Leading term of the series near 0, I_y ≈ y^a / (a B(a,b)).
        y = std::exp((std::log(p) + std::log(a) + lbeta) / a);
    }
    if (!(y > 0.0 && y < 1.0)) y = a / (a + b);
    double dy_old = 1.0;
    for (int it = 0; it < 300; ++it) {
        const double f = ibeta(y, 1.0 - y, a, b, lbeta) - p;
        if (f == 0.0) return y;
        if (f < 0.0) lo = y;
        else hi = y;
        const double dens = std::exp((a - 1.0) * std::log(y) + (b - 1.0) * std::log1p(-y) - lbeta);
        double next = kNaN;
        if (dens > 0.0 && std::isfinite(dens)) next = y - f / dens;
        // Bisect when Newton leaves the bracket or is not halving the step.
        if (!(next > lo && next < hi) || std::fabs(next - y) > 0.5 * std::fabs(dy_old)) {
            next = 0.5 * (lo + hi);
        }
        dy_old = next - y;
        y = next;
        if (std::fabs(dy_old) <= 1e-15 * y || hi - lo <= 1e-15 * hi) return y;
    }
    return y;
}

}  // namespace detail

using detail::ibeta;
using detail::ibeta_inverse;
using detail::log_beta;
using detail::normal_pdf;

// --- Special functions -------------------------------------------------------

double normal_cdf(double x) { return 0.5 * std::erfc(-x * kInvSqrt2); }

double normal_sf(double x) { return 0.5 * std::erfc(x * kInvSqrt2); }

double normal_quantile(double p) {
    if (std::isnan(p) || p < 0.0 || p > 1.0) return kNaN;
    if (p == 0.0) return -kInf;
    if (p == 1.0) return kInf;
    // Work in the lower half; 1 − p is exact for p ≥ 0.5 (Sterbenz), so the
    // upper tail loses nothing by reflection.
    if (p > 0.5) return -normal_quantile(1.0 - p);

    // Acklam's rational approximation, relative error < 1.15e-9.
    static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,  -2.759285104469687e+02,
                                   1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
    static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                                   6.680131188771972e+01, -1.328068155288572e+01};
    static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                                   -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
    static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                                   3.754408661907416e+00};
    constexpr double p_low = 0.02425;
    double x;
    if (p < p_low) {
        const double q = std::sqrt(-2.0 * std::log(p));
        x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
    } else {
        const double q = p - 0.5;
        const double r = q * q;
        x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
            (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
    }
    // One Halley step on Φ(x) − p cubes the error. For subnormal p the
    // density underflows and p itself has lost digits, so keep Acklam there.
    if (p >= std::numeric_limits<double>::min()) {
        const double e = normal_cdf(x) - p;
        const double u = e / normal_pdf(x);
        x = x - u / (1.0 + 0.5 * x * u);
    }
    return x;
}

double log_gamma(double x) {
    if (!(x > 0.0)) return kNaN;
    if (std::isinf(x)) return kInf;
    // Shift up to x ≥ 10 with Γ(x+1) = xΓ(x), then Stirling's series; the
    // first omitted term is below 3e-17 there.
    double shift = 0.0;
    double prod = 1.0;
    while (x < 10.0) {
        prod *= x;
        x += 1.0;
        // Keep the product in range for tiny x.
        if (prod < 1e-200 || prod > 1e200) {
            shift += std::log(prod);
            prod = 1.0;
        }
    }
    shift += std::log(prod);
    const double z = 1.0 / x;
    const double z2 = z * z;
    const double series =
        z *
        (1.0 / 12 +
         z2 * (-1.0 / 360 +
               z2 * (1.0 / 1260 + z2 * (-1.0 / 1680 + z2 * (1.0 / 1188 + z2 * (-691.0 / 360360 + z2 * (1.0 / 156)))))));
    return (x - 0.5) * std::log(x) - x + kHalfLog2Pi + series - shift;
}

double incomplete_beta(double x, double a, double b) {
    if (std::isnan(x) || !(a > 0.0) || !(b > 0.0)) return kNaN;
    if (x <= 0.0) return 0.0;
    if (x >= 1.0) return 1.0;
    return ibeta(x, 1.0 - x, a, b, log_beta(a, b));
}

double inverse_incomplete_beta(double p, double a, double b) {
    if (std::isnan(p) || !(a > 0.0) || !(b > 0.0)) return kNaN;
    // Solve in whichever tail p lies, so the answer keeps relative accuracy
    // near both ends: x = 1 − (the (1−p)-quantile of Beta(b, a)).
    if (p > 0.5) return 1.0 - ibeta_inverse(1.0 - p, b, a);
    return ibeta_inverse(p, a, b);
}

}  // namespace rubilnik
