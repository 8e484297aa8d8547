// The binary topology file (docs/large-topologies.md, "topology.bin"):
// a 128-byte header, then strings, labels and the CSR and attribute arrays
// exactly as they sit in memory, so reading is a handful of bulk reads.
#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "rubilnik/error.hpp"
#include "rubilnik/io/output.hpp"
#include "rubilnik/network/topology.hpp"

namespace rubilnik::network {
namespace {

static_assert(std::endian::native == std::endian::little,
              "topology.bin stores little-endian arrays and is read by bulk copies");

constexpr std::array<char, 8> kMagic = {'R', 'B', 'N', 'K', 'T', 'O', 'P', 'O'};
constexpr std::size_t kHeaderBytes = 128;
constexpr std::size_t kChecksummedHeader = 120;  // the header checksum covers bytes [0, 120)

struct Header {
    std::uint32_t version = kTopologyFormatVersion;
    std::uint64_t vertices = 0;
    std::uint64_t edges = 0;
    std::uint32_t regions = 0;
    std::uint32_t operators = 0;
    std::uint32_t label_names = 0;
    std::uint64_t labels = 0;
    std::uint64_t string_bytes = 0;
    std::uint64_t payload_bytes = 0;
    std::uint64_t payload_checksum = 0;
};

template <class T>
void put(std::array<unsigned char, kHeaderBytes>& buf, std::size_t at, T v) {
    std::memcpy(buf.data() + at, &v, sizeof v);
}
template <class T>
T get(const std::array<unsigned char, kHeaderBytes>& buf, std::size_t at) {
    T v;
    std::memcpy(&v, buf.data() + at, sizeof v);
    return v;
}

std::array<unsigned char, kHeaderBytes> encode(const Header& h) {
    std::array<unsigned char, kHeaderBytes> buf{};
    std::memcpy(buf.data(), kMagic.data(), kMagic.size());
    put(buf, 8, h.version);
    put(buf, 12, static_cast<std::uint32_t>(kHeaderBytes));
    put(buf, 16, h.vertices);
    put(buf, 24, h.edges);
    put(buf, 32, h.regions);
    put(buf, 36, h.operators);
    put(buf, 40, h.label_names);
    put(buf, 48, h.labels);
    put(buf, 56, h.string_bytes);
    put(buf, 64, h.payload_bytes);
    put(buf, 72, h.payload_checksum);
    Checksum c;
    c.update(buf.data(), kChecksummedHeader);
    put(buf, kChecksummedHeader, c.value());
    return buf;
}

std::uint64_t payload_size(const Header& h) {
    return h.string_bytes + h.labels * 8 + (h.vertices + 1) * 4 + h.edges * 8 + h.vertices * (1 + 2 + 1 + 4);
}

[[noreturn]] void fail(const std::string& path, const std::string& what) {
    throw InputError(SourceLocation{path, 0, 0}, "", what);
}

bool valid_name(const std::string& s) {
    if (s.empty() || s.size() > 64) return false;
    for (char c : s)
        if (static_cast<unsigned char>(c) <= ' ' || c == ',' || c == '"' || c == 0x7F) return false;
    return true;
}

void write_strings(std::ostream& out, Checksum& sum, const std::vector<std::string>& strings) {
    for (const auto& s : strings) {
        const auto len = static_cast<std::uint16_t>(s.size());
        out.write(reinterpret_cast<const char*>(&len), 2);
        out.write(s.data(), static_cast<std::streamsize>(s.size()));
        sum.update(&len, 2);
        sum.update(s.data(), s.size());
    }
}

template <class T>
void write_array(std::ostream& out, Checksum& sum, const std::vector<T>& v) {
    out.write(reinterpret_cast<const char*>(v.data()), static_cast<std::streamsize>(v.size() * sizeof(T)));
    sum.update(v.data(), v.size() * sizeof(T));
}

class Reader {
public:
    Reader(std::ifstream& in, const std::string& path) : in_(in), path_(path) {}
    template <class T>
    void array(std::vector<T>& v, std::size_t count, const char* section) {
        v.resize(count);
        in_.read(reinterpret_cast<char*>(v.data()), static_cast<std::streamsize>(count * sizeof(T)));
        if (!in_)
            fail(path_,
                 std::string("cannot read the ") + section + " section (the file is shorter than its header says)");
        sum_.update(v.data(), count * sizeof(T));
    }
    std::vector<std::string> strings(std::size_t count, std::uint64_t& budget) {
        std::vector<std::string> out(count);
        for (auto& s : out) {
            std::uint16_t len = 0;
            if (budget < 2) fail(path_, "the string section is shorter than its count of strings");
            in_.read(reinterpret_cast<char*>(&len), 2);
            if (!in_ || budget - 2 < len) fail(path_, "the string section is shorter than its count of strings");
            budget -= 2 + std::uint64_t{len};
            s.resize(len);
            in_.read(s.data(), len);
            if (!in_) fail(path_, "cannot read the string section");
            sum_.update(&len, 2);
            sum_.update(s.data(), len);
        }
        return out;
    }
    std::uint64_t checksum() const { return sum_.value(); }

private:
    std::ifstream& in_;
    const std::string& path_;
    Checksum sum_;
};

std::string hex(std::uint64_t v) {
    std::ostringstream s;
    s << std::hex << v;
    return s.str();
}

}  // namespace

// ---------------------------------------------------------------------------

void Checksum::mix(std::uint64_t w) {
    // XOR, rotate and an odd multiplier are each invertible, so any change
    // confined to one word always changes the result.
    h_ = std::rotl(h_ ^ (w * 0xFF51AFD7ED558CCDull), 31) * 0x9E3779B97F4A7C15ull;
}

void Checksum::update(const void* data, std::size_t bytes) {
    const auto* p = static_cast<const unsigned char*>(data);
    total_ += bytes;
    while (bytes > 0 && tail_bytes_ > 0) {
        tail_ |= std::uint64_t{*p++} << (8 * tail_bytes_);
        --bytes;
        if (++tail_bytes_ == 8) mix(tail_), tail_ = 0, tail_bytes_ = 0;
    }
    while (bytes >= 8) {
        std::uint64_t w;
        std::memcpy(&w, p, 8);
        mix(w);
        p += 8;
        bytes -= 8;
    }
    while (bytes > 0) {
        tail_ |= std::uint64_t{*p++} << (8 * tail_bytes_++);
        --bytes;
    }
}

std::uint64_t Checksum::value() const {
    Checksum c = *this;
    if (c.tail_bytes_ > 0) c.mix(c.tail_);
    c.mix(c.total_);
    std::uint64_t h = c.h_;
    h ^= h >> 33;
    h *= 0xC4CEB9FE1A85EC53ull;
    h ^= h >> 29;
    return h;
}

const char* vertex_kind_name(VertexKind k) {
    switch (k) {
        case VertexKind::foreign: return "foreign";
        case VertexKind::gateway: return "gateway";
        case VertexKind::backbone: return "backbone";
        case VertexKind::ixp: return "ixp";
        case VertexKind::service: return "service";
        case VertexKind::aggregation: return "aggregation";
        case VertexKind::preaggregation: return "preaggregation";
        case VertexKind::hub: return "hub";
        case VertexKind::access: return "access";
    }
    return "?";
}

std::vector<Vertex> Topology::vertices_of(const std::string& name) const {
    std::vector<Vertex> out;
    const auto it = std::lower_bound(label_names.begin(), label_names.end(), name);
    if (it == label_names.end() || *it != name) return out;
    const auto idx = static_cast<std::uint32_t>(it - label_names.begin());
    auto lo = std::lower_bound(labels.begin(), labels.end(), idx,
                               [](const TopologyLabel& l, std::uint32_t n) { return l.name < n; });
    for (; lo != labels.end() && lo->name == idx; ++lo) out.push_back(lo->vertex);
    return out;
}

std::size_t Topology::memory_bytes() const {
    std::size_t strings = 0;
    for (const auto* list : {&region_ids, &operator_ids, &label_names})
        for (const auto& s : *list) strings += sizeof(std::string) + s.capacity();
    return graph.memory_bytes() + kind.capacity() + region.capacity() * 2 + op.capacity() + users.capacity() * 4 +
           labels.capacity() * sizeof(TopologyLabel) + strings;
}

void Topology::validate() const {
    const std::string& f = source;
    const std::size_t n = graph.num_vertices();
    if (n == 0) fail(f, "the topology has no vertices");
    if (n > kMaxVertices) fail(f, std::to_string(n) + " vertices exceed the limit of " + std::to_string(kMaxVertices));
    const auto& off = graph.offsets();
    const auto& adj = graph.adjacency();
    if (off.front() != 0 || off.back() != adj.size())
        fail(f, "CSR offsets must start at 0 and end at the adjacency length " + std::to_string(adj.size()));
    for (std::size_t v = 0; v < n; ++v) {
        if (off[v + 1] < off[v]) fail(f, "CSR offsets decrease at vertex " + std::to_string(v));
        for (std::uint32_t i = off[v]; i < off[v + 1]; ++i) {
            const Vertex u = adj[i];
            if (u >= n)
                fail(f, "vertex " + std::to_string(v) + " lists neighbour " + std::to_string(u) + ", beyond the " +
                            std::to_string(n) + " vertices");
            if (u == v) fail(f, "vertex " + std::to_string(v) + " lists itself as a neighbour");
            if (i > off[v] && adj[i - 1] >= u)
                fail(f, "the neighbours of vertex " + std::to_string(v) + " are not strictly ascending");
        }
    }
    for (Vertex v = 0; v < n; ++v)
        for (Vertex u : graph.neighbours(v))
            if (u > v && !graph.slot(u, v))
                fail(f, "edge " + std::to_string(v) + "-" + std::to_string(u) + " is listed only at vertex " +
                            std::to_string(v) + " (adjacency must be symmetric)");
    if (kind.size() != n || region.size() != n || op.size() != n || users.size() != n)
        fail(f, "attribute arrays must hold one entry per vertex");
    if (region_ids.size() > kMaxTopologyRegions) fail(f, "too many regions");
    if (operator_ids.size() > kMaxTopologyOperators) fail(f, "too many operators");
    for (const auto* list : {&region_ids, &operator_ids, &label_names}) {
        for (std::size_t i = 0; i < list->size(); ++i) {
            if (!valid_name((*list)[i]))
                fail(f,
                     "'" + (*list)[i] + "' is not a valid id (1-64 printable characters, no spaces, commas or quotes)");
            if (list != &label_names)
                for (std::size_t j = 0; j < i; ++j)
                    if ((*list)[j] == (*list)[i]) fail(f, "duplicate id '" + (*list)[i] + "'");
        }
    }
    if (!std::is_sorted(label_names.begin(), label_names.end()) ||
        std::adjacent_find(label_names.begin(), label_names.end()) != label_names.end())
        fail(f, "label names must be sorted and unique");
    for (std::size_t i = 0; i < labels.size(); ++i) {
        const auto& l = labels[i];
        if (l.name >= label_names.size()) fail(f, "label " + std::to_string(i) + " names no label name");
        if (l.vertex >= n)
            fail(f, "label '" + label_names[l.name] + "' binds vertex " + std::to_string(l.vertex) +
                        ", beyond the vertices");
        if (i > 0 &&
            (labels[i - 1].name > l.name || (labels[i - 1].name == l.name && labels[i - 1].vertex >= l.vertex)))
            fail(f, "labels must be sorted by name then vertex, without repeats");
    }
    for (Vertex v = 0; v < n; ++v) {
        const std::uint8_t k = kind[v] & 0x7F;
        const auto at = [&] {
            return "vertex " + std::to_string(v) + " (" + vertex_kind_name(static_cast<VertexKind>(k)) + ")";
        };
        if (k >= kVertexKinds) fail(f, "vertex " + std::to_string(v) + " has unknown kind " + std::to_string(k));
        const bool is_access = k == static_cast<std::uint8_t>(VertexKind::access);
        if ((kind[v] & kFixedAccessBit) && !is_access)
            fail(f, at() + " carries the fixed-access bit; only access vertices may");
        if (region[v] != kNoRegion && region[v] >= region_ids.size())
            fail(f, at() + " has region index " + std::to_string(region[v]) + ", beyond the region list");
        if (op[v] != kNoOperator && op[v] >= operator_ids.size())
            fail(f, at() + " has operator index " + std::to_string(op[v]) + ", beyond the operator list");
        if (!std::isfinite(users[v]) || users[v] < 0)
            fail(f, at() + " has users " + std::to_string(users[v]) + "; expected a finite number ≥ 0");
        if (users[v] > 0 && !is_access) fail(f, at() + " has users; only access vertices carry users");
        if (is_access && (region[v] == kNoRegion || op[v] == kNoOperator))
            fail(f, at() + " needs a region and an operator");
    }
}

void write_topology(const Topology& t, const std::string& path) {
    t.validate();
    Header h;
    h.vertices = t.graph.num_vertices();
    h.edges = t.graph.num_edges();
    h.regions = static_cast<std::uint32_t>(t.region_ids.size());
    h.operators = static_cast<std::uint32_t>(t.operator_ids.size());
    h.label_names = static_cast<std::uint32_t>(t.label_names.size());
    h.labels = t.labels.size();
    for (const auto* list : {&t.region_ids, &t.operator_ids, &t.label_names})
        for (const auto& s : *list) h.string_bytes += 2 + s.size();
    h.payload_bytes = payload_size(h);
    // The checksum is computed while writing, so the header goes last.
    write_atomically(path, [&](const std::filesystem::path& tmp) {
        std::ofstream out(tmp, std::ios::binary);
        if (!out) throw InputError("cannot write " + tmp.string());
        out.write(reinterpret_cast<const char*>(encode(h).data()), kHeaderBytes);
        Checksum sum;
        write_strings(out, sum, t.region_ids);
        write_strings(out, sum, t.operator_ids);
        write_strings(out, sum, t.label_names);
        std::vector<std::uint32_t> labels;
        labels.reserve(2 * t.labels.size());
        for (const auto& l : t.labels) labels.push_back(l.name), labels.push_back(l.vertex);
        write_array(out, sum, labels);
        write_array(out, sum, t.graph.offsets());
        write_array(out, sum, t.graph.adjacency());
        write_array(out, sum, t.kind);
        write_array(out, sum, t.region);
        write_array(out, sum, t.op);
        write_array(out, sum, t.users);
        h.payload_checksum = sum.value();
        out.seekp(0);
        out.write(reinterpret_cast<const char*>(encode(h).data()), kHeaderBytes);
        out.close();
        if (!out) throw InputError("cannot write " + tmp.string() + " (disk full?)");
    });
}

Topology read_topology(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    if (ec) fail(path, "cannot read the topology file: " + ec.message());
    if (size < kHeaderBytes)
        fail(path, "truncated: " + std::to_string(size) + " bytes, but a topology header alone is 128 bytes");
    std::ifstream in(path, std::ios::binary);
    if (!in) fail(path, "cannot open the topology file");
    std::array<unsigned char, kHeaderBytes> buf{};
    in.read(reinterpret_cast<char*>(buf.data()), kHeaderBytes);
    if (!in) fail(path, "cannot read the topology header");
    if (std::memcmp(buf.data(), kMagic.data(), kMagic.size()) != 0)
        fail(path, "not a rubilnik topology file (the first 8 bytes are not \"RBNKTOPO\")");
    Checksum hc;
    hc.update(buf.data(), kChecksummedHeader);
    if (hc.value() != get<std::uint64_t>(buf, kChecksummedHeader))
        fail(path, "header checksum mismatch: the header is corrupt");
    Header h;
    h.version = get<std::uint32_t>(buf, 8);
    if (h.version != kTopologyFormatVersion)
        fail(path, "topology format version " + std::to_string(h.version) + "; this rubilnik reads version " +
                       std::to_string(kTopologyFormatVersion));
    if (get<std::uint32_t>(buf, 12) != kHeaderBytes) fail(path, "header size is not 128 bytes");
    h.vertices = get<std::uint64_t>(buf, 16);
    h.edges = get<std::uint64_t>(buf, 24);
    h.regions = get<std::uint32_t>(buf, 32);
    h.operators = get<std::uint32_t>(buf, 36);
    h.label_names = get<std::uint32_t>(buf, 40);
    h.labels = get<std::uint64_t>(buf, 48);
    h.string_bytes = get<std::uint64_t>(buf, 56);
    h.payload_bytes = get<std::uint64_t>(buf, 64);
    h.payload_checksum = get<std::uint64_t>(buf, 72);
    if (h.vertices == 0 || h.vertices > kMaxVertices)
        fail(path, std::to_string(h.vertices) + " vertices; expected 1.." + std::to_string(kMaxVertices));
    if (h.edges > kMaxEdges)
        fail(path, std::to_string(h.edges) + " edges exceed the limit of " + std::to_string(kMaxEdges));
    if (h.regions > kMaxTopologyRegions || h.operators > kMaxTopologyOperators || h.labels > 8 * kMaxVertices ||
        h.string_bytes > (std::uint64_t{1} << 32))
        fail(path, "the header's counts of regions, operators, labels or string bytes are out of range");
    if (payload_size(h) != h.payload_bytes)
        fail(path, "the header's payload size disagrees with its counts: the header is corrupt");
    if (size != kHeaderBytes + h.payload_bytes)
        fail(path, size < kHeaderBytes + h.payload_bytes
                       ? "truncated: the header promises " + std::to_string(kHeaderBytes + h.payload_bytes) +
                             " bytes, the file has " + std::to_string(size)
                       : std::to_string(size - kHeaderBytes - h.payload_bytes) + " unexpected bytes after the payload");

    Topology t;
    t.source = path;
    Reader r(in, path);
    std::uint64_t budget = h.string_bytes;
    t.region_ids = r.strings(h.regions, budget);
    t.operator_ids = r.strings(h.operators, budget);
    t.label_names = r.strings(h.label_names, budget);
    if (budget != 0) fail(path, "the string section is longer than its strings");
    std::vector<std::uint32_t> labels;
    r.array(labels, 2 * h.labels, "label");
    t.labels.reserve(h.labels);
    for (std::size_t i = 0; i < h.labels; ++i) t.labels.push_back({labels[2 * i], labels[2 * i + 1]});
    std::vector<std::uint32_t> offsets;
    std::vector<Vertex> adjacency;
    r.array(offsets, h.vertices + 1, "offset");
    r.array(adjacency, 2 * h.edges, "adjacency");
    r.array(t.kind, h.vertices, "kind");
    r.array(t.region, h.vertices, "region");
    r.array(t.op, h.vertices, "operator");
    r.array(t.users, h.vertices, "users");
    t.checksum = r.checksum();
    if (t.checksum != h.payload_checksum)
        fail(path, "payload checksum mismatch (stored " + hex(h.payload_checksum) + ", computed " + hex(t.checksum) +
                       "): the file is corrupt");
    t.graph = CsrGraph::adopt(std::move(offsets), std::move(adjacency));
    t.validate();
    return t;
}

}  // namespace rubilnik::network
