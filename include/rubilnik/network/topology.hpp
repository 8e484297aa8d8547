// A router- or cell-level national topology: the CSR graph plus a few bytes
// of attributes per vertex, and labels that bind the baseline's named nodes
// (nodes.csv: gateways, cores, IXPs, services) to vertices. Stored in the
// binary file `topology.bin` that a baseline references with
// `[tables] topology = "topology.bin"`; the format is specified in
// docs/large-topologies.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "rubilnik/network/csr.hpp"

namespace rubilnik {
struct Baseline;
}

namespace rubilnik::network {

enum class VertexKind : std::uint8_t {
    foreign = 0,         // the foreign internet
    gateway = 1,         // cross-border router
    backbone = 2,        // national backbone point of presence
    ixp = 3,             // internet exchange
    service = 4,         // a service host
    aggregation = 5,     // regional aggregation ring router
    preaggregation = 6,  // first level of an access tree
    hub = 7,             // cell hub / access switch
    access = 8,          // cell site (mobile) or access router (fixed): carries users
};
inline constexpr std::uint8_t kVertexKinds = 9;
// Set in the kind byte of fixed-access vertices (cleared = mobile).
inline constexpr std::uint8_t kFixedAccessBit = 0x80;
inline constexpr std::uint16_t kNoRegion = 0xFFFF;
inline constexpr std::uint8_t kNoOperator = 0xFF;
inline constexpr std::size_t kMaxTopologyOperators = 254;
inline constexpr std::size_t kMaxTopologyRegions = 65534;

const char* vertex_kind_name(VertexKind k);

struct TopologyLabel {
    std::uint32_t name = 0;  // index into Topology::label_names
    Vertex vertex = 0;
};

struct Topology {
    CsrGraph graph;
    // Per vertex: kind (low 7 bits) and kFixedAccessBit; region and
    // operator indices into region_ids/operator_ids; users (access only).
    std::vector<std::uint8_t> kind;
    std::vector<std::uint16_t> region;
    std::vector<std::uint8_t> op;
    std::vector<float> users;
    std::vector<std::string> region_ids;
    std::vector<std::string> operator_ids;
    // Named vertex sets: labels sorted by (name, vertex), names sorted.
    std::vector<std::string> label_names;
    std::vector<TopologyLabel> labels;

    std::string source;          // the file it was read from, for messages
    std::uint64_t checksum = 0;  // of the payload, as stored in the file

    std::size_t num_vertices() const { return graph.num_vertices(); }
    VertexKind kind_of(Vertex v) const { return static_cast<VertexKind>(kind[v] & 0x7F); }
    bool fixed_access(Vertex v) const { return (kind[v] & kFixedAccessBit) != 0; }
    // Vertices bound to a label name (empty if the name is unknown).
    std::vector<Vertex> vertices_of(const std::string& name) const;
    // Bytes held by the graph, the attributes and the labels.
    std::size_t memory_bytes() const;
    // Checks attributes and labels against the graph; throws InputError
    // naming `source` (used by the reader and before writing).
    void validate() const;
};

inline constexpr std::uint32_t kTopologyFormatVersion = 1;

// Writes the binary file atomically (temporary name, then rename).
void write_topology(const Topology& t, const std::string& path);
// Reads and checks a topology file: header, sizes, checksum, CSR shape
// (monotone offsets, ids in range, sorted lists without self-loops or
// duplicates, symmetry) and attributes. Throws InputError naming the file
// and what is wrong. The arrays are read straight into the CSR; no
// per-vertex objects are built.
Topology read_topology(const std::string& path);

// The 64-bit checksum of the format (docs/large-topologies.md): a
// multiply-rotate hash over little-endian 8-byte words, the tail zero-padded.
class Checksum {
public:
    void update(const void* data, std::size_t bytes);
    std::uint64_t value() const;

private:
    void mix(std::uint64_t word);
    std::uint64_t h_ = 0x9E3779B97F4A7C15ull;
    std::uint64_t tail_ = 0;
    unsigned tail_bytes_ = 0;
    std::uint64_t total_ = 0;
};

// ---------------------------------------------------------------------------
// A topology bound to a loaded baseline.

// Reads `path` (given in baseline.toml as `rel`) and checks it against the
// baseline: every label names a node of nodes.csv and every listed node has
// at least one vertex; region and operator ids exist; the users on access
// vertices of each (region, operator, access) add up to the generated access
// network's users (relative 1e-4), and no users sit where the baseline has
// none. Stores the topology in b.topology and a one-line summary (counts and
// checksum, not the bytes) in b.table_texts for provenance.
void attach_topology(Baseline& b, const std::string& rel, const std::string& path);

}  // namespace rubilnik::network
