// CSR construction, valley-free search and union-find for AsGraph, and the
// reduced DomesticGraph (include/rubilnik/network/{asgraph,domestic}.hpp,
// docs/network-as.md).
#include "rubilnik/network/asgraph.hpp"
#include "rubilnik/network/domestic.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "rubilnik/error.hpp"

namespace rubilnik::network {

namespace {

std::string link_text(const AsLink& l) {
    return std::to_string(l.a) + "|" + std::to_string(l.b) + "|" + (l.kind == AsLink::Kind::peer ? "0" : "-1");
}

// Segment index of each end of a link (0 providers, 1 customers, 2 peers):
// the provider stores the customer in its customer segment and vice versa.
constexpr int kProviders = 0;
constexpr int kCustomers = 1;
constexpr int kPeers = 2;

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();  // "not domestic"

}  // namespace

AsGraph AsGraph::from_links(std::span<const AsLink> links, const std::string& source, std::span<const long> lines) {
    if (!lines.empty() && lines.size() != links.size())
        throw std::invalid_argument("AsGraph::from_links: lines must be empty or parallel to links");
    // The CSR stores half-edge positions in 32 bits; 2^31 links is far beyond
    // any real AS graph (about 0.5M links in 2024), so refuse rather than wrap.
    if (links.size() > std::numeric_limits<std::uint32_t>::max() / 2)
        throw std::invalid_argument("AsGraph::from_links: too many links");
    auto where = [&](std::size_t i) { return SourceLocation{source, lines.empty() ? 0 : lines[i], 0}; };

    for (std::size_t i = 0; i < links.size(); ++i) {
        const AsLink& l = links[i];
        if (l.a == 0 || l.b == 0)
            throw InputError(where(i), "",
                             "link " + link_text(l) + ": AS number 0 is reserved; expected ASNs 1..4294967295");
        if (l.a == l.b)
            throw InputError(where(i), "",
                             "link " + link_text(l) + ": an AS linked to itself; expected two different ASNs");
    }

    AsGraph g;
    g.asns_.reserve(links.size() * 2);
    for (const AsLink& l : links) {
        g.asns_.push_back(l.a);
        g.asns_.push_back(l.b);
    }
    std::sort(g.asns_.begin(), g.asns_.end());
    g.asns_.erase(std::unique(g.asns_.begin(), g.asns_.end()), g.asns_.end());
    g.asns_.shrink_to_fit();
    const std::size_t n = g.asns_.size();

    // Endpoint ids; a binary search per endpoint is a few ms for the whole
    // Internet and keeps the id ↔ ASN map a single sorted array.
    std::vector<VertexId> ia(links.size()), ib(links.size());
    for (std::size_t i = 0; i < links.size(); ++i) {
        ia[i] = *g.find(links[i].a);
        ib[i] = *g.find(links[i].b);
    }

    // Counting sort of half-edges into the 3n segments.
    std::vector<std::uint32_t> start(3 * n + 1, 0);
    for (std::size_t i = 0; i < links.size(); ++i) {
        if (links[i].kind == AsLink::Kind::provider_customer) {
            ++start[3 * ia[i] + kCustomers + 1];
            ++start[3 * ib[i] + kProviders + 1];
            ++g.num_p2c_;
        } else {
            ++start[3 * ia[i] + kPeers + 1];
            ++start[3 * ib[i] + kPeers + 1];
        }
    }
    for (std::size_t k = 1; k < start.size(); ++k) start[k] += start[k - 1];
    g.offsets_ = start;

    // Half-edges packed as (neighbour << 32 | link index) so that one sort
    // per segment orders neighbours and keeps the link for error messages.
    std::vector<std::uint64_t> half(2 * links.size());
    auto put = [&](VertexId v, int seg, VertexId u, std::size_t link) {
        half[start[3 * v + seg]++] = (std::uint64_t{u} << 32) | link;
    };
    for (std::size_t i = 0; i < links.size(); ++i) {
        if (links[i].kind == AsLink::Kind::provider_customer) {
            put(ia[i], kCustomers, ib[i], i);
            put(ib[i], kProviders, ia[i], i);
        } else {
            put(ia[i], kPeers, ib[i], i);
            put(ib[i], kPeers, ia[i], i);
        }
    }
    for (std::size_t s = 0; s + 1 < g.offsets_.size(); ++s)
        std::sort(half.begin() + g.offsets_[s], half.begin() + g.offsets_[s + 1]);

    // A pair linked twice (same or different relationship) is contradictory
    // input: detect it with a per-vertex stamp over all three segments.
    std::vector<std::uint32_t> seen_by(n, std::numeric_limits<std::uint32_t>::max());
    std::vector<std::uint32_t> seen_link(n, 0);
    for (VertexId v = 0; v < n; ++v) {
        for (std::uint32_t k = g.offsets_[3 * v]; k < g.offsets_[3 * v + 3]; ++k) {
            const auto u = static_cast<VertexId>(half[k] >> 32);
            const auto link = static_cast<std::uint32_t>(half[k]);
            if (seen_by[u] == v) {
                const std::size_t first = std::min(link, seen_link[u]);
                const std::size_t second = std::max(link, seen_link[u]);
                std::string msg = "link " + link_text(links[second]) + ": AS" + std::to_string(g.asns_[v]) + " and AS" +
                                  std::to_string(g.asns_[u]) + " are already linked";
                msg += lines.empty() ? " (link #" + std::to_string(first + 1) + ")"
                                     : " at line " + std::to_string(lines[first]);
                throw InputError(where(second), "", msg + "; expected each AS pair once");
            }
            seen_by[u] = v;
            seen_link[u] = link;
        }
    }

    g.adjacency_.resize(half.size());
    for (std::size_t k = 0; k < half.size(); ++k) g.adjacency_[k] = static_cast<VertexId>(half[k] >> 32);
    return g;
}

std::optional<VertexId> AsGraph::find(Asn asn) const {
    auto it = std::lower_bound(asns_.begin(), asns_.end(), asn);
    if (it == asns_.end() || *it != asn) return std::nullopt;
    return static_cast<VertexId>(it - asns_.begin());
}

std::optional<Rel> AsGraph::relation_between(VertexId v, VertexId u) const {
    for (int k = 0; k < 3; ++k) {
        auto seg = segment(v, k);
        if (std::binary_search(seg.begin(), seg.end(), u)) return static_cast<Rel>(k);
    }
    return std::nullopt;
}

bool is_valley_free(const AsGraph& g, std::span<const VertexId> path) {
    bool climbing = true;  // still on the customer→provider part
    for (std::size_t i = 0; i + 1 < path.size(); ++i) {
        const auto rel = g.relation_between(path[i], path[i + 1]);
        if (!rel) return false;
        switch (*rel) {
            case Rel::to_provider:
                if (!climbing) return false;  // a valley: down (or across) then up
                break;
            case Rel::to_peer:
                if (!climbing) return false;  // second peer link, or peer after descending
                climbing = false;
                break;
            case Rel::to_customer: climbing = false; break;
        }
    }
    return true;
}

const std::vector<std::uint8_t>& ReachSearch::run(std::span<const VertexId> targets, std::span<const std::uint8_t> cut,
                                                  Routing routing) {
    const std::size_t n = g_->num_vertices();
    if (!cut.empty() && cut.size() != n)
        throw std::invalid_argument("ReachSearch::run: cut mask must be empty or one byte per vertex");
    state_.assign(n, 0);
    queue_.clear();
    queue_.reserve(2 * n);
    auto removed = [&](VertexId v) { return !cut.empty() && cut[v] != 0; };

    // Bits of state_: 1 = reached while still climbing, 2 = reached in the
    // descending phase. Reaching a vertex climbing also sets bit 2, because
    // everything a descending visit could expand (its customers) is already
    // expanded by the climbing visit.
    constexpr std::uint8_t kUp = 1, kDown = 2;
    for (VertexId t : targets) {
        if (t >= n) throw std::invalid_argument("ReachSearch::run: target id out of range");
        if (removed(t) || (state_[t] & kUp)) continue;
        state_[t] = kUp | kDown;
        queue_.push_back(t << 1);
    }

    if (routing == Routing::plain) {
        for (std::size_t head = 0; head < queue_.size(); ++head) {
            const VertexId v = queue_[head] >> 1;
            for (VertexId u : g_->neighbours(v)) {
                if (state_[u] || removed(u)) continue;
                state_[u] = kUp | kDown;
                queue_.push_back(u << 1);
            }
        }
        return state_;
    }

    for (std::size_t head = 0; head < queue_.size(); ++head) {
        const VertexId v = queue_[head] >> 1;
        const bool climbing = (queue_[head] & 1) == 0;
        if (climbing) {
            for (VertexId u : g_->providers(v)) {
                if ((state_[u] & kUp) || removed(u)) continue;
                state_[u] = kUp | kDown;
                queue_.push_back(u << 1);
            }
            // Crossing a peer link or turning down ends the climb.
            for (auto seg : {g_->peers(v), g_->customers(v)}) {
                for (VertexId u : seg) {
                    if (state_[u] || removed(u)) continue;
                    state_[u] = kDown;
                    queue_.push_back((u << 1) | 1);
                }
            }
        } else {
            for (VertexId u : g_->customers(v)) {
                if (state_[u] || removed(u)) continue;
                state_[u] = kDown;
                queue_.push_back((u << 1) | 1);
            }
        }
    }
    return state_;
}

std::vector<std::uint8_t> reach(const AsGraph& g, std::span<const VertexId> targets, std::span<const std::uint8_t> cut,
                                Routing routing) {
    ReachSearch search(g);
    return search.run(targets, cut, routing);
}

Components connected_components(const AsGraph& g) {
    const std::size_t n = g.num_vertices();
    Components out;
    out.label.resize(n);
    auto& parent = out.label;
    for (VertexId v = 0; v < n; ++v) parent[v] = v;
    auto find = [&](VertexId v) {
        while (parent[v] != v) {
            parent[v] = parent[parent[v]];  // path halving
            v = parent[v];
        }
        return v;
    };
    for (VertexId v = 0; v < n; ++v) {
        for (VertexId u : g.neighbours(v)) {
            if (u < v) continue;  // each undirected link once
            VertexId a = find(v), b = find(u);
            if (a == b) continue;
            // Hooking the larger root under the smaller makes every root the
            // smallest id of its component, which is then the label.
            if (a < b) parent[b] = a;
            else parent[a] = b;
        }
    }
    for (VertexId v = 0; v < n; ++v) {
        parent[v] = find(v);
        if (parent[v] == v) ++out.count;
    }
    return out;
}

// ---------------------------------------------------------------------------
// DomesticGraph
// ---------------------------------------------------------------------------

DomesticGraph::DomesticGraph(const AsGraph& g, std::span<const Asn> domestic, Routing routing)
    : routing_(routing), shift_(routing == Routing::valley_free ? 1 : 0) {
    std::vector<Asn> want(domestic.begin(), domestic.end());
    std::sort(want.begin(), want.end());
    want.erase(std::unique(want.begin(), want.end()), want.end());
    std::vector<VertexId> vertex;
    std::vector<std::uint32_t> local(g.num_vertices(), kNone);
    for (Asn a : want) {
        if (auto v = g.find(a)) {
            local[*v] = static_cast<std::uint32_t>(asns_.size());
            asns_.push_back(a);
            vertex.push_back(*v);
        } else {
            missing_.push_back(a);
        }
    }
    const std::size_t n = asns_.size();
    const std::size_t ns = n << shift_;

    std::vector<std::pair<std::uint32_t, std::uint32_t>> arcs;
    auto arc = [&](std::uint32_t s, std::uint32_t t) { arcs.emplace_back(s, t); };
    for (std::uint32_t i = 0; i < n; ++i) {
        const VertexId v = vertex[i];
        if (routing == Routing::plain) {
            for (VertexId u : g.neighbours(v)) {
                if (local[u] == kNone) entries_.push_back(i);
                else arc(i, local[u]);
            }
            continue;
        }
        // Valley-free: U = 2i (still climbing), D = 2i+1 (past the peak).
        // Foreign ASes are all reachable in both states whatever is cut, so
        // a link to one is an entry into the state that link leads to.
        const std::uint32_t up = 2 * i, down = 2 * i + 1;
        arc(up, down);  // the peak may be at i itself
        for (VertexId p : g.providers(v)) {
            if (local[p] == kNone) entries_.push_back(down);  // foreign provider descends to i
            else arc(up, 2 * local[p]);
        }
        for (VertexId c : g.customers(v)) {
            if (local[c] == kNone) entries_.push_back(up);  // foreign customer climbs to i
            else arc(down, 2 * local[c] + 1);
        }
        for (VertexId q : g.peers(v)) {
            if (local[q] == kNone) entries_.push_back(down);
            else arc(up, 2 * local[q] + 1);
        }
    }
    std::sort(entries_.begin(), entries_.end());
    entries_.erase(std::unique(entries_.begin(), entries_.end()), entries_.end());
    std::sort(arcs.begin(), arcs.end());
    arcs.erase(std::unique(arcs.begin(), arcs.end()), arcs.end());
    offsets_.assign(ns + 1, 0);
    for (auto [s, t] : arcs) ++offsets_[s + 1];
    for (std::size_t s = 1; s <= ns; ++s) offsets_[s] += offsets_[s - 1];
    arcs_.reserve(arcs.size());
    for (auto [s, t] : arcs) arcs_.push_back(t);

    border_.assign(n, 0);
    for (std::uint32_t e : entries_) border_[state_as(e)] = 1;
    std::vector<std::uint8_t> seen;
    reach_states({}, seen);
    baseline_.resize(n);
    climbs_.assign(n, 0);
    transit_.assign(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
        baseline_[i] = seen[sink_state(i)];
        if (routing == Routing::valley_free) climbs_[i] = seen[2 * i];
    }
    // Transit: a reachable state of i has an arc into another AS. Under plain
    // routing an AS entered from abroad nowhere and adjacent to one domestic
    // AS only can just bounce back to it, which never helps, so it is a leaf.
    for (std::size_t s = 0; s < ns; ++s) {
        if (!seen[s]) continue;
        for (std::uint32_t t : this->arcs(s))
            if (state_as(t) != state_as(s)) transit_[state_as(s)] = 1;
    }
    if (routing == Routing::plain)
        for (std::size_t i = 0; i < n; ++i)
            if (!border_[i] && offsets_[i + 1] - offsets_[i] == 1) transit_[i] = 0;
}

std::optional<std::size_t> DomesticGraph::index(Asn asn) const {
    auto it = std::lower_bound(asns_.begin(), asns_.end(), asn);
    if (it == asns_.end() || *it != asn) return std::nullopt;
    return static_cast<std::size_t>(it - asns_.begin());
}

void DomesticGraph::reach(std::span<const std::uint8_t> cut, std::vector<std::uint8_t>& reached) const {
    if (!cut.empty() && cut.size() != size())
        throw std::invalid_argument("DomesticGraph::reach: cut must be empty or one byte per AS");
    thread_local std::vector<std::uint8_t> seen;
    reach_states(cut, seen);
    reached.resize(size());
    for (std::size_t i = 0; i < size(); ++i) reached[i] = seen[sink_state(i)];
}

// Breadth-first search over the state graph from the super-source. The queue
// is thread-local so that concurrent scenarios can share one DomesticGraph
// without locking.
void DomesticGraph::reach_states(std::span<const std::uint8_t> cut, std::vector<std::uint8_t>& seen) const {
    thread_local std::vector<std::uint32_t> queue;
    seen.assign(num_states(), 0);
    queue.clear();
    auto removed = [&](std::uint32_t s) { return !cut.empty() && cut[state_as(s)] != 0; };
    for (std::uint32_t e : entries()) {
        if (seen[e] || removed(e)) continue;
        seen[e] = 1;
        queue.push_back(e);
    }
    for (std::size_t head = 0; head < queue.size(); ++head) {
        for (std::uint32_t t : arcs(queue[head])) {
            if (seen[t] || removed(t)) continue;
            seen[t] = 1;
            queue.push_back(t);
        }
    }
}

}  // namespace rubilnik::network
