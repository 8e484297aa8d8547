#include "rubilnik/network/csr.hpp"

#include <algorithm>
#include <bit>
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

namespace {

// Path-halving find on a bare parent array.
inline Vertex find_root(Vertex* parent, Vertex v) {
    while (parent[v] != v) {
        parent[v] = parent[parent[v]];
        v = parent[v];
    }
    return v;
}

// One ascending pass over the vertices, each edge taken once from its larger
// end. Lists are sorted, so a vertex's smaller neighbours come first and the
// scan stops at the first larger one. No edge into v has been taken before v
// is reached, so v is still a singleton root then: its parent is set on
// arrival (no separate initialisation pass) and the first union costs one
// find instead of two. Roots are always their set's smallest id (the larger
// root is hooked under the smaller), so parent[v] <= v throughout and one
// more ascending pass flattens every vertex onto its root. On a graph laid
// out depth-first (the generator's order) the finds touch recently written,
// cache-resident entries, so the kernel costs about one read per edge.
template <bool Masked>
void components_one_pass(const CsrGraph& g, const std::uint8_t* removed_slot, ComponentLabels& out) {
    const auto n = static_cast<Vertex>(g.num_vertices());
    out.label.resize(n);
    Vertex* parent = out.label.data();
    const std::uint32_t* off = g.offsets().data();
    const Vertex* adj = g.adjacency().data();
    std::size_t count = n;
    // A vertex can end up more than one hop from its root only when a root
    // with members goes under another root; all those members are at most
    // the vertex being scanned, so flattening stops at the last such vertex.
    Vertex deep_end = 0;
    for (Vertex v = 0; v < n; ++v) {
        parent[v] = v;
        Vertex root = v;
        for (std::uint32_t i = off[v], end = off[v + 1]; i < end; ++i) {
            const Vertex u = adj[i];
            if (u >= v) break;
            if constexpr (Masked) {
                if (removed_slot[i]) continue;
            }
            const Vertex r = find_root(parent, u);
            if (r == root) continue;
            --count;
            if (r < root) {
                if (root != v) deep_end = v + 1;
                parent[root] = r;
                root = r;
            } else {
                deep_end = v + 1;
                parent[r] = root;
            }
        }
    }
    out.count = count;
    for (Vertex v = 0; v < deep_end; ++v) parent[v] = parent[parent[v]];
}

// Union-find in the manner of Afforest (Sutton, Ben-Nun & Barak, IPDPS
// 2018), sequential: link each vertex to its first two neighbours, flatten,
// find the largest component from a sample, then finish the remaining edges
// only of vertices outside it. Every edge with an endpoint outside the large
// component is still seen from that endpoint (the CSR holds both
// directions), so the result is exact; the skip saves most edge reads when
// vertices have many neighbours and nearly all are in one component.
void components_afforest(const CsrGraph& g, ComponentLabels& out) {
    const auto n = static_cast<Vertex>(g.num_vertices());
    out.label.resize(n);
    out.count = 0;
    if (n == 0) return;
    Vertex* parent = out.label.data();
    const std::uint32_t* off = g.offsets().data();
    const Vertex* adj = g.adjacency().data();
    auto link = [parent](Vertex a, Vertex b) {
        a = find_root(parent, a);
        b = find_root(parent, b);
        if (a < b) parent[b] = a;
        else if (b < a) parent[a] = b;
    };
    std::iota(parent, parent + n, Vertex{0});
    constexpr std::uint32_t kSampled = 2;
    for (Vertex v = 0; v < n; ++v) {
        const std::uint32_t end = std::min(off[v + 1], off[v] + kSampled);
        for (std::uint32_t i = off[v]; i < end; ++i) link(v, adj[i]);
    }
    // Roots are their set's smallest id (parent[v] <= v), so one ascending
    // pass leaves every vertex pointing at its root.
    for (Vertex v = 0; v < n; ++v) parent[v] = parent[parent[v]];
    // The most frequent root among 1024 evenly spread vertices.
    std::vector<std::pair<Vertex, std::uint32_t>> seen;
    const std::size_t samples = std::min<std::size_t>(1024, n);
    for (std::size_t k = 0; k < samples; ++k) {
        const Vertex r = parent[k * n / samples];
        auto it = std::find_if(seen.begin(), seen.end(), [r](const auto& p) { return p.first == r; });
        if (it == seen.end()) seen.push_back({r, 1});
        else ++it->second;
    }
    const Vertex giant = std::max_element(seen.begin(), seen.end(), [](const auto& x, const auto& y) {
                             return x.second < y.second;
                         })->first;
    for (Vertex v = 0; v < n; ++v) {
        if (find_root(parent, v) == giant) continue;
        for (std::uint32_t i = off[v] + std::min(kSampled, off[v + 1] - off[v]); i < off[v + 1]; ++i) link(v, adj[i]);
    }
    for (Vertex v = 0; v < n; ++v) {
        parent[v] = parent[parent[v]];
        out.count += parent[v] == v;
    }
}

}  // namespace

