#include "rubilnik/distribution.hpp"

#include "rubilnik/error.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace rubilnik {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kSqrt2Pi = 2.5066282746310002;       // sqrt(2π)
constexpr double kInvSqrt2 = 0.70710678118654752440;  // 1/sqrt(2)
constexpr double kHalfLog2Pi = 0.91893853320467274178;

// Shortest text that reads back to the same double, so a report names the
// exact parameters that were run.
std::string num(double v) {
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
}

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
        const double w = z * std::sqrt(h + lambda) / h -
                         (rb - ra) * (lambda + 5.0 / 6.0 - 2.0 / (3.0 * h));
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
        if (f < 0.0)
            lo = y;
        else
            hi = y;
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

}  // namespace

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
    static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                                   -2.759285104469687e+02, 1.383577518672690e+02,
                                   -3.066479806614716e+01, 2.506628277459239e+00};
    static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                                   -1.556989798598866e+02, 6.680131188771972e+01,
                                   -1.328068155288572e+01};
    static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                                   -2.400758277161838e+00, -2.549732539343734e+00,
                                   4.374664141464968e+00,  2.938163982698783e+00};
    static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
                                   2.445134137142996e+00, 3.754408661907416e+00};
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
        z * (1.0 / 12 +
             z2 * (-1.0 / 360 +
                   z2 * (1.0 / 1260 +
                         z2 * (-1.0 / 1680 +
                               z2 * (1.0 / 1188 + z2 * (-691.0 / 360360 + z2 * (1.0 / 156)))))));
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

// --- Distribution: factories -------------------------------------------------

Distribution::Distribution(Kind kind, double a, double b, double c) : kind_(kind), p_{a, b, c} {}

Distribution Distribution::point(double value) { return {Kind::point, value, 0.0, 0.0}; }
Distribution Distribution::uniform(double min, double max) {
    return {Kind::uniform, min, max, 0.0};
}
Distribution Distribution::triangular(double min, double mode, double max) {
    return {Kind::triangular, min, mode, max};
}
Distribution Distribution::normal(double mean, double sd) { return {Kind::normal, mean, sd, 0.0}; }
Distribution Distribution::lognormal(double median, double sigma) {
    return {Kind::lognormal, median, sigma, 0.0};
}
Distribution Distribution::pert(double min, double mode, double max) {
    return {Kind::pert, min, mode, max};
}

Distribution Distribution::discrete(std::vector<double> values, std::vector<double> weights) {
    Distribution d(Kind::discrete, 0.0, 0.0, 0.0);
    const bool sortable =
        values.size() == weights.size() &&
        std::all_of(values.begin(), values.end(), [](double v) { return std::isfinite(v); });
    if (sortable) {
        // Sort by value (stable, so equal values keep their input order);
        // NaN would break the ordering, hence the finiteness guard.
        std::vector<std::size_t> order(values.size());
        std::iota(order.begin(), order.end(), std::size_t{0});
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t i, std::size_t j) { return values[i] < values[j]; });
        for (std::size_t i : order) {
            d.values_.push_back(values[i]);
            d.weights_.push_back(weights[i]);
        }
        d.cumulative_.assign(1, 0.0);
        for (double w : d.weights_) d.cumulative_.push_back(d.cumulative_.back() + w);
    } else {
        // Kept as given so validate() can report what is wrong.
        d.values_ = std::move(values);
        d.weights_ = std::move(weights);
    }
    return d;
}

Distribution Distribution::truncated(double lo, double hi) const {
    Distribution d = *this;
    d.truncated_ = true;
    d.trunc_lo_ = lo;
    d.trunc_hi_ = hi;
    return d;
}

// --- Distribution: validation ------------------------------------------------

