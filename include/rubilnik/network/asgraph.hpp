// AS-level topology with business relationships (docs/network-as.md).
//
// AsGraph is an immutable compressed-sparse-row graph over dense 32-bit
// vertex ids. Each vertex's adjacency is stored as three consecutive
// segments (providers, customers, peers), so the relationship of an edge is
// given by where it sits and costs no extra bytes; the valley-free search
// walks exactly one or two segments per state. Ids are assigned in ascending
// ASN order, so every result is independent of input line order.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace rubilnik::network {

using Asn = std::uint32_t;
using VertexId = std::uint32_t;

// How the neighbour relates to the vertex whose adjacency is being read:
// to_provider = the edge climbs (customer→provider), to_customer = it
// descends (provider→customer), to_peer = settlement-free peering.
enum class Rel : std::uint8_t { to_provider = 0, to_customer = 1, to_peer = 2 };

// One undirected business relationship as written in a CAIDA file.
struct AsLink {
    enum class Kind : std::uint8_t { provider_customer, peer };
    Asn a = 0;  // for provider_customer: the provider
    Asn b = 0;  // for provider_customer: the customer
    Kind kind = Kind::peer;
};

class AsGraph {
public:
    AsGraph() = default;

    // Builds the CSR. Throws InputError for ASN 0, self-loops and a pair of
    // ASes linked twice; `source` names the file and `lines` (parallel to
    // `links`, may be empty) gives each link's line for the message.
    static AsGraph from_links(std::span<const AsLink> links, const std::string& source = "",
                              std::span<const long> lines = {});

    std::size_t num_vertices() const { return asns_.size(); }
    std::size_t num_links() const { return adjacency_.size() / 2; }
    std::size_t num_provider_customer_links() const { return num_p2c_; }
    std::size_t num_peer_links() const { return num_links() - num_p2c_; }

    Asn asn(VertexId v) const { return asns_[v]; }
    const std::vector<Asn>& asns() const { return asns_; }  // ascending
    std::optional<VertexId> find(Asn asn) const;

    std::span<const VertexId> providers(VertexId v) const { return segment(v, 0); }
    std::span<const VertexId> customers(VertexId v) const { return segment(v, 1); }
    std::span<const VertexId> peers(VertexId v) const { return segment(v, 2); }
    // All neighbours: providers, then customers, then peers.
    std::span<const VertexId> neighbours(VertexId v) const {
        return {adjacency_.data() + offsets_[3 * v], adjacency_.data() + offsets_[3 * v + 3]};
    }
    std::size_t degree(VertexId v) const { return offsets_[3 * v + 3] - offsets_[3 * v]; }
    // Relationship of neighbours(v)[i].
    Rel relation(VertexId v, std::size_t i) const {
        const std::size_t at = offsets_[3 * v] + i;
        if (at < offsets_[3 * v + 1]) return Rel::to_provider;
        if (at < offsets_[3 * v + 2]) return Rel::to_customer;
        return Rel::to_peer;
    }
    // Relationship of the edge v→u, or nothing if they are not adjacent.
    std::optional<Rel> relation_between(VertexId v, VertexId u) const;

private:
    std::span<const VertexId> segment(VertexId v, int k) const {
        return {adjacency_.data() + offsets_[3 * v + k], adjacency_.data() + offsets_[3 * v + k + 1]};
    }

    std::vector<Asn> asns_;               // id → ASN, ascending
    std::vector<std::uint32_t> offsets_;  // 3 per vertex + 1: segment starts
    std::vector<VertexId> adjacency_;     // each segment sorted by id
    std::size_t num_p2c_ = 0;
};

// ---------------------------------------------------------------------------
// Valley-free (Gao–Rexford) reachability.
//
// A valid AS path climbs customer→provider zero or more times, crosses at
// most one peer link, then descends provider→customer zero or more times.
// The reverse of such a path is again of that form, so "x can send to t" and
// "t's route announcement reaches x" are the same question; the search runs
// outward from the target set, which answers it for every x in one pass.
// ---------------------------------------------------------------------------

enum class Routing : std::uint8_t {
    valley_free,  // Gao–Rexford export rules
    plain,        // any link in either direction (physical adjacency only)
};

// True if consecutive vertices are adjacent and the relationships form a
// valley-free sequence. A path of one vertex is valley-free.
bool is_valley_free(const AsGraph& g, std::span<const VertexId> path);

// Reusable search; keeps its buffers between runs so repeated what-if
// queries do not allocate.
class ReachSearch {
public:
    explicit ReachSearch(const AsGraph& g) : g_(&g) {}

    // Marks every vertex that has a path of the given kind to some target;
    // vertices with cut[v] != 0 are removed (neither endpoint nor transit).
    // `cut` is indexed by VertexId and may be empty. Returns one byte per
    // vertex, nonzero = reached; valid until the next run.
    const std::vector<std::uint8_t>& run(std::span<const VertexId> targets, std::span<const std::uint8_t> cut = {},
                                         Routing routing = Routing::valley_free);

private:
    const AsGraph* g_;
    std::vector<std::uint8_t> state_;  // bit 0: reached climbing, bit 1: reached descending
    std::vector<std::uint8_t> reached_;
    std::vector<std::uint32_t> queue_;
};

// One-shot convenience wrapper around ReachSearch.
std::vector<std::uint8_t> reach(const AsGraph& g, std::span<const VertexId> targets,
                                std::span<const std::uint8_t> cut = {}, Routing routing = Routing::valley_free);

// ---------------------------------------------------------------------------
// Plain connectivity kernels (undirected, relationships ignored).
// ---------------------------------------------------------------------------

struct Components {
    std::vector<VertexId> label;  // smallest vertex id in the component
    std::size_t count = 0;
};

// Union-find (union by index, path halving) over the CSR.
Components connected_components(const AsGraph& g);

}  // namespace rubilnik::network
