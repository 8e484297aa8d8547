// Country chokepoint analysis on the reduced DomesticGraph: dominator-based
// single cuts, max-flow isolating cuts and share-target cut plans
// (include/rubilnik/network/chokepoints.hpp, docs/network-as.md).
#include "rubilnik/network/chokepoints.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

// GCC 12 reports a false -Wmaybe-uninitialized inside Boost 1.74's
// Boykov–Kolmogorov edge iterators (a boost::optional it cannot see through).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/boykov_kolmogorov_max_flow.hpp>
#include <boost/graph/dominator_tree.hpp>
#pragma GCC diagnostic pop

#include "rubilnik/error.hpp"

namespace rubilnik::network {

namespace {

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

std::string as_label(Asn asn) { return "AS" + std::to_string(asn); }

// A max-flow network on Boost's adjacency_list with the interior properties
// that boykov_kolmogorov_max_flow needs; every arc gets a zero-capacity twin.
class FlowNet {
    using Traits = boost::adjacency_list_traits<boost::vecS, boost::vecS, boost::directedS>;
    using Graph = boost::adjacency_list<
        boost::vecS, boost::vecS, boost::directedS,
        boost::property<boost::vertex_color_t, boost::default_color_type,
                        boost::property<boost::vertex_distance_t, long,
                                        boost::property<boost::vertex_predecessor_t, Traits::edge_descriptor>>>,
        boost::property<boost::edge_capacity_t, long,
                        boost::property<boost::edge_residual_capacity_t, long,
                                        boost::property<boost::edge_reverse_t, Traits::edge_descriptor>>>>;

public:
    explicit FlowNet(std::size_t n) : g_(n) {}

    void add(std::size_t u, std::size_t v, long capacity) {
        auto e = boost::add_edge(u, v, g_).first;
        auto r = boost::add_edge(v, u, g_).first;
        boost::put(boost::edge_capacity, g_, e, capacity);
        boost::put(boost::edge_capacity, g_, r, 0);
        boost::put(boost::edge_reverse, g_, e, r);
        boost::put(boost::edge_reverse, g_, r, e);
    }

    long run(std::size_t s, std::size_t t) { return boost::boykov_kolmogorov_max_flow(g_, s, t); }

