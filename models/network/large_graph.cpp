#include "rubilnik/network/large_graph.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <queue>
#include <sstream>
#include <unordered_map>

#include "rubilnik/country.hpp"
#include "rubilnik/error.hpp"
#include "rubilnik/scenario.hpp"

namespace rubilnik::network {
namespace {

bool contains(const std::vector<std::size_t>& sorted, std::size_t x) {
    return std::binary_search(sorted.begin(), sorted.end(), x);
}

[[noreturn]] void fail(const std::string& path, const std::string& what) {
    throw InputError(SourceLocation{path, 0, 0}, "", what);
}

// Topology region/operator index → baseline index.
struct IdMaps {
    std::vector<std::size_t> region, op;
};

IdMaps map_ids(const Baseline& b, const Topology& t, const std::string& path) {
    IdMaps m;
    for (const auto& id : t.region_ids) {
        const auto r = b.region_index(id);
        if (!r) fail(path, "region '" + id + "' is not in the baseline's regions.csv");
        m.region.push_back(*r);
    }
    for (const auto& id : t.operator_ids) {
        const auto o = b.operator_index(id);
        if (!o) fail(path, "operator '" + id + "' is not in the baseline's operators.csv");
        m.op.push_back(*o);
    }
    return m;
}

// Position k of the access network (region, operator, access) in
// Baseline::access_nodes() order, or -1.
std::vector<long> access_lookup(const Baseline& b, const std::vector<std::size_t>& access) {
    std::vector<long> out(b.regions.size() * b.operators.size() * kAccessTypes, -1);
    for (std::size_t k = 0; k < access.size(); ++k) {
        const auto& n = b.nodes[access[k]];
        out[(*n.region * b.operators.size() + *n.op) * kAccessTypes + static_cast<std::size_t>(n.access)] =
            static_cast<long>(k);
    }
    return out;
}

long access_of(const Topology& t, const IdMaps& m, const std::vector<long>& lookup, std::size_t ops, Vertex v) {
    const std::size_t a = t.fixed_access(v) ? 1 : 0;
    return lookup[(m.region[t.region[v]] * ops + m.op[t.op[v]]) * kAccessTypes + a];
}

}  // namespace

void attach_topology(Baseline& b, const std::string& rel, const std::string& path) {
    Topology t = read_topology(path);
    const auto maps = map_ids(b, t, path);
    for (const auto& name : t.label_names) {
        const auto n = b.node_index(name);
        if (!n || b.nodes[*n].kind == NodeKind::access)
            fail(path, "label '" + name + "' names no node of the baseline's nodes.csv");
    }
    for (const auto& node : b.nodes)
        if (node.kind != NodeKind::access && !std::binary_search(t.label_names.begin(), t.label_names.end(), node.id))
            fail(path, "node '" + node.id + "' of nodes.csv has no vertex in the topology; bind it with a label");
    const auto access = b.access_nodes();
    if (b.links.size() != access.size())
        fail(path, "links.csv must list no links when the baseline has a topology: the links are in the topology file");

    const auto lookup = access_lookup(b, access);
    std::vector<double> users(access.size(), 0.0);
    for (Vertex v = 0; v < t.num_vertices(); ++v) {
        if (t.kind_of(v) != VertexKind::access || t.users[v] <= 0) continue;
        const long k = access_of(t, maps, lookup, b.operators.size(), v);
        if (k < 0)
            fail(path, "access vertex " + std::to_string(v) + " (region '" + t.region_ids[t.region[v]] +
                           "', operator '" + t.operator_ids[t.op[v]] + "', " +
                           (t.fixed_access(v) ? "fixed" : "mobile") +
                           ") has users where the baseline's market shares give none");
        users[static_cast<std::size_t>(k)] += t.users[v];
    }
    for (std::size_t k = 0; k < access.size(); ++k) {
        const auto& n = b.nodes[access[k]];
        if (std::abs(users[k] - n.users) > 1e-4 * std::max(1.0, n.users)) {
            std::ostringstream s;
            s << "access network '" << n.id << "' has " << n.users
              << " users from regions.csv and market_shares.csv, but its access vertices in the topology carry "
              << users[k] << " (relative tolerance 1e-4)";
            fail(path, s.str());
        }
    }
    std::ostringstream summary;
    summary << "rubilnik topology file, format " << kTopologyFormatVersion << ": " << t.num_vertices() << " vertices, "
            << t.graph.num_edges() << " edges, " << t.labels.size() << " labels, payload checksum " << std::hex
            << t.checksum;
    b.table_texts.emplace_back(rel, summary.str());
    b.topology = std::make_shared<const Topology>(std::move(t));
}

// ---------------------------------------------------------------------------

LargeGraphNetwork::LargeGraphNetwork(const Baseline& b, std::span<const std::size_t> touchable)
    : condensed_([&]() -> Condensation {
          if (!b.topology) throw std::logic_error("LargeGraphNetwork needs a baseline with a topology");
          const Topology& t = *b.topology;
          std::vector<std::uint8_t> cuttable(t.num_vertices(), 0);
          for (std::size_t node : touchable)
              if (b.nodes[node].kind != NodeKind::access)
                  for (Vertex v : t.vertices_of(b.nodes[node].id)) cuttable[v] = 1;
          return Condensation(t.graph, cuttable, {});
      }()) {
    const Topology& t = *b.topology;
    stats_.vertices = t.num_vertices();
    stats_.edges = t.graph.num_edges();
    stats_.super_vertices = condensed_.num_super();
    stats_.condensed_edges = condensed_.graph().num_edges();

    // Which baseline nodes each cuttable super-vertex follows.
    std::vector<std::pair<Vertex, std::uint32_t>> control;
    std::vector<std::size_t> touched(touchable.begin(), touchable.end());
    std::sort(touched.begin(), touched.end());
    for (std::size_t node : touched)
        if (b.nodes[node].kind != NodeKind::access)
            for (Vertex v : t.vertices_of(b.nodes[node].id))
                control.push_back({condensed_.super(v), static_cast<std::uint32_t>(node)});
    std::sort(control.begin(), control.end());
    control.erase(std::unique(control.begin(), control.end()), control.end());
    control_offsets_.assign(condensed_.num_super() + 1, 0);
    for (const auto& [s, _] : control) ++control_offsets_[s + 1];
    for (std::size_t s = 0; s < condensed_.num_super(); ++s) control_offsets_[s + 1] += control_offsets_[s];
    for (const auto& [_, node] : control) control_nodes_.push_back(node);
    for (std::size_t s = 0; s < condensed_.num_super(); ++s)
        stats_.cuttable_vertices += control_offsets_[s + 1] > control_offsets_[s];

    auto supers = [&](const std::string& id) {
        std::vector<Vertex> out;
        for (Vertex v : t.vertices_of(id)) out.push_back(condensed_.super(v));
        std::sort(out.begin(), out.end());
        out.erase(std::unique(out.begin(), out.end()), out.end());
        return out;
    };
    for (std::size_t i = 0; i < b.nodes.size(); ++i) {
        const auto& node = b.nodes[i];
        if (node.kind == NodeKind::foreign) foreign_ = supers(node.id);
        if (node.kind == NodeKind::service) {
            services_.push_back(i);
            service_supers_.push_back(supers(node.id));
        }
        if ((node.kind == NodeKind::service && node.domestic) || node.kind == NodeKind::ixp)
            for (Vertex s : supers(node.id)) domestic_anchors_.push_back(s);
    }
    access_ = b.access_nodes();
    for (std::size_t a : access_) {
        std::size_t core = 0;
        for (std::size_t i = 0; i < b.nodes.size(); ++i)
            if (b.nodes[i].kind == NodeKind::core && b.nodes[i].op == b.nodes[a].op) {
                core = i;
                break;
            }
        core_of_access_.push_back(core);
        // Its generated link to the core: a `link` target may cut or throttle it.
        std::size_t link = b.links.size();
        for (std::size_t l = 0; l < b.links.size() && link == b.links.size(); ++l)
            if (b.links[l].a == a || b.links[l].b == a) link = l;
        link_of_access_.push_back(link);
    }

    // Users of each access network per super-vertex. Access vertices of one
    // network sit together, so runs collapse most of the work before the sort.
    const IdMaps maps = map_ids(b, t, t.source);
    const auto lookup = access_lookup(b, access_);
    struct Run {
        std::uint32_t k;
        Vertex super;
        double users;
    };
    std::vector<Run> runs;
    for (Vertex v = 0; v < t.num_vertices(); ++v) {
        if (t.kind_of(v) != VertexKind::access || t.users[v] <= 0) continue;
        const auto k = static_cast<std::uint32_t>(access_of(t, maps, lookup, b.operators.size(), v));
        const Vertex s = condensed_.super(v);
        if (!runs.empty() && runs.back().k == k && runs.back().super == s) runs.back().users += t.users[v];
        else runs.push_back({k, s, t.users[v]});
    }
    std::sort(runs.begin(), runs.end(),
              [](const Run& x, const Run& y) { return std::tie(x.k, x.super) < std::tie(y.k, y.super); });
    share_offsets_.assign(access_.size() + 1, 0);
    access_users_.assign(access_.size(), 0.0);
    std::vector<std::uint32_t> share_owner;
    for (const auto& r : runs) {
        if (!shares_.empty() && share_owner.back() == r.k && shares_.back().super == r.super) {
            shares_.back().users += r.users;
        } else {
            shares_.push_back({r.super, r.users});
            share_owner.push_back(r.k);
        }
        access_users_[r.k] += r.users;
    }
    for (auto k : share_owner) ++share_offsets_[k + 1];
    for (std::size_t k = 0; k < access_.size(); ++k) share_offsets_[k + 1] += share_offsets_[k];
    condensed_.drop_vertex_map();
    stats_.memory_bytes = condensed_.memory_bytes() + control_offsets_.capacity() * 4 + control_nodes_.capacity() * 4 +
                          shares_.capacity() * sizeof(Share) + share_offsets_.capacity() * 4;
}

double LargeGraphNetwork::share(std::size_t k, const std::vector<std::uint8_t>& marked) const {
    if (access_users_[k] <= 0) return 0.0;
    double in = 0;
    for (std::uint32_t i = share_offsets_[k]; i < share_offsets_[k + 1]; ++i)
        if (marked[shares_[i].super]) in += shares_[i].users;
    return in / access_users_[k];
}

std::vector<std::uint8_t> LargeGraphNetwork::reach(const std::vector<Vertex>& sources,
                                                   const std::vector<std::uint8_t>& alive) const {
    std::vector<std::uint8_t> removed(alive.size());
    for (std::size_t s = 0; s < alive.size(); ++s) removed[s] = !alive[s];
    return bfs_reach(condensed_.graph(), sources, removed);
}

Connectivity LargeGraphNetwork::evaluate(const NetworkState& st) const {
    const std::size_t S = condensed_.num_super(), A = access_.size();
    std::vector<std::uint8_t> alive(S, 1);
    std::vector<double> factor(S, 1.0);
    for (std::size_t s = 0; s < S; ++s)
        for (std::uint32_t i = control_offsets_[s]; i < control_offsets_[s + 1]; ++i) {
            const auto node = control_nodes_[i];
            if (st.cut[node]) alive[s] = 0;
            factor[s] = std::min(factor[s], st.factor[node]);
        }
    const auto foreign = reach(foreign_, alive);
    const auto domestic = reach(domestic_anchors_, alive);

    // Widest path from the foreign internet: the best bottleneck factor.
    std::vector<double> width(S, 0.0);
    std::priority_queue<std::pair<double, Vertex>> heap;
    for (Vertex s : foreign_)
        if (alive[s]) width[s] = factor[s], heap.push({width[s], s});
    while (!heap.empty()) {
        const auto [w, u] = heap.top();
        heap.pop();
        if (w < width[u]) continue;
        for (Vertex v : condensed_.graph().neighbours(u)) {
            const double cand = std::min(w, factor[v]);
            if (alive[v] && cand > width[v]) width[v] = cand, heap.push({cand, v});
        }
    }

    Connectivity c;
    c.international.assign(A, 0);
    c.domestic.assign(A, 0);
    c.throughput.assign(A, 0.0);
    c.voice.assign(A, 1);
    c.service.assign(services_.size(), std::vector<ServiceReach>(A, ServiceReach::unreachable));
    for (std::size_t k = 0; k < A; ++k) {
        const auto a = access_[k];
        const std::size_t l = link_of_access_[k];
        const bool link_up = l >= st.link_cut.size() || !st.link_cut[l];
        const double link_factor = l < st.link_factor.size() ? st.link_factor[l] : 1.0;
        const bool open = !st.cut[a] && !st.whitelisted[a] && link_up;
        const double world = share(k, foreign);
        c.international[k] = open && world >= 0.5;
        c.domestic[k] = open && share(k, domestic) >= 0.5;
        if (c.international[k]) {
            // The users-weighted mean bottleneck over the users that reach the world.
            double sum = 0;
            for (std::uint32_t i = share_offsets_[k]; i < share_offsets_[k + 1]; ++i)
                if (foreign[shares_[i].super]) sum += shares_[i].users * width[shares_[i].super];
            c.throughput[k] = std::min({st.factor[a], link_factor, sum / (access_users_[k] * world)});
        }
        c.voice[k] = !st.voice_cut[a] && !st.voice_cut[core_of_access_[k]];
    }
    for (std::size_t j = 0; j < services_.size(); ++j) {
        const auto svc = services_[j];
        const auto reached = reach(service_supers_[j], alive);
        for (std::size_t k = 0; k < A; ++k) {
            const auto a = access_[k];
            const std::size_t l = link_of_access_[k];
            const bool there = share(k, reached) >= 0.5 && (l >= st.link_cut.size() || !st.link_cut[l]);
            auto& out = c.service[j][k];
            if (contains(st.blocked[a], svc)) out = ServiceReach::blocked;
            else if (st.whitelisted[a])  // a whitelist lets its services through even a cut
                out = contains(st.whitelist[a], svc) && there ? ServiceReach::reachable : ServiceReach::unreachable;
            else out = !st.cut[a] && there ? ServiceReach::reachable : ServiceReach::unreachable;
        }
    }
    return c;
}

std::vector<std::size_t> touchable_nodes(const Scenario& sc) {
    std::vector<std::size_t> out;
    for (const auto& inst : sc.instances) {
        const auto action = sc.events[inst.event].action;
        if (action == Action::cut || action == Action::restore || action == Action::throttle)
            out.insert(out.end(), inst.nodes.begin(), inst.nodes.end());
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::unique_ptr<NetworkModel> make_large_graph_network(const Scenario& sc) {
    return std::make_unique<LargeGraphNetwork>(sc.baseline, touchable_nodes(sc));
}

}  // namespace rubilnik::network
