#include "rubilnik/scenario.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "rubilnik/detail/parameter_toml.hpp"
#include "rubilnik/detail/scenario_toml.hpp"
#include "rubilnik/detail/toml_view.hpp"

namespace rubilnik {
namespace {

namespace fs = std::filesystem;
using detail::TomlView;

constexpr std::size_t kMaxEvents = 10000;

bool valid_event_id(const std::string& id) {
    if (id.empty() || id.size() > 64) return false;
    for (char c : id)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
    return true;
}

Action parse_action(const TomlView& v) {
    const auto a = v.require_string("action");
    if (a == "cut") return Action::cut;
    if (a == "restore") return Action::restore;
    if (a == "throttle") return Action::throttle;
    if (a == "block") return Action::block;
    if (a == "allow_only") return Action::allow_only;
    if (a == "voice_cut") return Action::voice_cut;
    if (a == "close") return Action::close;
    v.fail("action",
           "unknown action '" + a + "'; expected cut, restore, throttle, block, allow_only, voice_cut or close");
}

TimePoint require_time(const TomlView& v, const char* key) {
    const auto s = v.require_string(key);
    const auto t = parse_timestamp(s);
    if (!t) v.fail(key, "'" + s + "' is not a timestamp like 2022-01-05T16:30+06:00 (minute resolution, with offset)");
    return *t;
}

Date require_date(const TomlView& v, const char* key, const std::string& s) {
    const auto d = parse_date(s);
    if (!d) v.fail(key, "'" + s + "' is not a date like 2022-01-08");
    return *d;
}

// Access nodes matching a conjunctive filter, or named nodes.
std::vector<std::size_t> resolve_nodes(const Baseline& b, const TomlView& target, Action action) {
    std::vector<std::size_t> out;
    const bool national = target.has("scope");
    if (national) {
        const auto scope = target.require_string("scope");
        if (scope != "national")
            target.fail("scope", "scope '" + scope + "' is not known; the only scope is \"national\"");
    }
    if (target.has("node")) {
        for (const auto& id : target.string_list("node")) {
            const auto n = b.node_index(id);
            if (!n) target.fail("node", "unknown node '" + id + "'; node ids are listed in the baseline's nodes.csv");
            out.push_back(*n);
        }
    }
    // With an AS graph (as_rel) an asn target acts on that graph: resolve_asns.
    if (target.has("asn") && !b.channel_table("as_rel")) {
        for (double asn : target.number_list("asn")) {
            bool found = false;
            for (std::size_t i = 0; i < b.nodes.size(); ++i) {
                const auto& n = b.nodes[i];
                if (n.kind != NodeKind::core || !n.op) continue;
                for (long a : b.operators[*n.op].asns)
                    if (static_cast<double>(a) == asn) out.push_back(i), found = true;
            }
            if (!found)
                target.fail("asn", "AS" + std::to_string(static_cast<long long>(asn)) +
                                       " belongs to no operator in operators.csv");
        }
    }
    const bool filtered = target.has("region") || target.has("operator") || target.has("access");
    if (national && filtered)
        target.fail("scope", "scope = \"national\" cannot be combined with region, operator or access");
    if (national || filtered) {
        std::vector<bool> region_ok(b.regions.size(), !target.has("region"));
        std::vector<bool> op_ok(b.operators.size(), !target.has("operator"));
        std::array<bool, kAccessTypes> acc_ok{!target.has("access"), !target.has("access")};
        if (target.has("region"))
            for (const auto& id : target.string_list("region")) {
                const auto r = b.region_index(id);
                if (!r) target.fail("region", "unknown region '" + id + "'; region ids are listed in regions.csv");
                region_ok[*r] = true;
            }
        if (target.has("operator"))
            for (const auto& id : target.string_list("operator")) {
                const auto o = b.operator_index(id);
                if (!o)
                    target.fail("operator", "unknown operator '" + id + "'; operator ids are listed in operators.csv");
                op_ok[*o] = true;
            }
        if (target.has("access"))
            for (const auto& a : target.string_list("access")) {
                if (a == "mobile") acc_ok[0] = true;
                else if (a == "fixed") acc_ok[1] = true;
                else target.fail("access", "access '" + a + "' is not mobile or fixed");
            }
        for (std::size_t i = 0; i < b.nodes.size(); ++i) {
            const auto& n = b.nodes[i];
            if (n.kind != NodeKind::access) continue;
            if (region_ok[*n.region] && op_ok[*n.op] && acc_ok[static_cast<std::size_t>(n.access)]) out.push_back(i);
        }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    const bool other_kinds = target.has("link") || (target.has("asn") && b.channel_table("as_rel"));
    if (action != Action::close && out.empty() && !other_kinds)
        target.fail(
            "",
            "the target selects no node; give scope = \"national\", region/operator/access filters, node, asn or link");
    return out;
}

// `link = ["from--to", ...]` or `link = [["from", "to"], ...]`: links of links.csv
// (or a generated access link), either direction. Node ids may contain '-',
// so every "--" is tried as the separator and exactly one split must name a link.
std::optional<std::size_t> find_link(const Baseline& b, const std::string& from, const std::string& to) {
    const auto x = b.node_index(from), y = b.node_index(to);
    if (!x || !y) return std::nullopt;
    for (std::size_t l = 0; l < b.links.size(); ++l)
        if ((b.links[l].a == *x && b.links[l].b == *y) || (b.links[l].a == *y && b.links[l].b == *x)) return l;
    return std::nullopt;
}

std::vector<std::size_t> resolve_links(const Baseline& b, const TomlView& target, Action action) {
    std::vector<std::size_t> out;
    if (!target.has("link")) return out;
    if (action != Action::cut && action != Action::restore && action != Action::throttle)
        target.fail("link", std::string("a link target takes cut, restore or throttle, not ") + action_name(action) +
                                "; block, allow_only and voice_cut act on users' access networks");
    const auto& node = target.node("link");
    auto bad = [&](const toml::node& at, const std::string& msg) -> void {
        throw InputError(detail::location_of(at, target.file()), target.key_path("link"), msg);
    };
    auto one = [&](const toml::node& item) {
        std::optional<std::size_t> found;
        if (const auto* pair = item.as_array()) {
            if (pair->size() != 2 || !(*pair)[0].is_string() || !(*pair)[1].is_string())
                bad(item, "a link as a list must be two node ids, like [\"core:a\", \"gw:b\"]");
            const auto from = *(*pair)[0].value<std::string>(), to = *(*pair)[1].value<std::string>();
            found = find_link(b, from, to);
            if (!found) bad(item, "no link joins '" + from + "' and '" + to + "' in links.csv");
        } else if (const auto text = item.value<std::string>()) {
            std::size_t matches = 0;
            for (auto at = text->find("--"); at != std::string::npos; at = text->find("--", at + 1))
                if (const auto l = find_link(b, text->substr(0, at), text->substr(at + 2))) found = l, ++matches;
            if (matches == 0)
                bad(item, "'" + *text + "' names no link; write \"from--to\" with two node ids joined in links.csv");
            if (matches > 1) bad(item, "'" + *text + "' is ambiguous; write the link as [\"from\", \"to\"]");
        } else {
            bad(item, "expected \"from--to\" or [\"from\", \"to\"], found " + detail::type_name(item));
        }
        out.push_back(*found);
    };
    if (const auto* list = node.as_array()) {
        if (list->empty()) target.fail("link", "the list of links is empty");
        for (const auto& item : *list) one(item);
    } else {
        one(node);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

// The domestic ASes of the baseline's AS graph (as_rel; checked at load).
std::set<std::uint32_t> domestic_ases(const Baseline& b) {
    std::set<std::uint32_t> out;
    const auto* t = b.channel_table("as_rel");
    auto upper = [](std::string s) {
        for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        return s;
    };
    const auto cc = upper(b.country);
    for (const auto& row : t->rows())
        for (const char* side : {"a", "b"})
            if (upper(t->text(row, std::string("cc_") + side)) == cc)
                out.insert(static_cast<std::uint32_t>(t->integer(row, std::string("as_") + side)));
    return out;
}

std::vector<std::uint32_t> resolve_asns(const Baseline& b, const TomlView& target, Action action) {
    std::vector<std::uint32_t> out;
    if (!target.has("asn") || !b.channel_table("as_rel")) return out;
    if (action != Action::cut && action != Action::restore)
        target.fail("asn",
                    std::string("on a baseline with an AS graph (as_rel) an asn target takes cut or restore, not ") +
                        action_name(action) + "; target the operator's core with node = [...] instead");
    const auto domestic = domestic_ases(b);
    for (double asn : target.number_list("asn")) {
        if (asn < 1 || asn > 4294967295.0 || asn != std::floor(asn))
            target.fail("asn", "'" + std::to_string(asn) + "' is not an AS number (1-4294967295)");
        const auto a = static_cast<std::uint32_t>(asn);
        if (!domestic.count(a))
            target.fail(
                "asn",
                "AS" + std::to_string(a) + " is not an AS of " + b.country +
                    " in the baseline's as_rel graph (absent, or placed abroad); an order can only cut a domestic AS");
        out.push_back(a);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::vector<std::size_t> resolve_services(const Baseline& b, const TomlView& target) {
    std::vector<std::size_t> out;
    if (target.has("services"))
        for (const auto& s : target.string_list("services")) {
            bool found = false;
            for (std::size_t i = 0; i < b.nodes.size(); ++i)
                if (b.nodes[i].kind == NodeKind::service && b.nodes[i].service == s) out.push_back(i), found = true;
            if (!found)
                target.fail("services", "unknown service '" + s + "'; services are the 'service' column of nodes.csv");
        }
    if (target.has("service_class"))
        for (const auto& c : target.string_list("service_class")) {
            bool found = false;
            for (std::size_t i = 0; i < b.nodes.size(); ++i)
                if (b.nodes[i].kind == NodeKind::service && b.nodes[i].service_class == c)
                    out.push_back(i), found = true;
            if (!found) target.fail("service_class", "no service of class '" + c + "' in the baseline's nodes.csv");
        }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    if (out.empty()) target.fail("services", "block and allow_only need services or service_class");
    return out;
}

// Merges overlapping intervals and clips them to the window.
std::vector<Interval> normalise(std::vector<Interval> in, const Interval& window) {
    std::vector<Interval> clipped;
    for (auto iv : in) {
        iv.start = std::max(iv.start, window.start);
        iv.end = std::min(iv.end, window.end);
        if (iv.end > iv.start) clipped.push_back(iv);
    }
    std::sort(clipped.begin(), clipped.end(), [](const Interval& a, const Interval& b) { return a.start < b.start; });
    std::vector<Interval> out;
    for (const auto& iv : clipped) {
        if (!out.empty() && iv.start <= out.back().end) out.back().end = std::max(out.back().end, iv.end);
        else out.push_back(iv);
    }
    return out;
}

// The UTC intervals of a daily local window on the given local dates.
std::vector<Interval> daily_intervals(const DailyWindow& w, const std::vector<Date>& dates, UtcOffset offset) {
    std::vector<Interval> out;
    for (const auto& d : dates) {
        const auto midnight = at_local_midnight(d, offset);
        const std::int64_t s = midnight.minutes + w.start_minute;
        std::int64_t e = midnight.minutes + w.end_minute;
        if (w.end_minute <= w.start_minute) e += 1440;  // crosses midnight into the next day
        out.push_back(Interval{TimePoint{s}, TimePoint{e}});
    }
    return out;
}

void read_event(Scenario& sc, const TomlView& ev, std::set<std::string>& ids) {
    const Baseline& b = sc.baseline;
    ev.reject_unknown({"id", "action", "target", "from", "to", "daily", "on", "factor", "source", "note"});
    Event e;
    e.where = ev.where();
    e.id = ev.require_string("id");
    if (!valid_event_id(e.id)) ev.fail("id", "event id '" + e.id + "' must be 1-64 characters of a-z, 0-9, '-' or '_'");
    if (!ids.insert(e.id).second) ev.fail("id", "duplicate event id '" + e.id + "'");
    e.action = parse_action(ev);
    e.source = ev.require_string("source");
    if (e.source.empty()) ev.fail("source", "every event needs a source");
    e.note = ev.optional_string("note").value_or("");
    const auto target = ev.require_table("target");
    target.reject_unknown(
        {"scope", "region", "operator", "access", "node", "asn", "link", "services", "service_class", "institutions"});

    if (e.action == Action::throttle) {
        e.factor = ev.require_number("factor");
        if (e.factor < 0 || e.factor > 1)
            ev.fail("factor", "throttle factor is the share of capacity left; expected 0..1");
    } else if (ev.has("factor")) {
        ev.fail("factor", "only throttle events take a factor");
    }
    if (e.action == Action::block || e.action == Action::allow_only) e.services = resolve_services(b, target);
    else if (target.has("services") || target.has("service_class"))
        target.fail(target.has("services") ? "services" : "service_class",
                    "only block and allow_only events name services");
    if (e.action == Action::close) {
        e.institutions = target.string_list("institutions");
        static const std::set<std::string> kKnown = {"banks", "exchange", "csd", "fx_offices", "atms", "post"};
        for (const auto& inst : e.institutions)
            if (!kKnown.count(inst))
                target.fail("institutions", "unknown institution '" + inst +
                                                "'; expected banks, exchange, csd, fx_offices, atms or post");
    } else if (target.has("institutions")) {
        target.fail("institutions", "only close events name institutions");
    }
    const auto nodes = resolve_nodes(b, target, e.action);
    const auto links = resolve_links(b, target, e.action);
    const auto asns = resolve_asns(b, target, e.action);

    // Timing: from/to, daily windows, or (close) a whole local day.
    const int forms = (ev.has("from") || ev.has("to") ? 1 : 0) + (ev.has("daily") ? 1 : 0) + (ev.has("on") ? 1 : 0);
    if (forms != 1)
        ev.fail("", "give exactly one timing: from + to, daily = { local = ..., on = [...] } or on = \"YYYY-MM-DD\"");
    const std::size_t event_index = sc.events.size();
    // Links and ASes have no region: they follow the reference clock.
    auto add_instance = [&](std::vector<std::size_t> ns, std::vector<Interval> ivs, bool with_links_and_asns = true) {
        EventInstance inst;
        inst.event = event_index;
        inst.nodes = std::move(ns);
        if (with_links_and_asns) inst.links = links, inst.asns = asns;
        inst.intervals = normalise(std::move(ivs), sc.window);
        if (!inst.intervals.empty()) sc.instances.push_back(std::move(inst));
    };
    std::vector<Interval> raw;
    if (ev.has("from") || ev.has("to")) {
        const auto from = require_time(ev, "from");
        const auto to = require_time(ev, "to");
        if (to <= from)
            ev.fail("to", "the event ends (" + format_utc(to) + ") before it starts (" + format_utc(from) + ")");
        raw.push_back(Interval{from, to});
        if (to <= sc.window.start || from >= sc.window.end)
            ev.fail("from", "the event lies wholly outside the scenario window " + format_utc(sc.window.start) + " - " +
                                format_utc(sc.window.end));
        add_instance(nodes, raw);
    } else if (ev.has("on")) {
        if (e.action != Action::close)
            ev.fail("on", "a whole-day 'on' is for close events; use daily = { local = ..., on = [...] } or from/to");
        const auto day = require_date(ev, "on", ev.require_string("on"));
        const auto start = at_local_midnight(day, b.reference_offset);
        raw.push_back(Interval{start, TimePoint{start.minutes + 1440}});
        if (raw[0].end <= sc.window.start || raw[0].start >= sc.window.end)
            ev.fail("on", "the day lies wholly outside the scenario window");
        add_instance(nodes, raw);
    } else {
        const auto daily = ev.require_table("daily");
        daily.reject_unknown({"local", "on", "from", "to"});
        const auto wtext = daily.require_string("local");
        const auto w = parse_daily_window(wtext);
        if (!w) daily.fail("local", "'" + wtext + "' is not a local window like \"09:00-15:40\" (may cross midnight)");
        std::vector<Date> dates;
        if (daily.has("on")) {
            if (daily.has("from") || daily.has("to"))
                daily.fail("on", "give either on = [dates] or from/to dates, not both");
            for (const auto& s : daily.string_list("on")) dates.push_back(require_date(daily, "on", s));
        } else {
            const auto d0 = require_date(daily, "from", daily.require_string("from"));
            const auto d1 = require_date(daily, "to", daily.require_string("to"));
            if (d1 < d0) daily.fail("to", "the last date is before the first");
            if (days_from_civil(d1) - days_from_civil(d0) > 366)
                daily.fail("to", "daily windows may span at most 366 days");
            for (auto d = days_from_civil(d0); d <= days_from_civil(d1); ++d) dates.push_back(civil_from_days(d));
        }
        // Each region keeps its own clock: group the target's nodes by offset.
        std::map<int, std::vector<std::size_t>> by_offset;
        for (std::size_t n : nodes) {
            const auto& node = b.nodes[n];
            const UtcOffset off = node.region ? b.regions[*node.region].utc_offset : b.reference_offset;
            by_offset[off.minutes].push_back(n);
        }
        if (nodes.empty() || !links.empty() || !asns.empty()) by_offset[b.reference_offset.minutes];
        bool any = false;
        for (auto& [off, ns] : by_offset) {
            auto ivs = daily_intervals(*w, dates, UtcOffset{off});
            for (const auto& iv : ivs) any = any || (iv.end > sc.window.start && iv.start < sc.window.end);
            add_instance(std::move(ns), std::move(ivs), off == b.reference_offset.minutes);
        }
        if (!any) daily.fail("local", "every daily window lies outside the scenario window");
    }
    {
        std::ostringstream os;
        os << toml::json_formatter{target.table(), toml::format_flags::none};
        for (char c : os.str())
            if (c != '\n') e.target_text += c;
    }
    sc.events.push_back(std::move(e));
}

}  // namespace

const char* action_name(Action a) {
    switch (a) {
        case Action::cut: return "cut";
        case Action::restore: return "restore";
        case Action::throttle: return "throttle";
        case Action::block: return "block";
        case Action::allow_only: return "allow_only";
        case Action::voice_cut: return "voice_cut";
        case Action::close: return "close";
    }
    return "?";
}

Scenario load_scenario(const std::string& path) {
    std::string text;
    const auto doc = detail::parse_toml_file(path, &text);
    return detail::load_scenario_toml(doc, path, std::move(text));
}

Scenario detail::load_scenario_toml(const toml::table& doc, const std::string& path, std::string text) {
    Scenario sc;
    sc.path = path;
    sc.text = std::move(text);
    TomlView v(doc, path);
    v.reject_unknown(
        {"schema", "name", "title", "baseline", "window", "event", "parameters", "correlations", "description"});
    const auto schema = v.require_string("schema");
    if (schema != "rubilnik.scenario/1")
        v.fail("schema", "schema is '" + schema + "'; this version reads 'rubilnik.scenario/1'");
    sc.name = v.require_string("name");
    if (!valid_event_id(sc.name))
        v.fail("name", "name must be 1-64 characters of a-z, 0-9, '-' or '_' (it names the output folder)");
    sc.title = v.optional_string("title").value_or(sc.name);
    const auto base_rel = v.require_string("baseline");
    const auto base_path = (fs::path(path).parent_path() / base_rel).lexically_normal();
    if (!fs::exists(base_path)) v.fail("baseline", "baseline folder '" + base_path.string() + "' does not exist");
    sc.baseline = load_baseline(base_path.string());

    const auto window = v.require_table("window");
    window.reject_unknown({"start", "end"});
    sc.window = Interval{require_time(window, "start"), require_time(window, "end")};
    if (sc.window.end <= sc.window.start) window.fail("end", "the window ends before it starts");
    if (sc.window.length() > kMaxWindowMinutes) window.fail("end", "the window is longer than the 366-day limit");

    sc.parameters = sc.baseline.parameters;
    if (v.has("parameters")) {
        const auto params = v.require_table("parameters");
        detail::read_parameters(sc.parameters, params.table(), path, "scenario", true);
    }
    if (v.has("correlations")) {
        const auto groups = v.require_table("correlations");
        detail::read_correlations(sc.parameters, groups.table(), path, "scenario");
    }

    std::set<std::string> ids;
    if (v.has("event")) {
        const auto& node = v.node("event");
        if (!node.is_array()) v.fail("event", "expected [[event]] tables");
        const auto& arr = *node.as_array();
        if (arr.size() > kMaxEvents) v.fail("event", "more than " + std::to_string(kMaxEvents) + " events");
        for (const auto& item : arr) {
            if (!item.is_table())
                throw InputError(detail::location_of(item, path), "event",
                                 "expected an [[event]] table, found " + detail::type_name(item));
            read_event(sc, TomlView(*item.as_table(), path, "event[" + std::to_string(sc.events.size()) + "]"), ids);
        }
    }
    return sc;
}

}  // namespace rubilnik
