// The network model for baselines with a router- or cell-level topology
// (`[tables] topology = "topology.bin"`; docs/large-topologies.md).
//
// Scenario events name nodes of nodes.csv; each binds a set of vertices of
// the large graph. Only vertices bound to a node that some cut, restore or
// throttle event of the scenario touches can change state, so everything else
// is contracted once (Condensation) and each distinct network state is
// evaluated on the condensed graph: O(n + m) once per run, then O(condensed)
// per state instead of O(n + m).
//
// The channels see access networks in aggregate, as with the national graph:
// one per (region, operator, access type), generated from the market shares.
// An access network's users are spread over its access vertices (cell sites,
// access routers); its answer in a state is that of the majority of those
// users (users-weighted share ≥ 1/2). A synthetic topology binds nodes only
// at the granularity of a whole (region, operator) aggregation ring or
// coarser, so there the share is always 0 or 1 and the answer exact.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "rubilnik/network.hpp"
#include "rubilnik/network/csr.hpp"
#include "rubilnik/network/topology.hpp"

namespace rubilnik::network {

class LargeGraphNetwork final : public NetworkModel {
public:
    // `touchable`: baseline node indices whose cut or throttle state may
    // change. b.topology must be set (attach_topology).
    LargeGraphNetwork(const Baseline& b, std::span<const std::size_t> touchable);

    Connectivity evaluate(const NetworkState& state) const override;
    const std::vector<std::size_t>& services() const override { return services_; }
    const std::vector<std::size_t>& access_nodes() const override { return access_; }

    struct Stats {
        std::size_t vertices = 0;
        std::size_t edges = 0;
        std::size_t cuttable_vertices = 0;
        std::size_t super_vertices = 0;
        std::size_t condensed_edges = 0;
        std::size_t memory_bytes = 0;  // this model, without the topology it reads
    };
    const Stats& stats() const { return stats_; }

private:
    struct Share {
        Vertex super = 0;
        double users = 0;
    };
    // Users-weighted share of access network k whose super-vertex is marked.
    double share(std::size_t k, const std::vector<std::uint8_t>& marked) const;
    std::vector<std::uint8_t> reach(const std::vector<Vertex>& sources, const std::vector<std::uint8_t>& alive) const;

    Condensation condensed_;
    // Per super-vertex, the baseline nodes whose state it follows (CSR).
    std::vector<std::uint32_t> control_offsets_;
    std::vector<std::uint32_t> control_nodes_;
    std::vector<Vertex> foreign_;
    std::vector<Vertex> domestic_anchors_;
    std::vector<std::vector<Vertex>> service_supers_;
    std::vector<std::size_t> services_;
    std::vector<std::size_t> access_;
    std::vector<std::size_t> core_of_access_;   // the operator's core node, for voice cuts
    std::vector<std::size_t> link_of_access_;   // its generated link in Baseline::links
    std::vector<std::uint32_t> share_offsets_;  // per access network, into shares_
    std::vector<Share> shares_;
    std::vector<double> access_users_;
    Stats stats_;
};

// Nodes a scenario's cut, restore and throttle events touch.
std::vector<std::size_t> touchable_nodes(const Scenario& scenario);

// LargeGraphNetwork for the scenario's baseline and touched nodes.
std::unique_ptr<NetworkModel> make_large_graph_network(const Scenario& scenario);

}  // namespace rubilnik::network
