// STOP rows -> scenarios. Each rule below is documented, with its reasons,
// in docs/stop-2022.md ("How a row becomes a scenario").
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <utility>

#include "rubilnik/baseline_builder.hpp"
#include "rubilnik/country.hpp"
#include "rubilnik/data/stop.hpp"
#include "rubilnik/error.hpp"
#include "rubilnik/io/output.hpp"
#include "rubilnik/time.hpp"

namespace rubilnik {
namespace {

namespace fs = std::filesystem;

std::string trim(std::string_view s) {
    const auto b = s.find_first_not_of(" \t\r\n\"");
    if (b == std::string_view::npos) return "";
    const auto e = s.find_last_not_of(" \t\r\n\"");
    return std::string(s.substr(b, e - b + 1));
}

std::string lower(std::string s) {
    for (auto& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

bool yes(const std::string& v) { return lower(trim(v)) == "yes"; }
bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

std::string brief(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g", v);
    return buf;
}

// STOP dates: YYYY-MM-DD in the shipped export, M/D/YYYY in the sheet itself.
std::optional<Date> stop_date(const std::string& text) {
    const auto t = trim(text);
    if (auto d = parse_date(t)) return d;
    int m = 0, d = 0, y = 0;
    char a = 0, b = 0;
    std::istringstream in(t);
    if (in >> m >> a >> d >> b >> y && a == '/' && b == '/' && in.peek() == EOF) {
        Date out{y, m, d};
        if (valid_date(out)) return out;
    }
    return std::nullopt;
}

// What the importer needs to know about a baseline before writing events.
struct BaselineInfo {
    std::string folder;
    std::vector<std::pair<std::string, std::string>> regions;  // id, name
    std::set<std::string> services;
    double population = 0;
    UtcOffset offset;
    double leakage = 0, vpn = 0;  // central values
};

BaselineInfo describe(const std::string& folder) {
    const auto b = load_baseline(folder);
    BaselineInfo info;
    info.folder = folder;
    for (const auto& r : b.regions) info.regions.emplace_back(r.id, r.name);
    for (const auto& n : b.nodes)
        if (n.kind == NodeKind::service) info.services.insert(n.service);
    info.population = b.total_population();
    info.offset = b.reference_offset;
    const auto& p = b.parameters;
    info.leakage = p.at(p.require("network.cut_leakage", "the STOP importer")).dist.median();
    info.vpn = p.at(p.require("network.vpn_share", "the STOP importer")).dist.median();
    return info;
}

// Region words that say nothing about which region is meant.
bool generic_word(const std::string& w) {
    static const std::set<std::string> kWords = {"region",   "oblast",      "province", "state", "city",
                                                 "district", "governorate", "republic", "of",    "the",
                                                 "and",      "area",        "county"};
    return kWords.count(w) > 0;
}

std::vector<std::string> words(const std::string& text) {
    std::vector<std::string> out;
    std::string w;
    for (char c : lower(text) + " ") {
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c & 0x80)) w += c;
        else if (!w.empty()) out.push_back(std::exchange(w, ""));
    }
    return out;
}

// Regions whose distinctive words all occur in the STOP area text.
std::vector<std::string> match_regions(const BaselineInfo& b, const std::string& area) {
    const auto area_words = words(area);
    std::vector<std::string> out;
    for (const auto& [id, name] : b.regions) {
        std::vector<std::string> key;
        for (const auto& w : words(name))
            if (!generic_word(w)) key.push_back(w);
        if (key.empty()) continue;
        bool all = true;
        for (const auto& w : key) all = all && std::find(area_words.begin(), area_words.end(), w) != area_words.end();
        if (all) out.push_back(id);
    }
    return out;
}

struct Share {
    double min = 1, mode = 1, max = 1;
    std::string rule;
};

std::string quoted_list(const std::vector<std::string>& v) {
    std::string out = "[";
    for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + toml_quote(v[i]);
    return out + "]";
}

// 1 - s (1 - x): the engine's leakage or VPN share that leaves exactly a
// share s of the country exposed, with x the baseline's own central value.
std::string scaled_spec(const Share& s, double x, const std::string& what, const std::string& source) {
    const double lo = 1 - s.max * (1 - x), mode = 1 - s.mode * (1 - x), hi = 1 - s.min * (1 - x);
    std::string note = "affected share " + brief(s.min) + "-" + brief(s.mode) + "-" + brief(s.max) + " (" + s.rule +
                       ") written as 1 - share x (1 - " + brief(x) + "), " + brief(x) +
                       " being the baseline's central " + what + "; the baseline has no region for the area";
    if (hi - lo < 1e-12)
        return "{ value = " + number_text(mode) + ", source = " + toml_quote(source) + ", note = " + toml_quote(note) +
               " }";
    return "{ dist = \"pert\", min = " + number_text(lo) + ", mode = " + number_text(mode) +
           ", max = " + number_text(hi) + ", source = " + toml_quote(source) + ", note = " + toml_quote(note) + " }";
}

class Importer {
public:
    Importer(const StopTable& table, const BaselineBuilder& builder, const StopImportOptions& opt)
        : table_(table), builder_(builder), opt_(opt), d_(builder.defaults().stop) {}

