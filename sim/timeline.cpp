#include "rubilnik/timeline.hpp"

#include <algorithm>
#include <map>
#include <sstream>
#include <string>

#include "rubilnik/error.hpp"

namespace rubilnik {

double Timeline::hour_length(std::size_t h) const {
    const auto start = hour_start(h).minutes;
    const auto end = std::min(start + 60, window.end.minutes);
    return static_cast<double>(end - start) / 60.0;
}

Timeline compile_timeline(const Scenario& sc) {
    Timeline tl;
    tl.window = sc.window;
    tl.hours = static_cast<std::size_t>((sc.window.length() + 59) / 60);

    // Breakpoints: window edges, hour edges, and every instance boundary.
    std::vector<std::int64_t> cuts;
    for (std::size_t h = 0; h <= tl.hours; ++h)
        cuts.push_back(std::min(sc.window.start.minutes + 60 * static_cast<std::int64_t>(h), sc.window.end.minutes));
    std::vector<std::size_t> network_instances;
    for (std::size_t i = 0; i < sc.instances.size(); ++i) {
        const auto& inst = sc.instances[i];
        if (sc.events[inst.event].action == Action::close) {
            tl.closures.push_back(i);
            continue;
        }
        network_instances.push_back(i);
        for (const auto& iv : inst.intervals) {
            cuts.push_back(iv.start.minutes);
            cuts.push_back(iv.end.minutes);
        }
    }
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    // Refuse what would run for minutes or hours (hostile or generated files).
    const double checks = static_cast<double>(cuts.size()) * static_cast<double>(network_instances.size());
    if (checks > kMaxTimelineChecks) {
        std::ostringstream msg;
        msg << "the events cut the window into " << cuts.size() - 1 << " segments, each to be checked against "
            << network_instances.size() << " event instances (" << checks << " checks; the limit is "
            << kMaxTimelineChecks << "): use fewer events or daily windows, or a shorter window";
        throw InputError(SourceLocation{sc.path, 0, 0}, "event", msg.str());
    }

    // Active instances per elementary segment; identical sets share a state.
    std::map<std::vector<std::size_t>, std::size_t> state_of;
    std::vector<std::size_t> cursor(sc.instances.size(), 0);
    for (std::size_t k = 0; k + 1 < cuts.size(); ++k) {
        const Interval span{TimePoint{cuts[k]}, TimePoint{cuts[k + 1]}};
        std::vector<std::size_t> active;
        for (std::size_t i : network_instances) {
            const auto& ivs = sc.instances[i].intervals;
            auto& c = cursor[i];
            while (c < ivs.size() && ivs[c].end <= span.start) ++c;
            if (c < ivs.size() && ivs[c].start <= span.start && span.end <= ivs[c].end) active.push_back(i);
        }
        // Event order decides precedence, so sort by event index, then instance.
        std::sort(active.begin(), active.end(), [&](std::size_t a, std::size_t b) {
            return std::pair(sc.instances[a].event, a) < std::pair(sc.instances[b].event, b);
        });
        auto [it, inserted] = state_of.try_emplace(active, tl.states.size());
        if (inserted) tl.states.push_back(active);
        if (tl.states.size() > kMaxNetworkStates)
            throw InputError(SourceLocation{sc.path, 0, 0}, "event",
                             "the events make more than " + std::to_string(kMaxNetworkStates) +
                                 " distinct network states, each needing its own network evaluation; use fewer "
                                 "overlapping events or a shorter window");
        const auto hour = static_cast<std::size_t>((span.start.minutes - sc.window.start.minutes) / 60);
        tl.segments.push_back(Segment{span, hour, it->second});
    }
    return tl;
}

}  // namespace rubilnik
