// Timeline compilation (DESIGN.md pipeline step 2): scenario events become
// segments of constant network state. Segments are also split at the hourly
// grid so that every segment lies inside one reporting hour.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "rubilnik/scenario.hpp"
#include "rubilnik/time.hpp"

namespace rubilnik {

struct Segment {
    Interval span;
    std::size_t hour = 0;   // index of the reporting hour it lies in
    std::size_t state = 0;  // index into Timeline::states
};

struct Timeline {
    Interval window;
    std::size_t hours = 0;  // reporting bins of 60 minutes from window.start (the last may be shorter)
    std::vector<Segment> segments;
    // Each distinct network state: the active event instances, in event order.
    std::vector<std::vector<std::size_t>> states;
    // Institutional closures (close events): per instance id, as in Scenario::instances.
    std::vector<std::size_t> closures;

    TimePoint hour_start(std::size_t h) const { return TimePoint{window.start.minutes + 60 * static_cast<std::int64_t>(h)}; }
    double hour_length(std::size_t h) const;  // in hours (1 except perhaps the last)
};

Timeline compile_timeline(const Scenario& scenario);

}  // namespace rubilnik