    StopImportResult run() {
        fs::create_directories(opt_.out_folder);
        for (const auto& row : table_.rows()) one(row);
        write_report();
        return result_;
    }

private:
    void skip(StopReportRow& rep, const std::string& reason) {
        rep.status = "skipped";
        rep.reason = reason;
        ++result_.skipped;
        result_.report.push_back(rep);
    }

    const BaselineInfo* baseline_for(const CountryInfo& c, int year, std::string& error) {
        const std::string key = c.iso2 + "-" + std::to_string(year);
        if (auto it = baselines_.find(key); it != baselines_.end()) return &it->second;
        if (auto it = failed_.find(key); it != failed_.end()) {
            error = it->second;
            return nullptr;
        }
        try {
            std::string folder;
            if (!opt_.baselines_folder.empty()) {
                const auto hand = fs::path(opt_.baselines_folder) / lower(c.iso2);
                if (fs::exists(hand / "baseline.toml")) folder = hand.string();
            }
            if (folder.empty()) {
                const auto gen = fs::path(opt_.out_folder) / "countries" / (lower(c.iso2) + "-" + std::to_string(year));
                if (!fs::exists(gen / "baseline.toml")) {
                    BaselineRequest req;
                    req.country = c.iso2;
                    req.year = year;
                    write_baseline(builder_.build(req), gen, false);
                    result_.baselines_built.push_back(gen.string());
                }
                folder = gen.string();
            }
            return &baselines_.emplace(key, describe(folder)).first->second;
        } catch (const InputError& e) {
            error = std::string("no baseline for ") + c.iso2 + " " + std::to_string(year) + ": " + e.what();
            failed_[key] = error;
            return nullptr;
        }
    }

