#include "rubilnik/country.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "rubilnik/detail/parameter_toml.hpp"
#include "rubilnik/detail/toml_view.hpp"
#include "rubilnik/io/csv.hpp"
#include "rubilnik/io/input_file.hpp"
#include "rubilnik/network/caida.hpp"
#include "rubilnik/network/topology.hpp"

namespace rubilnik {
namespace {

namespace fs = std::filesystem;
constexpr double kShareTolerance = 1e-6;

bool valid_id(const std::string& id) {
    if (id.empty() || id.size() > 64) return false;
    for (char c : id)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
              c == ':' || c == '.'))
            return false;
    return true;
}

// Bounded like CsvTable::read: this copy (for provenance) is read first.
std::string read_text(const std::string& path) { return read_input_file(path, kMaxTableBytes, "tables"); }

void require_source(const CsvTable& t, const CsvTable::Row& row) {
    if (t.empty(row, "source")) t.fail(row, "source", "every row needs a source");
}

std::string check_id(const CsvTable& t, const CsvTable::Row& row, const char* column, std::set<std::string>& seen) {
    const auto& id = t.text(row, column);
    if (!valid_id(id))
        t.fail(row, column, "id '" + id + "' must be 1-64 characters of letters, digits, '-', '_', ':' or '.'");
    if (!seen.insert(id).second) t.fail(row, column, "duplicate id '" + id + "'");
    return id;
}

void load_regions(Baseline& b, const std::string& path) {
    const auto t = CsvTable::read(
        path, {"id", "name", "population", "internet_users", "fixed_share", "utc_offset", "gdp_share", "source"});
    std::set<std::string> seen;
    double gdp = 0;
    for (const auto& row : t.rows()) {
        Region r;
        r.id = check_id(t, row, "id", seen);
        r.name = t.text(row, "name");
        r.population = t.number_in(row, "population", 0, 1e10);
        r.internet_users = t.number_in(row, "internet_users", 0, 1e10);
        if (r.internet_users > r.population) t.fail(row, "internet_users", "more internet users than population");
        r.fixed_share = t.number_in(row, "fixed_share", 0, 1);
        const auto off = parse_utc_offset(t.text(row, "utc_offset"));
        if (!off) t.fail(row, "utc_offset", "value '" + t.text(row, "utc_offset") + "' is not an offset like +06:00");
        r.utc_offset = *off;
        r.gdp_share = t.number_in(row, "gdp_share", 0, 1);
        gdp += r.gdp_share;
        require_source(t, row);
        r.source = t.text(row, "source");
        b.regions.push_back(std::move(r));
    }
    if (b.regions.empty()) throw InputError(SourceLocation{path, 1, 0}, "", "no regions; at least one is required");
    if (std::abs(gdp - 1.0) > kShareTolerance)
        throw InputError(SourceLocation{path, 0, 0}, "gdp_share",
                         "region GDP shares sum to " + std::to_string(gdp) + "; expected 1 (within 1e-6)");
}

void load_operators(Baseline& b, const std::string& path) {
    const auto t = CsvTable::read(path, {"id", "name", "asns", "role", "source"});
    std::set<std::string> seen;
    for (const auto& row : t.rows()) {
        Operator op;
        op.id = check_id(t, row, "id", seen);
        op.name = t.text(row, "name");
        std::istringstream asns(t.text(row, "asns"));
        std::string tok;
        while (asns >> tok) {
            double v = 0;
            if (!parse_double(tok, v) || v < 1 || v > 4294967295.0 || v != std::floor(v))
                t.fail(row, "asns", "'" + tok + "' is not an AS number (1-4294967295); separate ASNs with spaces");
            op.asns.push_back(static_cast<long>(v));
        }
        op.role = t.text(row, "role");
        if (op.role != "fixed" && op.role != "mobile" && op.role != "fixed+mobile" && op.role != "transit")
            t.fail(row, "role", "role '" + op.role + "' is not one of fixed, mobile, fixed+mobile, transit");
        require_source(t, row);
        op.source = t.text(row, "source");
        b.operators.push_back(std::move(op));
    }
}

