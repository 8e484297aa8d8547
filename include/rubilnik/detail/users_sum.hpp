// Users-weighted sums of an exposure array, precomputed once per run so that
// a draw only scales them (the channels' parameters enter linearly).
#pragma once

#include <cstddef>
#include <vector>

#include "rubilnik/channel.hpp"

namespace rubilnik::detail {

struct UsersSum {
    std::vector<double> hourly;  // per reporting hour, national
    std::vector<double> by_region;
    std::vector<double> by_operator;
    std::vector<double> by_access;
    double total = 0;
};

// Σ_k users_k × values[h * A + k] (or, with `per_access_only`, values[k]).
UsersSum users_sum(const PreparedRun& run, const std::vector<double>& values, std::size_t offset = 0);
UsersSum users_sum_flags(const PreparedRun& run, const std::vector<std::uint8_t>& per_access);

// Writes `scale` × sum into the record: total, hourly (if the metric keeps
// one) and each breakdown the metric declares among region/operator/access.
void write_scaled(const UsersSum& sum, double scale, std::size_t metric, const MetricRegistry& metrics,
                  DrawRecord& record);

}  // namespace rubilnik::detail
