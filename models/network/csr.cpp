#include "rubilnik/network/csr.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <string>

namespace rubilnik::network {

CsrGraph CsrGraph::from_edges(std::size_t vertices, std::span<const Edge> edges) {
    if (vertices > kMaxVertices)
        throw std::invalid_argument("CsrGraph: " + std::to_string(vertices) + " vertices exceed the limit of " +
                                    std::to_string(kMaxVertices));
    if (edges.size() > kMaxEdges)
        throw std::invalid_argument("CsrGraph: " + std::to_string(edges.size()) + " edges exceed the limit of " +
                                    std::to_string(kMaxEdges));
    CsrGraph g;
    g.offsets_.assign(vertices + 1, 0);
    for (const auto& e : edges) {
        if (e.a >= vertices || e.b >= vertices)
            throw std::invalid_argument("CsrGraph: edge (" + std::to_string(e.a) + ", " + std::to_string(e.b) +
                                        ") names a vertex beyond " + std::to_string(vertices));
        if (e.a == e.b) throw std::invalid_argument("CsrGraph: self-loop at vertex " + std::to_string(e.a));
        ++g.offsets_[e.a + 1];
        ++g.offsets_[e.b + 1];
    }
    std::partial_sum(g.offsets_.begin(), g.offsets_.end(), g.offsets_.begin());
    g.adjacency_.resize(g.offsets_.back());
    std::vector<std::uint32_t> fill(g.offsets_.begin(), g.offsets_.end() - 1);
    for (const auto& e : edges) {
        g.adjacency_[fill[e.a]++] = e.b;
        g.adjacency_[fill[e.b]++] = e.a;
    }
    fill.clear();
    fill.shrink_to_fit();
    // Sort each list and squeeze out duplicates in place, rewriting offsets.
    std::uint32_t out = 0;
    std::uint32_t begin = 0;
    for (std::size_t v = 0; v < vertices; ++v) {
        const std::uint32_t end = g.offsets_[v + 1];
        auto first = g.adjacency_.begin() + begin, last = g.adjacency_.begin() + end;
        std::sort(first, last);
        last = std::unique(first, last);
        g.offsets_[v] = out;
        for (auto it = first; it != last; ++it) g.adjacency_[out++] = *it;
        begin = end;
    }
    g.offsets_[vertices] = out;
    g.adjacency_.resize(out);
    g.adjacency_.shrink_to_fit();
    return g;
}

CsrGraph CsrGraph::adopt(std::vector<std::uint32_t> offsets, std::vector<Vertex> adjacency) {
    CsrGraph g;
    g.offsets_ = std::move(offsets);
    g.adjacency_ = std::move(adjacency);
    return g;
}

std::optional<std::size_t> CsrGraph::slot(Vertex v, Vertex u) const {
    const auto first = adjacency_.begin() + offsets_[v], last = adjacency_.begin() + offsets_[v + 1];
    const auto it = std::lower_bound(first, last, u);
    if (it == last || *it != u) return std::nullopt;
    return static_cast<std::size_t>(it - adjacency_.begin());
}

std::vector<Edge> CsrGraph::edges() const {
    std::vector<Edge> out;
    out.reserve(num_edges());
    for (Vertex v = 0; v < num_vertices(); ++v)
        for (Vertex u : neighbours(v))
            if (u > v) out.push_back({v, u});
    return out;
}

std::size_t CsrGraph::memory_bytes() const {
    return offsets_.capacity() * sizeof(std::uint32_t) + adjacency_.capacity() * sizeof(Vertex);
}

UnionFind::UnionFind(std::size_t n) : parent_(n) { reset(); }

void UnionFind::reset() { std::iota(parent_.begin(), parent_.end(), Vertex{0}); }

ComponentLabels components(const CsrGraph& g) {
    const auto n = static_cast<Vertex>(g.num_vertices());
    UnionFind uf(n);
    const auto& off = g.offsets();
    const auto& adj = g.adjacency();
    for (Vertex v = 0; v < n; ++v)
        for (std::uint32_t i = off[v]; i < off[v + 1]; ++i)
            if (adj[i] > v) uf.unite(v, adj[i]);
    ComponentLabels out;
    out.label.resize(n);
    for (Vertex v = 0; v < n; ++v) {
        out.label[v] = uf.find(v);
        out.count += out.label[v] == v;
    }
    return out;
}

std::vector<std::uint8_t> bfs_reach(const CsrGraph& g, std::span<const Vertex> sources,
                                    std::span<const std::uint8_t> removed) {
    std::vector<std::uint8_t> seen(g.num_vertices(), 0);
    std::vector<Vertex> queue;
    auto gone = [&](Vertex v) { return !removed.empty() && removed[v]; };
    for (Vertex s : sources)
        if (!seen[s] && !gone(s)) seen[s] = 1, queue.push_back(s);
    for (std::size_t head = 0; head < queue.size(); ++head)
        for (Vertex u : g.neighbours(queue[head]))
            if (!seen[u] && !gone(u)) seen[u] = 1, queue.push_back(u);
    return seen;
}

// ---------------------------------------------------------------------------

Condensation::Condensation(const CsrGraph& g, std::span<const std::uint8_t> cuttable_vertex,
                           std::span<const Edge> cuttable_edges) {
    const auto n = static_cast<Vertex>(g.num_vertices());
    if (!cuttable_vertex.empty() && cuttable_vertex.size() != n)
        throw std::invalid_argument("Condensation: one cuttable flag per vertex expected");
    if (cuttable_edges.size() >= kVertexInduced)
        throw std::invalid_argument("Condensation: too many cuttable edges");
    auto cut_v = [&](Vertex v) { return !cuttable_vertex.empty() && cuttable_vertex[v]; };

    // One bit per adjacency slot, set on both directions of a cuttable edge.
    std::vector<std::uint64_t> cut_slot((g.adjacency().size() + 63) / 64, 0);
    auto mark = [&](std::size_t s) { cut_slot[s >> 6] |= std::uint64_t{1} << (s & 63); };
    auto marked = [&](std::size_t s) { return (cut_slot[s >> 6] >> (s & 63)) & 1; };
    for (const auto& e : cuttable_edges) {
        const auto s1 = e.a < n && e.b < n ? g.slot(e.a, e.b) : std::nullopt;
        if (!s1)
            throw std::invalid_argument("Condensation: cuttable edge (" + std::to_string(e.a) + ", " +
                                        std::to_string(e.b) + ") is not an edge of the graph");
        mark(*s1);
        mark(*g.slot(e.b, e.a));
    }

    {
        UnionFind uf(n);
        const auto& off = g.offsets();
        const auto& adj = g.adjacency();
        for (Vertex v = 0; v < n; ++v) {
            if (cut_v(v)) continue;
            for (std::uint32_t i = off[v]; i < off[v + 1]; ++i) {
                const Vertex u = adj[i];
                if (u > v && !cut_v(u) && !marked(i)) uf.unite(v, u);
            }
        }
        // Dense ids in order of each component's smallest vertex: a root is
        // its set's smallest id, so one ascending pass numbers them.
        super_.resize(n);
        Vertex next = 0;
        for (Vertex v = 0; v < n; ++v) {
            const Vertex r = uf.find(v);
            super_[v] = r == v ? next++ : super_[r];
        }
        weight_.assign(next, 0);
        for (Vertex v = 0; v < n; ++v) ++weight_[super_[v]];
    }

    for (std::size_t i = 0; i < cuttable_edges.size(); ++i) {
        const auto& e = cuttable_edges[i];
        if (super_[e.a] != super_[e.b])
            edges_.push_back({super_[e.a], super_[e.b], static_cast<std::uint32_t>(i)});
    }
    for (Vertex v = 0; v < n; ++v) {
        if (!cut_v(v)) continue;
        const auto& off = g.offsets();
        for (std::uint32_t i = off[v]; i < off[v + 1]; ++i) {
            const Vertex u = g.adjacency()[i];
            // An edge between two cuttable vertices is listed from its smaller end.
            if (marked(i) || (cut_v(u) && u < v)) continue;
            edges_.push_back({super_[v], super_[u], kVertexInduced});
        }
    }
    std::vector<Edge> simple;
    simple.reserve(edges_.size());
    for (const auto& e : edges_) simple.push_back({e.a, e.b});
    graph_ = CsrGraph::from_edges(weight_.size(), simple);
}

void Condensation::drop_vertex_map() {
    super_.clear();
    super_.shrink_to_fit();
}

std::size_t Condensation::memory_bytes() const {
    return super_.capacity() * sizeof(Vertex) + weight_.capacity() * sizeof(std::uint32_t) +
           edges_.capacity() * sizeof(CondensedEdge) + graph_.memory_bytes();
}

}  // namespace rubilnik::network
