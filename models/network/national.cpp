#include <algorithm>
#include <queue>

#include "rubilnik/network.hpp"

namespace rubilnik {
namespace {

bool contains(const std::vector<std::size_t>& sorted, std::size_t x) {
    return std::binary_search(sorted.begin(), sorted.end(), x);
}

void add_sorted(std::vector<std::size_t>& v, const std::vector<std::size_t>& add) {
    v.insert(v.end(), add.begin(), add.end());
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
}

}  // namespace

NetworkState apply_events(const Scenario& sc, const std::vector<std::size_t>& active) {
    const std::size_t n = sc.baseline.nodes.size();
    NetworkState s;
    s.cut.assign(n, 0);
    s.factor.assign(n, 1.0);
    s.voice_cut.assign(n, 0);
    s.blocked.assign(n, {});
    s.whitelist.assign(n, {});
    s.whitelisted.assign(n, 0);
    s.link_cut.assign(sc.baseline.links.size(), 0);
    s.link_factor.assign(sc.baseline.links.size(), 1.0);
    // Events apply in file order; a later event overrides an earlier one on
    // the same node (a restore lifts a cut and any whitelist).
    for (std::size_t i : active) {
        const auto& inst = sc.instances[i];
        const auto& ev = sc.events[inst.event];
        for (std::size_t node : inst.nodes) {
            switch (ev.action) {
                case Action::cut: s.cut[node] = 1; break;
                case Action::restore:
                    s.cut[node] = 0;
                    s.factor[node] = 1.0;
                    s.whitelisted[node] = 0;
                    s.whitelist[node].clear();
                    break;
                case Action::throttle: s.factor[node] = ev.factor; break;
                case Action::block: add_sorted(s.blocked[node], ev.services); break;
                case Action::allow_only:
                    s.whitelisted[node] = 1;
                    s.whitelist[node] = ev.services;
                    break;
                case Action::voice_cut: s.voice_cut[node] = 1; break;
                case Action::close: break;
            }
        }
        // Scenario loading admits only cut, restore and throttle on links.
        for (std::size_t link : inst.links) {
            if (ev.action == Action::cut) s.link_cut[link] = 1;
            else if (ev.action == Action::restore) s.link_cut[link] = 0, s.link_factor[link] = 1.0;
            else if (ev.action == Action::throttle) s.link_factor[link] = ev.factor;
        }
        // ... and only cut and restore on ASes.
        for (std::uint32_t asn : inst.asns) {
            const auto at = std::lower_bound(s.cut_asns.begin(), s.cut_asns.end(), asn);
            const bool present = at != s.cut_asns.end() && *at == asn;
            if (ev.action == Action::cut && !present) s.cut_asns.insert(at, asn);
            else if (ev.action == Action::restore && present) s.cut_asns.erase(at);
        }
    }
    return s;
}

NationalGraph::NationalGraph(const Baseline& b) : baseline_(&b) {
    adjacency_.resize(b.nodes.size());
    for (std::size_t k = 0; k < b.links.size(); ++k) {
        adjacency_[b.links[k].a].push_back({b.links[k].b, k});
        adjacency_[b.links[k].b].push_back({b.links[k].a, k});
    }
    for (std::size_t i = 0; i < b.nodes.size(); ++i) {
        const auto& node = b.nodes[i];
        if (node.kind == NodeKind::foreign) foreign_ = i;
        if (node.kind == NodeKind::service) services_.push_back(i);
        if ((node.kind == NodeKind::service && node.domestic) || node.kind == NodeKind::ixp)
            domestic_anchors_.push_back(i);
        if (node.kind == NodeKind::access) {
            access_.push_back(i);
            // Generated access nodes have exactly one link: to their core.
            core_of_access_.push_back(adjacency_[i].front().node);
            link_of_access_.push_back(adjacency_[i].front().link);
        }
    }
}

std::vector<std::uint8_t> NationalGraph::reach_from(const std::vector<std::size_t>& sources,
                                                    const NetworkState& s) const {
    const auto& nodes = baseline_->nodes;
    std::vector<std::uint8_t> seen(nodes.size(), 0);
    std::vector<std::size_t> stack;
    for (std::size_t src : sources)
        if (!s.cut[src]) seen[src] = 1, stack.push_back(src);
    while (!stack.empty()) {
        const auto u = stack.back();
        stack.pop_back();
        for (const auto [v, link] : adjacency_[u]) {
            if (seen[v] || s.cut[v] || s.link_cut[link] || nodes[v].kind == NodeKind::access) continue;
            seen[v] = 1;
            stack.push_back(v);
        }
    }
    return seen;
}

std::vector<double> NationalGraph::widest_from(std::size_t source, const NetworkState& s) const {
    const auto& nodes = baseline_->nodes;
    std::vector<double> best(nodes.size(), 0.0);
    if (s.cut[source]) return best;
    std::priority_queue<std::pair<double, std::size_t>> heap;
    best[source] = s.factor[source];
    heap.push({best[source], source});
    while (!heap.empty()) {
        const auto [w, u] = heap.top();
        heap.pop();
        if (w < best[u]) continue;
        for (const auto [v, link] : adjacency_[u]) {
            if (s.cut[v] || s.link_cut[link] || nodes[v].kind == NodeKind::access) continue;
            const double cand = std::min({w, s.factor[v], s.link_factor[link]});
            if (cand > best[v]) {
                best[v] = cand;
                heap.push({cand, v});
            }
        }
    }
    return best;
}

Connectivity NationalGraph::evaluate(const NetworkState& s) const {
    const std::size_t A = access_.size();
    Connectivity c;
    c.international.assign(A, 0);
    c.domestic.assign(A, 0);
    c.throughput.assign(A, 0.0);
    c.voice.assign(A, 1);
    c.service.assign(services_.size(), std::vector<ServiceReach>(A, ServiceReach::unreachable));

    const auto foreign = reach_from({foreign_}, s);
    const auto width = widest_from(foreign_, s);
    const auto domestic = reach_from(domestic_anchors_, s);
    for (std::size_t k = 0; k < A; ++k) {
        const auto a = access_[k];
        const auto core = core_of_access_[k];
        const auto link = link_of_access_[k];
        const bool open = !s.cut[a] && !s.whitelisted[a] && !s.link_cut[link];
        c.international[k] = open && foreign[core];
        c.domestic[k] = open && domestic[core];
        c.throughput[k] = c.international[k] ? std::min({s.factor[a], s.link_factor[link], width[core]}) : 0.0;
        c.voice[k] = !s.voice_cut[a] && !s.voice_cut[core];
    }
    for (std::size_t j = 0; j < services_.size(); ++j) {
        const auto svc = services_[j];
        const auto reach = reach_from({svc}, s);
        for (std::size_t k = 0; k < A; ++k) {
            const auto a = access_[k];
            const auto core = core_of_access_[k];
            const bool path = reach[core] && !s.link_cut[link_of_access_[k]];
            auto& out = c.service[j][k];
            if (contains(s.blocked[a], svc)) out = ServiceReach::blocked;
            else if (s.whitelisted[a])  // a whitelist lets its services through even a cut
                out = contains(s.whitelist[a], svc) && path ? ServiceReach::reachable : ServiceReach::unreachable;
            else out = !s.cut[a] && path ? ServiceReach::reachable : ServiceReach::unreachable;
        }
    }
    return c;
}

}  // namespace rubilnik
