// The replay on the AS graph (docs/network-as.md, "The replay on the AS
// graph"; docs/methodology.md §2): a baseline whose [tables] name an `as_rel`
// extract is evaluated by AsLevelNetwork, which adds a routing-policy layer to
// the national graph. An access network reaches the foreign internet only if
// the national graph joins it to the foreign internet AND one of its
// operator's ASes still has a valley-free route abroad once the cut ASes are
// removed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "rubilnik/country.hpp"
#include "rubilnik/network.hpp"
#include "rubilnik/network/caida.hpp"
#include "rubilnik/network/chokepoints.hpp"
#include "rubilnik/network/domestic.hpp"

namespace rubilnik {

// A baseline's AS layer, read from its `as_rel` table.
struct AsTopology {
    std::string path;                    // the as_rel file
    network::AsRelExtract extract;       // graph and names
    std::vector<network::Asn> domestic;  // ASes the extract places in the baseline's country, ascending
    // Per operator (Baseline::operators order): its operators.csv ASNs that
    // are domestic ASes of the graph, ascending. The rest are listed in
    // `absent` (not in the graph) or `abroad` (placed in another country).
    std::vector<std::vector<network::Asn>> operator_asns;
    std::vector<std::vector<network::Asn>> absent;
    std::vector<std::vector<network::Asn>> abroad;
};

bool has_as_topology(const Baseline& b);
// Throws InputError if the baseline has no as_rel table or it is malformed.
AsTopology load_as_topology(const Baseline& b);

// Users per AS: each access network's users are split evenly over its
// operator's ASes in AsTopology::operator_asns (an operator with none adds
// nobody). Returns the map and, through `unassigned`, the users left out.
network::UserWeights users_per_as(const Baseline& b, const AsTopology& t, double* unassigned = nullptr);

// Operator id → its ASes in the graph (operators with none are left out).
network::OperatorMap operators_by_id(const Baseline& b, const AsTopology& t);

class AsLevelNetwork final : public NetworkModel {
public:
    explicit AsLevelNetwork(const Baseline& b);
    AsLevelNetwork(const Baseline& b, AsTopology topology);

    Connectivity evaluate(const NetworkState& state) const override;
    const std::vector<std::size_t>& services() const override { return national_.services(); }
    const std::vector<std::size_t>& access_nodes() const override { return national_.access_nodes(); }

    const AsTopology& topology() const { return topo_; }
    // Per operator: 1 if the AS graph decides its users' international reach,
    // i.e. one of its ASes reaches abroad before anything is cut. Operators
    // without such an AS keep the national graph's answer alone.
    const std::vector<std::uint8_t>& constrained() const { return constrained_; }
    // The ASes removed in a state: `asn` targets plus the ASes of every
    // operator whose core nodes are all cut. Ascending.
    std::vector<network::Asn> cut_ases(const NetworkState& state) const;
    // Per operator: 1 if one of its ASes reaches abroad with `cut` removed.
    // Cached per distinct cut set, so a replay computes each set once.
    std::vector<std::uint8_t> operators_abroad(std::span<const network::Asn> cut) const;
    std::size_t cached_cut_sets() const;

private:
    const Baseline* baseline_;
    NationalGraph national_;
    AsTopology topo_;
    network::DomesticGraph graph_;
    std::vector<std::vector<std::size_t>> operator_states_;  // per operator: DomesticGraph indices
    std::vector<std::vector<std::size_t>> cores_;            // per operator: its core nodes
    std::vector<std::uint8_t> constrained_;
    std::vector<std::uint8_t> foreign_service_;  // per service position
    mutable std::mutex cache_mutex_;
    mutable std::map<std::vector<network::Asn>, std::vector<std::uint8_t>> cache_;
};

}  // namespace rubilnik
