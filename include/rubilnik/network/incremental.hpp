// Reachability over a replay: many time steps, few elements that change
// (docs/large-topologies.md, "Algorithms").
//
// Three ways to answer "which vertices reach the source at step t", for a
// graph whose cuttable edges go down and up over T steps:
//   replay_full      — the connectivity kernel over the whole graph at every step,
//                      O(T · (n + m)); the reference everything is checked against;
//   replay_condensed — the never-cut edges contracted once (Condensation),
//                      then union-find over the condensed graph per step,
//                      O(n + m) once + O(T · c);
//   replay_offline   — offline dynamic connectivity: each condensed edge's
//                      alive intervals go into a segment tree over time and
//                      one depth-first pass with a rollback union-find
//                      answers every step, O(n + m) once + O((c + T) log T log c).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "rubilnik/network/csr.hpp"

namespace rubilnik::network {

// Union by size without path compression, so every union can be undone
// exactly: find() is O(log n) and rollback pops the unions in reverse.
// Each root also carries the summed weight of its set.
class RollbackUnionFind {
public:
    // `weight` has one entry per vertex or is empty (every vertex weighs 1).
    explicit RollbackUnionFind(std::size_t n, std::span<const std::uint32_t> weight = {});
    Vertex find(Vertex v) const {
        while (parent_[v] != v) v = parent_[v];
        return v;
    }
    bool unite(Vertex a, Vertex b);
    std::size_t checkpoint() const { return history_.size(); }
    void rollback(std::size_t checkpoint);
    std::uint64_t weight_of_root(Vertex root) const { return weight_[root]; }

private:
    std::vector<Vertex> parent_;
    std::vector<std::uint32_t> size_;
    std::vector<std::uint64_t> weight_;
    std::vector<Vertex> history_;  // the root hooked under another, per union
};

// An undirected edge present during the half-open step range [begin, end).
struct TimedEdge {
    Vertex a = 0;
    Vertex b = 0;
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
};

struct ReplayAnswer {
    // Per step: summed weight of the source's component.
    std::vector<std::uint64_t> source_weight;
    // [step * queries + i]: query i is connected to the source at that step.
    std::vector<std::uint8_t> connected;
};

// Offline dynamic connectivity over `steps` steps: segment tree over time,
// depth-first with a rollback union-find. Edges with begin ≥ end are
// ignored; ranges are clipped to [0, steps). Throws std::invalid_argument
// for ids ≥ vertices.
ReplayAnswer offline_connectivity(std::size_t vertices, std::size_t steps, std::span<const TimedEdge> edges,
                                  Vertex source, std::span<const Vertex> queries = {},
                                  std::span<const std::uint32_t> weight = {});

// A replay of edge availability on a graph: edges[i] is down during the
// sorted, disjoint step ranges down[i] ([begin, end)); all other edges are
// always up.
struct EdgeReplay {
    std::size_t steps = 0;
    std::vector<Edge> edges;
    std::vector<std::vector<std::pair<std::uint32_t, std::uint32_t>>> down;
};

// Per step in [first, last): the number of vertices connected to `source`.
std::vector<std::uint64_t> replay_full(const CsrGraph& g, const EdgeReplay& replay, Vertex source,
                                       std::size_t first_step, std::size_t last_step);
// Per step, the same count on a condensation built with replay.edges as
// the cuttable edges (and no cuttable vertices).
std::vector<std::uint64_t> replay_condensed(const Condensation& c, const EdgeReplay& replay, Vertex source);
std::vector<std::uint64_t> replay_offline(const Condensation& c, const EdgeReplay& replay, Vertex source);

}  // namespace rubilnik::network