void Distribution::validate_parameters() const {
    const auto finite = [](const char* dist, const char* name, double v) {
        if (!std::isfinite(v))
            throw InputError(std::string(dist) + ": " + name + " must be a finite number, got " +
                             num(v));
    };
    switch (kind_) {
        case Kind::point: finite("point", "value", p_[0]); return;
        case Kind::uniform:
            finite("uniform", "min", p_[0]);
            finite("uniform", "max", p_[1]);
            if (p_[0] > p_[1])
                throw InputError("uniform: min (" + num(p_[0]) + ") must not exceed max (" +
                                 num(p_[1]) + ")");
            return;
        case Kind::triangular:
        case Kind::pert: {
            const char* name = kind_ == Kind::pert ? "pert" : "triangular";
            finite(name, "min", p_[0]);
            finite(name, "mode", p_[1]);
            finite(name, "max", p_[2]);
            if (!(p_[0] <= p_[1] && p_[1] <= p_[2]))
                throw InputError(std::string(name) + ": need min <= mode <= max, got min " +
                                 num(p_[0]) + ", mode " + num(p_[1]) + ", max " + num(p_[2]));
            return;
        }
        case Kind::normal:
            finite("normal", "mean", p_[0]);
            finite("normal", "sd", p_[1]);
            if (p_[1] < 0.0) throw InputError("normal: sd must be >= 0, got " + num(p_[1]));
            return;
        case Kind::lognormal:
            finite("lognormal", "median", p_[0]);
            finite("lognormal", "sigma", p_[1]);
            if (!(p_[0] > 0.0))
                throw InputError("lognormal: median must be > 0, got " + num(p_[0]));
            if (p_[1] < 0.0) throw InputError("lognormal: sigma must be >= 0, got " + num(p_[1]));
            return;
        case Kind::discrete: {
            if (values_.size() != weights_.size())
                throw InputError("discrete: values and weights must have the same length, got " +
                                 std::to_string(values_.size()) + " values and " +
                                 std::to_string(weights_.size()) + " weights");
            if (values_.empty()) throw InputError("discrete: needs at least one value");
            double total = 0.0;
            for (std::size_t i = 0; i < values_.size(); ++i) {
                const std::string which = " #" + std::to_string(i + 1);
                if (!std::isfinite(values_[i]))
                    throw InputError("discrete: value" + which + " must be finite, got " +
                                     num(values_[i]));
                if (!std::isfinite(weights_[i]) || weights_[i] < 0.0)
                    throw InputError("discrete: weight for value " + num(values_[i]) +
                                     " must be a finite number >= 0, got " + num(weights_[i]));
                total += weights_[i];
            }
            if (!(total > 0.0))
                throw InputError("discrete: weights are all zero; at least one must be > 0");
            return;
        }
    }
}

void Distribution::validate() const {
    validate_parameters();
    if (!truncated_) return;
    if (std::isnan(trunc_lo_) || std::isnan(trunc_hi_) || !(trunc_lo_ <= trunc_hi_))
        throw InputError("truncation: need lo <= hi, got lo " + num(trunc_lo_) + ", hi " +
                         num(trunc_hi_));
    const std::string bounds = "[" + num(trunc_lo_) + ", " + num(trunc_hi_) + "]";
    Distribution base = *this;
    base.truncated_ = false;
    const std::string none =
        "truncation " + bounds + " leaves no probability mass of " + base.describe();
    if (kind_ == Kind::discrete) {
        for (std::size_t i = 0; i < values_.size(); ++i)
            if (weights_[i] > 0.0 && values_[i] >= trunc_lo_ && values_[i] <= trunc_hi_) return;
        throw InputError(none);
    }
    double at = 0.0;
    if (degenerate(at)) {
        if (at < trunc_lo_ || at > trunc_hi_) throw InputError(none);
        return;
    }
    const double L = eff_lo();
    const double H = eff_hi();
    if (!(L < H)) throw InputError(none);
    const double mass = base_cdf(L) > 0.5 ? base_sf(L) - base_sf(H) : base_cdf(H) - base_cdf(L);
    if (!(mass > 0.0)) throw InputError(none + " (numerically zero)");
}

// --- Distribution: continuous pieces ----------------------------------------

bool Distribution::degenerate(double& at) const {
    switch (kind_) {
        case Kind::point: at = p_[0]; return true;
        case Kind::uniform: at = p_[0]; return p_[0] == p_[1];
        case Kind::triangular:
        case Kind::pert: at = p_[0]; return p_[0] == p_[2];
        case Kind::normal:
        case Kind::lognormal: at = p_[0]; return p_[1] == 0.0;
        case Kind::discrete: return false;
    }
    return false;
}

