// `rubilnik topology`: who can switch a country off, and how few orders it
// takes (docs/network-as.md, "rubilnik topology"). One TopologyLayer per
// graph analysed: the national graph of a baseline (one pseudo-AS per node,
// plain routing, users as weights), its AS graph (valley-free, users split
// over each operator's ASes), or a bare CAIDA graph (1 per AS).
#pragma once

#include <iosfwd>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "rubilnik/country.hpp"
#include "rubilnik/network/as_level.hpp"
#include "rubilnik/network/caida.hpp"
#include "rubilnik/network/chokepoints.hpp"

namespace rubilnik {

struct TopologyLayer {
    std::string layer;        // "national" or "as"
    std::string title;        // the graph, its routing and its weights, in one line
    std::string weight_unit;  // "users" or "ases"
    std::string vertex;       // what one vertex is: "node" or "AS"
    network::ChokepointReport report;
    std::map<network::Asn, std::string> label;          // vertex → node id or "AS<n>"
    std::map<network::Asn, std::string> name;           // vertex → AS name, where known
    std::vector<std::pair<std::string, double>> stats;  // in print order
    std::vector<std::string> notes;

    std::string label_of(network::Asn v) const;
    // A plan entry ("AS<n>" or an operator id) as a reader knows it.
    std::string display(const std::string& entity) const;
};

struct TopologyReport {
    std::string target;
    std::string kind;  // "baseline" or "as-rel"
    std::string country;
    std::vector<double> shares;
    std::vector<TopologyLayer> layers;
    double seconds = 0;  // reading and analysis
};

// The national graph: nodes.csv, links.csv and the generated access
// networks, each node a pseudo-AS, any link usable either way (as in
// NationalGraph); weights = users; operators = the nodes they own.
TopologyLayer analyse_national_topology(const Baseline& b, std::span<const double> shares);

// The baseline's AS graph (as_rel), valley-free, users per AS from
// users_per_as(), operators from operators.csv.
TopologyLayer analyse_as_topology(const Baseline& b, const AsTopology& t, std::span<const double> shares);

// A bare AS graph and country: weights 1 per AS, no operators.
TopologyLayer analyse_as_rel(const network::AsGraph& g, const network::AsNames& names, std::string_view country,
                             std::span<const double> shares, const std::string& source);

// Throws InputError for a share outside (0, 1] or a repeated share.
void check_shares(std::span<const double> shares);

void print_topology(std::ostream& out, const TopologyReport& report);
// JSON (schema rubilnik.topology/1; keys in docs/network-as.md).
std::string topology_json(const TopologyReport& report);

}  // namespace rubilnik