    void one(const StopRow& row) {
        const std::string year_text = trim(row.at("count_year"));
        if (opt_.year && year_text != std::to_string(*opt_.year)) return;
        const std::string country_name = trim(row.at("country"));
        const CountryInfo* c = contains(country_name, ";") ? nullptr : builder_.countries().by_name(country_name);
        if (!opt_.country.empty() && (!c || c->iso2 != opt_.country)) return;
        ++result_.selected;
        StopReportRow rep{row.row, row.line, country_name, trim(row.at("start_date")), trim(row.at("end_date")), "",
                          "",      ""};
        if (contains(country_name, ";"))
            return skip(rep, "several countries in one row ('" + country_name + "'); not split");
        if (!c)
            return skip(rep, "country '" + country_name + "' has no ISO 3166-1 code in data/countries/countries.csv");
        const auto start = stop_date(rep.start_date);
        if (!start) return skip(rep, "start_date '" + rep.start_date + "' is not a date");
        const std::string status = trim(row.at("shutdown_status"));
        std::vector<std::string> notes;
        std::optional<Date> end;
        if (rep.end_date.empty()) {
            const bool ongoing = lower(status) == "ongoing";
            if (!(ongoing && opt_.ongoing_to_year_end && opt_.year))
                return skip(rep, ongoing ? "ongoing (no end date)" : "no end date (shutdown_status '" + status + "')");
            // Only on request, and said in the report: an ongoing event lasts
            // at least to the end of the year it is counted in.
            end = Date{*opt_.year, 12, 31};
            notes.push_back("ongoing: costed to the end of " + std::to_string(*opt_.year) + " (--ongoing-to-year-end)");
        } else {
            end = stop_date(rep.end_date);
        }
        if (!end) return skip(rep, "end_date '" + rep.end_date + "' is not a date");
        if (*end < *start) return skip(rep, "end_date before start_date");

        const std::string type = trim(row.at("shutdown_type"));
        const bool shutdown = contains(type, "Shutdown"), throttle = contains(type, "Throttle");
        if (!shutdown && !throttle) return skip(rep, "shutdown_type '" + type + "' is not modelled");
        const std::string network = trim(row.at("affected_network"));
        std::string access;  // "" = both
        if (network == "Mobile") access = "mobile";
        else if (network == "Broadband") access = "fixed";
        else if (network != "Broadband, Mobile") return skip(rep, "affected_network '" + network + "' is not known");
        const std::string extent = trim(row.at("shutdown_extent"));
        const bool full = contains(extent, "Full network"), service = contains(extent, "Service-based");
        if (!full && !service) return skip(rep, "shutdown_extent '" + extent + "' is not known");

        // Scope: national when the area says so, else by geo_scope.
        const std::string area = trim(row.at("area_name")), geo = trim(row.at("geo_scope"));
        const std::string la = lower(area);
        const auto area_words = words(area);
        const bool national =
            std::any_of(
                area_words.begin(), area_words.end(),
                [](const std::string& w) { return w == "nationwide" || w == "national" || w == "countrywide"; }) ||
            contains(la, "entire country") || contains(la, "whole country") || contains(la, "across the country");
        const StopScopeRule* scope = nullptr;
        if (!national) {
            for (const auto& s : builder_.defaults().stop.scopes)
                if (s.geo_scope == geo) scope = &s;
            if (!scope) return skip(rep, "geo_scope '" + geo + "' with area '" + area + "' is not known");
        }

        std::vector<std::string> platforms;
        auto add_platform = [&](const std::string& p) {
            if (std::find(platforms.begin(), platforms.end(), p) == platforms.end()) platforms.push_back(p);
        };
        std::vector<std::string> unknown_flags;
        if (service) {
            for (const char* p : {"facebook", "twitter", "whatsapp", "instagram", "telegram"}) {
                const auto& v = row.at(std::string(p) + "_affected");
                if (yes(v)) add_platform(p);
                else if (lower(trim(v)) == "unknown") unknown_flags.push_back(p);
            }
            std::string other = row.at("other_affected");
            for (char& ch : other)
                if (ch == ';' || ch == '/') ch = ',';
            std::istringstream parts(other);
            std::string part;
            while (std::getline(parts, part, ',')) {
                const auto name = lower(trim(part));
                if (name.empty()) continue;
                bool matched = false;
                for (const auto& [word, services] : d_.platforms) {
                    if (!contains(name, word)) continue;
                    matched = true;
                    if (services.empty()) notes.push_back("'" + trim(part) + "' named but not modelled");
                    std::istringstream ids(services);
                    for (std::string id; ids >> id;) add_platform(id);
                    break;
                }
                if (!matched) {
                    add_platform("other-platforms");
                    notes.push_back("'" + trim(part) + "' -> other-platforms");
                }
            }
            if (!unknown_flags.empty()) {
                std::string u;
                for (const auto& f : unknown_flags) u += (u.empty() ? "" : ", ") + f;
                notes.push_back("platform flags Unknown (not blocked): " + u);
            }
            if (platforms.empty() && !full) return skip(rep, "service-based, but no modelled platform is named");
        }

        const int base_year = opt_.year ? *opt_.year : start->year;
        std::string error;
        const BaselineInfo* b = baseline_for(*c, base_year, error);
        if (!b) return skip(rep, error);
        std::vector<std::string> blocked;
        for (const auto& p : platforms) {
            if (b->services.count(p)) blocked.push_back(p);
            else notes.push_back(p + ": no such service in the baseline, not blocked");
        }
        if (service && blocked.empty() && !full)
            return skip(rep, "service-based, but none of the named platforms is a service of the baseline");

        // A throttle in a row that names platforms slows those platforms (e.g.
        // Twitter in Russia, 2021), not the whole network, even when STOP also
        // ticks "Full network".
        const bool platform_throttle = throttle && !shutdown && service && !blocked.empty();

        // Interval: whole local days, start 00:00 to the day after the end.
        TimePoint from = at_local_midnight(*start, b->offset);
        TimePoint to = at_local_midnight(civil_from_days(days_from_civil(*end) + 1), b->offset);
        rep.status = "imported";
        if (opt_.year) {
            const TimePoint ys = at_local_midnight(Date{*opt_.year, 1, 1}, b->offset);
            const TimePoint ye = at_local_midnight(Date{*opt_.year + 1, 1, 1}, b->offset);
            if (from < ys || to > ye) {
                rep.status = "clipped";
                notes.push_back("clipped to " + std::to_string(*opt_.year) + " (the event ran " + rep.start_date +
                                " to " + (rep.end_date.empty() ? std::string("an open end") : rep.end_date) + ")");
                from = std::max(from, ys);
                to = std::min(to, ye);
            }
            if (!(from < to)) return skip(rep, "no day of the event falls in " + std::to_string(*opt_.year));
        }
        if (to.minutes - from.minutes > kMaxWindowMinutes)
            return skip(rep, "longer than 366 days; import with --year to cost one year of it");

        // Where: the whole country, matched regions, or an affected share.
        std::vector<std::string> regions;
        std::optional<Share> share;
        if (!national) {
            if (b->regions.size() > 1) regions = match_regions(*b, area);
            if (regions.empty()) {
                Share s;
                if (scope->absolute) {
                    const double pop = std::max(b->population, 1.0);
                    s.min = std::min(scope->cap, scope->min / pop);
                    s.mode = std::min(scope->cap, scope->mode / pop);
                    s.max = std::min(scope->cap, scope->max / pop);
                    s.rule = "[stop.scope." + scope->name + "]: " + brief(scope->min) + "-" + brief(scope->mode) + "-" +
                             brief(scope->max) + " people of " + brief(pop) + ", at most " + brief(scope->cap);
                } else {
                    s.min = scope->min;
                    s.mode = scope->mode;
                    s.max = scope->max;
                    s.rule = "[stop.scope." + scope->name + "]";
                }
                share = s;
                notes.push_back("sub-national ('" + area +
                                "'): the baseline has no region for it, so an affected share " + brief(s.min) + "-" +
                                brief(s.mode) + "-" + brief(s.max) + " scales the event");
            } else {
                std::string r;
                for (const auto& id : regions) r += (r.empty() ? "" : " ") + id;
                notes.push_back("regions matched from the area: " + r);
            }
        }

        std::string target = "{ ";
        std::vector<std::string> filters;
        // scope = "national" stands alone; region and access filters already
        // mean "every access network that matches".
        if (!regions.empty()) filters.push_back("region = " + quoted_list(regions));
        if (!access.empty()) filters.push_back("access = \"" + access + "\"");
        if (filters.empty()) filters.push_back("scope = \"national\"");
        for (std::size_t i = 0; i < filters.size(); ++i) target += (i ? ", " : "") + filters[i];
        const std::string users_target = target + " }";

        const std::string cc = lower(c->iso2);
        const std::string name = "stop-" + year_text + "-" + cc + "-r" + std::to_string(row.row);
        rep.scenario = name;
        const std::string file = fs::path(table_.path()).filename().string();
        std::string link = trim(row.at("info_source_link"));
        if (auto sp = link.find_first_of(" ;\n"); sp != std::string::npos) link = link.substr(0, sp);
        while (!link.empty() && (link.back() == ',' || link.back() == '.')) link.pop_back();
        const std::string cite = "Access Now STOP, row " + std::to_string(row.row) + " (line " +
                                 std::to_string(row.line) + " of " + file + ")" + (link.empty() ? "" : "; " + link);

        std::ostringstream ev;
        auto event = [&](const std::string& id, const std::string& action, const std::string& tgt,
                         const std::string& extra, const std::string& note) {
            ev << "\n[[event]]\nid = \"" << id << "\"\naction = \"" << action << "\"\ntarget = " << tgt << "\n"
               << extra << "from = \"" << format_local(from, b->offset) << "\"\nto = \"" << format_local(to, b->offset)
               << "\"\nsource = " << toml_quote(cite) << "\n";
            if (!note.empty()) ev << "note = " << toml_quote(note) << "\n";
        };
        const std::string what = access.empty() ? "mobile and fixed" : access;
        if (full && shutdown) {
            event("stop-cut", "cut", users_target, "",
                  "STOP shutdown_type '" + type + "', affected_network '" + network + "'" +
                      (throttle ? "; STOP lists throttling too: modelled as a cut, the larger loss" : ""));
        } else if (full && throttle && !platform_throttle) {
            double f = d_.throttle_mode;
            if (share) f = 1 - share->mode * (1 - f);
            event("stop-throttle", "throttle", users_target, "factor = " + number_text(f) + "\n",
                  "STOP 'Throttle': capacity share left " + brief(d_.throttle_min) + "-" + brief(d_.throttle_mode) +
                      "-" + brief(d_.throttle_max) +
                      " ([stop.throttle_factor]); the engine takes one factor, the central one" +
                      (share ? ", scaled to the affected share's central value" : ""));
            notes.push_back("throttle factor " + brief(f) + " (central value; the range is not sampled)");
        }
        if (platform_throttle)
            notes.push_back(
                "STOP 'Throttle' of named platforms: taken as throttling them to unusable, modelled as "
                "a block, not as throttling the whole network");
        if (!blocked.empty()) {
            std::string tgt = users_target;
            tgt.insert(tgt.size() - 2, ", services = " + quoted_list(blocked));
            event("stop-block", "block", tgt, "", "STOP shutdown_extent '" + extent + "'");
        }
        const std::string sms = trim(row.at("sms_affected")), calls = trim(row.at("phonecall_affected"));
        if (yes(sms) || yes(calls)) {
            if (share)
                notes.push_back(
                    "SMS/calls affected but not cut: the human channel would count the whole "
                    "country for a sub-national voice cut");
            else
                event("stop-voice", "voice_cut", users_target, "",
                      "STOP sms_affected '" + sms + "', phonecall_affected '" + calls + "'");
        } else if (lower(sms) == "unknown" || lower(calls) == "unknown") {
            notes.push_back("SMS/calls Unknown: voice not cut");
        }

        std::ostringstream params;
        if (share) {
            const std::string src = "derived (docs/stop-2022.md): STOP geo_scope '" + geo + "', area '" + area + "'; " +
                                    builder_.defaults().stop.source;
            if (full && shutdown)
                params << "\"network.cut_leakage\" = " << scaled_spec(*share, b->leakage, "leakage", src) << "\n";
            if (!blocked.empty())
                params << "\"network.vpn_share\" = " << scaled_spec(*share, b->vpn, "VPN share", src) << "\n";
        }

        std::string joined;
        for (const auto& n : notes) joined += (joined.empty() ? "" : "; ") + n;
        rep.reason = joined;
        const std::string kind = full && shutdown                         ? "shutdown"
                                 : full && throttle && !platform_throttle ? "throttling"
                                                                          : "platform block";
        std::ostringstream sc;
        sc << "# Generated by `rubilnik import stop` from the Access Now #KeepItOn STOP dataset (cite Access Now).\n"
           << "# Rules: docs/stop-2022.md. Edit freely; `rubilnik validate` checks the result.\n"
           << "schema = \"rubilnik.scenario/1\"\nname = \"" << name << "\"\n"
           << "title = "
           << toml_quote(c->name + ": " + (area.empty() ? geo : area) + ", " + rep.start_date + " to " +
                         (rep.end_date.empty() ? std::string("an open end") : rep.end_date) + " (" + what + " " + kind +
                         ")")
           << "\ndescription = "
           << toml_quote(cite + ". Cause: " + trim(row.at("actual_cause")) + ". Status: " + status + ". Event: " +
                         trim(row.at("event")).substr(0, 400) + (joined.empty() ? "" : ". Import notes: " + joined))
           << "\nbaseline = "
           << toml_quote(fs::relative(fs::absolute(b->folder), fs::absolute(opt_.out_folder)).generic_string())
           << "\nwindow = { start = \"" << format_local(from, b->offset) << "\", end = \""
           << format_local(to, b->offset) << "\" }\n"
           << ev.str();
        if (!params.str().empty()) sc << "\n[parameters]\n" << params.str();
        const std::string text = sc.str();
        write_atomically(fs::path(opt_.out_folder) / (name + ".toml"), [&](const fs::path& tmp) {
            std::ofstream f(tmp, std::ios::binary);
            f << text;
            f.close();
            if (!f) throw std::runtime_error("cannot write " + tmp.string());
        });
        if (rep.status == "clipped") ++result_.clipped;
        ++result_.imported;
        result_.report.push_back(rep);
    }

