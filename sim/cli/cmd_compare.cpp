// rubilnik compare FILE: the bottom-up estimate and every top-down comparator
// on the same scenario, in one table with P5/P50/P95, each row followed by a
// one-line reading of why it differs (docs/methodology.md §5,
// docs/economy-kz.md for the Kazakhstan numbers). Nothing is written.
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "commands.hpp"
#include "rubilnik/engine.hpp"
#include "rubilnik/error.hpp"
#include "rubilnik/io/output.hpp"

namespace rubilnik::cli {
namespace {

struct CompareArgs {
    std::string file;
    std::uint64_t seed = 20220105;
    std::size_t draws = 1000;
    std::size_t threads = 0;
};

std::string money(double usd) {
    const double a = std::fabs(usd);
    const char* suffix = "";
    double x = usd;
    if (a >= 1e9) x = usd / 1e9, suffix = " bn";
    else if (a >= 1e6) x = usd / 1e6, suffix = " M";
    else if (a >= 1e3) x = usd / 1e3, suffix = " k";
    char buf[64];
    std::snprintf(buf, sizeof buf, "$%.3g%s", x, suffix);
    return buf;
}

std::string percent(double share) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3g %%", 100.0 * share);
    return buf;
}

std::string fixed(double v, int decimals) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

// Readings are built with a stream: GCC 12 warns falsely (-Wrestrict) on
// chains of std::string concatenation.
template <typename... Parts>
std::string cat(const Parts&... parts) {
    std::ostringstream out;
    (out << ... << parts);
    return out.str();
}

struct Row {
    std::string id;
    std::string label;
    std::string reading;
};

// Why each method gives the number it gives, with this scenario's inputs.
std::vector<Row> rows(const Engine& engine, const EnsembleResult& res) {
    auto value = [&](const std::string& key) { return central_value(engine, key); };
    const auto& m = engine.metrics();
    double users = 0;
    for (double u : engine.prepared().users) users += u;
    const double days = users > 0 ? res.totals[m.index("person_hours_offline")].p50 / users / 24.0 : 0.0;
    const std::string d = cat(fixed(days, 2), " full-shutdown days");
    std::vector<Row> out = {
        {"gdp_loss_direct_usd", "bottom-up: direct",
         "each sector x region x hour: value added x activity at that local hour x internet dependence x "
         "(1 - substitution - deferral) x outage share, mobile and fixed weighted per sector"},
        {"gdp_loss_indirect_usd", "bottom-up: indirect",
         cat("suppliers' lost sales through the input-output proxy (Leontief, direct round removed) plus the DIIM "
             "recovery tail after restoration (recovery time ",
             fixed(value("economy.recovery_days"), 1), " d)")},
        {"gdp_loss_total_usd", "bottom-up: total",
         "direct + indirect; leaves out riot damage, curfews, bank closures, mining and consumer welfare"},
        {"comparator_deloitte_usd", "Deloitte (2016) tiers",
         cat("a fixed ", percent(value("comparator.deloitte_share")), " of daily GDP per full-shutdown day (", d,
             "); no sector, time-of-day or indirect effects")},
        {"comparator_brookings_usd", "Brookings (2016) / COST-style",
         cat("daily GDP x internet-economy share (", percent(value("comparator.brookings_internet_share")),
             ") per full-shutdown day; one share stands in for every sector's dependence")},
        {"comparator_top10vpn_usd", "Top10VPN-style",
         cat(percent(value("comparator.top10vpn_internet_share")),
             " of a region's daily GDP for every hour it is offline, night or holiday alike; the share is the one "
             "Top10VPN's own $410 M implies")},
        {"comparator_netloss_usd", "NetLoss-style",
         cat("$", fixed(value("comparator.netloss_usd_per_person_day"), 2),
             " per user per day offline, a 92-country panel average; blind to this economy's structure")},
        {"comparator_oecd_usd", "OECD-style telecom revenue",
         cat("only operators' revenue: ",
             money(value("comparator.oecd_telecom_revenue_local") * value("macro.usd_per_local")),
             " a year, its internet part (", percent(value("comparator.oecd_internet_revenue_share")),
             ") for days without internet, the rest for days without voice; no downstream loss")},
        {"comparator_icrier_usd", "ICRIER elasticities",
         cat("a long-run elasticity of GDP per capita to traffic (",
             fixed(value("comparator.icrier_elasticity_total"), 2), " total, ",
             fixed(value("comparator.icrier_elasticity_mobile"), 2),
             " mobile) read as an instant loss on the share of traffic cut")},
    };
    std::vector<Row> present;
    for (auto& r : out)
        if (m.has(r.id)) present.push_back(std::move(r));
    // Comparators added later still get a row.
    for (std::size_t i = 0; i < m.size(); ++i) {
        const auto& id = m.info(i).id;
        if (id.rfind("comparator_", 0) != 0 || m.info(i).unit != "USD") continue;
        bool known = false;
        for (const auto& r : present) known = known || r.id == id;
        if (!known) present.push_back({id, id, m.info(i).description});
    }
    return present;
}

int run(const CompareArgs& a) {
    if (a.draws < 1 || a.draws > kMaxDraws) throw InputError(cat("--draws ", a.draws, " is outside 1..", kMaxDraws));
    if (a.threads > 1024) throw InputError(cat("--threads ", a.threads, " is more than 1024"));
    const Scenario sc = load_scenario(a.file);
    const Engine engine(sc);
    RunOptions opt;
    opt.seed = a.seed;
    opt.draws = a.draws;
    opt.threads = a.threads;
    const auto res = engine.run(opt);
    const auto& m = engine.metrics();

    std::cout << sc.title << "\n";
    if (res.central) std::cout << "one central run (every parameter at its median)";
    else std::cout << res.draws_done << " draws, seed " << res.seed;
    std::cout << "; US dollars of " << sc.baseline.price_year << "\n\n";
    const double reference = res.totals[m.index("gdp_loss_total_usd")].p50;
    char line[256];
    std::snprintf(line, sizeof line, "  %-32s %11s %11s %11s %9s\n", "method", "P5", "P50", "P95", "x total");
    std::cout << line;
    bool comparators_started = false;
    for (const auto& r : rows(engine, res)) {
        if (!comparators_started && r.id.rfind("comparator_", 0) == 0) {
            std::cout << "  -- top-down comparators: other tools' formulas on the same scenario, never added in --\n";
            comparators_started = true;
        }
        const auto& s = res.totals[m.index(r.id)];
        const std::string ratio = reference > 0 ? fixed(s.p50 / reference, 2) : "-";
        std::snprintf(line, sizeof line, "  %-32s %11s %11s %11s %9s\n", r.label.c_str(), money(s.p5).c_str(),
                      money(s.p50).c_str(), money(s.p95).c_str(), ratio.c_str());
        std::cout << line << "      " << r.reading << "\n";
    }
    std::cout << "\nFormulas and sources: docs/methodology.md; the Kazakhstan gap explained: docs/economy-kz.md\n";
    return kExitOk;
}

}  // namespace

void add_compare_command(CLI::App& app, CommandList& commands) {
    auto args = std::make_shared<CompareArgs>();
    auto* cmd = app.add_subcommand(
        "compare", "Print the bottom-up loss beside every top-down comparator (P5/P50/P95), with why each differs");
    cmd->add_option("file", args->file, "scenario TOML file")->required();
    cmd->add_option("--draws", args->draws, "number of draws (1 = one central run)")->capture_default_str();
    cmd->add_option("--seed", args->seed, "seed of the counter-based generator")->capture_default_str();
    cmd->add_option("--threads", args->threads, "worker threads (0 = all cores)")->capture_default_str();
    commands.push_back({cmd, [args] { return run(*args); }});
}

}  // namespace rubilnik::cli
