// The report's charts, each drawn from named datasets of results.h5; every
// caption says how to read the chart and where its numbers come from.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>

#include "detail.hpp"

namespace rubilnik::report::detail {
namespace {

constexpr const char* kWeekday[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
constexpr const char* kMonth[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

const char* action_colour(const std::string& action) {
    if (action == "cut") return svg::kVermillion;
    if (action == "restore") return svg::kGreen;
    if (action == "throttle") return svg::kOrange;
    if (action == "block") return svg::kPurple;
    if (action == "allow_only") return svg::kBlue;
    if (action == "voice_cut") return svg::kSky;
    return svg::kGrey;
}

const char* action_words(const std::string& action) {
    if (action == "cut") return "cut";
    if (action == "restore") return "restored";
    if (action == "throttle") return "throttled";
    if (action == "block") return "services blocked";
    if (action == "allow_only") return "whitelist only";
    if (action == "voice_cut") return "voice/SMS cut";
    if (action == "close") return "institutions closed";
    return "other";
}

double hour_length(const Results& r, std::size_t h) {
    const auto end = time_axis(r).end;
    return static_cast<double>(std::min<std::int64_t>(r.hour_start[h] + 60, end) - r.hour_start[h]) / 60.0;
}

double total_users(const Results& r) {
    return std::accumulate(r.by_region.users.begin(), r.by_region.users.end(), 0.0);
}

}  // namespace

std::string metric_label(const std::string& id) {
    static const std::map<std::string, std::string> labels = {
        {"users_affected", "Internet users cut off from the international internet"},
        {"person_hours_offline", "Person-hours without international access"},
        {"person_hours_domestic_only", "Person-hours with domestic services only"},
        {"national_connectivity_min", "Lowest hourly national connectivity"},
        {"person_hours_without_voice", "Person-hours without voice/SMS"},
        {"gdp_loss_direct_usd", "Bottom-up: value added lost, direct"},
        {"gdp_loss_indirect_usd", "Bottom-up: value added lost, indirect"},
        {"gdp_loss_total_usd", "Bottom-up: value added lost, total"},
        {"comparator_deloitte_usd", "Deloitte (2016) tiers"},
        {"comparator_brookings_usd", "Brookings (West 2016) / COST-style"},
        {"comparator_top10vpn_usd", "Top10VPN-style"},
        {"comparator_netloss_usd", "ISOC NetLoss-style"},
        {"comparator_icrier_usd", "ICRIER-style traffic elasticity"},
        {"comparator_oecd_usd", "OECD-style telecom revenue"},
        {"payments_failed_count", "Card/online payments failed"},
        {"payments_deferred_value_usd", "Value of payments deferred"},
        {"payments_failed_value_usd", "Value of failed payments"},
        {"payments_lost_value_usd", "Value of payments never completed"},
        {"mining_offline_hashrate_ehs", "Offline mining hashrate"},
        {"global_hashrate_drop_share", "Drop in global hashrate"},
        {"mining_lost_revenue_usd", "Miners' lost revenue"},
        {"welfare_loss_usd", "Consumer welfare lost"},
        {"telecom_revenue_loss_usd", "Operators' lost revenue"}};
    auto it = labels.find(id);
    if (it != labels.end()) return it->second;
    const std::string stem = "person_hours_without_";
    if (id.rfind(stem, 0) == 0) {
        std::string c = id.substr(stem.size());
        std::replace(c.begin(), c.end(), '_', ' ');
        return "Person-hours without " + c;
    }
    return id;
}

svg::TimeAxis time_axis(const Results& r) {
    svg::TimeAxis a;
    a.start = r.hour_start.front();
    a.end = r.hour_start.back() + 60;
    if (auto end = parse_timestamp(r.meta("window_end_utc")); end && end->minutes > r.hour_start.back())
        a.end = end->minutes;
    a.offset_minutes = r.reference_offset.minutes;
    a.label = "local time (" + offset_text(r) + ")";
    return a;
}

std::string offset_text(const Results& r) {
    const int m = r.reference_offset.minutes;
    if (m == 0) return "UTC";
    return "UTC" + format_offset(r.reference_offset);
}

std::string local_time(const Results& r, std::int64_t utc_minutes) {
    const TimePoint t{utc_minutes};
    const Date d = local_date(t, r.reference_offset);
    const int minute = local_minute_of_day(t, r.reference_offset);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%s %d %s %02d:%02d", kWeekday[weekday(d)], d.day, kMonth[d.month - 1], minute / 60,
                  minute % 60);
    return buf;
}

std::optional<Chart> events_chart(const Results& r) {
    if (r.events.empty()) return std::nullopt;
    svg::Gantt g;
    g.title = "What was switched off, and when";
    g.axis = time_axis(r);
    std::vector<std::string> seen;
    for (const auto& e : r.events) {
        std::string label = e.id.size() > 34 ? e.id.substr(0, 33) + "…" : e.id;
        g.rows.push_back({label, action_colour(e.action), e.intervals});
        if (std::find(seen.begin(), seen.end(), e.action) == seen.end()) {
            seen.push_back(e.action);
            g.legend.emplace_back(action_words(e.action), action_colour(e.action));
        }
    }
    Chart c;
    c.id = "events";
    c.title = g.title;
    c.svg = svg::gantt(g);
    c.alt =
        "Timeline of the scenario's " + std::to_string(r.events.size()) + " events, one row each, coloured by action.";
    c.caption =
        "Each row is one event of the scenario, drawn over the UTC intervals it was compiled into "
        "(`/timeline/event_intervals`); daily windows show as repeated bars. Events apply in file order, so a "
        "later restore overrides an earlier cut on the same networks. Every event's source and assumptions are "
        "listed in the appendix (Events).";
    return c;
}

std::optional<Chart> national_connectivity_chart(const Results& r) {
    auto it = r.series.find("national_connectivity_min");
    if (it == r.series.end()) return std::nullopt;
    svg::TimeChart t;
    t.title = "Share of internet users who could reach the international internet";
    t.y_label = "share of users (%)";
    t.unit = "share";
    t.share = true;
    t.axis = time_axis(r);
    t.hour_start = r.hour_start;
    svg::Line l;
    l.name = "national, median";
    l.colour = svg::kBlue;
    for (const auto& s : it->second.hours) l.value.push_back(s.p50), l.lo.push_back(s.p5), l.hi.push_back(s.p95);
    t.lines.push_back(l);
    t.band_label = r.central ? "" : "P5–P95 over draws";
    if (r.central) t.lines[0].lo.clear(), t.lines[0].hi.clear();
    Chart c;
    c.id = "connectivity-national";
    c.title = t.title;
    c.svg = svg::time_chart(t);
    c.alt = "Hourly national share of internet users with international access.";
    c.caption =
        "Users-weighted share of internet users whose access network reached the foreign internet in each "
        "hour (hourly average; `/series/national_connectivity_min`). Users inside a cut network still count as "
        "connected in the leakage share `network.cut_leakage`, so the floor is a few per cent, as NetBlocks "
        "measured. " +
        std::string(r.central ? "Central run: no band." : "The band is P5–P95 over draws.");
    return c;
}

std::optional<Chart> connectivity_grid_chart(const Results& r, bool by_region) {
    const auto& grid = by_region ? r.by_region : r.by_operator;
    if (grid.labels.empty()) return std::nullopt;
    const std::size_t G = grid.labels.size(), H = r.hour_start.size();
    std::vector<std::size_t> order;
    for (std::size_t g = 0; g < G; ++g)
        if (grid.users[g] > 0) order.push_back(g);
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return grid.users[a] > grid.users[b]; });
    svg::Heatmap m;
    m.title = by_region ? "Connectivity by region (share of users with international access)"
                        : "Connectivity by operator (share of its users with international access)";
    m.legend = "share of users connected";
    m.axis = time_axis(r);
    m.hour_start = r.hour_start;
    for (auto g : order) {
        svg::HeatRow row;
        row.label = grid.names.size() == G ? grid.names[g] : grid.labels[g];
        row.label += " (" + format_value(grid.users[g], "person") + ")";
        for (std::size_t h = 0; h < H; ++h) row.value.push_back(grid.values[h * G + g]);
        m.rows.push_back(row);
    }
    Chart c;
    c.id = by_region ? "connectivity-region" : "connectivity-operator";
    c.title = m.title;
    c.svg = svg::heatmap(m);
    const std::string what = by_region ? "region" : "operator";
    c.alt = "Heatmap of hourly connectivity, one row per " + what + ", red where users were cut off.";
    c.caption = "One row per " + what +
                " (internet users in brackets, largest first), one column per hour; dark red = "
                "nobody could reach the international internet, pale blue = everyone could. Central run: cut leakage "
                "at its median (" +
                format_value(r.cut_leakage, "share") + "). Data: `/network/connectivity_by_" + what +
                "`; users from the baseline's regions and market-share tables." +
                (by_region ? "" : " Transit-only operators, with no access users, are not shown.");
    return c;
}