double Distribution::base_lo() const {
    double at = 0.0;
    if (degenerate(at)) return at;
    switch (kind_) {
        case Kind::normal: return -kInf;
        case Kind::lognormal: return 0.0;
        default: return p_[0];
    }
}

double Distribution::base_hi() const {
    double at = 0.0;
    if (degenerate(at)) return at;
    switch (kind_) {
        case Kind::uniform: return p_[1];
        case Kind::triangular:
        case Kind::pert: return p_[2];
        default: return kInf;
    }
}

double Distribution::eff_lo() const { return std::max(trunc_lo_, base_lo()); }
double Distribution::eff_hi() const { return std::min(trunc_hi_, base_hi()); }

namespace {
double pert_alpha(const double* p) { return 1.0 + 4.0 * (p[1] - p[0]) / (p[2] - p[0]); }
double pert_beta(const double* p) { return 1.0 + 4.0 * (p[2] - p[1]) / (p[2] - p[0]); }
}  // namespace

// The four functions below assume a validated, non-degenerate continuous kind.
double Distribution::base_cdf(double x) const {
    switch (kind_) {
        case Kind::uniform:
            if (x <= p_[0]) return 0.0;
            if (x >= p_[1]) return 1.0;
            return (x - p_[0]) / (p_[1] - p_[0]);
        case Kind::triangular: {
            const double a = p_[0], m = p_[1], b = p_[2];
            if (x <= a) return 0.0;
            if (x >= b) return 1.0;
            if (x <= m) return (x - a) * (x - a) / ((b - a) * (m - a));
            return 1.0 - (b - x) * (b - x) / ((b - a) * (b - m));
        }
        case Kind::normal: return normal_cdf((x - p_[0]) / p_[1]);
        case Kind::lognormal:
            if (x <= 0.0) return 0.0;
            return normal_cdf((std::log(x) - std::log(p_[0])) / p_[1]);
        case Kind::pert: {
            const double a = p_[0], b = p_[2];
            if (x <= a) return 0.0;
            if (x >= b) return 1.0;
            const double al = pert_alpha(p_), be = pert_beta(p_);
            return ibeta((x - a) / (b - a), (b - x) / (b - a), al, be, log_beta(al, be));
        }
        default: return kNaN;
    }
}

double Distribution::base_sf(double x) const {
    switch (kind_) {
        case Kind::uniform:
            if (x <= p_[0]) return 1.0;
            if (x >= p_[1]) return 0.0;
            return (p_[1] - x) / (p_[1] - p_[0]);
        case Kind::triangular: {
            const double a = p_[0], m = p_[1], b = p_[2];
            if (x <= a) return 1.0;
            if (x >= b) return 0.0;
            if (x >= m) return (b - x) * (b - x) / ((b - a) * (b - m));
            return 1.0 - (x - a) * (x - a) / ((b - a) * (m - a));
        }
        case Kind::normal: return normal_sf((x - p_[0]) / p_[1]);
        case Kind::lognormal:
            if (x <= 0.0) return 1.0;
            return normal_sf((std::log(x) - std::log(p_[0])) / p_[1]);
        case Kind::pert: {
            const double a = p_[0], b = p_[2];
            if (x <= a) return 1.0;
            if (x >= b) return 0.0;
            const double al = pert_alpha(p_), be = pert_beta(p_);
            return ibeta((b - x) / (b - a), (x - a) / (b - a), be, al, log_beta(al, be));
        }
        default: return kNaN;
    }
}

double Distribution::base_quantile(double p) const {
    switch (kind_) {
        case Kind::uniform: return p_[0] + p * (p_[1] - p_[0]);
        case Kind::triangular: {
            const double a = p_[0], m = p_[1], b = p_[2];
            if (p < (m - a) / (b - a)) return a + std::sqrt(p * (b - a) * (m - a));
            return b - std::sqrt((1.0 - p) * (b - a) * (b - m));
        }
        case Kind::normal: return p_[0] + p_[1] * normal_quantile(p);
        case Kind::lognormal: return p_[0] * std::exp(p_[1] * normal_quantile(p));
        case Kind::pert: {
            const double a = p_[0], b = p_[2];
            const double al = pert_alpha(p_), be = pert_beta(p_);
            // Measure from the nearer end so both tails keep their digits.
            if (p <= 0.5) return a + (b - a) * ibeta_inverse(p, al, be);
            return b - (b - a) * ibeta_inverse(1.0 - p, be, al);
        }
        default: return kNaN;
    }
}