void load_market_shares(Baseline& b, const std::string& path) {
    const auto t = CsvTable::read(path, {"region", "operator", "access", "share", "source"});
    const std::size_t R = b.regions.size(), O = b.operators.size();
    // national[access][op], regional[region][access][op]; NaN = not given
    std::array<std::vector<double>, kAccessTypes> national;
    for (auto& v : national) v.assign(O, std::nan(""));
    std::vector<std::array<std::vector<double>, kAccessTypes>> regional(R);
    for (auto& r : regional)
        for (auto& v : r) v.assign(O, std::nan(""));
    for (const auto& row : t.rows()) {
        const auto& reg = t.text(row, "region");
        const auto op = b.operator_index(t.text(row, "operator"));
        if (!op) t.fail(row, "operator", "unknown operator '" + t.text(row, "operator") + "' (not in operators.csv)");
        const auto& acc = t.text(row, "access");
        if (acc != "mobile" && acc != "fixed") t.fail(row, "access", "access '" + acc + "' is not mobile or fixed");
        const std::size_t a = acc == "mobile" ? 0 : 1;
        const double share = t.number_in(row, "share", 0, 1);
        require_source(t, row);
        double* slot = nullptr;
        if (reg == "*") {
            slot = &national[a][*op];
        } else {
            const auto r = b.region_index(reg);
            if (!r) t.fail(row, "region", "unknown region '" + reg + "' (not in regions.csv; use * for all regions)");
            slot = &regional[*r][a][*op];
        }
        if (!std::isnan(*slot)) t.fail(row, "share", "duplicate share for this region, operator and access");
        *slot = share;
    }
    b.market_share.resize(R);
    for (std::size_t r = 0; r < R; ++r) {
        for (std::size_t a = 0; a < kAccessTypes; ++a) {
            bool has_regional = false;
            for (double v : regional[r][a]) has_regional = has_regional || !std::isnan(v);
            const auto& src = has_regional ? regional[r][a] : national[a];
            auto& dst = b.market_share[r][a];
            dst.assign(O, 0.0);
            double sum = 0;
            for (std::size_t o = 0; o < O; ++o) {
                dst[o] = std::isnan(src[o]) ? 0.0 : src[o];
                sum += dst[o];
            }
            const double users =
                b.regions[r].internet_users * (a == 1 ? b.regions[r].fixed_share : 1.0 - b.regions[r].fixed_share);
            if (users > 0 && std::abs(sum - 1.0) > kShareTolerance)
                throw InputError(SourceLocation{path, 0, 0}, "share",
                                 std::string("market shares for region '") + b.regions[r].id + "', access '" +
                                     access_name(static_cast<Access>(a)) + "' sum to " + std::to_string(sum) +
                                     "; expected 1 (within 1e-6)");
        }
    }
}

void load_profiles(Baseline& b, const std::string& path) {
    const auto t = CsvTable::read(path, {"profile", "day_type", "hour", "weight", "source"});
    std::map<std::string, std::array<std::array<int, 24>, kDayTypes>> given;
    std::map<std::string, std::size_t> index;
    for (const auto& row : t.rows()) {
        const auto& id = t.text(row, "profile");
        if (!valid_id(id)) t.fail(row, "profile", "id '" + id + "' is not a valid id");
        const auto& dt = t.text(row, "day_type");
        std::size_t d = 0;
        if (dt == "workday") d = 0;
        else if (dt == "weekend") d = 1;
        else if (dt == "holiday") d = 2;
        else t.fail(row, "day_type", "day type '" + dt + "' is not workday, weekend or holiday");
        const auto hour = t.integer(row, "hour");
        if (hour < 0 || hour > 23) t.fail(row, "hour", "hour must be 0-23");
        const double w = t.number_in(row, "weight", 0, 1e6);
        require_source(t, row);
        if (!index.count(id)) {
            index[id] = b.profiles.size();
            b.profiles.push_back(ActivityProfile{id, {}});
            given[id] = {};
        }
        auto& count = given[id][d][static_cast<std::size_t>(hour)];
        if (count++) t.fail(row, "hour", "duplicate hour for this profile and day type");
        b.profiles[index[id]].weight[d][static_cast<std::size_t>(hour)] = w;
    }
    for (auto& p : b.profiles) {
        for (std::size_t d = 0; d < kDayTypes; ++d)
            for (std::size_t h = 0; h < 24; ++h)
                if (!given[p.id][d][h])
                    throw InputError(SourceLocation{path, 0, 0}, "profile",
                                     "profile '" + p.id + "' lacks hour " + std::to_string(h) + " for day type " +
                                         (d == 0   ? "workday"
                                          : d == 1 ? "weekend"
                                                   : "holiday") +
                                         "; all 24 hours of all three day types are required");
        double week = 0;
        for (std::size_t h = 0; h < 24; ++h) week += 5 * p.weight[0][h] + 2 * p.weight[1][h];
        const double mean = week / (7 * 24);
        if (mean <= 0)
            throw InputError(SourceLocation{path, 0, 0}, "profile", "profile '" + p.id + "' has no activity at all");
        for (auto& day : p.weight)
            for (auto& w : day) w /= mean;
    }
}