std::optional<Chart> services_chart(const Results& r) {
    const double users = total_users(r);
    if (!(users > 0)) return std::nullopt;
    // (label, metric): the world first, then what people use it for.
    std::vector<std::pair<std::string, std::string>> rows = {{"international internet", "person_hours_offline"}};
    for (const auto& [id, s] : r.series) {
        const std::string stem = "person_hours_without_";
        if (id.rfind(stem, 0) != 0 || id == "person_hours_without_voice" || id == "person_hours_without_mining_pools")
            continue;
        std::string c = id.substr(stem.size());
        std::replace(c.begin(), c.end(), '_', ' ');
        rows.emplace_back(c, id);
    }
    rows.emplace_back("voice and SMS", "person_hours_without_voice");
    svg::Heatmap m;
    m.title = "What people could reach (share of internet users, per hour)";
    m.legend = "share of users who could reach it";
    m.axis = time_axis(r);
    m.hour_start = r.hour_start;
    std::string used;
    for (const auto& [label, id] : rows) {
        auto it = r.series.find(id);
        if (it == r.series.end()) continue;
        svg::HeatRow row;
        row.label = label;
        for (std::size_t h = 0; h < r.hour_start.size(); ++h)
            row.value.push_back(1.0 - it->second.hours[h].p50 / (users * hour_length(r, h)));
        m.rows.push_back(row);
        used += (used.empty() ? "`" : ", `") + id + "`";
    }
    if (m.rows.size() < 2) return std::nullopt;
    Chart c;
    c.id = "services";
    c.title = m.title;
    c.svg = svg::heatmap(m);
    c.alt = "Heatmap of which kinds of service people could reach, hour by hour.";
    c.caption =
        "Each row is one kind of service: the share of internet users who could reach at least one service of "
        "that kind (1 − median person-hours without it ÷ users ÷ hour length). Blocked services count as "
        "reached by the VPN share `network.vpn_share`; whitelisted ones (e.g. Kaspi and state news from 8 Jan "
        "in the Kazakhstan replay) stay pale while the rest is dark. Voice counts people at access networks "
        "whose voice/SMS was cut. Data: " +
        used + " under `/series/`.";
    return c;
}

