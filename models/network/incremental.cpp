#include "rubilnik/network/incremental.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <string>

namespace rubilnik::network {

RollbackUnionFind::RollbackUnionFind(std::size_t n, std::span<const std::uint32_t> weight)
    : parent_(n), size_(n, 1), weight_(n, 1) {
    if (!weight.empty() && weight.size() != n)
        throw std::invalid_argument("RollbackUnionFind: one weight per vertex expected");
    std::iota(parent_.begin(), parent_.end(), Vertex{0});
    if (!weight.empty()) std::copy(weight.begin(), weight.end(), weight_.begin());
}

bool RollbackUnionFind::unite(Vertex a, Vertex b) {
    a = find(a);
    b = find(b);
    if (a == b) return false;
    // The smaller tree goes under the larger (ties: the larger id under the
    // smaller), which bounds every find by log2(n) hops.
    if (size_[a] < size_[b] || (size_[a] == size_[b] && a > b)) std::swap(a, b);
    parent_[b] = a;
    size_[a] += size_[b];
    weight_[a] += weight_[b];
    history_.push_back(b);
    return true;
}

void RollbackUnionFind::rollback(std::size_t checkpoint) {
    while (history_.size() > checkpoint) {
        const Vertex b = history_.back();
        history_.pop_back();
        const Vertex a = parent_[b];
        size_[a] -= size_[b];
        weight_[a] -= weight_[b];
        parent_[b] = b;
    }
}

namespace {

// The segment tree over steps, stored flat: node k covers [lo, hi), its
// children are 2k+1 and 2k+2. Buckets are one CSR of edge indices.
class TimeTree {
public:
    TimeTree(std::size_t steps, std::span<const TimedEdge> edges) : steps_(steps), edges_(edges) {
        std::size_t nodes = 1;
        while (nodes < steps) nodes <<= 1;
        start_.assign(2 * nodes + 1, 0);
        // Two passes: count each node's edges, then fill.
        for (std::size_t i = 0; i < edges.size(); ++i)
            visit(0, 0, steps, i, [&](std::size_t k, std::size_t) { ++start_[k + 1]; });
        std::partial_sum(start_.begin(), start_.end(), start_.begin());
        items_.resize(start_.back());
        std::vector<std::size_t> fill(start_.begin(), start_.end() - 1);
        for (std::size_t i = 0; i < edges.size(); ++i)
            visit(0, 0, steps, i,
                  [&](std::size_t k, std::size_t e) { items_[fill[k]++] = static_cast<std::uint32_t>(e); });
    }

    template <class Leaf>
    void run(RollbackUnionFind& uf, Leaf&& leaf) const {
        if (steps_ > 0) dfs(uf, 0, 0, steps_, leaf);
    }

private:
    template <class F>
    void visit(std::size_t k, std::size_t lo, std::size_t hi, std::size_t e, F&& f) const {
        const std::size_t l = std::min<std::size_t>(edges_[e].begin, steps_);
        const std::size_t r = std::min<std::size_t>(edges_[e].end, steps_);
        if (r <= lo || hi <= l || l >= r) return;
        if (l <= lo && hi <= r) {
            f(k, e);
            return;
        }
        const std::size_t mid = lo + (hi - lo) / 2;
        visit(2 * k + 1, lo, mid, e, f);
        visit(2 * k + 2, mid, hi, e, f);
    }

    template <class Leaf>
    void dfs(RollbackUnionFind& uf, std::size_t k, std::size_t lo, std::size_t hi, Leaf& leaf) const {
        const std::size_t mark = uf.checkpoint();
        for (std::size_t i = start_[k]; i < start_[k + 1]; ++i) uf.unite(edges_[items_[i]].a, edges_[items_[i]].b);
        if (hi - lo == 1) {
            leaf(lo);
        } else {
            const std::size_t mid = lo + (hi - lo) / 2;
            dfs(uf, 2 * k + 1, lo, mid, leaf);
            dfs(uf, 2 * k + 2, mid, hi, leaf);
        }
        uf.rollback(mark);
    }