    // Vertices reachable from s in the residual graph: the source side of a
    // minimum cut. Computed directly rather than read from the colour map so
    // the cut does not depend on how the solver labels free vertices.
    std::vector<std::uint8_t> source_side(std::size_t s) const {
        std::vector<std::uint8_t> side(boost::num_vertices(g_), 0);
        std::vector<std::size_t> stack{s};
        side[s] = 1;
        while (!stack.empty()) {
            const std::size_t v = stack.back();
            stack.pop_back();
            for (auto [it, end] = boost::out_edges(v, g_); it != end; ++it) {
                const std::size_t u = boost::target(*it, g_);
                if (side[u] || boost::get(boost::edge_residual_capacity, g_, *it) <= 0) continue;
                side[u] = 1;
                stack.push_back(u);
            }
        }
        return side;
    }

private:
    Graph g_;
};

}  // namespace

// ---------------------------------------------------------------------------
// Single cuts: dominator tree
// ---------------------------------------------------------------------------

SingleCutImpact single_cut_impact(const DomesticGraph& dg, std::span<const double> weight) {
    const std::size_t n = dg.size();
    if (weight.size() != n) throw std::invalid_argument("single_cut_impact: one weight per AS expected");
    // Boost 1.74's Lengauer–Tarjan leaves reachable vertices without an
    // immediate dominator when they have an unreachable predecessor (seen on
    // an 11-vertex graph), so the tree is built over reachable states only:
    // vertex 0 is the foreign super-source, reachable state s is node[s].
    using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS>;
    using Vertex = boost::graph_traits<Graph>::vertex_descriptor;
    std::vector<std::uint8_t> seen;
    dg.reach_states({}, seen);
    std::vector<std::uint32_t> node(dg.num_states(), kNone);
    std::size_t nv = 1;
    for (std::size_t s = 0; s < dg.num_states(); ++s)
        if (seen[s]) node[s] = static_cast<std::uint32_t>(nv++);
    Graph g(nv);
    for (std::uint32_t e : dg.entries()) boost::add_edge(0, node[e], g);
    for (std::size_t s = 0; s < dg.num_states(); ++s)
        if (seen[s])
            for (std::uint32_t t : dg.arcs(s)) boost::add_edge(node[s], node[t], g);
    const Vertex null = boost::graph_traits<Graph>::null_vertex();
    std::vector<Vertex> idom(nv, null);
    boost::lengauer_tarjan_dominator_tree(
        g, 0, boost::make_iterator_property_map(idom.begin(), boost::get(boost::vertex_index, g)));

    // Subtree sums over the dominator tree: children lists, a BFS order from
    // the root, then accumulate in reverse order.
    std::vector<std::vector<std::uint32_t>> children(nv);
    for (std::size_t v = 1; v < nv; ++v)
        if (idom[v] != null) children[idom[v]].push_back(static_cast<std::uint32_t>(v));
    std::vector<std::uint32_t> order{0};
    for (std::size_t k = 0; k < order.size(); ++k)
        for (std::uint32_t c : children[order[k]]) order.push_back(c);
    std::vector<double> sub_w(nv, 0.0);
    std::vector<std::uint32_t> sub_n(nv, 0);
    const auto& base = dg.baseline();
    for (std::size_t i = 0; i < n; ++i) {
        if (!base[i]) continue;
        sub_w[node[dg.sink_state(i)]] = weight[i];
        sub_n[node[dg.sink_state(i)]] = 1;
    }
    for (std::size_t k = order.size(); k-- > 1;) {
        const std::uint32_t v = order[k];
        sub_w[idom[v]] += sub_w[v];
        sub_n[idom[v]] += sub_n[v];
    }

    SingleCutImpact out{std::vector<double>(n, 0.0), std::vector<std::uint32_t>(n, 0)};
    std::vector<std::uint8_t> cut(n, 0), reached;
    for (std::size_t i = 0; i < n; ++i) {
        if (!base[i]) continue;
        if (!dg.climbs(i)) {
            // Only i's sink state is reachable, so cutting i = removing it.
            out.weight[i] = sub_w[node[dg.sink_state(i)]];
            out.ases[i] = sub_n[node[dg.sink_state(i)]];
            continue;
        }
        // Both of i's states are reachable; together they can dominate what
        // neither does alone, so remove both and search.
        cut[i] = 1;
        dg.reach(cut, reached);
        cut[i] = 0;
        for (std::size_t j = 0; j < n; ++j) {
            if (base[j] && !reached[j]) {
                out.weight[i] += weight[j];
                ++out.ases[i];
            }
        }
    }
    return out;
}

// ---------------------------------------------------------------------------
// Isolating a given set: max-flow with vertex splitting
// ---------------------------------------------------------------------------

IsolatingCut min_isolating_cut(const DomesticGraph& dg, std::span<const Asn> targets) {
    const std::size_t n = dg.size();
    std::vector<std::size_t> sinks;
    for (Asn a : targets)
        if (auto i = dg.index(a); i && dg.baseline()[*i]) sinks.push_back(*i);
    std::sort(sinks.begin(), sinks.end());
    sinks.erase(std::unique(sinks.begin(), sinks.end()), sinks.end());
    IsolatingCut out;
    if (sinks.empty()) {
        out.exact = true;
        return out;
    }

    // Node k splits into in = 2 + 2k and out = 3 + 2k joined by capacity 1;
    // 0 is the foreign super-source and 1 the sink. "Infinite" only has to
    // exceed any cut, and cutting every node is always a cut.
    auto solve = [&](std::size_t nodes, auto node_of_state, std::span<const std::size_t> sink_nodes,
                     std::vector<std::uint8_t>* side) {
        const long inf = static_cast<long>(nodes) + 1;
        FlowNet net(2 + 2 * nodes);
        std::vector<std::pair<std::size_t, std::size_t>> links;
        for (std::uint32_t e : dg.entries()) links.emplace_back(kNone, node_of_state(e));
        for (std::size_t s = 0; s < dg.num_states(); ++s)
            for (std::uint32_t t : dg.arcs(s))
                if (node_of_state(s) != node_of_state(t)) links.emplace_back(node_of_state(s), node_of_state(t));
        std::sort(links.begin(), links.end());
        links.erase(std::unique(links.begin(), links.end()), links.end());
        for (auto [a, b] : links) net.add(a == kNone ? 0 : 3 + 2 * a, 2 + 2 * b, inf);
        for (std::size_t k = 0; k < nodes; ++k) net.add(2 + 2 * k, 3 + 2 * k, 1);
        for (std::size_t k : sink_nodes) net.add(3 + 2 * k, 1, inf);
        const long flow = net.run(0, 1);
        if (side) *side = net.source_side(0);
        return static_cast<std::size_t>(flow);
    };

    // AS level (exact for plain routing; the valley-free relaxation lets a
    // path turn upwards inside an AS, so its cut is valid but may be larger).
    std::vector<std::uint8_t> side;
    solve(
        n, [&](std::size_t s) { return dg.state_as(s); }, sinks, &side);
    for (std::size_t k = 0; k < n; ++k)
        if (side[2 + 2 * k] && !side[3 + 2 * k]) out.cut.push_back(dg.asn(k));
    if (dg.routing() == Routing::plain) {
        out.lower_bound = out.cut.size();
        out.exact = true;
        return out;
    }
    // The relaxed cut may hold ASes that valley-free routing never needed:
    // drop each one whose return leaves every target isolated.
    {
        std::vector<std::uint8_t> cut(n, 0), reached;
        for (Asn a : out.cut) cut[*dg.index(a)] = 1;
        std::vector<Asn> kept;
        for (Asn a : out.cut) {
            const std::size_t i = *dg.index(a);
            cut[i] = 0;
            dg.reach(cut, reached);
            const bool still = std::none_of(sinks.begin(), sinks.end(), [&](std::size_t t) { return reached[t]; });
            if (!still) {
                cut[i] = 1;
                kept.push_back(a);
            }
        }
        out.cut = std::move(kept);
    }
    // State level: every cut AS removes at most two reachable states, and
    // only climbing ASes have two, so k >= max(m/2, m - #climbing).
    std::vector<std::size_t> sink_states;
    for (std::size_t i : sinks) sink_states.push_back(dg.sink_state(i));
    const std::size_t m = solve(
        dg.num_states(), [](std::size_t s) { return s; }, sink_states, nullptr);
    std::size_t climbing = 0;
    for (std::size_t i = 0; i < n; ++i) climbing += dg.climbs(i);
    out.lower_bound = std::max((m + 1) / 2, m > climbing ? m - climbing : 0);
    out.lower_bound = std::min(out.lower_bound, out.cut.size());
    out.exact = out.lower_bound == out.cut.size();
    return out;
}

// ---------------------------------------------------------------------------
// Share targets: greedy, exact enumeration, flow refinement
// ---------------------------------------------------------------------------

namespace {

struct Entity {
    std::string name;
    std::vector<std::uint32_t> members;  // DomesticGraph indices
    bool transit = false;
};

class Planner {
public:
    Planner(const DomesticGraph& dg, const std::vector<Entity>& ents, std::span<const double> w, double total)
        : dg_(dg), ents_(ents), w_(w), total_(total), cut_(dg.size(), 0) {
        for (std::size_t e = 0; e < ents.size(); ++e) (ents[e].transit ? transit_ : leaves_).push_back(e);
        // Border ASes are isolated only by cutting them, so whatever the
        // non-border ASes cannot supply must come from cut entities' border
        // weight: a lower bound independent of the search.
        for (std::size_t i = 0; i < dg.size(); ++i)
            if (dg.baseline()[i] && !dg.border(i)) non_border_ += w[i];
        for (const Entity& e : ents) {
            double b = 0;
            for (std::uint32_t m : e.members)
                if (dg.baseline()[m] && dg.border(m)) b += w[m];
            if (b > 0) border_w_.push_back(b);
        }
        std::sort(border_w_.rbegin(), border_w_.rend());
    }

