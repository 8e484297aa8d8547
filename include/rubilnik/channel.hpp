// Impact channels (DESIGN.md "Channel"): each is a pure function of the
// prepared connectivity, the draw's parameter values and time, writing into
// the draw's record. Adding a channel touches one folder under models/ and
// one line in models/registry.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rubilnik/network.hpp"
#include "rubilnik/parameters.hpp"
#include "rubilnik/result.hpp"
#include "rubilnik/scenario.hpp"
#include "rubilnik/timeline.hpp"

namespace rubilnik {

// Draw-independent exposure: for each reporting hour h and access network k,
// how many hours (0..1 per bin) its users spent in each condition. Channels
// turn these into metrics with the draw's parameters; everything here is
// computed once per run.
struct Exposure {
    std::size_t hours = 0;
    std::size_t access = 0;
    std::vector<double> no_international;        // [h * access + k]
    std::vector<double> domestic_only;           // reached domestic services, not the world
    std::vector<double> international_capacity;  // hours with the world, times the throughput factor
    std::vector<double> no_voice;
    // [(c * hours + h) * access + k] for service class c
    std::vector<double> class_blocked;                // blocked by name (a VPN gets round it if the world is reachable)
    std::vector<double> class_unreachable;            // no path at all
    std::vector<std::uint8_t> ever_no_international;  // per access network

    double at(const std::vector<double>& v, std::size_t h, std::size_t k) const { return v[h * access + k]; }
};

struct PreparedRun {
    const Scenario* scenario = nullptr;
    const Baseline* baseline = nullptr;
    const Timeline* timeline = nullptr;
    const NetworkModel* network = nullptr;
    std::vector<Connectivity> states;  // per Timeline state

    // Access networks, in NetworkModel::access_nodes() order.
    std::vector<std::size_t> access_node;
    std::vector<double> users;
    std::vector<std::size_t> region;
    std::vector<std::size_t> op;
    std::vector<Access> access_type;

    std::vector<std::string> service_classes;  // sorted
    Exposure exposure;

    // Local calendar of each reporting hour in each region: [h * regions + r].
    std::vector<std::uint8_t> local_hour;
    std::vector<DayType> day_type;
    std::size_t hours() const { return timeline->hours; }
    std::size_t regions() const { return baseline->regions.size(); }
};

PreparedRun prepare_run(const Scenario& scenario, const Timeline& timeline, const NetworkModel& network);

class Channel {
public:
    virtual ~Channel() = default;
    virtual std::string_view id() const = 0;
    // Declares the metrics this channel writes (some depend on the baseline,
    // e.g. one per service class).
    virtual void declare(const PreparedRun& run, MetricRegistry& metrics) = 0;
    // Looks up parameters and precomputes what does not depend on the draw.
    virtual void prepare(const PreparedRun& run, const ParameterTable& params, const MetricRegistry& metrics) = 0;
    // One draw. Reads earlier channels' totals from `record` where it needs them.
    virtual void run(const DrawValues& values, DrawRecord& record) const = 0;
    // The parameter keys it reads (for the assumptions appendix).
    const std::vector<std::string>& parameter_keys() const { return keys_; }

protected:
    std::size_t param(const ParameterTable& params, const std::string& key) {
        keys_.push_back(key);
        return params.require(key, "the " + std::string(id()) + " channel");
    }

private:
    std::vector<std::string> keys_;
};

// All channels in run order (models/registry.cpp).
std::vector<std::unique_ptr<Channel>> make_channels();

}  // namespace rubilnik
