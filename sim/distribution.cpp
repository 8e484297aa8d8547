#include "rubilnik/distribution.hpp"
#include "rubilnik/detail/special_functions.hpp"

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

// Shortest text that reads back to the same double, so a report names the
// exact parameters that were run.
std::string num(double v) {
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
}

}  // namespace

using detail::ibeta;
using detail::ibeta_inverse;
using detail::log_beta;
using detail::normal_mass;
using detail::normal_pdf;

// --- Distribution: factories -------------------------------------------------

Distribution::Distribution(Kind kind, double a, double b, double c) : kind_(kind), p_{a, b, c} {}

Distribution Distribution::point(double value) { return {Kind::point, value, 0.0, 0.0}; }
Distribution Distribution::uniform(double min, double max) { return {Kind::uniform, min, max, 0.0}; }
Distribution Distribution::triangular(double min, double mode, double max) {
    return {Kind::triangular, min, mode, max};
}
Distribution Distribution::normal(double mean, double sd) { return {Kind::normal, mean, sd, 0.0}; }
Distribution Distribution::lognormal(double median, double sigma) { return {Kind::lognormal, median, sigma, 0.0}; }
Distribution Distribution::pert(double min, double mode, double max) { return {Kind::pert, min, mode, max}; }

Distribution Distribution::discrete(std::vector<double> values, std::vector<double> weights) {
    Distribution d(Kind::discrete, 0.0, 0.0, 0.0);
    const bool sortable = values.size() == weights.size() &&
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
            throw InputError(std::string(dist) + ": " + name + " must be a finite number, got " + num(v));
    };
    switch (kind_) {
        case Kind::point: finite("point", "value", p_[0]); return;
        case Kind::uniform:
            finite("uniform", "min", p_[0]);
            finite("uniform", "max", p_[1]);
            if (p_[0] > p_[1])
                throw InputError("uniform: min (" + num(p_[0]) + ") must not exceed max (" + num(p_[1]) + ")");
            return;
        case Kind::triangular:
        case Kind::pert: {
            const char* name = kind_ == Kind::pert ? "pert" : "triangular";
            finite(name, "min", p_[0]);
            finite(name, "mode", p_[1]);
            finite(name, "max", p_[2]);
            if (!(p_[0] <= p_[1] && p_[1] <= p_[2]))
                throw InputError(std::string(name) + ": need min <= mode <= max, got min " + num(p_[0]) + ", mode " +
                                 num(p_[1]) + ", max " + num(p_[2]));
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
            if (!(p_[0] > 0.0)) throw InputError("lognormal: median must be > 0, got " + num(p_[0]));
            if (p_[1] < 0.0) throw InputError("lognormal: sigma must be >= 0, got " + num(p_[1]));
            return;
        case Kind::discrete: {
            if (values_.size() != weights_.size())
                throw InputError("discrete: values and weights must have the same length, got " +
                                 std::to_string(values_.size()) + " values and " + std::to_string(weights_.size()) +
                                 " weights");
            if (values_.empty()) throw InputError("discrete: needs at least one value");
            double total = 0.0;
            for (std::size_t i = 0; i < values_.size(); ++i) {
                const std::string which = " #" + std::to_string(i + 1);
                if (!std::isfinite(values_[i]))
                    throw InputError("discrete: value" + which + " must be finite, got " + num(values_[i]));
                if (!std::isfinite(weights_[i]) || weights_[i] < 0.0)
                    throw InputError("discrete: weight for value " + num(values_[i]) +
                                     " must be a finite number >= 0, got " + num(weights_[i]));
                total += weights_[i];
            }
            if (!(total > 0.0)) throw InputError("discrete: weights are all zero; at least one must be > 0");
            return;
        }
    }
}

void Distribution::validate() const {
    validate_parameters();
    if (truncated_) validate_truncation();
    // Finite bounds near the largest double pass the checks above but
    // overflow in the arithmetic of sampling (max − min, a PERT's shape):
    // refuse them here rather than let an infinity or NaN flow into totals.
    // The generator's uniforms lie in [2^-53, 1 − 2^-53], and quantiles are
    // monotone, so the two extremes and the median cover every draw.
    const double tiny = std::ldexp(1.0, -53);
    for (double u : {tiny, 0.5, 1.0 - tiny}) {
        const double x = quantile(u);
        if (!std::isfinite(x))
            throw InputError(describe() + " gives " + num(x) + " at quantile " + num(u) +
                             ": its numbers are too large to sample; use smaller bounds");
    }
}

void Distribution::validate_truncation() const {
    if (std::isnan(trunc_lo_) || std::isnan(trunc_hi_) || !(trunc_lo_ <= trunc_hi_))
        throw InputError("truncation: need lo <= hi, got lo " + num(trunc_lo_) + ", hi " + num(trunc_hi_));
    const std::string bounds = "[" + num(trunc_lo_) + ", " + num(trunc_hi_) + "]";
    Distribution base = *this;
    base.truncated_ = false;
    const std::string none = "truncation " + bounds + " leaves no probability mass of " + base.describe();
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
    const auto it = std::upper_bound(cumulative_.begin() + static_cast<std::ptrdiff_t>(i0) + 1,
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
                return x <= m ? 2.0 * (x - a) / ((b - a) * (m - a)) : 2.0 * (b - x) / ((b - a) * (b - m));
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
                al / (al + be) * (incomplete_beta(y1, al + 1.0, be) - incomplete_beta(y0, al + 1.0, be));
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
            out = std::string(kind_ == Kind::pert ? "pert(" : "triangular(") + num(p_[0]) + ", " + num(p_[1]) + ", " +
                  num(p_[2]) + ")";
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

}  // namespace rubilnik
