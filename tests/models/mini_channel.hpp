// Shared set-up of the channel tests on the mini country (tests/data/mini):
// a six-hour window on Wednesday 5 Jan 2022 (+06:00) with the events a test
// writes, a run whose medians the test reads, and the message of the input
// error a broken copy of the fixture raises.
#pragma once

#include <cstddef>
#include <string>

#include "../support.hpp"
#include "rubilnik/engine.hpp"

namespace rubilnik::test {

// One ensemble on the scenario; with the default single draw every
// parameter sits at its central value, so the medians are the hand values.
struct MiniRun {
    Engine engine;
    EnsembleResult result;
    explicit MiniRun(const Scenario& sc, std::size_t draws = 1) : engine(sc) {
        RunOptions o;
        o.draws = draws;
        result = engine.run(o);
    }
    double total(const std::string& id) const { return result.totals[engine.metrics().index(id)].p50; }
    double breakdown(const std::string& id, Axis a, std::size_t i) const {
        return result.breakdown[engine.metrics().breakdown_offset(engine.metrics().index(id), a) + i].p50;
    }
    double region(const std::string& id, std::size_t r) const { return breakdown(id, Axis::region, r); }
    double hour(const std::string& id, std::size_t h) const {
        return result.hourly[engine.metrics().hourly_offset(engine.metrics().index(id)) + h].p50;
    }
};

// Copies the mini country into `dir` and writes <dir>/s.toml: the window
// 00:00-06:00 of 5 Jan 2022, then `events`, then `parameters` under
// [parameters].
inline Scenario mini_scenario(const TempDir& dir, const std::string& name, const std::string& events,
                              const std::string& parameters = "") {
    copy_mini(dir);
    std::string text = "schema = \"rubilnik.scenario/1\"\nname = \"";
    text.append(name).append("\"\nbaseline = \"mini\"\n");
    text.append("window = { start = \"2022-01-05T00:00+06:00\", end = \"2022-01-05T06:00+06:00\" }\n");
    text.append(events).append("\n[parameters]\n").append(parameters);
    write_file(dir / "s.toml", text);
    return load_scenario((dir / "s.toml").string());
}

// One [[event]] on 5 Jan 2022 from `from` to `to` local time (+06:00).
inline std::string mini_event(const std::string& id, const std::string& action, const std::string& target,
                              const char* from = "01:00", const char* to = "03:00") {
    std::string e = "\n[[event]]\nid = \"";
    e.append(id).append("\"\naction = \"").append(action).append("\"\ntarget = ").append(target);
    e.append("\nfrom = \"2022-01-05T").append(from).append("+06:00\"\nto = \"2022-01-05T").append(to);
    e.append("+06:00\"\nsource = \"test\"\n");
    return e;
}

// The message of the InputError raised by loading <dir>/s.toml and building
// its engine; empty when nothing is raised (the test then fails on it).
inline std::string load_error(const TempDir& dir) {
    try {
        const auto sc = load_scenario((dir / "s.toml").string());
        const Engine e(sc);
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

}  // namespace rubilnik::test