void load_sectors(Baseline& b, const std::string& path) {
    const auto t = CsvTable::read(path, {"id", "name", "value_added_local", "profile", "source"});
    std::set<std::string> seen;
    for (const auto& row : t.rows()) {
        Sector s;
        s.id = check_id(t, row, "id", seen);
        s.name = t.text(row, "name");
        s.value_added_local = t.number_in(row, "value_added_local", 0, 1e18);
        const auto& prof = t.text(row, "profile");
        bool found = false;
        for (std::size_t i = 0; i < b.profiles.size(); ++i)
            if (b.profiles[i].id == prof) {
                s.profile = i;
                found = true;
            }
        if (!found) t.fail(row, "profile", "unknown activity profile '" + prof + "'");
        require_source(t, row);
        s.source = t.text(row, "source");
        b.sectors.push_back(std::move(s));
    }
    if (b.sectors.empty()) throw InputError(SourceLocation{path, 1, 0}, "", "no sectors; at least one is required");
}

void load_topology(Baseline& b, const std::string& nodes_path, const std::string& links_path) {
    const auto t = CsvTable::read(
        nodes_path, {"id", "kind", "operator", "region", "location", "service", "service_class", "source"});
    std::set<std::string> seen;
    int foreign = 0;
    for (const auto& row : t.rows()) {
        Node n;
        n.id = check_id(t, row, "id", seen);
        if (n.id.rfind("access:", 0) == 0) t.fail(row, "id", "ids starting with 'access:' are generated by the engine");
        const auto& kind = t.text(row, "kind");
        if (kind == "core") n.kind = NodeKind::core;
        else if (kind == "ixp") n.kind = NodeKind::ixp;
        else if (kind == "gateway") n.kind = NodeKind::gateway;
        else if (kind == "foreign") n.kind = NodeKind::foreign, ++foreign;
        else if (kind == "service") n.kind = NodeKind::service;
        else t.fail(row, "kind", "kind '" + kind + "' is not core, ixp, gateway, foreign or service");
        if (!t.empty(row, "operator")) {
            n.op = b.operator_index(t.text(row, "operator"));
            if (!n.op) t.fail(row, "operator", "unknown operator '" + t.text(row, "operator") + "'");
        }
        if (n.kind == NodeKind::core && !n.op) t.fail(row, "operator", "a core node needs its operator");
        if (!t.empty(row, "region")) {
            n.region = b.region_index(t.text(row, "region"));
            if (!n.region) t.fail(row, "region", "unknown region '" + t.text(row, "region") + "'");
        }
        const auto& loc = t.text(row, "location");
        if (loc != "domestic" && loc != "foreign") t.fail(row, "location", "location must be domestic or foreign");
        n.domestic = loc == "domestic";
        n.service = t.text(row, "service");
        n.service_class = t.text(row, "service_class");
        if (n.kind == NodeKind::service && (n.service.empty() || n.service_class.empty()))
            t.fail(row, "service", "a service node needs a service name and a service_class");
        if (n.kind != NodeKind::service && !n.service.empty())
            t.fail(row, "service", "only service nodes name a service");
        require_source(t, row);
        n.source = t.text(row, "source");
        b.nodes.push_back(std::move(n));
    }
    if (foreign != 1)
        throw InputError(
            SourceLocation{nodes_path, 0, 0}, "kind",
            "exactly one node of kind 'foreign' (the foreign internet) is required; found " + std::to_string(foreign));
    std::vector<std::optional<std::size_t>> core_of(b.operators.size());
    for (std::size_t i = 0; i < b.nodes.size(); ++i)
        if (b.nodes[i].kind == NodeKind::core && !core_of[*b.nodes[i].op]) core_of[*b.nodes[i].op] = i;

    const auto lt = CsvTable::read(links_path, {"from", "to", "kind", "capacity_gbps", "source"});
    std::set<std::pair<std::size_t, std::size_t>> seen_links;
    for (const auto& row : lt.rows()) {
        Link l;
        const auto a = b.node_index(lt.text(row, "from"));
        const auto c = b.node_index(lt.text(row, "to"));
        if (!a) lt.fail(row, "from", "unknown node '" + lt.text(row, "from") + "' (not in nodes.csv)");
        if (!c) lt.fail(row, "to", "unknown node '" + lt.text(row, "to") + "' (not in nodes.csv)");
        if (*a == *c) lt.fail(row, "to", "a link cannot join a node to itself");
        if (!seen_links.insert({std::min(*a, *c), std::max(*a, *c)}).second) lt.fail(row, "to", "duplicate link");
        l.a = *a;
        l.b = *c;
        l.kind = lt.text(row, "kind");
        if (!lt.empty(row, "capacity_gbps")) {
            const double cap = lt.number(row, "capacity_gbps");
            if (cap < 0) lt.fail(row, "capacity_gbps", "capacity must not be negative");
            l.capacity_gbps = cap;
        }
        require_source(lt, row);
        l.source = lt.text(row, "source");
        b.links.push_back(std::move(l));
    }

    // Access nodes: one per (region, operator, access type) with users, each
    // hanging off its operator's core.
    for (std::size_t r = 0; r < b.regions.size(); ++r) {
        for (std::size_t a = 0; a < kAccessTypes; ++a) {
            const auto& reg = b.regions[r];
            const double users = reg.internet_users * (a == 1 ? reg.fixed_share : 1.0 - reg.fixed_share);
            for (std::size_t o = 0; o < b.operators.size(); ++o) {
                const double share = b.market_share[r][a][o];
                if (share <= 0 || users <= 0) continue;
                if (!core_of[o])
                    throw InputError(
                        SourceLocation{nodes_path, 0, 0}, "operator",
                        "operator '" + b.operators[o].id +
                            "' has market share but no core node (kind=core, operator=" + b.operators[o].id + ")");
                Node n;
                n.kind = NodeKind::access;
                n.access = static_cast<Access>(a);
                n.id = "access:" + reg.id + ":" + b.operators[o].id + ":" + access_name(n.access);
                n.op = o;
                n.region = r;
                n.users = users * share;
                n.source = "generated from regions.csv and market_shares.csv";
                b.links.push_back(Link{b.nodes.size(), *core_of[o], "access", std::nullopt, n.source});
                b.nodes.push_back(std::move(n));
            }
        }
    }
}

}  // namespace

