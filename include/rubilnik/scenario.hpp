// A shutdown scenario (DESIGN.md "Scenario"): a baseline, a time window and
// a list of events, each an action on a target during an interval or in
// daily local-time windows. Loaded against its baseline: every target is
// resolved to node indices here, so the engine never sees an unknown id.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "rubilnik/country.hpp"
#include "rubilnik/parameters.hpp"
#include "rubilnik/time.hpp"

namespace rubilnik {

enum class Action { cut, restore, throttle, block, allow_only, voice_cut, close };
const char* action_name(Action a);

// One event resolved against the baseline. Daily windows are expanded into
// UTC intervals per time zone, so an event may have several instances.
struct EventInstance {
    std::size_t event = 0;           // index into Scenario::events
    std::vector<std::size_t> nodes;  // nodes the action applies to
    std::vector<std::size_t> links;  // `link` targets: indices into Baseline::links
    // `asn` targets on a baseline with an AS graph (as_rel): the ASes cut or
    // restored in that graph (docs/network-as.md, "The replay on the AS graph").
    std::vector<std::uint32_t> asns;
    std::vector<Interval> intervals;  // UTC, clipped to the window, sorted, disjoint
};

struct Event {
    std::string id;
    Action action = Action::cut;
    double factor = 1.0;                    // throttle: share of capacity left
    std::vector<std::size_t> services;      // block / allow_only: service node indices
    std::vector<std::string> institutions;  // close
    std::string source;
    std::string note;
    SourceLocation where;
    std::string target_text;  // as written, for reports
};

struct Scenario {
    std::string name;
    std::string title;
    std::string path;
    std::string text;  // exact input, for provenance
    Interval window;
    std::vector<Event> events;
    std::vector<EventInstance> instances;
    ParameterTable parameters;  // the baseline's, with the scenario's overrides
    Baseline baseline;
};

// Loads and validates a scenario and its baseline; throws InputError.
Scenario load_scenario(const std::string& path);

inline constexpr std::int64_t kMaxWindowMinutes = 366LL * 24 * 60;  // one year

}  // namespace rubilnik
