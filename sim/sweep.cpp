#include "rubilnik/sweep.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>
#include <sstream>

#include <toml++/toml.h>

#include "rubilnik/detail/scenario_toml.hpp"
#include "rubilnik/detail/toml_view.hpp"
#include "rubilnik/error.hpp"
#include "rubilnik/io/csv.hpp"
#include "rubilnik/io/csv_export.hpp"
#include "rubilnik/time.hpp"

namespace rubilnik {
namespace {

constexpr std::size_t kMaxSteps = kMaxSweepPoints;

[[noreturn]] void bad(const std::string& spec, const std::string& message) {
    std::string m = "--vary '";
    m.append(spec).append("': ").append(message);
    throw InputError(m);
}

std::string trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return std::string(s);
}

std::string number_label(double v) {
    std::ostringstream os;
    os.precision(12);
    os << v;
    return os.str();
}

// One value of an axis as a number in the axis's unit (minutes for durations).
double parse_value(const SweepAxis& a, const std::string& text) {
    if (a.kind == SweepKind::event_duration) {
        const auto m = parse_duration_minutes(text);
        if (!m) bad(a.spec, "'" + text + "' is not a duration like 90m, 6h, 1.5d or 2w (at least one minute)");
        return static_cast<double>(*m);
    }
    double v = 0;
    if (!parse_double(text, v)) bad(a.spec, "'" + text + "' is not a number");
    return v;
}

std::string value_label(const SweepAxis& a, double v) {
    return a.kind == SweepKind::event_duration ? format_duration(static_cast<std::int64_t>(v)) : number_label(v);
}

void check_value(const SweepAxis& a, double v) {
    const std::string shown = value_label(a, v);
    switch (a.kind) {
        case SweepKind::event_factor:
            if (v < 0 || v > 1) bad(a.spec, "factor " + shown + " is outside 0..1 (the share of capacity left)");
            break;
        case SweepKind::event_region_share:
            if (v < 0 || v > 1) bad(a.spec, "region share " + shown + " is outside 0..1");
            break;
        case SweepKind::event_regions:
            if (v < 0 || v != std::floor(v)) bad(a.spec, "region count " + shown + " is not a whole number >= 0");
            break;
        default: break;
    }
}

// "+06:00" of "2022-01-05T16:30+06:00"; UTC for "...Z".
UtcOffset offset_of(const std::string& timestamp) {
    if (timestamp.size() >= 6) {
        if (auto off = parse_utc_offset(timestamp.substr(timestamp.size() - 6))) return *off;
    }
    return UtcOffset{0};
}

toml::table* find_event(toml::table& doc, const std::string& id, std::size_t* index = nullptr) {
    auto* events = doc["event"].as_array();
    if (!events) return nullptr;
    for (std::size_t i = 0; i < events->size(); ++i) {
        auto* t = events->get(i)->as_table();
        if (t && t->get("id") && t->get("id")->value<std::string>() == id) {
            if (index) *index = i;
            return t;
        }
    }
    return nullptr;
}

}  // namespace

std::optional<std::int64_t> parse_duration_minutes(std::string_view text) {
    const std::string s = trim(text);
    if (s.size() < 2) return std::nullopt;
    double per = 0;
    switch (s.back()) {
        case 'm': per = 1; break;
        case 'h': per = 60; break;
        case 'd': per = 1440; break;
        case 'w': per = 10080; break;
        default: return std::nullopt;
    }
    double n = 0;
    if (!parse_double(std::string_view(s).substr(0, s.size() - 1), n) || !(n > 0)) return std::nullopt;
    const double minutes = std::round(n * per);
    // 100 years is far beyond the window limit, and keeps the cast exact.
    if (minutes < 1 || minutes > 100.0 * 366 * 1440) return std::nullopt;
    return static_cast<std::int64_t>(minutes);
}

std::string format_duration(std::int64_t minutes) {
    if (minutes % 10080 == 0) return std::to_string(minutes / 10080) + "w";
    if (minutes % 1440 == 0) return std::to_string(minutes / 1440) + "d";
    if (minutes % 60 == 0) return std::to_string(minutes / 60) + "h";
    return std::to_string(minutes) + "m";
}

