// What-if sweeps (`rubilnik sweep`): one scenario, edited point by point,
// each point an ensemble. The edits are made on the scenario's TOML document
// and the result goes through the ordinary loader, so a swept scenario is
// validated exactly like a file a user wrote.
//
// Keys (docs/scenario-format.md "Sweeps"):
//   <parameter key>             the parameter becomes a point value
//   event.<id>.factor           a throttle event's capacity share
//   event.<id>.duration         `to` = `from` + duration ("90m", "6h", "30d");
//                               the window grows to cover it (366-day limit)
//   event.<id>.regions          the target becomes the N most populous regions
//   event.<id>.region_share     the same with N = round(share × regions)
// Values: "V1,V2,..." or "LO..HI:STEPS" (STEPS points, both ends included).
// Several --vary axes make a grid, the last axis varying fastest.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rubilnik/result.hpp"
#include "rubilnik/scenario.hpp"

namespace rubilnik {

inline constexpr std::size_t kMaxSweepPoints = 1000;

enum class SweepKind { parameter, event_factor, event_duration, event_regions, event_region_share };

struct SweepAxis {
    std::string spec;  // the --vary text, for messages
    std::string key;   // left of '='
    SweepKind kind = SweepKind::parameter;
    std::string event_id;  // event.* keys
    // Parameter values, factors, durations in minutes, region counts or shares.
    std::vector<double> values;
    std::vector<std::string> labels;  // each value as a user would write it ("6h", "0.5", "3")
};

// Parses "KEY=V1,V2,..." or "KEY=LO..HI:STEPS". Checks what needs no
// scenario (syntax, factor and share in [0, 1], counts whole and >= 0,
// durations >= 1 minute); throws InputError quoting the --vary text.
SweepAxis parse_vary(const std::string& spec);

// "90m", "6h", "1.5d", "2w" → whole minutes (>= 1); nullopt when malformed.
std::optional<std::int64_t> parse_duration_minutes(std::string_view text);
// The shortest of "Nw", "Nd", "Nh", "Nm" that is exact.
std::string format_duration(std::int64_t minutes);

class Sweep {
public:
    // Loads and validates the scenario, then checks every axis against it:
    // parameters defined, events present and of a fitting kind, the longest
    // duration within the window limit, at most one axis per key and at
    // most kMaxSweepPoints points. Throws InputError.
    Sweep(const std::string& scenario_path, std::vector<SweepAxis> axes);
    ~Sweep();
    Sweep(const Sweep&) = delete;
    Sweep& operator=(const Sweep&) = delete;

    const Scenario& base() const;
    const std::vector<SweepAxis>& axes() const;
    std::size_t points() const;
    // Index into each axis's values for grid point `point`.
    std::vector<std::size_t> coordinates(std::size_t point) const;
    // The scenario at grid point `point` (its `text` is the edited TOML).
    Scenario scenario(std::size_t point) const;
    // Region ids in the order event.<id>.regions takes them.
    const std::vector<std::string>& regions_by_population() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// One grid point's ensemble statistics, metric by metric.
struct SweepPointResult {
    std::vector<std::string> metric_ids;
    std::vector<std::string> units;
    std::vector<Stats> totals;
};

// Long-format CSV: point, one column per axis (durations in hours, header
// "<key>_hours"), metric, unit, p5, p50, p95, mean; one row per point and
// metric. Written atomically.
std::string sweep_csv(const Sweep& sweep, const std::vector<SweepPointResult>& results);
void write_sweep_csv(const std::filesystem::path& path, const Sweep& sweep,
                     const std::vector<SweepPointResult>& results);

}  // namespace rubilnik
