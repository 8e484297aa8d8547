// Which ASes (and operators) of one country a government could order to
// cut, and how many users that would isolate from the foreign internet
// (docs/network-as.md).
//
// Model: every AS outside the country (or of unknown country) together is
// "the foreign internet", one super-source that is never cut. A domestic AS
// is connected while it has a path of the chosen kind (valley-free by
// default) to some foreign AS. Cut ASes are removed from the graph.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "rubilnik/network/asgraph.hpp"
#include "rubilnik/network/domestic.hpp"

namespace rubilnik::network {

// For every domestic AS i: what is isolated if i alone is cut (i included).
// Uses a Lengauer–Tarjan dominator tree from the super-source; under
// valley-free routing an AS whose climbing state is reachable has two states
// that only jointly dominate, and is checked by removal-and-search instead.
struct SingleCutImpact {
    std::vector<double> weight;       // indexed like DomesticGraph
    std::vector<std::uint32_t> ases;  // number of connected ASes isolated
};
SingleCutImpact single_cut_impact(const DomesticGraph& dg, std::span<const double> weight);

// Fewest domestic ASes whose cut isolates every AS in `targets` (targets
// already disconnected or absent are ignored; a target may itself be cut).
// Max-flow with vertex splitting (Boykov–Kolmogorov). Under plain routing the
// result is exact. Under valley-free routing the flow runs on the AS-level
// relaxation, so `cut` is a valid but possibly non-minimal cut, and
// `lower_bound` comes from a flow on the state graph (docs/network-as.md).
struct IsolatingCut {
    std::vector<Asn> cut;  // ascending
    std::size_t lower_bound = 0;
    bool exact = false;  // cut.size() == lower_bound
};
IsolatingCut min_isolating_cut(const DomesticGraph& dg, std::span<const Asn> targets);

// ---------------------------------------------------------------------------
// Country analysis.
// ---------------------------------------------------------------------------

using UserWeights = std::unordered_map<Asn, double>;
using OperatorMap = std::map<std::string, std::vector<Asn>>;

struct ChokepointOptions {
    Routing routing = Routing::valley_free;
    // Users per ASN; nullopt = 1 per AS. With a map, unlisted ASes weigh 0.
    std::optional<UserWeights> users;
    // Operator → its ASNs. Every domestic AS that no operator owns counts as
    // an operator of its own ("AS<n>") in the operator-level results.
    OperatorMap operators;
    std::vector<double> shares{0.5, 0.9, 0.99};
    // Reachability evaluations allowed per share target for the exact
    // enumeration; past it the plan is heuristic with a lower bound.
    std::uint64_t max_evaluations = 200000;
};

struct AsImpact {
    Asn asn = 0;
    double own_weight = 0;
    double isolated_weight = 0;  // if this AS alone is cut, itself included
    double isolated_share = 0;   // of ChokepointReport::connected_weight
    std::uint32_t isolated_ases = 0;
    bool single_point = false;  // isolates at least one other AS
};

struct OperatorImpact {
    std::string name;
    std::vector<Asn> asns;  // domestic ASes present in the graph, ascending
    // Listed for the operator but foreign in the graph by the country list
    // (e.g. a name list placing the AS abroad): not cut, worth a warning.
    std::vector<Asn> foreign_asns;
    double isolated_weight = 0;
    double isolated_share = 0;
    std::uint32_t isolated_ases = 0;
};

struct CutPlan {
    double target_share = 0;
    std::vector<std::string> cut;  // what is ordered to cut: "AS9198" or an operator name
    std::vector<Asn> asns;         // every AS cut (operators expanded), ascending
    double isolated_weight = 0;
    double isolated_share = 0;
    std::uint32_t isolated_ases = 0;
    std::size_t lower_bound = 0;  // no plan with fewer cuts exists
    bool exact = false;           // cut.size() == lower_bound
    std::string method;           // "enumeration", "greedy" or "greedy+flow"
    std::uint64_t evaluations = 0;
};

struct ChokepointReport {
    Routing routing = Routing::valley_free;
    std::size_t domestic_ases = 0;  // distinct ASNs asked about
    std::vector<Asn> missing;       // not in the graph
    std::vector<Asn> disconnected;  // in the graph, no path abroad even uncut
    std::size_t connected_ases = 0;
    double connected_weight = 0;  // the 100% that shares refer to
    double missing_weight = 0;
    double disconnected_weight = 0;
    std::vector<AsImpact> ases;             // every domestic AS in the graph, most isolating first
    std::vector<AsImpact> single_points;    // those with single_point set, same order
    std::vector<CutPlan> as_cuts;           // one per share
    std::vector<OperatorImpact> operators;  // most isolating first; empty without operators
    std::vector<CutPlan> operator_cuts;
};

// Throws InputError for a share outside (0, 1], a negative or non-finite
// user weight, or an AS owned by two operators.
ChokepointReport analyse_chokepoints(const AsGraph& g, std::span<const Asn> domestic,
                                     const ChokepointOptions& options = {});

}  // namespace rubilnik::network