    void write_report() const {
        std::ostringstream out;
        out << "row,line,country,start_date,end_date,status,reason,scenario\n";
        auto cell = [](const std::string& s) {
            std::string q = "\"";
            for (char ch : s) q += ch == '"' ? std::string("\"\"") : std::string(1, ch);
            return q + "\"";
        };
        for (const auto& r : result_.report)
            out << r.row << "," << r.line << "," << cell(r.country) << "," << r.start_date << "," << r.end_date << ","
                << r.status << "," << cell(r.reason) << "," << r.scenario << "\n";
        const std::string text = out.str();
        write_atomically(fs::path(opt_.out_folder) / "import-report.csv", [&](const fs::path& tmp) {
            std::ofstream f(tmp, std::ios::binary);
            f << text;
            f.close();
            if (!f) throw std::runtime_error("cannot write " + tmp.string());
        });
    }

    const StopTable& table_;
    const BaselineBuilder& builder_;
    const StopImportOptions& opt_;
    const StopDefaults& d_;
    StopImportResult result_;
    std::map<std::string, BaselineInfo> baselines_;
    std::map<std::string, std::string> failed_;
};

}  // namespace

StopImportResult import_stop(const StopTable& table, const BaselineBuilder& builder, const StopImportOptions& options) {
    if (options.out_folder.empty()) throw InputError("import stop needs an output folder (--out DIR)");
    return Importer(table, builder, options).run();
}

}  // namespace rubilnik