SweepAxis parse_vary(const std::string& spec) {
    SweepAxis a;
    a.spec = spec;
    const auto eq = spec.find('=');
    if (eq == std::string::npos) bad(spec, "expected KEY=V1,V2,... or KEY=LO..HI:STEPS");
    a.key = trim(std::string_view(spec).substr(0, eq));
    const std::string rhs = trim(std::string_view(spec).substr(eq + 1));
    if (a.key.empty()) bad(spec, "the key left of '=' is empty");
    if (rhs.empty()) bad(spec, "no values right of '='");
    if (a.key.rfind("event.", 0) == 0) {
        const std::string rest = a.key.substr(6);
        const auto dot = rest.rfind('.');
        if (dot == std::string::npos || dot == 0)
            bad(spec,
                "event keys are event.<id>.factor, event.<id>.duration, event.<id>.regions or "
                "event.<id>.region_share");
        a.event_id = rest.substr(0, dot);
        const std::string field = rest.substr(dot + 1);
        if (field == "factor") a.kind = SweepKind::event_factor;
        else if (field == "duration") a.kind = SweepKind::event_duration;
        else if (field == "regions") a.kind = SweepKind::event_regions;
        else if (field == "region_share") a.kind = SweepKind::event_region_share;
        else bad(spec, "unknown event field '" + field + "'; expected factor, duration, regions or region_share");
    }

    const auto dots = rhs.find("..");
    if (dots != std::string::npos) {
        const auto colon = rhs.find(':', dots);
        if (colon == std::string::npos) bad(spec, "a range needs a step count: LO..HI:STEPS");
        const double lo = parse_value(a, trim(std::string_view(rhs).substr(0, dots)));
        const double hi = parse_value(a, trim(std::string_view(rhs).substr(dots + 2, colon - dots - 2)));
        double steps_d = 0;
        if (!parse_double(trim(std::string_view(rhs).substr(colon + 1)), steps_d) || steps_d != std::floor(steps_d) ||
            steps_d < 2 || steps_d > static_cast<double>(kMaxSteps))
            bad(spec, "STEPS must be a whole number of points from 2 to " + std::to_string(kMaxSteps));
        if (!(hi > lo)) bad(spec, "a range needs LO < HI");
        const auto steps = static_cast<std::size_t>(steps_d);
        for (std::size_t i = 0; i < steps; ++i) {
            // Exact at both ends; durations and counts land on whole units.
            double v = i + 1 == steps ? hi : lo + (hi - lo) * static_cast<double>(i) / static_cast<double>(steps - 1);
            if (a.kind == SweepKind::event_duration || a.kind == SweepKind::event_regions) v = std::round(v);
            if (!a.values.empty() && v == a.values.back())
                bad(spec, std::to_string(steps) + " steps repeat the value " + value_label(a, v) +
                              " once rounded to whole units; use fewer steps");
            a.values.push_back(v);
        }
    } else {
        std::size_t start = 0;
        while (start <= rhs.size()) {
            const auto comma = rhs.find(',', start);
            const auto end = comma == std::string::npos ? rhs.size() : comma;
            const std::string item = trim(std::string_view(rhs).substr(start, end - start));
            if (item.empty()) bad(spec, "an empty value in the list");
            a.values.push_back(parse_value(a, item));
            if (a.values.size() > kMaxSteps) bad(spec, "more than " + std::to_string(kMaxSteps) + " values");
            if (comma == std::string::npos) break;
            start = comma + 1;
        }
    }
    for (double v : a.values) {
        check_value(a, v);
        a.labels.push_back(value_label(a, v));
    }
    return a;
}

// --- Sweep -------------------------------------------------------------------

struct Sweep::Impl {
    std::string path;
    toml::table doc;
    Scenario base;
    std::vector<SweepAxis> axes;
    std::vector<std::string> regions;  // by population, descending
    std::size_t points = 1;
};

Sweep::~Sweep() = default;

