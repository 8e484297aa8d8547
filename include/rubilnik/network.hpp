// The network phase (DESIGN.md pipeline step 3): for one network state, what
// each access network's users can reach. Computed once per distinct state of
// the compiled timeline, never per draw.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "rubilnik/country.hpp"
#include "rubilnik/scenario.hpp"

namespace rubilnik {

// The state of every node after applying the active events in order.
struct NetworkState {
    std::vector<std::uint8_t> cut;        // per node
    std::vector<double> factor;           // per node: share of capacity left (throttling)
    std::vector<std::uint8_t> voice_cut;  // per node
    // per node: sorted service node ids that are blocked / whitelisted
    std::vector<std::vector<std::size_t>> blocked;
    std::vector<std::vector<std::size_t>> whitelist;
    std::vector<std::uint8_t> whitelisted;  // a whitelist is in force
    std::vector<std::uint8_t> link_cut;     // per link (Baseline::links)
    std::vector<double> link_factor;        // per link: share of capacity left
    // ASes cut by `asn` targets in the AS graph (baselines with as_rel), ascending.
    std::vector<std::uint32_t> cut_asns;
};

NetworkState apply_events(const Scenario& scenario, const std::vector<std::size_t>& active_instances);

enum class ServiceReach : std::uint8_t { reachable = 0, blocked = 1, unreachable = 2 };

// What one access node's users reach in one state.
struct Connectivity {
    // Per access node (in Baseline::access_nodes() order).
    std::vector<std::uint8_t> international;  // reach the foreign internet
    std::vector<std::uint8_t> domestic;       // reach domestic services (IXPs, domestic hosts)
    std::vector<double> throughput;           // share of capacity left on the best international path
    std::vector<std::uint8_t> voice;          // voice and SMS work
    // reach[service][access]: service = index into NetworkModel::services().
    std::vector<std::vector<ServiceReach>> service;
};

// The interface a topology model implements; the first one is the national
// graph below, the AS-level model plugs in behind the same call.
class NetworkModel {
public:
    virtual ~NetworkModel() = default;
    virtual Connectivity evaluate(const NetworkState& state) const = 0;
    // Service node indices, in the order of Connectivity::service.
    virtual const std::vector<std::size_t>& services() const = 0;
    virtual const std::vector<std::size_t>& access_nodes() const = 0;
};

// Reachability on the baseline's node/link graph: a node is reachable from
// another when a path of uncut nodes and uncut links joins them (access nodes
// are leaves and never carry transit). Throughput is the widest path: the
// largest, over paths, of the smallest capacity factor of the nodes and links
// along the path.
class NationalGraph final : public NetworkModel {
public:
    explicit NationalGraph(const Baseline& baseline);
    Connectivity evaluate(const NetworkState& state) const override;
    const std::vector<std::size_t>& services() const override { return services_; }
    const std::vector<std::size_t>& access_nodes() const override { return access_; }

private:
    struct Arc {
        std::size_t node;
        std::size_t link;  // index into Baseline::links
    };
    std::vector<std::uint8_t> reach_from(const std::vector<std::size_t>& sources, const NetworkState& s) const;
    std::vector<double> widest_from(std::size_t source, const NetworkState& s) const;

    const Baseline* baseline_;
    std::vector<std::vector<Arc>> adjacency_;
    std::vector<std::size_t> access_;
    std::vector<std::size_t> core_of_access_;  // per access node (by position)
    std::vector<std::size_t> link_of_access_;  // its one link, to the core
    std::vector<std::size_t> services_;
    std::vector<std::size_t> domestic_anchors_;
    std::size_t foreign_ = 0;
};

// The model a baseline asks for: AsLevelNetwork (network/as_level.hpp) when
// its [tables] name an as_rel AS graph, otherwise NationalGraph.
std::unique_ptr<NetworkModel> make_network_model(const Baseline& baseline);

}  // namespace rubilnik