std::optional<Chart> cumulative_chart(const Results& r, const std::string& id, const std::string& title,
                                      const std::vector<std::string>& metrics) {
    svg::TimeChart t;
    t.title = title;
    t.axis = time_axis(r);
    t.hour_start = r.hour_start;
    const char* colours[] = {svg::kVermillion, svg::kBlue, svg::kGreen};
    std::string used, unit;
    bool fallback = false;
    for (const auto& m : metrics) {
        auto it = r.cumulative.find(m);
        svg::Line l;
        l.name = metric_label(m);
        l.colour = colours[t.lines.size() % 3];
        l.steps = false;
        l.dashed = !t.lines.empty();
        if (it != r.cumulative.end()) {
            unit = it->second.unit;
            for (const auto& s : it->second.hours) {
                l.value.push_back(s.p50);
                if (!r.central && t.lines.empty()) l.lo.push_back(s.p5), l.hi.push_back(s.p95);
            }
        } else if (auto s = r.series.find(m); s != r.series.end()) {
            // Files written before /cumulative existed: running total of hourly medians, no band.
            fallback = true;
            unit = s->second.unit;
            double run = 0;
            for (const auto& x : s->second.hours) l.value.push_back(run += x.p50);
        } else {
            continue;
        }
        used += (used.empty() ? "`/cumulative/" : ", `/cumulative/") + m + "`";
        t.lines.push_back(l);
    }
    if (t.lines.empty()) return std::nullopt;
    t.unit = unit;
    t.y_label = unit_words(unit) + " (running total)";
    if (!t.lines[0].lo.empty()) t.band_label = "P5–P95 over draws";
    Chart c;
    c.id = id;
    c.title = title;
    c.svg = svg::time_chart(t);
    c.alt = title + ", from the start of the window to each hour.";
    c.caption =
        "Running total from the start of the window to the end of each hour. The line is the median over draws "
        "of each draw's running total and the band its P5–P95, computed per hour from the draws themselves "
        "(" +
        used +
        "); the band's right end is the total's P5–P95. Adding up hourly P5s would not be a "
        "band: no draw is at its 5th percentile in every hour.";
    if (fallback) c.caption += " This file predates /cumulative: running totals of hourly medians, no band.";
    if (r.central) c.caption += " Central run: no band.";
    return c;
}