    std::size_t steps_;
    std::span<const TimedEdge> edges_;
    std::vector<std::size_t> start_;
    std::vector<std::uint32_t> items_;
};

// The complement of sorted disjoint down ranges within [0, steps).
template <class F>
void for_each_up_range(const std::vector<std::pair<std::uint32_t, std::uint32_t>>& down, std::size_t steps, F&& f) {
    std::uint32_t at = 0;
    for (const auto& [b, e] : down) {
        if (b > at) f(at, std::min<std::uint32_t>(b, static_cast<std::uint32_t>(steps)));
        at = std::max(at, e);
    }
    if (at < steps) f(at, static_cast<std::uint32_t>(steps));
}

void check_replay(const EdgeReplay& r) {
    if (r.down.size() != r.edges.size()) throw std::invalid_argument("EdgeReplay: one down list per edge expected");
    for (const auto& d : r.down)
        for (std::size_t i = 0; i < d.size(); ++i)
            if (d[i].first >= d[i].second || (i > 0 && d[i].first < d[i - 1].second))
                throw std::invalid_argument("EdgeReplay: down ranges must be non-empty, sorted and disjoint");
}

// Edges down at each step, as indices into replay.edges.
std::vector<std::vector<std::uint32_t>> down_by_step(const EdgeReplay& r, std::size_t first, std::size_t last) {
    std::vector<std::vector<std::uint32_t>> out(last - first);
    for (std::size_t i = 0; i < r.edges.size(); ++i)
        for (const auto& [b, e] : r.down[i])
            for (std::size_t t = std::max<std::size_t>(b, first); t < std::min<std::size_t>(e, last); ++t)
                out[t - first].push_back(static_cast<std::uint32_t>(i));
    return out;
}

}  // namespace

ReplayAnswer offline_connectivity(std::size_t vertices, std::size_t steps, std::span<const TimedEdge> edges,
                                  Vertex source, std::span<const Vertex> queries,
                                  std::span<const std::uint32_t> weight) {
    if (source >= vertices) throw std::invalid_argument("offline_connectivity: source out of range");
    for (const auto& e : edges)
        if (e.a >= vertices || e.b >= vertices)
            throw std::invalid_argument("offline_connectivity: edge names a vertex out of range");
    for (Vertex q : queries)
        if (q >= vertices) throw std::invalid_argument("offline_connectivity: query out of range");
    ReplayAnswer out;
    out.source_weight.assign(steps, 0);
    out.connected.assign(steps * queries.size(), 0);
    RollbackUnionFind uf(vertices, weight);
    const TimeTree tree(steps, edges);
    tree.run(uf, [&](std::size_t t) {
        const Vertex root = uf.find(source);
        out.source_weight[t] = uf.weight_of_root(root);
        for (std::size_t i = 0; i < queries.size(); ++i)
            out.connected[t * queries.size() + i] = uf.find(queries[i]) == root;
    });
    return out;
}

std::vector<std::uint64_t> replay_full(const CsrGraph& g, const EdgeReplay& replay, Vertex source,
                                       std::size_t first_step, std::size_t last_step) {
    check_replay(replay);
    last_step = std::min(last_step, replay.steps);
    first_step = std::min(first_step, last_step);
    // Slots of both directions of each changing edge, to skip them when down.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> slots;
    for (const auto& e : replay.edges) {
        const auto s1 = g.slot(e.a, e.b);
        if (!s1) throw std::invalid_argument("replay_full: a replay edge is not an edge of the graph");
        slots.push_back({static_cast<std::uint32_t>(*s1), static_cast<std::uint32_t>(*g.slot(e.b, e.a))});
    }
    const auto by_step = down_by_step(replay, first_step, last_step);
    std::vector<std::uint8_t> down(g.adjacency().size(), 0);
    const auto n = static_cast<Vertex>(g.num_vertices());
    // Every step from scratch with the library's connectivity kernel (the
    // down edges masked out), so the comparison with the condensed and
    // offline replays is against the fastest full recompute we have.
    ComponentLabels labels;
    std::vector<std::uint64_t> out;
    for (std::size_t t = first_step; t < last_step; ++t) {
        for (auto i : by_step[t - first_step]) down[slots[i].first] = down[slots[i].second] = 1;
        components(g, down, labels);
        const Vertex root = labels.label[source];
        std::uint64_t count = 0;
        for (Vertex v = 0; v < n; ++v) count += labels.label[v] == root;
        out.push_back(count);
        for (auto i : by_step[t - first_step]) down[slots[i].first] = down[slots[i].second] = 0;
    }
    return out;
}

std::vector<std::uint64_t> replay_condensed(const Condensation& c, const EdgeReplay& replay, Vertex source) {
    check_replay(replay);
    const auto by_step = down_by_step(replay, 0, replay.steps);
    const auto& edges = c.edges();
    const auto& weight = c.weight();
    const auto s = static_cast<Vertex>(c.num_super());
    std::vector<std::uint8_t> down(replay.edges.size(), 0);
    // Union-find whose roots carry their set's summed weight, so a step's
    // answer is one find instead of a pass over every super-vertex; the
    // buffers are reused across steps.
    std::vector<Vertex> parent(s);
    std::vector<std::uint64_t> sum(s);
    auto find = [&parent](Vertex v) {
        while (parent[v] != v) {
            parent[v] = parent[parent[v]];
            v = parent[v];
        }
        return v;
    };
    std::vector<std::uint64_t> out;
    out.reserve(replay.steps);
    for (std::size_t t = 0; t < replay.steps; ++t) {
        for (auto i : by_step[t]) down[i] = 1;
        for (Vertex v = 0; v < s; ++v) {
            parent[v] = v;
            sum[v] = weight[v];
        }
        for (const auto& e : edges) {
            if (e.origin != kVertexInduced && down[e.origin]) continue;
            Vertex a = find(e.a), b = find(e.b);
            if (a == b) continue;
            if (b < a) std::swap(a, b);
            parent[b] = a;
            sum[a] += sum[b];
        }
        out.push_back(sum[find(source)]);
        for (auto i : by_step[t]) down[i] = 0;
    }
    return out;
}

std::vector<std::uint64_t> replay_offline(const Condensation& c, const EdgeReplay& replay, Vertex source) {
    check_replay(replay);
    std::vector<TimedEdge> timed;
    timed.reserve(c.edges().size() * 2);
    for (const auto& e : c.edges()) {
        if (e.origin == kVertexInduced) {
            timed.push_back({e.a, e.b, 0, static_cast<std::uint32_t>(replay.steps)});
            continue;
        }
        for_each_up_range(replay.down[e.origin], replay.steps, [&](std::uint32_t b, std::uint32_t end) {
            timed.push_back({e.a, e.b, b, end});
        });
    }
    return offline_connectivity(c.num_super(), replay.steps, timed, source, {}, c.weight()).source_weight;
}

}  // namespace rubilnik::network
