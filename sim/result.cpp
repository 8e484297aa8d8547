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
// The type-7 percentile without a full sort: nth_element for the lower order
// statistic, then the smallest element above it.
double select_percentile(std::vector<double>& v, double p) {
    const double h = (static_cast<double>(v.size()) - 1.0) * p;
    const auto lo = static_cast<std::size_t>(std::floor(h));
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(lo), v.end());
    const double a = v[lo];
    if (lo + 1 >= v.size()) return a;
    const double b = *std::min_element(v.begin() + static_cast<std::ptrdiff_t>(lo) + 1, v.end());
    return a + (h - static_cast<double>(lo)) * (b - a);
}
}  // namespace

Stats summarise(std::vector<double> values) {
    Stats s;
    if (values.empty()) return s;
    double sum = 0;
    for (double x : values) sum += x;  // in draw order: the mean does not depend on scheduling
    s.mean = sum / static_cast<double>(values.size());
    if (values.size() == 1) {
        s.p5 = s.p50 = s.p95 = s.mean = values[0];
        return s;
    }
    s.p5 = select_percentile(values, 0.05);
    s.p50 = select_percentile(values, 0.50);
    s.p95 = select_percentile(values, 0.95);
    return s;
}

}  // namespace rubilnik