std::optional<Chart> hourly_chart(const Results& r, const std::string& id, const std::string& title,
                                  const std::vector<std::string>& metrics, const std::string& what) {
    svg::TimeChart t;
    t.title = title;
    t.axis = time_axis(r);
    t.hour_start = r.hour_start;
    t.y_label = what;
    const char* colours[] = {svg::kVermillion, svg::kBlue, svg::kGreen, svg::kPurple};
    std::string used;
    for (const auto& metric : metrics) {
        auto it = r.series.find(metric);
        if (it == r.series.end()) continue;
        t.unit = it->second.unit;
        svg::Line l;
        l.name = metric_label(metric) + (t.lines.empty() ? ", median" : "");
        l.colour = colours[t.lines.size() % 4];
        l.dashed = !t.lines.empty();
        for (const auto& s : it->second.hours) {
            l.value.push_back(s.p50);
            if (!r.central && t.lines.empty()) l.lo.push_back(s.p5), l.hi.push_back(s.p95);
        }
        t.lines.push_back(l);
        used += (used.empty() ? "`/series/" : ", `/series/") + metric + "`";
    }
    if (t.lines.empty()) return std::nullopt;
    if (!r.central) t.band_label = "P5–P95 over draws";
    Chart c;
    c.id = id;
    c.title = title;
    c.svg = svg::time_chart(t);
    c.alt = title + ", hour by hour.";
    c.caption = "Per reporting hour (" + used + "); " +
                std::string(r.central ? "central run."
                                      : "medians over draws; the band is P5–P95 of each hour taken "
                                        "separately (of the first line).");
    return c;
}

std::optional<Chart> breakdown_chart(const Results& r, const std::string& id, const std::string& title,
                                     const std::string& metric, const std::string& axis) {
    auto m = r.breakdown.find(metric);
    if (m == r.breakdown.end()) return std::nullopt;
    auto a = m->second.find(axis);
    if (a == m->second.end() || a->second.rows.empty()) return std::nullopt;
    const auto& b = a->second;
    std::vector<std::size_t> order(b.rows.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](auto x, auto y) { return b.rows[x].p50 > b.rows[y].p50; });
    svg::BarChart bc;
    bc.title = title;
    bc.unit = b.unit;
    bc.x_label = unit_words(b.unit);
    for (auto i : order) {
        std::string name = r.name(axis, b.labels[i]);
        if (name != b.labels[i] && axis == "sector") name = b.labels[i] + " " + name;
        if (name.size() > 44) name = name.substr(0, 43) + "…";
        bc.bars.push_back({name, b.rows[i].p50, b.rows[i].p5, b.rows[i].p95, !r.central, svg::kVermillion});
    }
    Chart c;
    c.id = id;
    c.title = title;
    c.svg = svg::bar_chart(bc);
    c.alt = title + ", largest first.";
    c.caption = "Median over draws per " + axis + (r.central ? "" : ", whiskers P5–P95") + " (`/breakdown/" + metric +
                "/" + axis + "`). Percentiles are taken " + axis + " by " + axis +
                ", so the medians need not add up to the national median.";
    return c;
}