// Two exact strategies, chosen by mean degree: sparse, tree-like networks
// (router and cell-site graphs, about one edge per vertex) are bound by
// streaming the arrays once, which the one-pass kernel does; denser graphs
// (the AS graph, ~9 neighbours a vertex) gain from Afforest's skipping of
// the large component's edges.
void components(const CsrGraph& g, ComponentLabels& out) {
    const std::size_t n = g.num_vertices();
    if (n > 0 && g.adjacency().size() >= 4 * n) components_afforest(g, out);
    else components_one_pass<false>(g, nullptr, out);
}

void components(const CsrGraph& g, std::span<const std::uint8_t> removed_slot, ComponentLabels& out) {
    if (removed_slot.size() != g.adjacency().size())
        throw std::invalid_argument("components: one removed flag per adjacency slot expected");
    components_one_pass<true>(g, removed_slot.data(), out);
}

ComponentLabels components(const CsrGraph& g) {
    ComponentLabels out;
    components(g, out);
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
    if (cuttable_edges.size() >= kVertexInduced) throw std::invalid_argument("Condensation: too many cuttable edges");
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
        // The never-cut edges united by the components kernel with every
        // other slot masked: both directions of a cuttable edge, and every
        // edge at a cuttable vertex (which stays a super-vertex of its own).
        std::vector<std::uint8_t> masked(g.adjacency().size(), 0);
        const auto& off = g.offsets();
        const auto& adj = g.adjacency();
        for (std::size_t w = 0; w < cut_slot.size(); ++w)
            for (std::uint64_t bits = cut_slot[w]; bits != 0; bits &= bits - 1)
                masked[w * 64 + static_cast<std::size_t>(std::countr_zero(bits))] = 1;
        for (Vertex v = 0; v < n; ++v) {
            if (!cut_v(v)) continue;
            for (std::uint32_t i = off[v]; i < off[v + 1]; ++i) {
                masked[i] = 1;
                masked[*g.slot(adj[i], v)] = 1;
            }
        }
        ComponentLabels labels;
        components(g, masked, labels);
        // Dense ids in order of each component's smallest vertex (the label),
        // so one ascending pass numbers them.
        super_.resize(n);
        Vertex next = 0;
        for (Vertex v = 0; v < n; ++v) {
            const Vertex r = labels.label[v];
            super_[v] = r == v ? next++ : super_[r];
        }
        weight_.assign(next, 0);
        for (Vertex v = 0; v < n; ++v) ++weight_[super_[v]];
    }

    for (std::size_t i = 0; i < cuttable_edges.size(); ++i) {
        const auto& e = cuttable_edges[i];
        if (super_[e.a] != super_[e.b]) edges_.push_back({super_[e.a], super_[e.b], static_cast<std::uint32_t>(i)});
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