// The x with P(X > x) = s; used when truncation sits in the upper tail.
double Distribution::base_quantile_sf(double s) const {
    switch (kind_) {
        case Kind::uniform: return p_[1] - s * (p_[1] - p_[0]);
        case Kind::triangular: {
            const double a = p_[0], m = p_[1], b = p_[2];
            if (s < (b - m) / (b - a)) return b - std::sqrt(s * (b - a) * (b - m));
            return a + std::sqrt((1.0 - s) * (b - a) * (m - a));
        }
        case Kind::normal: return p_[0] - p_[1] * normal_quantile(s);
        case Kind::lognormal: return p_[0] * std::exp(-p_[1] * normal_quantile(s));
        case Kind::pert: {
            const double a = p_[0], b = p_[2];
            const double al = pert_alpha(p_), be = pert_beta(p_);
            if (s <= 0.5) return b - (b - a) * ibeta_inverse(s, be, al);
            return a + (b - a) * ibeta_inverse(1.0 - s, al, be);
        }
        default: return kNaN;
    }
}

// --- Distribution: public evaluation ------------------------------------------

double Distribution::discrete_quantile(double u) const {
    // Indices [i0, i1) of the values inside the truncation bounds.
    const auto first = std::lower_bound(values_.begin(), values_.end(), trunc_lo_);
    const auto last = std::upper_bound(values_.begin(), values_.end(), trunc_hi_);
    const auto i0 = static_cast<std::size_t>(first - values_.begin());
    const auto i1 = static_cast<std::size_t>(last - values_.begin());
    const double target = cumulative_[i0] + u * (cumulative_[i1] - cumulative_[i0]);
    // First i with cumulative_[i + 1] > target; it has positive weight since
    // cumulative_[i] <= target.
    const auto it =
        std::upper_bound(cumulative_.begin() + static_cast<std::ptrdiff_t>(i0) + 1,
                         cumulative_.begin() + static_cast<std::ptrdiff_t>(i1) + 1, target);
    std::size_t i = static_cast<std::size_t>(it - cumulative_.begin()) - 1;
    if (i >= i1) {
        // Rounding put target at the very top: take the last weighted value.
        i = i1 - 1;
        while (i > i0 && !(weights_[i] > 0.0)) --i;
    }
    return values_[i];
}

double Distribution::quantile(double u) const {
    if (kind_ == Kind::discrete) return discrete_quantile(u);
    double at = 0.0;
    if (degenerate(at)) return at;
    const double L = eff_lo();
    const double H = eff_hi();
    if (!truncated_) return std::clamp(base_quantile(u), L, H);
    double x;
    if (base_cdf(L) > 0.5) {
        // Upper tail: interpolate survival probabilities, which stay exact
        // where F(lo) would round to 1.
        const double s_lo = base_sf(L);
        const double s_hi = base_sf(H);
        x = base_quantile_sf(s_lo - u * (s_lo - s_hi));
    } else {
        const double p_lo = base_cdf(L);
        const double p_hi = base_cdf(H);
        x = base_quantile(p_lo + u * (p_hi - p_lo));
    }
    return std::clamp(x, L, H);
}

double Distribution::cdf(double x) const {
    if (kind_ == Kind::discrete) {
        const auto first = std::lower_bound(values_.begin(), values_.end(), trunc_lo_);
        const auto last = std::upper_bound(values_.begin(), values_.end(), trunc_hi_);
        const auto upto = std::upper_bound(first, last, x);
        const double c0 = cumulative_[static_cast<std::size_t>(first - values_.begin())];
        const double c1 = cumulative_[static_cast<std::size_t>(last - values_.begin())];
        const double cx = cumulative_[static_cast<std::size_t>(upto - values_.begin())];
        return (cx - c0) / (c1 - c0);
    }
    double at = 0.0;
    if (degenerate(at)) return x >= at ? 1.0 : 0.0;
    const double L = eff_lo();
    const double H = eff_hi();
    if (x <= L) return 0.0;
    if (x >= H) return 1.0;
    if (!truncated_) return base_cdf(x);
    if (base_cdf(L) > 0.5) {
        const double s_lo = base_sf(L);
        return (s_lo - base_sf(x)) / (s_lo - base_sf(H));
    }
    const double p_lo = base_cdf(L);
    return (base_cdf(x) - p_lo) / (base_cdf(H) - p_lo);
}