const char* access_name(Access a) { return a == Access::mobile ? "mobile" : "fixed"; }

const char* node_kind_name(NodeKind k) {
    switch (k) {
        case NodeKind::access: return "access";
        case NodeKind::core: return "core";
        case NodeKind::ixp: return "ixp";
        case NodeKind::gateway: return "gateway";
        case NodeKind::foreign: return "foreign";
        case NodeKind::service: return "service";
    }
    return "?";
}

std::optional<std::size_t> Baseline::region_index(const std::string& id) const {
    for (std::size_t i = 0; i < regions.size(); ++i)
        if (regions[i].id == id) return i;
    return std::nullopt;
}
std::optional<std::size_t> Baseline::operator_index(const std::string& id) const {
    for (std::size_t i = 0; i < operators.size(); ++i)
        if (operators[i].id == id) return i;
    return std::nullopt;
}
std::optional<std::size_t> Baseline::node_index(const std::string& id) const {
    for (std::size_t i = 0; i < nodes.size(); ++i)
        if (nodes[i].id == id) return i;
    return std::nullopt;
}
std::optional<std::size_t> Baseline::sector_index(const std::string& id) const {
    for (std::size_t i = 0; i < sectors.size(); ++i)
        if (sectors[i].id == id) return i;
    return std::nullopt;
}

DayType Baseline::day_type(const Date& local) const {
    for (const auto& h : holidays)
        if (h == local) return DayType::holiday;
    return weekend[static_cast<std::size_t>(weekday(local))] ? DayType::weekend : DayType::workday;
}

double Baseline::total_users() const {
    double s = 0;
    for (const auto& r : regions) s += r.internet_users;
    return s;
}

double Baseline::total_population() const {
    double s = 0;
    for (const auto& r : regions) s += r.population;
    return s;
}

std::vector<std::size_t> Baseline::access_nodes() const {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < nodes.size(); ++i)
        if (nodes[i].kind == NodeKind::access) out.push_back(i);
    return out;
}

