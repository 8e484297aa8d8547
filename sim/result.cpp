#include "rubilnik/result.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace rubilnik {

namespace {
constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
}

const char* axis_name(Axis a) {
    switch (a) {
        case Axis::region: return "region";
        case Axis::operator_: return "operator";
        case Axis::sector: return "sector";
        case Axis::access: return "access";
    }
    return "?";
}

std::size_t MetricRegistry::add(MetricInfo info) {
    if (has(info.id)) throw std::logic_error("metric declared twice: " + info.id);
    metrics_.push_back(std::move(info));
    return metrics_.size() - 1;
}

bool MetricRegistry::has(const std::string& id) const {
    return std::any_of(metrics_.begin(), metrics_.end(), [&](const MetricInfo& m) { return m.id == id; });
}

std::size_t MetricRegistry::index(const std::string& id) const {
    for (std::size_t i = 0; i < metrics_.size(); ++i)
        if (metrics_[i].id == id) return i;
    throw std::logic_error("no metric '" + id + "' is declared (channel order?)");
}

void MetricRegistry::set_axis_sizes(std::size_t regions, std::size_t operators, std::size_t sectors) {
    regions_ = regions;
    operators_ = operators;
    sectors_ = sectors;
}

std::size_t MetricRegistry::axis_size(Axis a) const {
    switch (a) {
        case Axis::region: return regions_;
        case Axis::operator_: return operators_;
        case Axis::sector: return sectors_;
        case Axis::access: return 2;
    }
    return 0;
}

void MetricRegistry::finalise(std::size_t hours) {
    hours_ = hours;
    breakdown_offsets_.assign(metrics_.size(), std::vector<std::size_t>(4, kNone));
    hourly_slot_.assign(metrics_.size(), kNone);
    breakdown_width_ = 0;
    hourly_count_ = 0;
    for (std::size_t m = 0; m < metrics_.size(); ++m) {
        for (Axis a : metrics_[m].axes) {
            breakdown_offsets_[m][static_cast<std::size_t>(a)] = breakdown_width_;
            breakdown_width_ += axis_size(a);
        }
        if (metrics_[m].hourly) hourly_slot_[m] = hourly_count_++;
    }
}

std::size_t MetricRegistry::breakdown_offset(std::size_t m, Axis a) const {
    const auto off = breakdown_offsets_.at(m).at(static_cast<std::size_t>(a));
    if (off == kNone) throw std::logic_error("metric " + metrics_[m].id + " has no " + axis_name(a) + " breakdown");
    return off;
}

std::size_t MetricRegistry::hourly_offset(std::size_t m) const {
    if (hourly_slot_.at(m) == kNone) throw std::logic_error("metric " + metrics_[m].id + " has no hourly series");
    return hourly_slot_[m] * hours_;
}

double percentile_sorted(const std::vector<double>& v, double p) {
    if (v.empty()) return std::nan("");
    if (v.size() == 1) return v[0];
    const double h = (static_cast<double>(v.size()) - 1.0) * p;
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const auto hi = std::min(lo + 1, v.size() - 1);
    return v[lo] + (h - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

namespace {

// Type-7 P5, P50 and P95 without a full sort: each is an order statistic
// (nth_element) plus the smallest element above it. One full selection for
// the median; the lower order statistics then lie left of it and the upper
// ones right, so the other two select within a half. The values are those
// of percentile_sorted() on the sorted data.
void three_percentiles(std::vector<double>& v, Stats& s) {
    const std::size_t n = v.size();
    const auto at = [&](std::size_t i) { return v.begin() + static_cast<std::ptrdiff_t>(i); };
    const auto rank = [&](double p, double& h) {
        h = (static_cast<double>(n) - 1.0) * p;
        return static_cast<std::size_t>(std::floor(h));
    };
    double h50 = 0, h5 = 0, h95 = 0;
    const std::size_t k50 = rank(0.50, h50), k5 = rank(0.05, h5), k95 = rank(0.95, h95);
    std::nth_element(v.begin(), at(k50), v.end());
    const double a50 = v[k50];
    const double b50 = k50 + 1 < n ? *std::min_element(at(k50 + 1), v.end()) : a50;
    s.p50 = a50 + (h50 - static_cast<double>(k50)) * (b50 - a50);

    double a5 = a50, b5 = b50;
    if (k5 < k50) {
        std::nth_element(v.begin(), at(k5), at(k50));
        a5 = v[k5];
        b5 = k5 + 1 < k50 ? std::min(*std::min_element(at(k5 + 1), at(k50)), a50) : a50;
    }
    s.p5 = a5 + (h5 - static_cast<double>(k5)) * (b5 - a5);

    double a95 = a50, b95 = b50;
    if (k95 > k50) {
        std::nth_element(at(k50 + 1), at(k95), v.end());
        a95 = v[k95];
        b95 = k95 + 1 < n ? *std::min_element(at(k95 + 1), v.end()) : a95;
    }
    s.p95 = a95 + (h95 - static_cast<double>(k95)) * (b95 - a95);
}

}  // namespace

Stats summarise(std::vector<double> values) {
    Stats s;
    if (values.empty()) return s;
    double sum = 0;
    double lo = values[0], hi = values[0];
    bool nan = false;
    for (double x : values) {
        sum += x;  // in draw order: the mean does not depend on scheduling
        lo = std::min(lo, x);
        hi = std::max(hi, x);
        nan = nan || x != x;
    }
    s.mean = sum / static_cast<double>(values.size());
    if (values.size() == 1) {
        s.p5 = s.p50 = s.p95 = s.mean = values[0];
        return s;
    }
    // Many hourly slots never vary (hours before a cut, unaffected regions):
    // every percentile of a constant is that constant, with no selection.
    if (!nan && lo == hi) {
        s.p5 = s.p50 = s.p95 = lo;
        return s;
    }
    three_percentiles(values, s);
    return s;
}

}  // namespace rubilnik