double Distribution::mean() const {
    if (kind_ == Kind::discrete) {
        double sw = 0.0, swv = 0.0;
        for (std::size_t i = 0; i < values_.size(); ++i) {
            if (values_[i] < trunc_lo_ || values_[i] > trunc_hi_) continue;
            sw += weights_[i];
            swv += weights_[i] * values_[i];
        }
        return swv / sw;
    }
    double at = 0.0;
    if (degenerate(at)) return at;
    const double L = eff_lo();
    const double H = eff_hi();
    switch (kind_) {
        case Kind::uniform: return 0.5 * (L + H);
        case Kind::triangular: {
            if (!truncated_) return (p_[0] + p_[1] + p_[2]) / 3.0;
            // x·f(x) is quadratic on each side of the mode, so 3-point
            // Gauss–Legendre per piece is exact.
            const double a = p_[0], m = p_[1], b = p_[2];
            const auto pdf = [&](double x) {
                return x <= m ? 2.0 * (x - a) / ((b - a) * (m - a))
                              : 2.0 * (b - x) / ((b - a) * (b - m));
            };
            static constexpr double node[] = {-0.7745966692414834, 0.0, 0.7745966692414834};
            static constexpr double weight[] = {5.0 / 9.0, 8.0 / 9.0, 5.0 / 9.0};
            double mass = 0.0, moment = 0.0;
            const auto piece = [&](double x0, double x1) {
                if (!(x1 > x0)) return;
                const double half = 0.5 * (x1 - x0), mid = 0.5 * (x1 + x0);
                for (int i = 0; i < 3; ++i) {
                    const double x = mid + half * node[i];
                    mass += half * weight[i] * pdf(x);
                    moment += half * weight[i] * x * pdf(x);
                }
            };
            piece(L, std::min(H, m));
            piece(std::max(L, m), H);
            return moment / mass;
        }
        case Kind::normal: {
            if (!truncated_) return p_[0];
            const double za = (L - p_[0]) / p_[1], zb = (H - p_[0]) / p_[1];
            return p_[0] + p_[1] * (normal_pdf(za) - normal_pdf(zb)) / normal_mass(za, zb);
        }
        case Kind::lognormal: {
            const double s = p_[1];
            const double scale = p_[0] * std::exp(0.5 * s * s);
            if (!truncated_) return scale;
            const double lm = std::log(p_[0]);
            const double za = L > 0.0 ? (std::log(L) - lm) / s : -kInf;
            const double zb = std::isinf(H) ? kInf : (std::log(H) - lm) / s;
            // E[X; a<Z<b] = median·e^{σ²/2}·(Φ(b−σ) − Φ(a−σ)).
            return scale * normal_mass(za - s, zb - s) / normal_mass(za, zb);
        }
        case Kind::pert: {
            const double a = p_[0], b = p_[2];
            if (!truncated_) return (a + 4.0 * p_[1] + b) / 6.0;
            const double al = pert_alpha(p_), be = pert_beta(p_);
            const double y0 = (L - a) / (b - a), y1 = (H - a) / (b - a);
            // E[Y; Y<y] = α/(α+β)·I_y(α+1, β).
            const double mass = incomplete_beta(y1, al, be) - incomplete_beta(y0, al, be);
            const double moment =
                al / (al + be) *
                (incomplete_beta(y1, al + 1.0, be) - incomplete_beta(y0, al + 1.0, be));
            return a + (b - a) * moment / mass;
        }
        default: return kNaN;
    }
}

double Distribution::lo() const {
    if (kind_ == Kind::discrete) return discrete_support(true);
    double at = 0.0;
    return degenerate(at) ? at : eff_lo();
}