Sweep::Sweep(const std::string& path, std::vector<SweepAxis> axes) : impl_(std::make_unique<Impl>()) {
    auto& I = *impl_;
    I.path = path;
    std::string text;
    I.doc = detail::parse_toml_file(path, &text);
    I.base = detail::load_scenario_toml(I.doc, path, text);
    I.axes = std::move(axes);
    if (I.axes.empty()) throw InputError("sweep: give at least one --vary KEY=VALUES");

    const auto& b = I.base.baseline;
    std::vector<std::size_t> order(b.regions.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
        if (b.regions[x].population != b.regions[y].population)
            return b.regions[x].population > b.regions[y].population;
        return b.regions[x].id < b.regions[y].id;
    });
    for (std::size_t r : order) I.regions.push_back(b.regions[r].id);

    std::set<std::string> targets;
    for (const auto& a : I.axes) {
        // regions and region_share edit the same target.
        const std::string what = a.kind == SweepKind::event_region_share ? "event." + a.event_id + ".regions" : a.key;
        if (!targets.insert(what).second) bad(a.spec, "this key (or its regions/region_share twin) is varied twice");
        if (a.kind == SweepKind::parameter) {
            if (!I.base.parameters.find(a.key))
                bad(a.spec, "'" + a.key +
                                "' is neither a parameter of the baseline nor event.<id>.<field>; "
                                "parameter keys are listed under [parameters] in baseline.toml");
            continue;
        }
        const auto* ev = find_event(I.doc, a.event_id);
        if (!ev) bad(a.spec, "the scenario has no event with id '" + a.event_id + "'");
        const std::string action = ev->get("action") ? ev->get("action")->value_or(std::string()) : "";
        if (a.kind == SweepKind::event_factor && action != "throttle")
            bad(a.spec, "event '" + a.event_id + "' is a " + action + " event; only throttle events have a factor");
        if (a.kind == SweepKind::event_duration) {
            if (!ev->get("from") || !ev->get("to"))
                bad(a.spec, "event '" + a.event_id + "' has no from/to interval; durations apply to from/to events");
            const auto from = parse_timestamp(ev->get("from")->value_or(std::string()));
            if (!from) bad(a.spec, "event '" + a.event_id + "' has no valid 'from' timestamp");
            const double longest = *std::max_element(a.values.begin(), a.values.end());
            if (static_cast<double>(from->minutes - I.base.window.start.minutes) + longest >
                static_cast<double>(kMaxWindowMinutes))
                bad(a.spec, "a duration of " + value_label(a, longest) + " from " + format_utc(*from) +
                                " runs past the 366-day window limit (counted from the window start " +
                                format_utc(I.base.window.start) + ")");
        }
        if (a.kind == SweepKind::event_regions || a.kind == SweepKind::event_region_share) {
            if (action == "close") bad(a.spec, "close events have no regions to vary");
            const auto* target = ev->get("target") ? ev->get("target")->as_table() : nullptr;
            if (target && (target->contains("node") || target->contains("asn") || target->contains("link")))
                bad(a.spec, "event '" + a.event_id +
                                "' targets named nodes, ASNs or links; a regions sweep needs "
                                "a scope or region/operator/access target");
            if (a.kind == SweepKind::event_regions)
                for (double v : a.values)
                    if (v > static_cast<double>(I.regions.size()))
                        bad(a.spec, "region count " + value_label(a, v) + " exceeds the baseline's " +
                                        std::to_string(I.regions.size()) + " regions");
        }
    }
    for (const auto& a : I.axes) {
        if (a.values.size() > kMaxSweepPoints / I.points)
            throw InputError("sweep: the --vary axes make more than " + std::to_string(kMaxSweepPoints) +
                             " points; use fewer values");
        I.points *= a.values.size();
    }
}

const Scenario& Sweep::base() const { return impl_->base; }
const std::vector<SweepAxis>& Sweep::axes() const { return impl_->axes; }
std::size_t Sweep::points() const { return impl_->points; }
const std::vector<std::string>& Sweep::regions_by_population() const { return impl_->regions; }

std::vector<std::size_t> Sweep::coordinates(std::size_t point) const {
    const auto& axes = impl_->axes;
    std::vector<std::size_t> c(axes.size());
    for (std::size_t i = axes.size(); i-- > 0;) {
        c[i] = point % axes[i].values.size();
        point /= axes[i].values.size();
    }
    return c;
}

