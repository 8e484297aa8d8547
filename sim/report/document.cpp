// The report's content, as a list of blocks both writers render: the story
// in brief, citable figures, charts by theme, every metric, and the
// assumptions and provenance that let a reader trace each figure.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "detail.hpp"

namespace rubilnik::report {
namespace {

using detail::format_words;
using detail::local_time;
using detail::metric_label;

Block heading(int level, const std::string& text) {
    Block b;
    b.kind = Block::Kind::heading;
    b.level = level;
    b.text = text;
    b.id = anchor_slug(text);
    return b;
}

Block para(const std::string& text) {
    Block b;
    b.kind = Block::Kind::paragraph;
    b.text = text;
    return b;
}

Block table(std::vector<std::string> header, std::vector<std::vector<std::string>> rows, std::vector<bool> numeric) {
    Block b;
    b.kind = Block::Kind::table;
    b.header = std::move(header);
    b.rows = std::move(rows);
    b.numeric = std::move(numeric);
    return b;
}

void add_chart(std::vector<Block>& out, const std::optional<Chart>& c) {
    if (!c) return;
    Block b;
    b.kind = Block::Kind::figure;
    b.chart = *c;
    out.push_back(std::move(b));
}

std::string title_of(const Results& r) {
    const auto t = r.meta("scenario_title");
    return t.empty() ? r.meta("scenario_name") : t;
}

std::string reproduce_command(const Results& r) {
    std::string path = r.meta("scenario_path");
    if (path.empty()) path = r.meta("scenario_name") + ".toml";
    std::string out = "rubilnik run ";
    out.append(path)
        .append(" --seed ")
        .append(std::to_string(r.seed))
        .append(" --draws ")
        .append(std::to_string(r.draws));
    return out;
}

std::string range_text(const Results& r, const Stats& s, const std::string& unit) {
    if (r.central) return "central run: no range (rerun with --draws 1000 for one)";
    if (s.p5 == s.p95) return "the same in every draw: its inputs are not uncertain";
    return "P5–P95: " + format_words(s.p5, unit) + " to " + format_words(s.p95, unit);
}

// One clause per headline metric, completed into a quotable sentence.
std::string clause(const Results& r, const std::string& id, const std::string& v, double p50) {
    const std::string year =
        std::to_string(static_cast<long long>(r.number.count("price_year") ? r.number.at("price_year") : 0));
    if (id == "users_affected") return v + " internet users lost access to the international internet at least once";
    if (id == "person_hours_offline")
        return "internet users spent a combined " + v + " person-hours (" + format_words(p50 / 24.0, "") +
               " person-days) without access to the international internet";
    if (id == "national_connectivity_min")
        return "at the worst hour only " + v + " of internet users could still reach the international internet";
    if (id == "gdp_loss_total_usd")
        return "the shutdown cost an estimated " + v + " in lost economic output (value added, US dollars at " + year +
               " prices), not counting riot damage or long-run effects";
    if (id == "gdp_loss_direct_usd") return v + " of that output was lost directly in internet-dependent work";
    if (id == "person_hours_without_messengers")
        return "people spent " + v + " person-hours unable to reach any messenger service";
    if (id == "person_hours_without_voice") return "people spent " + v + " person-hours without mobile voice or SMS";
    if (id == "payments_failed_count") return v + " card and online payments failed";
    if (id == "payments_failed_value_usd") return v + " worth of card and online payments failed";
    if (id == "payments_deferred_value_usd") return v + " of payments were deferred until connectivity returned";
    if (id == "mining_offline_hashrate_ehs") return "up to " + v + " of bitcoin mining hashrate went offline";
    if (id == "global_hashrate_drop_share") return "global bitcoin hashrate fell by up to " + v;
    if (id == "welfare_loss_usd") return "consumers lost an estimated " + v + " in welfare (consumer surplus)";
    if (id == "telecom_revenue_loss_usd") return "telecom operators lost an estimated " + v + " in revenue";
    return metric_label(id) + ": " + v;
}

std::string when_text(const Results& r, const EventInfo& e) {
    if (e.intervals.empty()) return "outside the window";
    std::string out;
    const std::size_t shown = e.intervals.size() > 3 ? 2 : e.intervals.size();
    for (std::size_t i = 0; i < shown; ++i) {
        if (i) out += "; ";
        out += local_time(r, e.intervals[i].first) + " – " + local_time(r, e.intervals[i].second);
    }
    if (shown < e.intervals.size()) out += "; … (" + std::to_string(e.intervals.size()) + " intervals)";
    return out;
}

// The story of the run in a few sentences, all from the file.
std::vector<Block> in_brief(const Results& r) {
    std::vector<Block> out;
    const auto axis = detail::time_axis(r);
    std::string s = "The scenario runs from " + local_time(r, axis.start) + " to " + local_time(r, axis.end) + " (" +
                    detail::offset_text(r) + ").";
    if (auto it = r.series.find("national_connectivity_min"); it != r.series.end()) {
        const auto& h = it->second.hours;
        std::size_t worst = 0, below = 0, first = h.size(), last = 0;
        for (std::size_t i = 0; i < h.size(); ++i) {
            if (h[i].p50 < h[worst].p50) worst = i;
            if (h[i].p50 < 0.5) {
                ++below;
                first = std::min(first, i);
                last = i;
            }
        }
        if (below > 0) {
            s += " National connectivity first fell below half of users at " + local_time(r, r.hour_start[first]) +
                 " and last recovered above it at " + local_time(r, r.hour_start[last] + 60) + "; in " +
                 std::to_string(below) + " of " + std::to_string(h.size()) +
                 " hours fewer than half of internet users could reach the international internet, and at the worst "
                 "hour (" +
                 local_time(r, r.hour_start[worst]) + ") only " + format_value(h[worst].p50, "share") + ".";
        } else {
            s += " National connectivity never fell below half of users; its lowest hourly value was " +
                 format_value(h[worst].p50, "share") + " (" + local_time(r, r.hour_start[worst]) + ").";
        }
    }
    if (r.has("users_affected"))
        s += " " + format_words(r.total("users_affected").p50, "person") +
             " internet users lost the world at least once.";
    out.push_back(para(s));
    if (r.has("gdp_loss_total_usd")) {
        const auto t = r.total("gdp_loss_total_usd");
        std::string m =
            "Counted bottom-up, sector by sector and hour by hour, the lost value added comes to " +
            format_words(t.p50, "USD") +
            (r.central ? "" : " (P5–P95 " + format_words(t.p5, "USD") + " to " + format_words(t.p95, "USD") + ")") +
            ".";
        std::vector<std::pair<double, std::string>> comps;
        for (const auto& [c, draws] : r.ensemble)
            if (c.rfind("comparator_", 0) == 0 && r.units.count(c) && r.units.at(c) == "USD")
                comps.emplace_back(r.total(c).p50, metric_label(c));
        if (comps.size() >= 2) {
            std::sort(comps.begin(), comps.end());
            m += " Top-down formulas applied to the same scenario give " + format_words(comps.front().first, "USD") +
                 " (" + comps.front().second + ") to " + format_words(comps.back().first, "USD") + " (" +
                 comps.back().second + ").";
        }
        auto top = [&](const std::string& axis) -> std::string {
            auto b = r.breakdown.find("gdp_loss_direct_usd");
            if (b == r.breakdown.end() || !b->second.count(axis)) return "";
            const auto& d = b->second.at(axis);
            if (d.rows.empty()) return "";
            std::size_t best = 0;
            for (std::size_t i = 1; i < d.rows.size(); ++i)
                if (d.rows[i].p50 > d.rows[best].p50) best = i;
            return r.name(axis, d.labels[best]);
        };
        const auto sector = top("sector"), region = top("region");
        if (!sector.empty() && !region.empty())
            m += " The largest direct losses fall in " + sector + " and, by region, in " + region + ".";
        out.push_back(para(m));
    }
    return out;
}

std::string not_modelled(const std::string& what, const std::string& prefix) {
    return what + ": not modelled in this run (results.h5 has no `" + prefix + "*` metrics).";
}

}  // namespace

std::vector<Citable> citable_figures(const Results& r) {
    static const char* headline[] = {"users_affected",
                                     "person_hours_offline",
                                     "national_connectivity_min",
                                     "gdp_loss_total_usd",
                                     "gdp_loss_direct_usd",
                                     "person_hours_without_messengers",
                                     "person_hours_without_voice",
                                     "payments_failed_count",
                                     "payments_failed_value_usd",
                                     "payments_deferred_value_usd",
                                     "mining_offline_hashrate_ehs",
                                     "global_hashrate_drop_share",
                                     "welfare_loss_usd",
                                     "telecom_revenue_loss_usd"};
    std::vector<Citable> out;
    const std::string title = title_of(r);
    for (const char* id : headline) {
        if (!r.has(id)) continue;
        // Direct loss is its own headline only when an indirect part makes the total differ.
        if (std::string(id) == "gdp_loss_direct_usd" && !r.has("gdp_loss_indirect_usd")) continue;
        const auto s = r.total(id);
        // A figure that is zero in every draw says "not affected"; All metrics still lists it.
        if (s.p5 == 0 && s.p95 == 0 && std::string(id) != "national_connectivity_min") continue;
        const auto unit = r.units.count(id) ? r.units.at(id) : "";
        Citable c;
        c.metric = id;
        c.label = metric_label(id);
        c.value = format_words(s.p50, unit);
        if (unit == "person" || unit == "person*h" || unit == "tx") c.value += " " + unit_words(unit);
        c.range = range_text(r, s, unit);
        std::string sentence = "According to a rubilnik simulation of \u201c" + title + "\u201d, " +
                               clause(r, id, format_words(s.p50, unit), s.p50);
        if (r.central) sentence += " (central estimate).";
        else if (s.p5 == s.p95) sentence += ".";
        else sentence += " (90 % range " + format_words(s.p5, unit) + " to " + format_words(s.p95, unit) + ").";
        c.sentence = sentence;
        c.reproduce = reproduce_command(r);
        out.push_back(std::move(c));
    }
    return out;
}

std::vector<Block> build_report(const Results& r) {
    std::vector<Block> out;
    const std::string title = title_of(r);
    out.push_back(heading(1, "Impact report: " + title));
    std::string sha = r.meta("git_sha");
    if (sha.size() > 12) sha = sha.substr(0, 12);
    out.push_back(
        para("Scenario `" + r.meta("scenario_name") + "` on baseline `" + r.meta("baseline_name") + "`; " +
             (r.central ? "one central run (every parameter at its median)"
                        : std::to_string(r.draws) + " draws, seed " + std::to_string(r.seed)) +
             "; rubilnik " + r.meta("version") + " (git " + sha + "). Times are local time at " +
             detail::offset_text(r) + ", the baseline's reference zone; money is in US dollars at " +
             std::to_string(static_cast<long long>(r.number.count("price_year") ? r.number.at("price_year") : 0)) +
             " prices. Every chart says which dataset of `results.h5` it was drawn from."));
    Block contents;
    contents.kind = Block::Kind::contents;
    out.push_back(contents);

    out.push_back(heading(2, "In brief"));
    for (auto& b : in_brief(r)) out.push_back(b);

    out.push_back(heading(2, "Citable figures"));
    Block box;
    box.kind = Block::Kind::citable;
    box.figures = citable_figures(r);
    out.push_back(box);
    out.push_back(
        para("Each figure is the median over draws of the run's per-draw totals (`/ensemble/<metric>`), with its "
             "5th and 95th percentiles. The command reproduces it bit for bit with rubilnik " +
             r.meta("version") + " at git " + sha +
             " and the inputs whose SHA-256 are listed under Provenance; the same numbers "
             "are in `summary.json` under `metrics.<id>`."));

    out.push_back(heading(2, "What happened"));
    add_chart(out, detail::events_chart(r));
    add_chart(out, detail::national_connectivity_chart(r));
    add_chart(out, detail::connectivity_grid_chart(r, true));
    add_chart(out, detail::connectivity_grid_chart(r, false));
    add_chart(out, detail::services_chart(r));

    out.push_back(heading(2, "Economic loss"));
    std::vector<std::string> loss = {"gdp_loss_total_usd"};
    if (r.has("gdp_loss_indirect_usd")) loss.push_back("gdp_loss_direct_usd");
    add_chart(out, detail::cumulative_chart(r, "loss-cumulative", "Cumulative economic loss (value added)", loss));
    add_chart(out, detail::hourly_chart(r, "loss-hourly", "Economic loss per hour", {"gdp_loss_total_usd"},
                                        "US dollars per hour"));
    // Total loss by sector where the run breaks it down (indirect losses land in supplying sectors).
    const bool total_by_sector =
        r.breakdown.count("gdp_loss_total_usd") && r.breakdown.at("gdp_loss_total_usd").count("sector");
    add_chart(
        out, total_by_sector
                 ? detail::breakdown_chart(r, "loss-sector", "Loss by sector", "gdp_loss_total_usd", "sector")
                 : detail::breakdown_chart(r, "loss-sector", "Direct loss by sector", "gdp_loss_direct_usd", "sector"));
    add_chart(out, detail::breakdown_chart(r, "loss-region", "Loss by region", "gdp_loss_total_usd", "region"));

    out.push_back(heading(2, "Comparators"));
    add_chart(out, detail::comparators_chart(r));
    out.push_back(
        para("The bottom-up estimate counts value added that internet-dependent work in each sector and region "
             "could not produce, hour by hour, net of substitution and work made up later. The top-down tools "
             "multiply daily GDP by a fixed share and the shutdown's length; they differ by an order of "
             "magnitude among themselves because their shares do (see the methodology, \"How rubilnik differs\")."));

    out.push_back(heading(2, "Payments"));
    const auto payments = detail::hourly_chart(r, "payments-failed", "Card and online payments failed per hour",
                                               {"payments_failed_count"}, "transactions per hour");
    const auto value = detail::hourly_chart(
        r, "payments-value", "Value of payments failed, deferred and never completed, per hour",
        {"payments_failed_value_usd", "payments_deferred_value_usd", "payments_lost_value_usd"}, "US dollars per hour");
    if (payments || value) {
        add_chart(out, payments);
        add_chart(out, value);
        if (value && !r.series.count("payments_deferred_value_usd"))
            out.push_back(
                para("Deferred value (completed later) is the gap between failed and never-completed value; "
                     "its total is `payments_deferred_value_usd` under All metrics."));
    } else {
        out.push_back(para(not_modelled("Payments", "payments_")));
    }

    out.push_back(heading(2, "Crypto-mining"));
    if (auto c = detail::hourly_chart(r, "mining-hashrate", "Mining hashrate offline", {"mining_offline_hashrate_ehs"},
                                      "EH/s offline"))
        add_chart(out, c);
    else out.push_back(para(not_modelled("Crypto-mining", "mining_")));

    out.push_back(heading(2, "Welfare and telecom revenue"));
    const auto welfare = detail::cumulative_chart(r, "welfare-cumulative", "Consumer welfare lost (running total)",
                                                  {"welfare_loss_usd"});
    const auto telecom = detail::cumulative_chart(r, "telecom-cumulative", "Operators' lost revenue (running total)",
                                                  {"telecom_revenue_loss_usd"});
    add_chart(out, welfare);
    add_chart(out, telecom);
    if (!welfare && !telecom) {
        if (r.has("welfare_loss_usd") || r.has("telecom_revenue_loss_usd"))
            out.push_back(para("Totals only (no hourly series in this run): see All metrics."));
        else
            out.push_back(
                para("Welfare and telecom revenue: not modelled in this run (results.h5 has no "
                     "`welfare_loss_usd` or `telecom_revenue_loss_usd`)."));
    }

    out.push_back(heading(2, "Sensitivity"));
    bool tornado = false;
    for (const auto& m : {std::string("gdp_loss_total_usd"), std::string("gdp_loss_direct_usd")})
        if (auto c = detail::tornado_chart(r, m)) add_chart(out, c), tornado = true;
    for (const auto& [m, rows] : r.sensitivity)
        if (m != "gdp_loss_total_usd" && m != "gdp_loss_direct_usd")
            if (auto c = detail::tornado_chart(r, m)) add_chart(out, c), tornado = true;
    if (!tornado)
        out.push_back(
            para("No sensitivity analysis in this run: the results file has no `/sensitivity` group. "
                 "`rubilnik report RESULTS.h5 --sensitivity FILE` adds one from a separate file."));

    out.push_back(heading(2, "All metrics"));
    std::vector<std::vector<std::string>> rows;
    for (const auto& [id, draws] : r.ensemble) {
        const auto s = r.total(id);
        const auto unit = r.units.count(id) ? r.units.at(id) : "";
        const std::string label = metric_label(id);
        const auto desc = r.descriptions.find(id);
        const std::string meaning =
            label != id || desc == r.descriptions.end() || desc->second.empty() ? label : desc->second;
        rows.push_back({meaning, "`" + id + "`", unit_words(unit), format_value(s.p5, unit), format_value(s.p50, unit),
                        format_value(s.p95, unit), format_value(s.mean, unit)});
    }
    out.push_back(table({"metric", "id", "unit", "P5", "median", "P95", "mean"}, rows,
                        {false, false, false, true, true, true, true}));

    out.push_back(heading(2, "Assumptions"));
    out.push_back(
        para("Generated from the inputs recorded in this results file: every parameter the model read, with "
             "its value or distribution, where it was set and its source; then every event of the scenario."));
    out.push_back(heading(3, "Parameters"));
    rows.clear();
    std::string unused;
    for (const auto& p : r.parameters) {
        if (p.used_by.empty()) {
            unused += (unused.empty() ? "`" : ", `") + p.key + "`";
            continue;
        }
        const bool point = p.p5 == p.p95;
        rows.push_back({"`" + p.key + "`", p.description, format_value(p.central, ""),
                        point ? "" : format_value(p.p5, "") + " – " + format_value(p.p95, ""), p.origin, p.used_by,
                        p.source});
    }
    out.push_back(table({"parameter", "value or distribution", "median", "P5 – P95", "set in", "used by", "source"},
                        rows, {false, false, true, true, false, false, false}));
    if (!unused.empty()) out.push_back(para("In the inputs but not read by any channel of this run: " + unused + "."));
    out.push_back(heading(3, "Events"));
    rows.clear();
    for (const auto& e : r.events) {
        std::string src = e.source;
        if (!e.note.empty()) src += " Note: " + e.note;
        rows.push_back({"`" + e.id + "`", e.action, when_text(r, e), e.target, src});
    }
    out.push_back(table({"event", "action", "when (local time)", "target", "source and notes"}, rows,
                        {false, false, false, false, false}));
    out.push_back(heading(3, "What the model leaves out"));
    out.push_back(
        para("Riot damage and looting, the curfews and closed shops of a state of emergency, long-run "
             "investment and confidence effects, and anything outside the scenario window. Figures here are "
             "the cost of the connectivity loss alone."));

    out.push_back(heading(2, "Provenance"));
    rows = {{"results file", r.path},
            {"schema", r.meta("schema")},
            {"rubilnik version", r.meta("version")},
            {"git SHA", r.meta("git_sha")},
            {"build options", r.meta("build_options")},
            {"command as run", "`" + r.meta("command") + "`"},
            {"command to reproduce", "`" + reproduce_command(r) + "`"},
            {"seed", std::to_string(r.seed)},
            {"draws", std::to_string(r.draws) + (r.central ? " (central run)" : "")},
            {"window (UTC)", r.meta("window_start_utc") + " to " + r.meta("window_end_utc")},
            {"scenario", r.meta("scenario_name") + " (" + r.meta("scenario_path") + ")"},
            {"scenario SHA-256", r.meta("scenario_sha256")},
            {"baseline", r.meta("baseline_name") + ": " + r.meta("baseline_title")},
            {"baseline SHA-256", r.meta("baseline_sha256")},
            {"baseline tables SHA-256", r.meta("baseline_tables_sha256")},
            {"currency, USD per unit",
             r.meta("currency") + ", " +
                 format_value(r.number.count("usd_per_local") ? r.number.at("usd_per_local") : 0, "")}};
    out.push_back(table({"item", "value"}, rows, {false, false}));
    out.push_back(
        para("Equations, assumptions and what each top-down tool does differently: `docs/methodology.md` in "
             "the rubilnik repository; the results file layout: `docs/output-format.md`."));

    // Contents: every level-2 heading.
    for (auto& b : out)
        if (b.kind == Block::Kind::contents)
            for (const auto& h : out)
                if (h.kind == Block::Kind::heading && h.level == 2) b.links.emplace_back(h.text, h.id);
    return out;
}

std::vector<Chart> build_charts(const Results& r) {
    std::vector<Chart> out;
    for (auto& b : build_report(r))
        if (b.kind == Block::Kind::figure) out.push_back(std::move(b.chart));
    return out;
}

}  // namespace rubilnik::report