    std::size_t border_bound(double target) const {
        double have = non_border_;
        std::size_t k = 0;
        while (have < target && k < border_w_.size()) have += border_w_[k++];
        return k;
    }

    // Weight isolated when the entities in `set` are cut; leaves reached_.
    double isolated(std::span<const std::size_t> set) {
        ++evaluations_;
        std::fill(cut_.begin(), cut_.end(), 0);
        for (std::size_t e : set)
            for (std::uint32_t m : ents_[e].members) cut_[m] = 1;
        dg_.reach(cut_, reached_);
        double lost = 0;
        for (std::size_t i = 0; i < reached_.size(); ++i)
            if (dg_.baseline()[i] && !reached_[i]) lost += w_[i];
        return lost;
    }

    // Connected ASes that the last isolated() call cut off.
    std::uint32_t isolated_ases() const {
        std::uint32_t k = 0;
        for (std::size_t i = 0; i < reached_.size(); ++i) k += dg_.baseline()[i] && !reached_[i];
        return k;
    }

    // Fewest leaf entities that lift `have` to `target` given reached_
    // (cutting a leaf isolates only its own still-connected members, so the
    // largest marginals first is optimal). Returns kNone if impossible.
    std::size_t fill(double have, double target, std::vector<std::size_t>* chosen) {
        if (have >= target) return 0;
        std::vector<std::pair<double, std::size_t>> gain;
        for (std::size_t e : leaves_) {
            double g = 0;
            for (std::uint32_t m : ents_[e].members)
                if (reached_[m]) g += w_[m];
            if (g > 0) gain.emplace_back(-g, e);
        }
        std::sort(gain.begin(), gain.end());
        std::size_t k = 0;
        for (; k < gain.size() && have < target; ++k) {
            have -= gain[k].first;
            if (chosen) chosen->push_back(gain[k].second);
        }
        return have >= target ? k : kNone;
    }

