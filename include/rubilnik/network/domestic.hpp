// The part of an AS graph that a country's own cuts can change
// (docs/network-as.md, "Reduction"). Used by the chokepoint analysis.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "rubilnik/network/asgraph.hpp"

namespace rubilnik::network {

// The country's ASes and their links, reduced to what a domestic cut can
// change: all foreign ASes are reachable whatever is cut, so each link from
// a domestic AS to a foreign one becomes an entry from the super-source.
// Valley-free routing keeps two states per AS (0 = climbing, 1 = after the
// peak); plain routing one.
class DomesticGraph {
public:
    // `domestic` may list ASNs absent from `g` (they are reported by
    // missing()) and may repeat; the order does not matter.
    DomesticGraph(const AsGraph& g, std::span<const Asn> domestic, Routing routing);

    Routing routing() const { return routing_; }
    std::size_t size() const { return asns_.size(); }  // domestic ASes present in g
    Asn asn(std::size_t i) const { return asns_[i]; }
    const std::vector<Asn>& asns() const { return asns_; }  // ascending
    std::optional<std::size_t> index(Asn asn) const;
    const std::vector<Asn>& missing() const { return missing_; }

    // reached[i] = 1 if AS i still reaches the foreign internet when every
    // AS with cut[i] != 0 is removed (cut may be empty = nothing cut).
    void reach(std::span<const std::uint8_t> cut, std::vector<std::uint8_t>& reached) const;
    // The same search at state level: seen[s] = 1 if state s is reachable.
    void reach_states(std::span<const std::uint8_t> cut, std::vector<std::uint8_t>& seen) const;
    const std::vector<std::uint8_t>& baseline() const { return baseline_; }

    // True if some path to another domestic AS can pass through AS i. Cutting
    // a non-transit AS disconnects only that AS, whatever else is cut.
    bool transit(std::size_t i) const { return transit_[i] != 0; }
    // The AS has a link abroad that is usable under the routing, so nothing
    // but cutting the AS itself can isolate it.
    bool border(std::size_t i) const { return border_[i] != 0; }
    // Valley-free only: the AS sells transit, directly or through domestic
    // customers, to a foreign AS, so its climbing state is reachable.
    bool climbs(std::size_t i) const { return climbs_[i] != 0; }

    // State-level structure, for the dominator and flow code.
    std::size_t num_states() const { return offsets_.size() - 1; }
    std::size_t state_as(std::size_t s) const { return s >> shift_; }
    // The state whose reachability means "AS i is connected".
    std::size_t sink_state(std::size_t i) const { return routing_ == Routing::plain ? i : 2 * i + 1; }
    std::span<const std::uint32_t> entries() const { return entries_; }
    std::span<const std::uint32_t> arcs(std::size_t s) const {
        return {arcs_.data() + offsets_[s], arcs_.data() + offsets_[s + 1]};
    }

private:
    Routing routing_;
    unsigned shift_;  // state → AS: s >> shift_
    std::vector<Asn> asns_;
    std::vector<Asn> missing_;
    std::vector<std::uint32_t> entries_;  // states entered straight from abroad
    std::vector<std::uint32_t> offsets_;  // CSR over states
    std::vector<std::uint32_t> arcs_;
    std::vector<std::uint8_t> baseline_;
    std::vector<std::uint8_t> transit_;
    std::vector<std::uint8_t> climbs_;
    std::vector<std::uint8_t> border_;
};

}  // namespace rubilnik::network
