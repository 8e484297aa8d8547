// Writes a generated country as a baseline folder any command can load
// (docs/large-topologies.md, "Generator"): the standard CSV tables for the
// small, named part and topology.bin for the router/cell graph.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "rubilnik/error.hpp"
#include "rubilnik/io/output.hpp"
#include "rubilnik/network/synthetic.hpp"

namespace rubilnik::network {
namespace {

namespace fs = std::filesystem;

std::string num(double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

std::string offset(int minutes) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%c%02d:%02d", minutes < 0 ? '-' : '+', std::abs(minutes) / 60,
                  std::abs(minutes) % 60);
    return buf;
}

void write_text(const fs::path& path, const std::string& text) {
    write_atomically(path, [&](const fs::path& tmp) {
        std::ofstream out(tmp, std::ios::binary);
        out << text;
        out.close();
        if (!out) throw InputError("cannot write " + tmp.string());
    });
}

std::string provenance(const SyntheticOptions& o) {
    std::ostringstream s;
    s << "synthetic: rubilnik topology generate --nodes " << o.nodes << " --regions " << o.regions << " --operators "
      << o.operators << " --seed " << o.seed;
    return s.str();
}

std::string baseline_toml(const SyntheticCountry& c) {
    const auto& o = c.options;
    const std::string src = provenance(o);
    double population = 0;
    for (const auto& r : c.regions) population += r.population;
    std::ostringstream s;
    s << "# A synthetic country written by `" << src.substr(11) << "`.\n"
      << "# Every number is drawn from the seed or is an illustrative round value; nothing here\n"
      << "# describes a real country. The router/cell graph is in topology.bin\n"
      << "# (format: docs/large-topologies.md); nodes.csv lists its named, targetable parts.\n"
      << "schema = \"rubilnik.baseline/1\"\n"
      << "name = \"synthetic\"\n"
      << "country = \"ZZ\"\n"
      << "title = \"Synthetic country: " << o.nodes << " vertices, " << o.regions << " regions, " << o.operators
      << " operators, seed " << o.seed << "\"\n"
      << "currency = \"USD\"\n"
      << "price_year = 2021\n"
      << "reference_utc_offset = \"+06:00\"\n"
      << "weekend = [\"sat\", \"sun\"]\n\n"
      << "[tables]\n"
      << "regions = \"regions.csv\"\noperators = \"operators.csv\"\nmarket_shares = \"market_shares.csv\"\n"
      << "sectors = \"sectors.csv\"\nactivity_profiles = \"activity_profiles.csv\"\nnodes = \"nodes.csv\"\n"
      << "links = \"links.csv\"\ntopology = \"topology.bin\"\n\n"
      << "[parameters]\n";
    auto p = [&](const char* key, double v, const char* why) {
        s << '"' << key << "\" = { value = " << num(v) << ", source = \"" << why << "\" }\n";
    };
    p("macro.gdp_local", population * 10000.0, "illustrative: 10,000 USD of GDP per person a year");
    p("macro.usd_per_local", 1.0, "the synthetic currency is the US dollar");
    p("network.cut_leakage", 0.02, "illustrative: NetBlocks saw ~2% of normal traffic in the KZ 2022 blackout");
    p("network.vpn_share", 0.05, "illustrative round value");
    p("economy.dependence.A", 0.1, "illustrative: low digital intensity");
    p("economy.dependence.G", 0.3, "illustrative: medium digital intensity");
    p("economy.dependence.J", 0.8, "illustrative: high digital intensity");
    p("economy.substitution", 0.2, "illustrative round value");
    p("economy.deferral", 0.2, "illustrative round value");
    p("economy.mobile_weight", 0.5, "illustrative round value");
    p("economy.domestic_sufficiency", 0.3, "illustrative round value");
    p("comparator.deloitte_share", 0.019, "Deloitte 2016 high-connectivity tier (as in the KZ baseline)");
    p("comparator.brookings_internet_share", 0.0233,
      "Brookings/BCG internet-economy share (mode used in the KZ baseline)");
    p("comparator.top10vpn_internet_share", 0.1268, "as derived in the KZ baseline");
    p("comparator.netloss_usd_per_person_day", 86.58, "ISOC NetLoss average per person-day (as in the KZ baseline)");
    p("comparator.oecd_telecom_revenue_local", population * 10000.0 * 0.013,
      "illustrative: telecom revenue 1.3% of GDP (the KZ 2021 ratio, 1.12 trn of 84 trn KZT)");
    p("comparator.oecd_internet_revenue_share", 0.55, "mode used in the KZ baseline");
    p("comparator.icrier_elasticity_total", 0.31, "ICRIER 2018 (as in the KZ baseline)");
    p("comparator.icrier_elasticity_mobile", 0.16, "ICRIER 2018 (as in the KZ baseline)");
    p("comparator.icrier_mobile_traffic_share", 0.75, "illustrative: the KZ share (Cloudflare Radar, Jan 2022)");
    p("emergency.calls_per_person_day", 0.0026, "mode used in the KZ baseline");
    return s.str();
}

std::string replay_toml(const SyntheticCountry& c) {
    std::ostringstream gw;
    bool first = true;
    for (const auto& n : c.named)
        if (n.kind == "gateway") gw << (first ? "" : ", ") << '"' << n.id << '"', first = false;
    const std::string region = c.regions.size() > 1 ? c.regions[1].id : c.regions[0].id;
    const std::string capital_gw = "gw:op0:" + c.regions[0].id;
    std::ostringstream s;
    s << "# A ten-day replay on the synthetic country, shaped like Kazakhstan, 2-11 January 2022:\n"
      << "# a regional aggregation outage, messengers blocked, mobile cut, then every gateway\n"
      << "# cut (the national blackout) with daily windows at the capital's gateway.\n"
      << "# Written by `rubilnik topology generate`; run with `rubilnik run <this file>`.\n"
      << "schema = \"rubilnik.scenario/1\"\n"
      << "name = \"synthetic-replay\"\n"
      << "title = \"Synthetic country: ten-day shutdown replay\"\n"
      << "baseline = \".\"\n"
      << "window = { start = \"2022-01-02T00:00+06:00\", end = \"2022-01-12T00:00+06:00\" }\n\n"
      << "[[event]]\nid = \"regional-outage\"\naction = \"cut\"\ntarget = { node = \"agg:" << region << ":op0\" }\n"
      << "from = \"2022-01-03T10:00+06:00\"\nto = \"2022-01-03T22:00+06:00\"\n"
      << "source = \"synthetic: one region's aggregation ring of the incumbent down for 12 h\"\n\n"
      << "[[event]]\nid = \"messengers\"\naction = \"block\"\n"
      << "target = { scope = \"national\", service_class = \"messengers\" }\n"
      << "from = \"2022-01-04T00:00+06:00\"\nto = \"2022-01-12T00:00+06:00\"\n"
      << "source = \"synthetic: shaped like the KZ messenger block from 4 Jan\"\n\n"
      << "[[event]]\nid = \"mobile-cut\"\naction = \"cut\"\ntarget = { access = \"mobile\" }\n"
      << "from = \"2022-01-04T18:00+06:00\"\nto = \"2022-01-11T08:15+06:00\"\n"
      << "source = \"synthetic: shaped like the KZ mobile cut\"\n\n"
      << "[[event]]\nid = \"gateways-cut\"\naction = \"cut\"\ntarget = { node = [" << gw.str() << "] }\n"
      << "from = \"2022-01-05T16:30+06:00\"\nto = \"2022-01-11T08:15+06:00\"\n"
      << "source = \"synthetic: every cross-border gateway cut, shaped like the KZ national blackout\"\n\n"
      << "[[event]]\nid = \"capital-window\"\naction = \"restore\"\ntarget = { node = \"" << capital_gw << "\" }\n"
      << "daily = { local = \"09:00-15:40\", from = \"2022-01-08\", to = \"2022-01-10\" }\n"
      << "source = \"synthetic: shaped like the KZ daytime restoration windows\"\n";
    return s.str();
}

}  // namespace