double Distribution::hi() const {
    if (kind_ == Kind::discrete) return discrete_support(false);
    double at = 0.0;
    return degenerate(at) ? at : eff_hi();
}

// Smallest (or largest) value with positive weight inside the truncation.
double Distribution::discrete_support(bool lowest) const {
    double out = kNaN;
    for (std::size_t i = 0; i < values_.size(); ++i) {
        if (!(weights_[i] > 0.0) || values_[i] < trunc_lo_ || values_[i] > trunc_hi_) continue;
        out = values_[i];
        if (lowest) break;
    }
    return out;
}

std::string Distribution::describe() const {
    std::string out;
    switch (kind_) {
        case Kind::point: out = "point(" + num(p_[0]) + ")"; break;
        case Kind::uniform: out = "uniform(" + num(p_[0]) + ", " + num(p_[1]) + ")"; break;
        case Kind::triangular:
        case Kind::pert:
            out = std::string(kind_ == Kind::pert ? "pert(" : "triangular(") + num(p_[0]) + ", " +
                  num(p_[1]) + ", " + num(p_[2]) + ")";
            break;
        case Kind::normal: out = "normal(" + num(p_[0]) + ", " + num(p_[1]) + ")"; break;
        case Kind::lognormal: out = "lognormal(" + num(p_[0]) + ", " + num(p_[1]) + ")"; break;
        case Kind::discrete: {
            const auto list = [](const std::vector<double>& v) {
                std::string s = "[";
                for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + num(v[i]);
                return s + "]";
            };
            out = "discrete(" + list(values_) + ", " + list(weights_) + ")";
            break;
        }
    }
    if (truncated_) out += " truncated [" + num(trunc_lo_) + ", " + num(trunc_hi_) + "]";
    return out;
}

// --- GaussianCopula ------------------------------------------------------------

GaussianCopula::GaussianCopula(std::size_t n, std::vector<double> correlation)
    : n_(n), chol_(n * n, 0.0) {
    if (n == 0) throw InputError("correlation matrix: needs at least one parameter");
    if (n > kMaxDimension)
        throw InputError("correlation matrix: at most " + std::to_string(kMaxDimension) +
                         " parameters, got " + std::to_string(n));
    if (correlation.size() != n * n)
        throw InputError("correlation matrix: expected " + std::to_string(n) + "x" +
                         std::to_string(n) + " = " + std::to_string(n * n) + " entries, got " +
                         std::to_string(correlation.size()));
    // Tolerances absorb rounding in matrices computed elsewhere; text input
    // is exact on both sides of the diagonal anyway.
    constexpr double tol = 1e-12;
    const auto at = [&](std::size_t i, std::size_t j) { return correlation[i * n + j]; };
    const auto where = [](std::size_t i, std::size_t j) {
        return "(" + std::to_string(i + 1) + ", " + std::to_string(j + 1) + ")";
    };
    for (std::size_t i = 0; i < n; ++i) {
        if (std::fabs(at(i, i) - 1.0) > tol)
            throw InputError("correlation matrix: diagonal entry " + where(i, i) +
                             " must be 1, got " + num(at(i, i)));
        for (std::size_t j = 0; j < n; ++j) {
            const double r = at(i, j);
            if (!std::isfinite(r) || std::fabs(r) > 1.0)
                throw InputError("correlation matrix: entry " + where(i, j) +
                                 " must be in [-1, 1], got " + num(r));
            if (std::fabs(r - at(j, i)) > tol)
                throw InputError("correlation matrix: not symmetric, entry " + where(i, j) +
                                 " is " + num(r) + " but " + where(j, i) + " is " + num(at(j, i)));
        }
    }
    // Cholesky R = L·Lᵀ; a pivot at or below 1e-10 means the matrix is not
    // (numerically) positive definite: the pairwise correlations contradict
    // each other, or two parameters are perfectly correlated.
    for (std::size_t j = 0; j < n; ++j) {
        double s = at(j, j);
        for (std::size_t k = 0; k < j; ++k) s -= chol_[j * n + k] * chol_[j * n + k];
        if (!(s > 1e-10))
            throw InputError("correlation matrix: not positive definite (fails at row " +
                             std::to_string(j + 1) +
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
