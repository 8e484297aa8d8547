// Synthetic national topologies at router and cell-site level
// (docs/large-topologies.md, "Generator"): regions, a national backbone ring
// per operator, cross-border gateways, an aggregation ring per region and
// operator, and access trees down to cell sites (mobile) and access routers
// (fixed). Every random choice comes from CounterRng keyed by the seed, so
// the same options give the same bytes on any machine.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "rubilnik/network/topology.hpp"

namespace rubilnik::network {

struct SyntheticOptions {
    std::size_t nodes = 100'000;  // vertices, exactly
    std::size_t regions = 17;
    std::size_t operators = 4;
    std::uint64_t seed = 1;
    double population = 20e6;
};

inline constexpr std::size_t kMaxSyntheticRegions = 1000;
inline constexpr std::size_t kMaxSyntheticOperators = 16;

struct SyntheticRegion {
    std::string id;
    double population = 0;
    double internet_users = 0;
    double fixed_share = 0;
    double gdp_share = 0;
    int utc_offset_minutes = 360;
};

struct SyntheticOperator {
    std::string id;
    std::string role;  // fixed+mobile, mobile or fixed
    std::uint32_t asn = 0;
};

// A node of nodes.csv (the named, targetable part of the topology).
struct SyntheticNamedNode {
    std::string id, kind, op, region, location, service, service_class;
};

struct SyntheticCountry {
    SyntheticOptions options;
    std::vector<SyntheticRegion> regions;
    std::vector<SyntheticOperator> operators;
    // share[region][access][operator], access 0 = mobile, 1 = fixed.
    std::vector<std::array<std::vector<double>, 2>> share;
    std::vector<SyntheticNamedNode> named;
    Topology topology;
};

// The smallest vertex count the generator accepts for these options.
std::size_t minimum_synthetic_nodes(const SyntheticOptions& options);

// Generates the country; throws InputError for options out of range
// (nodes below the minimum or above kMaxVertices, 0 regions, ...).
SyntheticCountry generate_synthetic(const SyntheticOptions& options);

// Writes a complete baseline folder: baseline.toml, the CSV tables,
// topology.bin, and replay.toml, a ten-day scenario of national, regional
// and gateway cuts that `rubilnik run DIR/replay.toml` replays.
void write_synthetic_baseline(const SyntheticCountry& country, const std::string& dir);

}  // namespace rubilnik::network