Scenario Sweep::scenario(std::size_t point) const {
    const auto& I = *impl_;
    if (point >= I.points) throw std::out_of_range("Sweep::scenario: point out of range");
    toml::table doc = I.doc;
    const auto c = coordinates(point);
    // Events removed by a zero-region point are dropped last, so earlier
    // edits still find them.
    std::vector<std::string> drop;
    for (std::size_t i = 0; i < I.axes.size(); ++i) {
        const auto& a = I.axes[i];
        const double v = a.values[c[i]];
        const std::string source = "rubilnik sweep --vary " + a.spec;
        if (a.kind == SweepKind::parameter) {
            if (!doc["parameters"].as_table()) doc.insert_or_assign("parameters", toml::table{});
            doc["parameters"].as_table()->insert_or_assign(a.key, toml::table{{"value", v}, {"source", source}});
            continue;
        }
        auto* ev = find_event(doc, a.event_id);
        switch (a.kind) {
            case SweepKind::event_factor: ev->insert_or_assign("factor", v); break;
            case SweepKind::event_duration: {
                const auto from_text = ev->get("from")->value_or(std::string());
                const auto from = *parse_timestamp(from_text);
                const TimePoint to{from.minutes + static_cast<std::int64_t>(v)};
                ev->insert_or_assign("to", format_local(to, offset_of(from_text)));
                if (to > I.base.window.end) {
                    auto* window = doc["window"].as_table();
                    const auto end_text = window->get("end")->value_or(std::string());
                    window->insert_or_assign("end", format_local(to, offset_of(end_text)));
                }
                break;
            }
            case SweepKind::event_regions:
            case SweepKind::event_region_share: {
                const double n_d = a.kind == SweepKind::event_regions
                                       ? v
                                       : std::floor(v * static_cast<double>(I.regions.size()) + 0.5);
                const auto n = static_cast<std::size_t>(n_d);
                if (n == 0) {
                    drop.push_back(a.event_id);
                    break;
                }
                auto* target = (*ev)["target"].as_table();
                if (!target) {
                    ev->insert_or_assign("target", toml::table{});
                    target = (*ev)["target"].as_table();
                }
                target->erase("scope");
                toml::array regions;
                for (std::size_t r = 0; r < n; ++r) regions.push_back(I.regions[r]);
                target->insert_or_assign("region", std::move(regions));
                break;
            }
            case SweepKind::parameter: break;
        }
    }
    for (const auto& id : drop) {
        std::size_t index = 0;
        if (find_event(doc, id, &index)) doc["event"].as_array()->erase(doc["event"].as_array()->begin() + index);
    }
    std::ostringstream text;
    text << doc;
    return detail::load_scenario_toml(doc, I.path, text.str());
}

// --- CSV ----------------------------------------------------------------------

std::string sweep_csv(const Sweep& sweep, const std::vector<SweepPointResult>& results) {
    const auto& axes = sweep.axes();
    std::string out = "point";
    for (const auto& a : axes) {
        std::string head = a.key;
        if (a.kind == SweepKind::event_duration) head.append("_hours");
        out.append(",").append(csv_field(head));
    }
    out.append(",metric,unit,p5,p50,p95,mean\n");
    for (std::size_t p = 0; p < results.size(); ++p) {
        const auto c = sweep.coordinates(p);
        std::string prefix = std::to_string(p);
        for (std::size_t i = 0; i < axes.size(); ++i) {
            double v = axes[i].values[c[i]];
            if (axes[i].kind == SweepKind::event_duration) v /= 60.0;
            prefix.append(",").append(csv_number(v));
        }
        const auto& r = results[p];
        for (std::size_t m = 0; m < r.metric_ids.size(); ++m) {
            std::string line = prefix;
            line.append(",").append(csv_field(r.metric_ids[m])).append(",").append(csv_field(r.units[m]));
            for (double v : {r.totals[m].p5, r.totals[m].p50, r.totals[m].p95, r.totals[m].mean})
                line.append(",").append(csv_number(v));
            out.append(line).append("\n");
        }
    }
    return out;
}

void write_sweep_csv(const std::filesystem::path& path, const Sweep& sweep,
                     const std::vector<SweepPointResult>& results) {
    write_text_atomically(path, sweep_csv(sweep, results));
}

}  // namespace rubilnik
