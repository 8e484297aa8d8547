// Results (DESIGN.md "Result"): a registry of metrics (id, unit, breakdown
// axes), one record per draw, and the ensemble statistics over draws.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace rubilnik {

enum class Axis { region, operator_, sector, access };
const char* axis_name(Axis a);

// How a metric's hourly values become its total.
enum class Aggregate { sum, peak, min };

struct MetricInfo {
    std::string id;    // summary.json id: stable once published
    std::string unit;  // "person", "person*h", "USD", "share", "tx", "EH/s", ...
    std::string description;
    Aggregate aggregate = Aggregate::sum;
    bool hourly = false;     // keeps a national hourly series
    std::vector<Axis> axes;  // breakdowns of the total
    std::string channel;     // which channel writes it
};

class MetricRegistry {
public:
    std::size_t add(MetricInfo info);
    std::size_t index(const std::string& id) const;  // throws std::logic_error if absent
    bool has(const std::string& id) const;
    const MetricInfo& info(std::size_t m) const { return metrics_[m]; }
    std::size_t size() const { return metrics_.size(); }

    // Flat layout of one draw's record, fixed once every channel declared.
    void set_axis_sizes(std::size_t regions, std::size_t operators, std::size_t sectors);
    std::size_t axis_size(Axis a) const;
    std::size_t breakdown_offset(std::size_t m, Axis a) const;  // throws if m lacks the axis
    std::size_t breakdown_width() const { return breakdown_width_; }
    std::size_t hourly_offset(std::size_t m) const;
    std::size_t hourly_count() const { return hourly_count_; }  // metrics with an hourly series
    std::size_t hourly_width(std::size_t hours) const { return hourly_count_ * hours; }
    void finalise(std::size_t hours);

private:
    std::vector<MetricInfo> metrics_;
    std::vector<std::vector<std::size_t>> breakdown_offsets_;  // per metric, per axis (npos if absent)
    std::vector<std::size_t> hourly_slot_;
    std::size_t regions_ = 0, operators_ = 0, sectors_ = 0;
    std::size_t breakdown_width_ = 0, hourly_count_ = 0, hours_ = 0;
};

// One draw's results. Hourly series are stored as float: they feed
// percentile bands, while totals are summed in double.
struct DrawRecord {
    std::vector<double> totals;
    std::vector<double> breakdown;
    std::vector<float> hourly;
};

struct Stats {
    double p5 = 0, p50 = 0, p95 = 0, mean = 0;
};

// Percentile by linear interpolation between order statistics (Hyndman &
// Fan type 7, the default of R and NumPy); `values` is sorted in place.
double percentile_sorted(const std::vector<double>& sorted, double p);
Stats summarise(std::vector<double> values);

}  // namespace rubilnik
