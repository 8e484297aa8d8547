// `rubilnik topology` analyses and their terminal and JSON forms
// (include/rubilnik/network/topology_report.hpp).
#include "rubilnik/network/topology_report.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <iomanip>
#include <ostream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "rubilnik/error.hpp"

namespace rubilnik {
namespace {

namespace net = network;
using nlohmann::ordered_json;

std::string as_label(net::Asn asn) { return "AS" + std::to_string(asn); }

// Share keys as a reader writes them: 0.5, 0.9, 0.99.
std::string share_key(double s) {
    std::ostringstream os;
    os << s;
    return os.str();
}

std::string percent(double share) {
    std::ostringstream os;
    os << std::fixed << std::setprecision(share < 0.1 && share > 0 ? 2 : 1) << 100 * share << " %";
    return os.str();
}

std::string weight_text(double w, const std::string& unit) {
    std::ostringstream os;
    if (unit == "users") {
        if (w >= 1e6) os << std::fixed << std::setprecision(2) << w / 1e6 << " M users";
        else if (w >= 1e4) os << std::fixed << std::setprecision(1) << w / 1e3 << " k users";
        else os << std::fixed << std::setprecision(0) << w << " users";
    } else {
        os << std::fixed << std::setprecision(0) << w << (w == 1 ? " AS" : " ASes");
    }
    return os.str();
}

ordered_json number(double x) {
    if (std::isfinite(x) && x == std::floor(x) && std::abs(x) < 9e15) return static_cast<long long>(x);
    return x;
}

std::string routing_name(net::Routing r) { return r == net::Routing::plain ? "plain" : "valley-free"; }

void add_report_stats(TopologyLayer& t) {
    const auto& r = t.report;
    t.stats.emplace_back(t.vertex == "node" ? "domestic nodes" : "domestic ASes", static_cast<double>(r.domestic_ases));
    t.stats.emplace_back(t.vertex == "node" ? "nodes without links" : "domestic ASes absent from the graph",
                         static_cast<double>(r.missing.size()));
    t.stats.emplace_back("disconnected before any cut", static_cast<double>(r.disconnected.size()));
    t.stats.emplace_back("connected", static_cast<double>(r.connected_ases));
    t.stats.emplace_back(t.weight_unit + " connected (100 % of the shares)", r.connected_weight);
    if (t.weight_unit == "users") {
        t.stats.emplace_back("users at disconnected vertices", r.disconnected_weight);
        t.stats.emplace_back("users at absent vertices", r.missing_weight);
    }
}

ordered_json plan_json(const TopologyLayer& t, const net::CutPlan& p) {
    ordered_json cut = ordered_json::array(), vertices = ordered_json::array();
    for (const auto& c : p.cut) cut.push_back(t.display(c));
    for (auto a : p.asns) vertices.push_back(t.label_of(a));
    return {{"cuts", p.cut.size()},
            {"cut", cut},
            {t.vertex == "node" ? "nodes" : "ases", vertices},
            {"users_isolated", number(p.isolated_weight)},
            {"share_isolated", p.isolated_share},
            {"lower_bound", p.lower_bound},
            {"exact", p.exact},
            {"method", p.method}};
}

ordered_json plans_json(const TopologyLayer& t, const std::vector<net::CutPlan>& plans) {
    ordered_json out = ordered_json::object();
    for (const auto& p : plans) out[share_key(p.target_share)] = plan_json(t, p);
    return out;
}

ordered_json impact_json(const TopologyLayer& t, const net::AsImpact& a, bool with_layer) {
    ordered_json j = {{"node", t.label_of(a.asn)}};
    if (auto it = t.name.find(a.asn); it != t.name.end() && !it->second.empty()) j["name"] = it->second;
    j["users_isolated"] = number(a.isolated_weight);
    j["share_isolated"] = a.isolated_share;
    j["vertices_isolated"] = a.isolated_ases;
    j["own_users"] = number(a.own_weight);
    if (with_layer) j["layer"] = t.layer;
    return j;
}

ordered_json layer_json(const TopologyLayer& t) {
    const auto& r = t.report;
    ordered_json stats = ordered_json::object();
    for (const auto& [k, v] : t.stats) stats[k] = number(v);
    ordered_json singles = ordered_json::array(), ases = ordered_json::array(), ops = ordered_json::array();
    for (const auto& a : r.single_points) singles.push_back(impact_json(t, a, false));
    for (const auto& a : r.ases) ases.push_back(impact_json(t, a, false));
    for (const auto& o : r.operators) {
        ordered_json members = ordered_json::array(), foreign = ordered_json::array();
        for (auto a : o.asns) members.push_back(t.label_of(a));
        for (auto a : o.foreign_asns) foreign.push_back(as_label(a));
        ops.push_back({{"operator", o.name},
                       {t.vertex == "node" ? "nodes" : "ases", members},
                       {"foreign_ases", foreign},
                       {"users_isolated", number(o.isolated_weight)},
                       {"share_isolated", o.isolated_share},
                       {"vertices_isolated", o.isolated_ases}});
    }
    ordered_json missing = ordered_json::array(), disconnected = ordered_json::array();
    for (auto a : r.missing) missing.push_back(t.label_of(a));
    for (auto a : r.disconnected) disconnected.push_back(t.label_of(a));
    return {{"title", t.title},
            {"routing", routing_name(r.routing)},
            {"vertex", t.vertex},
            {"weight_unit", t.weight_unit},
            {"stats", stats},
            {"min_cut_operators", plans_json(t, r.operator_cuts)},
            {"min_cut_ases", plans_json(t, r.as_cuts)},
            {"single_points", singles},
            {"operators", ops},
            {"ases", ases},
            {"missing", missing},
            {"disconnected", disconnected},
            {"notes", t.notes}};
}

void print_plans(std::ostream& out, const TopologyLayer& t, const std::vector<net::CutPlan>& plans,
                 const std::string& what) {
    if (plans.empty()) return;
    out << "  fewest " << what << " whose cut isolates a share of the " << t.weight_unit
        << " from the foreign internet:\n";
    for (const auto& p : plans) {
        out << "    " << std::setw(6) << percent(p.target_share) << "  " << std::setw(3) << p.cut.size() << "  ";
        out << (p.exact ? "exact     " : "heuristic ");
        std::string list;
        for (std::size_t k = 0; k < p.cut.size(); ++k) list.append(k ? ", " : "").append(t.display(p.cut[k]));
        if (list.size() > 90) list = list.substr(0, 87) + "...";
        out << "(isolates " << percent(p.isolated_share);
        if (!p.exact) out << "; no plan with fewer than " << p.lower_bound << " exists";
        out << ")  " << list << "\n";
    }
}

void print_layer(std::ostream& out, const TopologyLayer& t) {
    const auto& r = t.report;
    constexpr std::size_t kRows = 12;
    out << "\n" << t.title << "\n";
    for (const auto& [k, v] : t.stats) {
        out << "  " << std::left << std::setw(50) << k << std::right;
        if (k.find("users") != std::string::npos && v >= 1e4) out << weight_text(v, "users") << "\n";
        else out << number(v).dump() << "\n";
    }
    for (const auto& n : t.notes) out << "  note: " << n << "\n";
    print_plans(out, t, r.operator_cuts, "operators");
    print_plans(out, t, r.as_cuts, t.vertex == "node" ? "nodes" : "ASes");
    out << "  single points of failure (cut alone, they isolate others too): " << r.single_points.size() << "\n";
    for (std::size_t k = 0; k < std::min(kRows, r.single_points.size()); ++k) {
        const auto& a = r.single_points[k];
        out << "    " << std::left << std::setw(34) << t.label_of(a.asn) << std::right << std::setw(18)
            << weight_text(a.isolated_weight, t.weight_unit) << "  " << std::setw(8) << percent(a.isolated_share);
        if (auto it = t.name.find(a.asn); it != t.name.end() && !it->second.empty()) out << "  " << it->second;
        out << "\n";
    }
    if (r.single_points.size() > kRows) out << "    ... " << r.single_points.size() - kRows << " more in --json\n";
    if (!r.operators.empty()) {
        out << "  operators ranked by " << t.weight_unit << " isolated if ordered to cut:\n";
        for (std::size_t k = 0; k < std::min(kRows, r.operators.size()); ++k) {
            const auto& o = r.operators[k];
            out << "    " << std::left << std::setw(34) << o.name << std::right << std::setw(18)
                << weight_text(o.isolated_weight, t.weight_unit) << "  " << std::setw(8) << percent(o.isolated_share)
                << "\n";
        }
    }
    out << "  " << (t.vertex == "node" ? "nodes" : "ASes") << " ranked by " << t.weight_unit << " isolated if cut:\n";
    for (std::size_t k = 0; k < std::min(kRows, r.ases.size()); ++k) {
        const auto& a = r.ases[k];
        out << "    " << std::left << std::setw(34) << t.label_of(a.asn) << std::right << std::setw(18)
            << weight_text(a.isolated_weight, t.weight_unit) << "  " << std::setw(8) << percent(a.isolated_share);
        if (auto it = t.name.find(a.asn); it != t.name.end() && !it->second.empty()) out << "  " << it->second;
        out << "\n";
    }
    if (r.ases.size() > kRows) out << "    ... " << r.ases.size() - kRows << " more in --json\n";
}

}  // namespace

std::string TopologyLayer::label_of(net::Asn v) const {
    auto it = label.find(v);
    return it == label.end() ? as_label(v) : it->second;
}

std::string TopologyLayer::display(const std::string& entity) const {
    // Unowned vertices appear in operator plans as "AS<n>" (chokepoints.hpp).
    if (entity.size() > 2 && entity.compare(0, 2, "AS") == 0 &&
        std::all_of(entity.begin() + 2, entity.end(),
                    [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
        return label_of(static_cast<net::Asn>(std::stoul(entity.substr(2))));
    return entity;
}

void check_shares(std::span<const double> shares) {
    if (shares.empty()) throw InputError("--shares: give at least one share, like 0.5,0.9,0.99");
    std::set<double> seen;
    for (double s : shares) {
        if (!(s > 0 && s <= 1))
            throw InputError("--shares: " + share_key(s) +
                             " is not a share; expected numbers in (0, 1] like 0.5,0.9,0.99");
        if (!seen.insert(s).second) throw InputError("--shares: " + share_key(s) + " is given twice");
    }
}

TopologyLayer analyse_national_topology(const Baseline& b, std::span<const double> shares) {
    TopologyLayer t;
    t.layer = "national";
    t.vertex = "node";
    t.weight_unit = "users";
    t.title =
        "National graph (nodes.csv, links.csv and generated access networks; one vertex per node; any link "
        "either way; weights = users)";
    // Node i is pseudo-AS i + 1 (AS 0 is not a valid vertex).
    auto vertex = [](std::size_t i) { return static_cast<net::Asn>(i + 1); };
    std::vector<net::AsLink> links;
    for (const auto& l : b.links) links.push_back({vertex(l.a), vertex(l.b), net::AsLink::Kind::peer});
    const auto g = net::AsGraph::from_links(links, b.folder);
    std::vector<net::Asn> domestic;
    net::UserWeights users;
    net::OperatorMap ops;
    std::size_t access = 0;
    for (std::size_t i = 0; i < b.nodes.size(); ++i) {
        const auto& n = b.nodes[i];
        t.label[vertex(i)] = n.id;
        if (n.kind == NodeKind::foreign || !n.domestic) continue;  // part of the foreign internet
        domestic.push_back(vertex(i));
        if (n.kind == NodeKind::access) users[vertex(i)] = n.users, ++access;
        if (n.op) ops[b.operators[*n.op].id].push_back(vertex(i));
    }
    net::ChokepointOptions options;
    options.routing = net::Routing::plain;
    options.users = std::move(users);
    options.operators = std::move(ops);
    options.shares.assign(shares.begin(), shares.end());
    t.report = net::analyse_chokepoints(g, domestic, options);
    t.stats.emplace_back("nodes", static_cast<double>(b.nodes.size()));
    t.stats.emplace_back("access networks (generated)", static_cast<double>(access));
    t.stats.emplace_back("links", static_cast<double>(b.links.size()));
    t.stats.emplace_back("operators", static_cast<double>(b.operators.size()));
    add_report_stats(t);
    t.notes.push_back(
        "an operator's order cuts every node it owns (core, gateways, access networks); nodes no "
        "operator owns (exchanges, service hosts) count as orders of their own");
    return t;
}

TopologyLayer analyse_as_topology(const Baseline& b, const AsTopology& topo, std::span<const double> shares) {
    TopologyLayer t;
    t.layer = "as";
    t.vertex = "AS";
    t.weight_unit = "users";
    t.title = "AS graph (" + topo.path + "; valley-free routing; users split evenly over each operator's ASes)";
    const auto& g = topo.extract.graph;
    for (const auto& [asn, info] : topo.extract.names) t.name[asn] = info.name;
    double unassigned = 0;
    net::ChokepointOptions options;
    options.routing = net::Routing::valley_free;
    options.users = users_per_as(b, topo, &unassigned);
    for (const auto& op : b.operators)
        for (long a : op.asns) options.operators[op.id].push_back(static_cast<net::Asn>(a));
    options.shares.assign(shares.begin(), shares.end());
    t.report = net::analyse_chokepoints(g, topo.domestic, options);
    t.stats.emplace_back("ASes in the file", static_cast<double>(g.num_vertices()));
    t.stats.emplace_back("links", static_cast<double>(g.num_links()));
    t.stats.emplace_back("provider-customer links", static_cast<double>(g.num_provider_customer_links()));
    t.stats.emplace_back("peer links", static_cast<double>(g.num_peer_links()));
    add_report_stats(t);
    t.stats.emplace_back("users of operators without an AS in the graph", unassigned);
    for (std::size_t o = 0; o < b.operators.size(); ++o) {
        auto list = [](const std::vector<net::Asn>& v) {
            std::string s;
            for (auto a : v) s.append(s.empty() ? "" : ", ").append(as_label(a));
            return s;
        };
        const auto& id = b.operators[o].id;
        if (!topo.absent[o].empty()) t.notes.push_back(id + ": " + list(topo.absent[o]) + " not in the AS graph");
        if (!topo.abroad[o].empty())
            t.notes.push_back(id + ": " + list(topo.abroad[o]) +
                              " placed abroad by the AS graph's country list; not cut");
        if (topo.operator_asns[o].empty())
            t.notes.push_back(id + ": no AS in the graph; its users are left out of the AS-level shares");
    }
    return t;
}

TopologyLayer analyse_as_rel(const net::AsGraph& g, const net::AsNames& names, std::string_view country,
                             std::span<const double> shares, const std::string& source) {
    TopologyLayer t;
    t.layer = "as";
    t.vertex = "AS";
    t.weight_unit = "ases";
    t.title = "AS graph (" + source + "; valley-free routing; weight 1 per AS)";
    const auto domestic = net::country_ases(names, country);
    for (auto a : domestic)
        if (auto it = names.find(a); it != names.end()) t.name[a] = it->second.name;
    net::ChokepointOptions options;
    options.shares.assign(shares.begin(), shares.end());
    t.report = net::analyse_chokepoints(g, domestic, options);
    t.stats.emplace_back("ASes in the file", static_cast<double>(g.num_vertices()));
    t.stats.emplace_back("links", static_cast<double>(g.num_links()));
    t.stats.emplace_back("provider-customer links", static_cast<double>(g.num_provider_customer_links()));
    t.stats.emplace_back("peer links", static_cast<double>(g.num_peer_links()));
    t.stats.emplace_back("connected components", static_cast<double>(net::connected_components(g).count));
    add_report_stats(t);
    t.notes.push_back("no operators: every AS is an order of its own; shares count ASes, not people");
    return t;
}

void print_topology(std::ostream& out, const TopologyReport& r) {
    out << "topology of " << r.target << " (" << r.kind << ", country " << r.country << ")\n";
    for (const auto& t : r.layers) print_layer(out, t);
    out << "\n" << std::fixed << std::setprecision(3) << r.seconds << " s for reading and analysis\n";
}

std::string topology_json(const TopologyReport& r) {
    ordered_json j;
    j["schema"] = "rubilnik.topology/1";
    j["target"] = r.target;
    j["kind"] = r.kind;
    j["country"] = r.country;
    j["shares"] = r.shares;
    // Headline: operators from the national graph when there is one (the
    // replay's graph), ASes from the AS graph when there is one.
    const TopologyLayer* national = nullptr;
    const TopologyLayer* as = nullptr;
    for (const auto& t : r.layers) (t.layer == "national" ? national : as) = &t;
    const auto* ops = national ? national : as;
    const auto* cuts = as ? as : national;
    j["min_cut_operators"] = ops ? plans_json(*ops, ops->report.operator_cuts) : ordered_json::object();
    j["min_cut_operators_layer"] = ops ? ops->layer : "";
    j["min_cut_ases"] = cuts ? plans_json(*cuts, cuts->report.as_cuts) : ordered_json::object();
    j["min_cut_ases_layer"] = cuts ? cuts->layer : "";
    ordered_json singles = ordered_json::array();
    for (const auto& t : r.layers)
        for (const auto& a : t.report.single_points) singles.push_back(impact_json(t, a, true));
    j["single_points"] = singles;
    ordered_json layers = ordered_json::object();
    for (const auto& t : r.layers) layers[t.layer] = layer_json(t);
    j["layers"] = layers;
    j["seconds"] = r.seconds;
    return j.dump(2) + "\n";
}

}  // namespace rubilnik
