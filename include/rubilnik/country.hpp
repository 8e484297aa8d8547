// A country baseline (DESIGN.md "Concepts"): regions, operators, market
// shares, sectors, activity profiles, the national topology and the model
// parameters, each number with its source. Loaded from a folder holding
// baseline.toml and CSV tables, validated once, then immutable.
#pragma once

#include <array>
#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "rubilnik/io/csv.hpp"
#include "rubilnik/parameters.hpp"
#include "rubilnik/time.hpp"

namespace rubilnik {

namespace network {
struct Topology;  // rubilnik/network/topology.hpp
}

enum class Access { mobile = 0, fixed = 1 };
inline constexpr std::size_t kAccessTypes = 2;
const char* access_name(Access a);

enum class DayType { workday = 0, weekend = 1, holiday = 2 };
inline constexpr std::size_t kDayTypes = 3;

struct Region {
    std::string id;
    std::string name;
    double population = 0;
    double internet_users = 0;
    double fixed_share = 0;  // of internet users, primary access fixed
    UtcOffset utc_offset;
    double gdp_share = 0;
    std::string source;
};

struct Operator {
    std::string id;
    std::string name;
    std::vector<long> asns;
    std::string role;
    std::string source;
};

struct Sector {
    std::string id;
    std::string name;
    double value_added_local = 0;  // per year, price year of the baseline
    std::size_t profile = 0;       // index into Baseline::profiles
    std::string source;
};

// Hourly activity weights per day type, normalised so that the mean over a
// 7-day week (5 workdays + 2 weekend days) is 1.
struct ActivityProfile {
    std::string id;
    std::array<std::array<double, 24>, kDayTypes> weight{};
};

enum class NodeKind { access, core, ixp, gateway, foreign, service };
const char* node_kind_name(NodeKind k);

struct Node {
    std::string id;
    NodeKind kind = NodeKind::core;
    std::optional<std::size_t> op;      // operator index
    std::optional<std::size_t> region;  // region index
    bool domestic = true;
    Access access = Access::mobile;  // access nodes only
    double users = 0;                // access nodes only
    std::string service;             // service nodes only
    std::string service_class;       // service nodes only
    std::string source;
};

struct Link {
    std::size_t a = 0;
    std::size_t b = 0;
    std::string kind;
    std::optional<double> capacity_gbps;
    std::string source;
};

struct Baseline {
    std::string name;
    std::string country;
    std::string title;
    std::string currency;
    int price_year = 0;
    UtcOffset reference_offset;
    std::array<bool, 7> weekend{};  // Monday = 0
    std::vector<Date> holidays;
    std::string holidays_source;

    std::vector<Region> regions;
    std::vector<Operator> operators;
    // share[region][access][operator] of that region's users of that access type
    std::vector<std::array<std::vector<double>, kAccessTypes>> market_share;
    std::vector<Sector> sectors;
    std::vector<ActivityProfile> profiles;
    std::vector<Node> nodes;  // listed nodes first, then generated access nodes
    std::vector<Link> links;
    ParameterTable parameters;
    // Optional tables a channel reads (mining, payments, telecom, ...): read
    // and checked for CSV syntax at load; the channel checks their columns
    // when the engine is built, before any output is written.
    std::map<std::string, CsvTable> channel_tables;
    const CsvTable* channel_table(const std::string& name) const {
        auto it = channel_tables.find(name);
        return it == channel_tables.end() ? nullptr : &it->second;
    }
    // The router- or cell-level graph of `[tables] topology` (docs/large-topologies.md),
    // bound to the nodes above; null when the baseline has none.
    std::shared_ptr<const network::Topology> topology;

    std::string folder;                                            // where baseline.toml was read
    std::string toml_text;                                         // exact input text, for provenance
    std::vector<std::pair<std::string, std::string>> table_texts;  // file name -> text

    std::optional<std::size_t> region_index(const std::string& id) const;
    std::optional<std::size_t> operator_index(const std::string& id) const;
    std::optional<std::size_t> node_index(const std::string& id) const;
    std::optional<std::size_t> sector_index(const std::string& id) const;
    DayType day_type(const Date& local) const;
    double total_users() const;
    double total_population() const;
    std::vector<std::size_t> access_nodes() const;
};

// Loads `folder`/baseline.toml and its tables; throws InputError on any
// problem, naming the file, line, key and what was expected.
Baseline load_baseline(const std::string& folder);

}  // namespace rubilnik
