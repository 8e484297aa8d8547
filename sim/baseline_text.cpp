#include "baseline_text.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>

#include "rubilnik/error.hpp"
#include "rubilnik/io/csv.hpp"
#include "rubilnik/time.hpp"
#include "rubilnik/version.hpp"

namespace rubilnik {
namespace {

namespace fs = std::filesystem;

const char* kMobileOperator = "national-mobile";
const char* kFixedOperator = "national-fixed";

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(SourceLocation{path, 0, 0}, "", "cannot open file");
    std::ostringstream buf;
    buf << in.rdbuf();
    return buf.str();
}

std::string percent(double share) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f %%", share * 100);
    return buf;
}

// Numbers inside source texts: four significant digits are enough to read.
std::string brief(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g", v);
    return buf;
}

std::string rounded(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.0f", std::round(v));
    return buf;
}

// Every number of a spec that scales with a quantity (not sigma, a ratio,
// nor weights, which are normalised).
void scale_spec(ParameterSpec& spec, double factor, bool only_min_and_mode) {
    for (auto& [k, v] : spec) {
        const bool scalable = only_min_and_mode
                                  ? (k == "min" || k == "mode" || k == "value" || k == "median" || k == "mean")
                                  : (k == "value" || k == "min" || k == "mode" || k == "max" || k == "mean" ||
                                     k == "sd" || k == "median" || k == "values");
        if (!scalable) continue;
        if (v.kind == SpecValue::Kind::number) v.number *= factor;
        else if (v.kind == SpecValue::Kind::numbers)
            for (auto& x : v.numbers) x *= factor;
    }
}

void append_source(ParameterSpec& spec, const std::string& text) {
    for (auto& [k, v] : spec)
        if (k == "source") {
            v.text += text;
            return;
        }
    spec.emplace_back("source", SpecValue{SpecValue::Kind::text, 0, text.substr(2), {}});
}

}  // namespace