    CutPlan plan(double share, std::uint64_t budget, bool use_flow) {
        // A share of 100% must not fail on rounding in the weight sums.
        const double target = share * total_ - 1e-9 * std::max(1.0, total_);
        std::size_t best = kNone;
        std::vector<std::size_t> best_set;
        bool enumerating = false, found_by_enumeration = false;
        auto consider = [&](const std::vector<std::size_t>& t) {
            const double lost = isolated(t);
            const std::size_t k = fill(lost, target, nullptr);
            if (k == kNone || t.size() + k >= best) return lost;
            best = t.size() + k;
            found_by_enumeration = enumerating;
            best_set = t;
            fill(lost, target, &best_set);
            return lost;
        };
        evaluations_ = 0;

        // Greedy over transit entities, leaves filled optimally at each step.
        std::vector<std::size_t> t;
        double lost = consider(t);
        std::vector<std::uint8_t> used(ents_.size(), 0);
        while (lost < target && t.size() + 1 < best) {
            std::size_t pick = kNone;
            double pick_lost = -1;
            for (std::size_t e : transit_) {
                if (used[e]) continue;
                t.push_back(e);
                const double l = isolated(t);
                t.pop_back();
                if (l > pick_lost) pick_lost = l, pick = e;
            }
            if (pick == kNone) break;
            used[pick] = 1;
            t.push_back(pick);
            lost = consider(t);
        }

        // Exact: enumerate transit subsets by size; every plan is some
        // transit set plus its optimal leaf fill, so size j >= best ends it.
        const std::size_t bound = border_bound(target);
        const std::uint64_t start = evaluations_;
        std::size_t complete_below = 0;  // all transit sets smaller than this were tried
        bool complete = best <= bound;   // the greedy plan is already optimal
        enumerating = true;
        for (std::size_t j = 0; !complete; ++j) {
            if (j >= best || j > transit_.size()) {
                complete = true;
                break;
            }
            std::vector<std::size_t> idx(j);
            for (std::size_t k = 0; k < j; ++k) idx[k] = k;
            bool out_of_budget = false;
            while (true) {
                if (evaluations_ - start >= budget) {
                    out_of_budget = true;
                    break;
                }
                std::vector<std::size_t> set(j);
                for (std::size_t k = 0; k < j; ++k) set[k] = transit_[idx[k]];
                consider(set);
                // Next combination in lexicographic order.
                std::size_t k = j;
                while (k > 0 && idx[k - 1] == transit_.size() - j + k - 1) --k;
                if (k == 0) break;
                ++idx[k - 1];
                for (std::size_t r = k; r < j; ++r) idx[r] = idx[r - 1] + 1;
            }
            if (out_of_budget) break;
            complete_below = j + 1;
        }

        CutPlan p;
        p.target_share = share;
        p.method = found_by_enumeration ? "enumeration" : "greedy";
        std::vector<std::uint32_t> members;
        for (std::size_t e : best_set) members.insert(members.end(), ents_[e].members.begin(), ents_[e].members.end());
        // Flow refinement: the fewest ASes isolating the same set may be
        // fewer than the greedy picked (entities must be single ASes).
        if (!complete && use_flow && best != kNone) {
            isolated(best_set);
            std::vector<Asn> lost_set;
            for (std::size_t i = 0; i < dg_.size(); ++i)
                if (dg_.baseline()[i] && !reached_[i]) lost_set.push_back(dg_.asn(i));
            const IsolatingCut c = min_isolating_cut(dg_, lost_set);
            if (c.cut.size() < best_set.size()) {
                best_set.clear();
                members.clear();
                for (Asn a : c.cut) {
                    const auto i = static_cast<std::uint32_t>(*dg_.index(a));
                    best_set.push_back(i);  // AS-level entity e == AS index i
                    members.push_back(i);
                }
                best = best_set.size();
                p.method = "greedy+flow";
            }
        }
        p.lower_bound = complete ? best : std::max(bound, std::min(best, complete_below));
        p.exact = p.lower_bound == best;
        p.isolated_weight = isolated(best_set);
        p.isolated_share = total_ > 0 ? p.isolated_weight / total_ : 0;
        p.isolated_ases = isolated_ases();
        std::sort(best_set.begin(), best_set.end());
        for (std::size_t e : best_set) p.cut.push_back(ents_[e].name);
        for (std::uint32_t m : members) p.asns.push_back(dg_.asn(m));
        std::sort(p.asns.begin(), p.asns.end());
        p.evaluations = evaluations_;
        return p;
    }

private:
    const DomesticGraph& dg_;
    const std::vector<Entity>& ents_;
    std::span<const double> w_;
    double total_;
    std::vector<std::size_t> transit_, leaves_;
    double non_border_ = 0;
    std::vector<double> border_w_;  // per entity, descending
    std::vector<std::uint8_t> cut_, reached_;
    std::uint64_t evaluations_ = 0;
};

}  // namespace

ChokepointReport analyse_chokepoints(const AsGraph& g, std::span<const Asn> domestic,
                                     const ChokepointOptions& options) {
    for (double s : options.shares)
        if (!(s > 0 && s <= 1))
            throw InputError(SourceLocation{}, "shares", "found " + std::to_string(s) + "; expected a share in (0, 1]");
    if (options.users)
        for (const auto& [asn, users] : *options.users)
            if (!std::isfinite(users) || users < 0)
                throw InputError(SourceLocation{}, "users",
                                 "AS" + std::to_string(asn) + " has " + std::to_string(users) +
                                     " users; expected a finite number >= 0");
    auto weight_of = [&](Asn a) {
        if (!options.users) return 1.0;
        auto it = options.users->find(a);
        return it == options.users->end() ? 0.0 : it->second;
    };

    const DomesticGraph dg(g, domestic, options.routing);
    const std::size_t n = dg.size();
    ChokepointReport r;
    r.routing = options.routing;
    r.domestic_ases = n + dg.missing().size();
    r.missing = dg.missing();
    for (Asn a : r.missing) r.missing_weight += weight_of(a);
    std::vector<double> w(n);
    for (std::size_t i = 0; i < n; ++i) {
        w[i] = weight_of(dg.asn(i));
        if (dg.baseline()[i]) {
            ++r.connected_ases;
            r.connected_weight += w[i];
        } else {
            r.disconnected.push_back(dg.asn(i));
            r.disconnected_weight += w[i];
        }
    }
    const double total = r.connected_weight;
    auto share_of = [&](double x) { return total > 0 ? x / total : 0.0; };

    const SingleCutImpact single = single_cut_impact(dg, w);
    for (std::size_t i = 0; i < n; ++i) {
        AsImpact a;
        a.asn = dg.asn(i);
        a.own_weight = w[i];
        a.isolated_weight = single.weight[i];
        a.isolated_share = share_of(a.isolated_weight);
        a.isolated_ases = single.ases[i];
        a.single_point = single.ases[i] > 1;
        r.ases.push_back(a);
    }
    std::sort(r.ases.begin(), r.ases.end(), [](const AsImpact& x, const AsImpact& y) {
        if (x.isolated_weight != y.isolated_weight) return x.isolated_weight > y.isolated_weight;
        if (x.isolated_ases != y.isolated_ases) return x.isolated_ases > y.isolated_ases;
        return x.asn < y.asn;
    });
    for (const AsImpact& a : r.ases)
        if (a.single_point) r.single_points.push_back(a);

    // AS level: entity e is AS e (the flow refinement relies on this).
    std::vector<Entity> as_entities(n);
    for (std::size_t i = 0; i < n; ++i)
        as_entities[i] = {as_label(dg.asn(i)), {static_cast<std::uint32_t>(i)}, dg.transit(i)};
    {
        Planner planner(dg, as_entities, w, total);
        for (double s : options.shares) r.as_cuts.push_back(planner.plan(s, options.max_evaluations, true));
    }
    if (options.operators.empty()) return r;

    // Operator level: the caller's operators, then unowned ASes as their own.
    std::vector<Entity> ops;
    std::vector<std::string> owner(n);
    std::map<std::string, std::vector<Asn>> foreign;
    for (const auto& [name, asns] : options.operators) {
        Entity e{name, {}, false};
        for (Asn a : asns) {
            const auto i = dg.index(a);
            if (!i) {
                // Not a domestic AS in the graph: absent (nothing to cut) or
                // foreign by the country list (an order cannot reach it).
                if (g.find(a) && std::find(dg.missing().begin(), dg.missing().end(), a) == dg.missing().end())
                    foreign[name].push_back(a);
                continue;
            }
            if (!owner[*i].empty())
                throw InputError(SourceLocation{}, "operators",
                                 "AS" + std::to_string(a) + " is listed for both '" + owner[*i] + "' and '" + name +
                                     "'; expected one operator per AS");
            owner[*i] = name;
            e.members.push_back(static_cast<std::uint32_t>(*i));
            e.transit = e.transit || dg.transit(*i);
        }
        std::sort(e.members.begin(), e.members.end());
        e.members.erase(std::unique(e.members.begin(), e.members.end()), e.members.end());
        ops.push_back(std::move(e));
    }
    const std::size_t named = ops.size();
    for (std::size_t i = 0; i < n; ++i)
        if (owner[i].empty()) ops.push_back({as_label(dg.asn(i)), {static_cast<std::uint32_t>(i)}, dg.transit(i)});

    Planner planner(dg, ops, w, total);
    for (std::size_t k = 0; k < named; ++k) {
        OperatorImpact o;
        o.name = ops[k].name;
        for (std::uint32_t m : ops[k].members) o.asns.push_back(dg.asn(m));
        o.foreign_asns = foreign[o.name];
        const std::size_t one[] = {k};
        o.isolated_weight = planner.isolated(one);
        o.isolated_share = share_of(o.isolated_weight);
        o.isolated_ases = planner.isolated_ases();
        r.operators.push_back(std::move(o));
    }
    std::stable_sort(r.operators.begin(), r.operators.end(), [](const OperatorImpact& x, const OperatorImpact& y) {
        return x.isolated_weight > y.isolated_weight;
    });
    for (double s : options.shares) r.operator_cuts.push_back(planner.plan(s, options.max_evaluations, false));
    return r;
}

}  // namespace rubilnik::network