void write_synthetic_baseline(const SyntheticCountry& c, const std::string& dir_in) {
    const fs::path dir(dir_in);
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec || !fs::is_directory(dir))
        throw InputError("--out " + dir_in + ": cannot create the folder (" + ec.message() + ")");
    const std::string src = provenance(c.options);

    std::ostringstream regions, operators, shares, sectors, profiles, nodes;
    regions << "id,name,population,internet_users,fixed_share,utc_offset,gdp_share,source\n";
    for (const auto& r : c.regions)
        regions << r.id << ",Region " << r.id.substr(1) << ',' << num(r.population) << ',' << num(r.internet_users)
                << ',' << num(r.fixed_share) << ',' << offset(r.utc_offset_minutes) << ',' << num(r.gdp_share) << ','
                << src << '\n';
    operators << "id,name,asns,role,source\n";
    for (const auto& o : c.operators)
        operators << o.id << ",Operator " << o.id.substr(2) << ',' << o.asn << ',' << o.role << ',' << src
                  << " (ASNs from the private range)\n";
    shares << "region,operator,access,share,source\n";
    for (std::size_t r = 0; r < c.regions.size(); ++r)
        for (std::size_t a = 0; a < 2; ++a)
            for (std::size_t o = 0; o < c.operators.size(); ++o)
                if (c.share[r][a][o] > 0)
                    shares << c.regions[r].id << ',' << c.operators[o].id << ',' << (a == 0 ? "mobile" : "fixed") << ','
                           << num(c.share[r][a][o]) << ',' << src << '\n';
    double population = 0;
    for (const auto& r : c.regions) population += r.population;
    const double gdp = population * 10000.0;
    sectors << "id,name,value_added_local,profile,source\n"
            << "A,Agriculture and industry," << num(0.40 * gdp) << ",flat,illustrative: 40% of GDP\n"
            << "G,Trade and services," << num(0.45 * gdp) << ",daytime,illustrative: 45% of GDP\n"
            << "J,Information and communication," << num(0.15 * gdp) << ",daytime,illustrative: 15% of GDP\n";
    profiles << "profile,day_type,hour,weight,source\n";
    for (const char* day : {"workday", "weekend", "holiday"})
        for (int h = 0; h < 24; ++h) {
            profiles << "flat," << day << ',' << h << ",1,illustrative: round the clock\n";
            const bool work = std::string(day) == "workday";
            const double w = !work ? 0.5 : (h >= 9 && h < 18) ? 1.6 : (h < 7 || h >= 22) ? 0.2 : 0.8;
            profiles << "daytime," << day << ',' << h << ',' << num(w) << ",illustrative: office hours\n";
        }
    nodes << "id,kind,operator,region,location,service,service_class,source\n";
    for (const auto& n : c.named)
        nodes << n.id << ',' << n.kind << ',' << n.op << ',' << n.region << ',' << n.location << ',' << n.service << ','
              << n.service_class << ',' << src << " (vertices in topology.bin)\n";

    write_topology(c.topology, (dir / "topology.bin").string());
    write_text(dir / "regions.csv", regions.str());
    write_text(dir / "operators.csv", operators.str());
    write_text(dir / "market_shares.csv", shares.str());
    write_text(dir / "sectors.csv", sectors.str());
    write_text(dir / "activity_profiles.csv", profiles.str());
    write_text(dir / "nodes.csv", nodes.str());
    // The links are in topology.bin; the table stays for the format's sake.
    write_text(dir / "links.csv", "from,to,kind,capacity_gbps,source\n");
    write_text(dir / "baseline.toml", baseline_toml(c));
    write_text(dir / "replay.toml", replay_toml(c));
}

}  // namespace rubilnik::network