Baseline load_baseline(const std::string& folder_in) {
    fs::path folder(folder_in);
    fs::path file = folder;
    if (fs::is_directory(folder)) file = folder / "baseline.toml";
    else folder = folder.parent_path();
    const std::string path = file.string();
    if (!fs::exists(file))
        throw InputError(SourceLocation{path, 0, 0}, "",
                         "no baseline here; a baseline is a folder with baseline.toml and its CSV tables");

    Baseline b;
    b.folder = folder.string();
    const auto doc = detail::parse_toml_file(path, &b.toml_text);
    detail::TomlView v(doc, path);
    v.reject_unknown({"schema", "name", "country", "title", "currency", "price_year", "reference_utc_offset", "weekend",
                      "holidays", "tables", "parameters", "correlations"});
    const auto schema = v.require_string("schema");
    if (schema != "rubilnik.baseline/1")
        v.fail("schema", "schema is '" + schema + "'; this version reads 'rubilnik.baseline/1'");
    b.name = v.require_string("name");
    if (!valid_id(b.name)) v.fail("name", "name must be an id: letters, digits, '-', '_'");
    b.country = v.require_string("country");
    if (b.country.size() != 2) v.fail("country", "expected an ISO 3166-1 alpha-2 code like \"KZ\"");
    b.title = v.optional_string("title").value_or(b.name);
    b.currency = v.require_string("currency");
    if (b.currency.size() != 3) v.fail("currency", "expected an ISO 4217 code like \"KZT\"");
    const double year = v.require_number("price_year");
    if (year < 1900 || year > 2200 || year != std::floor(year)) v.fail("price_year", "expected a year like 2021");
    b.price_year = static_cast<int>(year);
    const auto ref = parse_utc_offset(v.require_string("reference_utc_offset"));
    if (!ref) v.fail("reference_utc_offset", "expected an offset like \"+06:00\"");
    b.reference_offset = *ref;
    static const char* kDays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    for (const auto& d : v.string_list("weekend")) {
        bool ok = false;
        for (std::size_t i = 0; i < 7; ++i)
            if (d == kDays[i]) b.weekend[i] = ok = true;
        if (!ok) v.fail("weekend", "'" + d + "' is not a day name (mon, tue, wed, thu, fri, sat, sun)");
    }
    if (auto hol = v.optional_table("holidays")) {
        hol->reject_unknown({"dates", "source"});
        b.holidays_source = hol->require_string("source");
        for (const auto& d : hol->string_list("dates")) {
            const auto date = parse_date(d);
            if (!date) hol->fail("dates", "'" + d + "' is not a date like 2022-01-07");
            b.holidays.push_back(*date);
        }
    }
    const auto tables = v.require_table("tables");
    // Channel tables: optional, each read by one channel (see docs/scenario-format.md).
    static const std::vector<std::string> kChannelTables = {"mining", "payments", "telecom",       "welfare",
                                                            "io",     "as_rel",   "sector_regions"};
    tables.reject_unknown({"regions", "operators", "market_shares", "sectors", "activity_profiles", "nodes", "links",
                           "mining", "payments", "telecom", "welfare", "io", "as_rel", "sector_regions", "topology"});
    auto table_path = [&](const char* key) {
        const auto rel = tables.require_string(key);
        const auto p = (folder / rel).lexically_normal();
        if (!fs::exists(p)) tables.fail(key, "table file '" + p.string() + "' does not exist");
        b.table_texts.emplace_back(rel, read_text(p.string()));
        return p.string();
    };
    load_regions(b, table_path("regions"));
    load_operators(b, table_path("operators"));
    load_market_shares(b, table_path("market_shares"));
    load_profiles(b, table_path("activity_profiles"));
    load_sectors(b, table_path("sectors"));
    const auto nodes_path = table_path("nodes");
    load_topology(b, nodes_path, table_path("links"));
    for (const auto& name : kChannelTables)
        if (tables.has(name)) b.channel_tables.emplace(name, CsvTable::read_any(table_path(name.c_str())));
    // The AS graph read by AsLevelNetwork (docs/network-as.md): checked here so
    // that `validate` catches a malformed file.
    if (const auto* as_rel = b.channel_table("as_rel")) network::read_asrel_csv(as_rel->path());
    // A router/cell-level graph (docs/large-topologies.md): binary, read in
    // bulk rather than as table text, and bound to the nodes loaded above.
    if (tables.has("topology")) {
        const auto rel = tables.require_string("topology");
        const auto p = (folder / rel).lexically_normal();
        if (!fs::exists(p)) tables.fail("topology", "topology file '" + p.string() + "' does not exist");
        network::attach_topology(b, rel, p.string());
    }
    if (auto params = v.optional_table("parameters"))
        detail::read_parameters(b.parameters, params->table(), path, "baseline", false);
    if (auto groups = v.optional_table("correlations"))
        detail::read_correlations(b.parameters, groups->table(), path, "baseline");
    return b;
}

}  // namespace rubilnik
