// Internals shared by the report's source files (not a public interface).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "rubilnik/report.hpp"
#include "svg.hpp"

namespace rubilnik::report::detail {

// Spelled-out scale for quotable sentences: "$1.23 billion", "16.1 million".
std::string format_words(double value, const std::string& unit);

// The report's time axis: the run's window, labelled in the baseline's
// reference UTC offset.
svg::TimeAxis time_axis(const Results& r);
std::string offset_text(const Results& r);                           // "UTC+06:00"
std::string local_time(const Results& r, std::int64_t utc_minutes);  // "Wed 5 Jan 16:30"

// Chart builders: each returns nothing when its data are not in the file.
std::optional<Chart> events_chart(const Results& r);
std::optional<Chart> national_connectivity_chart(const Results& r);
std::optional<Chart> connectivity_grid_chart(const Results& r, bool by_region);
std::optional<Chart> services_chart(const Results& r);
std::optional<Chart> cumulative_chart(const Results& r, const std::string& id, const std::string& title,
                                      const std::vector<std::string>& metrics);
// Hourly series of one unit; the first metric present gets the P5–P95 band.
std::optional<Chart> hourly_chart(const Results& r, const std::string& id, const std::string& title,
                                  const std::vector<std::string>& metrics, const std::string& what);
std::optional<Chart> breakdown_chart(const Results& r, const std::string& id, const std::string& title,
                                     const std::string& metric, const std::string& axis);
std::optional<Chart> comparators_chart(const Results& r);
std::optional<Chart> tornado_chart(const Results& r, const std::string& metric);

// Human labels of metric ids, for legends and tables.
std::string metric_label(const std::string& id);

}  // namespace rubilnik::report::detail
