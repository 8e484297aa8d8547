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

    TimePoint hour_start(std::size_t h) const {
        return TimePoint{window.start.minutes + 60 * static_cast<std::int64_t>(h)};
    }
    double hour_length(std::size_t h) const;  // in hours (1 except perhaps the last)
};

// Compiling checks each segment against every event instance, and each
// distinct state costs a network evaluation. Both are refused beyond these
// (docs/hardening.md "Limits"): a year of 1,440 daily one-minute windows in
// two time zones is 1.5e9 checks (~15 s); the KZ replay needs ~10^5.
inline constexpr double kMaxTimelineChecks = 1e9;
inline constexpr std::size_t kMaxNetworkStates = 100000;

// Throws InputError (naming the scenario) beyond the limits above.
Timeline compile_timeline(const Scenario& scenario);

}  // namespace rubilnik
