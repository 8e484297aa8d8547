// Compact storage and connectivity kernels for router- and cell-level
// topologies (docs/large-topologies.md).
//
// CsrGraph is an immutable undirected graph in compressed-sparse-row form
// with 32-bit vertex ids and 32-bit offsets: 4 bytes per vertex plus 8 bytes
// per undirected edge, so a 10^7-vertex national topology takes ~125 MB.
// Each adjacency list is sorted, which makes "is u a neighbour of v" a binary
// search and every traversal order independent of how the input was listed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <vector>

namespace rubilnik::network {

using Vertex = std::uint32_t;

// Limits with clear errors rather than silent overflow of the 32-bit arrays:
// 2·edges must fit a 32-bit offset.
inline constexpr std::size_t kMaxVertices = 100'000'000;
inline constexpr std::size_t kMaxEdges = 2'000'000'000;

struct Edge {
    Vertex a = 0;
    Vertex b = 0;
    friend bool operator==(const Edge&, const Edge&) = default;
};

class CsrGraph {
public:
    CsrGraph() = default;

    // Builds the symmetric CSR from undirected edges. Duplicates (in either
    // orientation) are merged; self-loops and ids ≥ vertices throw
    // std::invalid_argument (callers validate user input before this).
    static CsrGraph from_edges(std::size_t vertices, std::span<const Edge> edges);
    // Takes ownership of arrays already checked by the caller (the topology
    // file reader checks monotone offsets, ranges, order and symmetry).
    static CsrGraph adopt(std::vector<std::uint32_t> offsets, std::vector<Vertex> adjacency);

    std::size_t num_vertices() const { return offsets_.empty() ? 0 : offsets_.size() - 1; }
    std::size_t num_edges() const { return adjacency_.size() / 2; }
    std::span<const Vertex> neighbours(Vertex v) const {
        return {adjacency_.data() + offsets_[v], adjacency_.data() + offsets_[v + 1]};
    }
    std::size_t degree(Vertex v) const { return offsets_[v + 1] - offsets_[v]; }
    // Position of u within the whole adjacency array when u ∈ neighbours(v).
    std::optional<std::size_t> slot(Vertex v, Vertex u) const;
    // Every undirected edge once, as (a < b), in ascending order.
    std::vector<Edge> edges() const;

    const std::vector<std::uint32_t>& offsets() const { return offsets_; }
    const std::vector<Vertex>& adjacency() const { return adjacency_; }
    std::size_t memory_bytes() const;

private:
    std::vector<std::uint32_t> offsets_;  // num_vertices + 1
    std::vector<Vertex> adjacency_;       // 2 · num_edges, each list ascending
};

// Sequential union-find with path halving; a union hooks the larger root
// under the smaller, so every root is the smallest id of its set and labels
// never depend on edge order.
class UnionFind {
public:
    explicit UnionFind(std::size_t n);
    Vertex find(Vertex v) {
        while (parent_[v] != v) {
            parent_[v] = parent_[parent_[v]];
            v = parent_[v];
        }
        return v;
    }
    bool unite(Vertex a, Vertex b) {
        a = find(a);
        b = find(b);
        if (a == b) return false;
        if (a < b) parent_[b] = a;
        else parent_[a] = b;
        return true;
    }
    void reset();
    std::size_t size() const { return parent_.size(); }

private:
    std::vector<Vertex> parent_;
};

struct ComponentLabels {
    std::vector<Vertex> label;  // the smallest vertex id of the component
    std::size_t count = 0;
};

// The connectivity kernel over the CSR: union-find with path halving and
// linking by smaller id, each edge once from its larger end in one
// ascending pass (csr.cpp). Labels are the smallest id of each component. The second form reuses `out`'s storage, so
// repeated calls allocate nothing.
ComponentLabels components(const CsrGraph& g);
void components(const CsrGraph& g, ComponentLabels& out);
// The same with some edges ignored: removed_slot[i] != 0 drops the edge at
// adjacency slot i (flag both directions of an edge; the scan reads the
// slot at the larger end). Always the one-pass kernel.
void components(const CsrGraph& g, std::span<const std::uint8_t> removed_slot, ComponentLabels& out);

// Breadth-first reach from `sources`; vertices with removed[v] != 0 are
// neither reached nor traversed (`removed` may be empty). One byte per vertex.
std::vector<std::uint8_t> bfs_reach(const CsrGraph& g, std::span<const Vertex> sources,
                                    std::span<const std::uint8_t> removed = {});

// ---------------------------------------------------------------------------
// Contraction of never-cut elements.
//
// In a replay only a few elements can ever change state: the vertices and
// edges some event targets. Every other edge is united once; each resulting
// component becomes one super-vertex, and the condensed graph keeps only the
// edges that touch a cuttable element. Connectivity on the condensed graph
// with some cuttable elements down equals connectivity on the full graph
// with the same elements down, and costs O(cuttable) instead of O(m).
// ---------------------------------------------------------------------------

inline constexpr std::uint32_t kVertexInduced = std::numeric_limits<std::uint32_t>::max();

struct CondensedEdge {
    Vertex a = 0;  // super-vertices, a != b
    Vertex b = 0;
    // Index into the cuttable edge list, or kVertexInduced when the edge is
    // kept because an endpoint is a cuttable vertex.
    std::uint32_t origin = kVertexInduced;
};

class Condensation {
public:
    // `cuttable_vertex` has one flag per vertex or is empty; every cuttable
    // edge must exist in g (std::invalid_argument otherwise). A cuttable
    // vertex is its own super-vertex.
    Condensation(const CsrGraph& g, std::span<const std::uint8_t> cuttable_vertex,
                 std::span<const Edge> cuttable_edges);

    std::size_t num_super() const { return weight_.size(); }
    Vertex super(Vertex v) const { return super_[v]; }
    const std::vector<Vertex>& super_of() const { return super_; }
    // Original vertices per super-vertex.
    const std::vector<std::uint32_t>& weight() const { return weight_; }
    // Condensed edges in a fixed order: cuttable edges first (by index), then
    // the vertex-induced ones by ascending original endpoint. Parallel edges
    // are kept (each may be controlled by a different element).
    const std::vector<CondensedEdge>& edges() const { return edges_; }
    // The condensed edges as a simple graph (parallel edges merged): the
    // structure for reachability when only vertices change state.
    const CsrGraph& graph() const { return graph_; }
    // Releases the per-original-vertex map when only super-vertex queries
    // remain (saves 4 bytes per vertex).
    void drop_vertex_map();
    std::size_t memory_bytes() const;

private:
    std::vector<Vertex> super_;
    std::vector<std::uint32_t> weight_;
    std::vector<CondensedEdge> edges_;
    CsrGraph graph_;
};

}  // namespace rubilnik::network