std::optional<Chart> comparators_chart(const Results& r) {
    std::vector<std::string> bottom_up = {"gdp_loss_total_usd"};
    if (r.has("gdp_loss_indirect_usd")) bottom_up.push_back("gdp_loss_direct_usd");
    // Every comparator the run has (channels add more), largest first.
    std::vector<std::string> top_down;
    for (const auto& [id, draws] : r.ensemble)
        if (id.rfind("comparator_", 0) == 0 && r.units.count(id) && r.units.at(id) == "USD") top_down.push_back(id);
    std::stable_sort(top_down.begin(), top_down.end(),
                     [&](const auto& a, const auto& b) { return r.total(a).p50 > r.total(b).p50; });
    svg::BarChart bc;
    bc.title = "Bottom-up estimate beside the top-down comparators";
    bc.unit = "USD";
    bc.x_label = "US dollars";
    std::string used;
    double smallest = 0, largest = 0;
    auto add = [&](const std::string& m, const char* colour) {
        if (!r.has(m)) return;
        const auto s = r.total(m);
        std::string label = metric_label(m);
        if (label == m) label = m.substr(11, m.size() - 15) + " (comparator)";  // comparator_<name>_usd
        bc.bars.push_back({label, s.p50, s.p5, s.p95, !r.central && s.p95 > s.p5, colour});
        used += (used.empty() ? "`/ensemble/" : ", `/ensemble/") + m + "`";
        if (s.p50 > 0) smallest = smallest > 0 ? std::min(smallest, s.p50) : s.p50;
        largest = std::max(largest, s.p95);
    };
    for (const auto& m : bottom_up) add(m, svg::kVermillion);
    for (const auto& m : top_down) add(m, svg::kGrey);
    if (bc.bars.size() < 2) return std::nullopt;
    bc.log_scale = smallest > 0 && largest / smallest > 30;
    bc.legend = {{"bottom-up (this model)", svg::kVermillion},
                 {"top-down comparators (their formulas, same scenario)", svg::kGrey}};
    Chart c;
    c.id = "comparators";
    c.title = bc.title;
    c.svg = svg::bar_chart(bc);
    c.alt = "Bar chart: the bottom-up loss estimate beside four top-down comparators.";
    c.caption =
        "Median and P5–P95 of per-draw totals (" + used +
        "). The comparators apply other tools' published "
        "formulas to the same person-hours offline (methodology §5); they are shown for context and never "
        "added to the bottom-up figure. Whiskers appear where a comparator's inputs are uncertain." +
        std::string(bc.log_scale ? " The axis is logarithmic: each gridline step is a factor of ten (or 2 and 5 "
                                   "within a decade), because the tools differ by orders of magnitude."
                                 : "");
    return c;
}

std::optional<Chart> tornado_chart(const Results& r, const std::string& metric) {
    auto it = r.sensitivity.find(metric);
    if (it == r.sensitivity.end() || it->second.empty()) return std::nullopt;
    auto rows = it->second;
    std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.st > b.st; });
    if (rows.size() > 15) rows.resize(15);
    svg::BarChart bc;
    bc.title = "What drives the uncertainty of " + metric_label(metric) + " (Sobol total effect)";
    bc.unit = "";
    bc.x_label = "Sobol total-effect index (share of output variance, with interactions)";
    for (const auto& s : rows) bc.bars.push_back({s.parameter, s.st, s.st_lo, s.st_hi, s.st_hi > s.st_lo, svg::kBlue});
    Chart c;
    c.id = "tornado-" + metric;
    std::replace(c.id.begin(), c.id.end(), '_', '-');
    c.title = bc.title;
    c.svg = svg::bar_chart(bc);
    c.alt = "Tornado chart of the parameters that drive the spread of " + metric + ".";
    c.caption = "Parameters ranked by their Sobol total-effect index for `" + metric +
                "`, whiskers the bootstrap confidence interval (`/sensitivity/" + metric + "` in " +
                r.sensitivity_source + "). An index near 0 means fixing that parameter would barely narrow the range.";
    return c;
}

}  // namespace rubilnik::report::detail