std::string csv_cell(const std::string& text) {
    if (text.find_first_of(",\"\n\r") == std::string::npos && (text.empty() || text[0] != '#')) return text;
    std::string out = "\"";
    for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

BaselineText::BaselineText(const Defaults& defaults, const CountryInfo& country, GeneratedBaseline& out,
                           const BaselineRequest& request, double gdp, double population, double users_pct,
                           double mobile_per_100, double gdp_per_capita, std::string income_note)
    : d_(defaults),
      c_(country),
      g_(out),
      req_(request),
      gdp_(gdp),
      population_(population),
      users_pct_(users_pct),
      mobile_per_100_(mobile_per_100),
      per_capita_(gdp_per_capita),
      income_note_(std::move(income_note)) {
    if (c_.utc_offset.empty() && req_.regions_file.empty())
        throw InputError(SourceLocation{c_.source, c_.line, 0}, "utc_offset",
                         "no time zone is known for " + c_.iso2 + "; give regions with their utc_offset (--regions)");
    reference_offset_ = c_.utc_offset.empty() ? "+00:00" : c_.utc_offset;
}

std::string BaselineText::indicator_source(const std::string& code) const {
    for (const auto& u : g_.indicators)
        if (u.code == code) return u.source;
    return code;
}

void BaselineText::write_regions(const std::string& regions_file) {
    const double rate = users_pct_ / 100.0;
    const double default_fixed = d_.fixed_share.at(g_.income_group);
    std::ostringstream csv;
    csv << "id,name,population,internet_users,fixed_share,utc_offset,gdp_share,source\n";
    // Mobile users cannot outnumber mobile subscriptions.
    auto fixed_share_for = [&](double users, double pop, std::string& why) {
        double fs_ = default_fixed;
        why = "fixed_share " + brief(fs_) + ": default for " + g_.income_group + " income ([access] in defaults.toml)";
        const double mobile_subs = mobile_per_100_ / 100.0 * pop;
        if (users > 0 && users * (1 - fs_) > mobile_subs) {
            fs_ = std::clamp(1.0 - mobile_subs / users, 0.0, 1.0);
            why += "; raised to " + brief(fs_) + " so mobile users do not exceed mobile subscriptions (IT.CEL.SETS.P2)";
        }
        return fs_;
    };
    if (regions_file.empty()) {
        const double users = std::round(population_ * rate);
        std::string why;
        const double fs_ = fixed_share_for(users, population_, why);
        csv << "national," << csv_cell(c_.name) << "," << rounded(population_) << "," << rounded(users) << ","
            << number_text(fs_) << "," << reference_offset_ << ",1,"
            << csv_cell("one region (no regional data): population " + indicator_source(kWdiPopulation) +
                        "; users = population x " + indicator_source(kWdiInternetUsers) + " (" + percent(rate) + "); " +
                        why + "; utc_offset: " + c_.tz + " standard time (data/countries/countries.csv)")
            << "\n";
        national_users_ = users;
        regions_.push_back({"national", population_, users, fs_, 1.0});
        notes_ << "## Regions\n\nOne region, `national`: no regional data were given (`--regions FILE` adds them). "
               << "Sub-national events on this baseline are scaled by an affected share (docs/stop-2022.md).\n\n";
    } else {
        const auto t = CsvTable::read_any(regions_file);
        for (const char* col : {"id", "name", "population", "gdp_share", "utc_offset", "source"}) t.column(col);
        const bool has_users = std::find(t.header().begin(), t.header().end(), "internet_users") != t.header().end();
        const bool has_fixed = std::find(t.header().begin(), t.header().end(), "fixed_share") != t.header().end();
        double pop_sum = 0, gdp_sum = 0;
        for (const auto& row : t.rows()) {
            const double pop = t.number_in(row, "population", 0, 1e10);
            const double users = has_users && !t.empty(row, "internet_users")
                                     ? t.number_in(row, "internet_users", 0, pop)
                                     : std::round(pop * rate);
            std::string why;
            double fs_ = fixed_share_for(users, pop, why);
            if (has_fixed && !t.empty(row, "fixed_share")) {
                fs_ = t.number_in(row, "fixed_share", 0, 1);
                why = "fixed_share from " + regions_file;
            }
            const double share = t.number_in(row, "gdp_share", 0, 1);
            if (!parse_utc_offset(t.text(row, "utc_offset")))
                t.fail(row, "utc_offset", "'" + t.text(row, "utc_offset") + "' is not an offset like +06:00");
            if (t.empty(row, "source")) t.fail(row, "source", "every region needs a source");
            pop_sum += pop;
            gdp_sum += share;
            std::string src = t.text(row, "source");
            if (!(has_users && !t.empty(row, "internet_users")))
                src += "; users = population x national rate " + indicator_source(kWdiInternetUsers);
            src += "; " + why;
            csv << csv_cell(t.text(row, "id")) << "," << csv_cell(t.text(row, "name")) << "," << rounded(pop) << ","
                << rounded(users) << "," << number_text(fs_) << "," << t.text(row, "utc_offset") << ","
                << number_text(share) << "," << csv_cell(src) << "\n";
            national_users_ += users;
            regions_.push_back({t.text(row, "id"), pop, users, fs_, share});
        }
        if (t.rows().empty()) throw InputError(SourceLocation{regions_file, 1, 0}, "", "no regions");
        if (std::abs(gdp_sum - 1.0) > 1e-6)
            throw InputError(SourceLocation{regions_file, 0, 0}, "gdp_share",
                             "region GDP shares sum to " + number_text(gdp_sum) + "; expected 1 (within 1e-6)");
        if (std::abs(pop_sum - population_) > 0.05 * population_)
            g_.notes.push_back("regions hold " + rounded(pop_sum) + " people; " + indicator_source(kWdiPopulation) +
                               " says " + rounded(population_));
        notes_ << "## Regions\n\n"
               << t.rows().size() << " regions from `" << regions_file
               << "` (their sources are in regions.csv); internet users default to the national rate.\n\n";
    }
    g_.files.emplace_back("regions.csv", csv.str());
}

void BaselineText::write_sectors(const std::string& sectors_file) {
    std::ostringstream csv;
    csv << "id,name,value_added_local,profile,source\n";
    auto find_default = [&](const std::string& id) -> const SectorDefault* {
        for (const auto& s : d_.sectors)
            if (s.id == id) return &s;
        return nullptr;
    };
    const std::string gdp_src = indicator_source(kWdiGdp);
    if (sectors_file.empty()) {
        const auto& structure = d_.structure.at(g_.income_group);
        for (const auto& s : d_.sectors) {
            const double group_share = structure.at(s.group);
            const double share = group_share * s.within;
            csv << s.id << "," << csv_cell(s.name) << "," << rounded(gdp_ * share) << "," << s.profile << ","
                << csv_cell("GDP " + gdp_src + " x default share " + brief(share) + " = " + s.group + " " +
                            brief(group_share) + " for " + g_.income_group + " income ([structure]) x within " +
                            brief(s.within) + " ([sectors." + s.id + "]); scenarios/defaults/SOURCES.md")
                << "\n";
            sector_ids_.push_back(s.id);
        }
        notes_ << "## Sectors\n\nDefault structure for " << g_.income_group << " income ([structure] and [sectors] in "
               << "scenarios/defaults/defaults.toml): value added = GDP x group share x within-group share. "
               << "The shares are assumptions with wide ranges (scenarios/defaults/SOURCES.md); `--sectors FILE` "
               << "replaces them with known shares.\n\n";
    } else {
        const auto t = CsvTable::read_any(sectors_file);
        for (const char* col : {"id", "share", "source"}) t.column(col);
        const bool has_name = std::find(t.header().begin(), t.header().end(), "name") != t.header().end();
        const bool has_profile = std::find(t.header().begin(), t.header().end(), "profile") != t.header().end();
        double sum = 0;
        for (const auto& row : t.rows()) sum += t.number_in(row, "share", 0, 1);
        if (std::abs(sum - 1.0) > 1e-3)
            throw InputError(SourceLocation{sectors_file, 0, 0}, "share",
                             "sector shares sum to " + number_text(sum) + "; expected 1 (within 1e-3)");
        for (const auto& row : t.rows()) {
            const auto& id = t.text(row, "id");
            const auto* def = find_default(id);
            std::string name = has_name && !t.empty(row, "name") ? t.text(row, "name") : def ? def->name : "";
            std::string profile = has_profile && !t.empty(row, "profile") ? t.text(row, "profile")
                                  : def                                   ? def->profile
                                                                          : "";
            if (name.empty() || profile.empty())
                t.fail(row, "id",
                       "sector '" + id + "' is not a NACE section of the defaults; give its name and profile");
            if (t.empty(row, "source")) t.fail(row, "source", "every sector share needs a source");
            const double share = t.number(row, "share") / sum;
            csv << csv_cell(id) << "," << csv_cell(name) << "," << rounded(gdp_ * share) << "," << profile << ","
                << csv_cell("GDP " + gdp_src + " x share " + brief(share) + " (" + t.text(row, "source") + ")") << "\n";
            sector_ids_.push_back(id);
        }
        notes_ << "## Sectors\n\nShares of value added from `" << sectors_file << "` (renormalised to sum to 1).\n\n";
    }
    g_.files.emplace_back("sectors.csv", csv.str());
    g_.files.emplace_back("activity_profiles.csv", read_file((fs::path(d_.folder) / "activity_profiles.csv").string()));
}

void BaselineText::write_topology() {
    const std::string unknown = "operators unknown: a single national operator (rubilnik baseline new)";
    std::ostringstream ops, shares, nodes, links;
    ops << "id,name,asns,role,source\n"
        << kMobileOperator << ",National mobile networks (all operators),,mobile," << unknown << "\n"
        << kFixedOperator << ",National fixed networks (all operators),,fixed," << unknown << "\n";
    shares << "region,operator,access,share,source\n"
           << "*," << kMobileOperator << ",mobile,1," << unknown << "\n"
           << "*," << kFixedOperator << ",fixed,1," << unknown << "\n";
    const std::string topo = "minimal generated topology: topology unknown";
    nodes << "id,kind,operator,region,location,service,service_class,source\n"
          << "foreign-internet,foreign,,,foreign,,,abstract node for all networks abroad\n"
          << "core:" << kMobileOperator << ",core," << kMobileOperator << ",,domestic,,," << topo << "\n"
          << "core:" << kFixedOperator << ",core," << kFixedOperator << ",,domestic,,," << topo << "\n"
          << "ixp:national,ixp,,,domestic,,," << topo << " (a national exchange is assumed)\n"
          << "gw:" << kMobileOperator << ",gateway," << kMobileOperator << ",,domestic,,," << topo << "\n"
          << "gw:" << kFixedOperator << ",gateway," << kFixedOperator << ",,domestic,,," << topo << "\n";
    links << "from,to,kind,capacity_gbps,source\n";
    for (const char* op : {kMobileOperator, kFixedOperator}) {
        links << "core:" << op << ",ixp:national,peering,," << topo << "\n"
              << "core:" << op << ",gw:" << op << ",internal,," << topo << "\n"
              << "gw:" << op << ",foreign-internet,international,," << topo << "; capacity unknown\n";
    }
    for (const auto& s : d_.services) {
        const std::string id = "svc:" + s.service;
        nodes << id << ",service,,," << s.location << "," << s.service << "," << s.service_class << ","
              << csv_cell(s.source + " (scenarios/defaults/defaults.toml)") << "\n";
        if (s.location == "foreign") {
            links << id << ",foreign-internet,hosting,,foreign-hosted service\n";
        } else {
            links << id << ",ixp:national,hosting,,assumption: domestic hosting\n"
                  << id << ",core:" << kFixedOperator << ",hosting,,assumption: domestic hosting\n";
        }
    }
    g_.files.emplace_back("operators.csv", ops.str());
    g_.files.emplace_back("market_shares.csv", shares.str());
    g_.files.emplace_back("nodes.csv", nodes.str());
    g_.files.emplace_back("links.csv", links.str());
    notes_ << "## Operators and topology\n\nOperators are unknown: one national mobile and one national fixed "
           << "operator hold all users. Topology: each operator's core peers at one national exchange and reaches "
           << "the foreign internet through its own gateway; service hosts (scenarios/defaults/defaults.toml "
           << "[[services]]) hang off the foreign internet, or off the exchange and the fixed core when domestic. "
           << "Replace operators.csv, market_shares.csv, nodes.csv and links.csv to add what is known.\n\n";
}

void BaselineText::write_channel_tables() {
    for (const auto& [name, file] : d_.tables) {
        const auto path = (fs::path(d_.folder) / file).string();
        g_.files.emplace_back(fs::path(file).filename().string(), render_template(read_file(path), path));
    }
}

// Placeholders: {name} or {name*factor}. A line holding a {region...}
// placeholder is written once per region.
std::string BaselineText::render_template(const std::string& text, const std::string& file) const {
    double pop = 0, mobile = 0, fixed = 0;
    for (const auto& r : regions_) {
        pop += r.population;
        mobile += r.users * (1 - r.fixed_share);
        fixed += r.users * r.fixed_share;
    }
    const std::map<std::string, std::string> words = {{"mobile_operator", kMobileOperator},
                                                      {"fixed_operator", kFixedOperator},
                                                      {"country", c_.iso2},
                                                      {"income_group", g_.income_group}};
    const std::map<std::string, double> numbers = {{"gdp_local", gdp_},
                                                   {"gdp_per_capita", per_capita_},
                                                   {"population", population_},
                                                   {"internet_users", national_users_},
                                                   {"mobile_users", mobile},
                                                   {"fixed_users", fixed},
                                                   {"mobile_subscriptions", mobile_per_100_ / 100.0 * population_},
                                                   {"year", static_cast<double>(req_.year)}};
    auto fill = [&](const std::string& line, long line_no, const RegionRow* region) {
        std::string out;
        std::size_t pos = 0;
        while (true) {
            const auto open = line.find('{', pos);
            if (open == std::string::npos) break;
            const auto close = line.find('}', open);
            if (close == std::string::npos) break;
            out += line.substr(pos, open - pos);
            std::string key = line.substr(open + 1, close - open - 1);
            double factor = 1;
            if (const auto star = key.find('*'); star != std::string::npos) {
                if (!parse_double(key.substr(star + 1), factor))
                    throw InputError(SourceLocation{file, line_no, 0}, key, "expected {name*number}");
                key = key.substr(0, star);
            }
            std::optional<double> v;
            if (auto w = words.find(key); w != words.end() && factor == 1) out += w->second;
            else if (auto n = numbers.find(key); n != numbers.end()) v = n->second;
            else if (region && key == "region") out += region->id;
            else if (region && key == "region_gdp_share") v = region->gdp_share;
            else if (region && key == "region_population_share") v = pop > 0 ? region->population / pop : 0;
            else if (region && key == "region_users_share")
                v = national_users_ > 0 ? region->users / national_users_ : 0;
            else
                throw InputError(SourceLocation{file, line_no, 0}, key,
                                 "unknown placeholder (docs/any-country.md lists them)");
            if (v) out += number_text(*v * factor);
            pos = close + 1;
        }
        return out + line.substr(pos);
    };
    std::ostringstream out;
    std::istringstream in(text);
    std::string line;
    long n = 0;
    while (std::getline(in, line)) {
        ++n;
        if (line.find("{region") != std::string::npos)
            for (const auto& r : regions_) out << fill(line, n, &r) << "\n";
        else out << fill(line, n, nullptr) << "\n";
    }
    return out.str();
}

void BaselineText::write_parameters(const std::function<IndicatorUse(const std::string&)>& indicator) {
    const double penetration = users_pct_;
    notes_ << "## Parameters\n\n| key | rule |\n|---|---|\n";
    for (const auto& p : d_.parameters) {
        const bool per_sector = p.key.find("{sector}") != std::string::npos;
        const std::vector<std::string> sectors = per_sector ? sector_ids_ : std::vector<std::string>{""};
        for (const auto& s : sectors) {
            std::string key = p.key;
            if (per_sector) key.replace(key.find("{sector}"), 8, s);
            ParameterSpec spec = p.spec;
            std::string rule = "default";
            if (per_sector && p.by_sector.count(s)) {
                spec = p.by_sector.at(s);
                rule = "default for section " + s;
            } else if (p.by_income.count(g_.income_group)) {
                spec = p.by_income.at(g_.income_group);
                rule = "default for " + g_.income_group + " income";
                append_source(spec, "; income group " + g_.income_group + " (GDP per capita " + rounded(per_capita_) +
                                        " USD)" + income_note_);
            }
            if (!p.indicator.empty()) {
                const auto u = indicator(p.indicator);
                rule = "WDI " + p.indicator + " " + std::to_string(u.year);
                ParameterSpec v;
                if (u.lag > 0) {
                    const double spread = std::min(0.9, d_.stale_spread_per_year * u.lag);
                    v = {{"dist", {SpecValue::Kind::text, 0, "triangular", {}}},
                         {"min", {SpecValue::Kind::number, u.value * (1 - spread), "", {}}},
                         {"mode", {SpecValue::Kind::number, u.value, "", {}}},
                         {"max", {SpecValue::Kind::number, u.value * (1 + spread), "", {}}}};
                    rule += " (stale by " + std::to_string(u.lag) + " y: +-" + percent(spread) + ")";
                } else {
                    v = {{"value", {SpecValue::Kind::number, u.value, "", {}}}};
                }
                std::string src = u.source;
                if (u.lag > 0)
                    src += "; widened +-" + percent(std::min(0.9, d_.stale_spread_per_year * u.lag)) +
                           " for staleness ([indicators] rule in scenarios/defaults/defaults.toml)";
                v.emplace_back("source", SpecValue{SpecValue::Kind::text, 0, src, {}});
                for (const auto& [k, val] : spec)
                    if (k == "unit" || k == "note") v.emplace_back(k, val);
                spec = std::move(v);
            }
            if (!p.per.empty()) {
                const double q = p.per == "gdp_local" ? gdp_ : p.per == "population" ? population_ : national_users_;
                scale_spec(spec, q, false);
                append_source(spec, "; x " + p.per + " " + brief(q));
                rule += " x " + p.per;
            }
            if (p.scale_by_penetration > 0) {
                const double f = std::min(1.0, penetration / p.scale_by_penetration);
                if (f < 1.0) {
                    scale_spec(spec, f, true);
                    append_source(spec, "; min and mode x " + brief(f) + " = internet users " + brief(penetration) +
                                            " % (" + kWdiInternetUsers + ") / " + brief(p.scale_by_penetration) + " %");
                    rule += ", min and mode x " + brief(f) + " (penetration)";
                }
            }
            params_ << toml_quote(key) << " = " << spec_to_toml(spec) << "\n";
            notes_ << "| `" << key << "` | " << rule << " |\n";
        }
    }
    notes_ << "\n";
}

void BaselineText::write_toml_and_sources() {
    std::ostringstream toml;
    toml << "# " << c_.name << ": baseline generated from public indicators by `rubilnik baseline new --country "
         << c_.iso2 << " --year " << req_.year << "` (rubilnik " << version() << ").\n"
         << "# Every value cites its World Bank WDI code and year or the default rule it comes from; see\n"
         << "# SOURCES.md in this folder and docs/any-country.md. Edit any file and re-run `rubilnik validate`.\n\n"
         << "schema = \"rubilnik.baseline/1\"\n"
         << "name = " << toml_quote(g_.name) << "\n"
         << "country = \"" << c_.iso2 << "\"\n"
         << "title = " << toml_quote(c_.name + ", baseline from indicators for " + std::to_string(req_.year)) << "\n"
         << "# Accounts in current US dollars: WDI gives GDP in current USD (NY.GDP.MKTP.CD).\n"
         << "currency = \"USD\"\n"
         << "price_year = " << g_.indicator(kWdiGdp).year << "\n"
         << "reference_utc_offset = \"" << reference_offset_ << "\"\n"
         << "# " << (c_.weekend == "sat sun" ? "default weekend" : "weekend from data/countries/countries.csv") << "\n"
         << "weekend = [";
    std::istringstream days(c_.weekend.empty() ? std::string("sat sun") : c_.weekend);
    std::string day;
    bool first = true;
    while (days >> day) {
        toml << (first ? "" : ", ") << "\"" << day << "\"";
        first = false;
    }
    toml
        << "]\n# Public holidays are not known for a generated baseline: add `holidays = { dates = [...], source = ... "
           "}`.\n\n"
        << "[tables]\nregions = \"regions.csv\"\noperators = \"operators.csv\"\nmarket_shares = \"market_shares.csv\"\n"
        << "sectors = \"sectors.csv\"\nactivity_profiles = \"activity_profiles.csv\"\nnodes = \"nodes.csv\"\n"
        << "links = \"links.csv\"\n";
    for (const auto& [name, file] : d_.tables) toml << name << " = \"" << fs::path(file).filename().string() << "\"\n";
    toml << "\n[parameters]\n# Generated from scenarios/defaults/defaults.toml; ranges are wider than a hand-built "
            "baseline's.\n"
         << params_.str();
    g_.files.insert(g_.files.begin(), {"baseline.toml", toml.str()});

    std::ostringstream md;
    md << "# " << c_.name << " (" << c_.iso2 << "): baseline from indicators for " << req_.year << "\n\n"
       << "Generated by `rubilnik baseline new` from the World Bank World Development Indicators shipped in "
       << "`data/wdi/` (CC BY 4.0; cite \"World Bank, World Development Indicators\") and the defaults in "
       << "`scenarios/defaults/defaults.toml` (their sources: `scenarios/defaults/SOURCES.md`). How the rules "
       << "work: `docs/any-country.md`.\n\n## Indicators\n\n| code | value | year | source |\n|---|---|---|---|\n";
    for (const auto& u : g_.indicators)
        md << "| " << u.code << " | " << number_text(u.value) << " | " << u.year << " | " << u.source << " |\n";
    md << "\n## Income group\n\nGDP per capita " << rounded(per_capita_) << " USD (" << kWdiGdp << " / "
       << kWdiPopulation << ") puts " << c_.iso2 << " in **" << g_.income_group << "** income" << income_note_
       << ". Thresholds: " << d_.income_source << ".\n\n"
       << notes_.str()
       << "## Not known\n\nRegional population and output, operators and market shares, network topology and "
       << "capacities, sector shares (unless given), public holidays, local working hours (the activity profiles "
       << "are the Kazakhstan shapes). Ensembles on this baseline carry the wider default ranges above.\n";
    if (!g_.notes.empty()) {
        md << "\n## Notes from the generator\n\n";
        for (const auto& n : g_.notes) md << "- " << n << "\n";
    }
    g_.files.emplace_back("SOURCES.md", md.str());
}

}  // namespace rubilnik
