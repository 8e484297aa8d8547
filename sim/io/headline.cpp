#include <cmath>
#include <cstdio>
#include <ostream>

#include "rubilnik/io/output.hpp"

namespace rubilnik {
namespace {

std::string human(double v, const std::string& unit) {
    char buf[64];
    if (unit == "share") {
        std::snprintf(buf, sizeof buf, "%.1f %%", 100.0 * v);
        return buf;
    }
    const double a = std::fabs(v);
    const char* suffix = "";
    double x = v;
    if (a >= 1e9) x = v / 1e9, suffix = " bn";
    else if (a >= 1e6) x = v / 1e6, suffix = " M";
    else if (a >= 1e3) x = v / 1e3, suffix = " k";
    const char* prefix = unit == "USD" ? "$" : "";
    std::snprintf(buf, sizeof buf, "%s%.3g%s", prefix, x, suffix);
    return buf;
}

}  // namespace

void print_headline(std::ostream& out, const Engine& engine, const EnsembleResult& res) {
    const auto& sc = engine.scenario();
    const auto& metrics = engine.metrics();
    out << sc.title << "\n";
    out << "window " << format_local(sc.window.start, sc.baseline.reference_offset) << " to "
        << format_local(sc.window.end, sc.baseline.reference_offset) << " (" << engine.timeline().hours << " h), ";
    if (res.central) out << "one central run (every parameter at its median)\n\n";
    else out << res.draws_done << " draws, seed " << res.seed << "\n\n";

    auto row = [&](const std::string& id, const std::string& label) {
        if (!metrics.has(id)) return;
        const auto m = metrics.index(id);
        const auto& s = res.totals[m];
        const auto& unit = metrics.info(m).unit;
        char line[256];
        if (res.central) std::snprintf(line, sizeof line, "  %-44s %14s\n", label.c_str(), human(s.p50, unit).c_str());
        else
            std::snprintf(line, sizeof line, "  %-44s %12s %12s %12s\n", label.c_str(), human(s.p5, unit).c_str(),
                          human(s.p50, unit).c_str(), human(s.p95, unit).c_str());
        out << line;
    };
    char head[256];
    if (res.central) std::snprintf(head, sizeof head, "  %-44s %14s\n", "metric", "value");
    else std::snprintf(head, sizeof head, "  %-44s %12s %12s %12s\n", "metric", "P5", "P50", "P95");
    out << "People\n" << head;
    row("users_affected", "internet users who lost the world");
    row("person_hours_offline", "person-hours without international access");
    row("person_hours_domestic_only", "person-hours with domestic services only");
    row("national_connectivity_min", "lowest national connectivity (hourly)");
    row("person_hours_without_messengers", "person-hours without messengers");
    row("person_hours_without_voice", "person-hours without voice/SMS");
    row("welfare_loss_usd", "consumer welfare lost");
    out << "\nMoney (bottom-up, USD of the baseline's price year)\n" << head;
    row("gdp_loss_direct_usd", "value added lost, direct");
    row("gdp_loss_indirect_usd", "value added lost, indirect (input-output)");
    row("gdp_loss_total_usd", "value added lost, total");
    row("telecom_revenue_loss_usd", "operators' lost revenue");
    if (metrics.has("payments_failed_count")) {
        out << "\nPayments\n" << head;
        row("payments_failed_count", "card/online payments failed");
        row("payments_failed_value_usd", "value of failed payments");
        row("payments_lost_value_usd", "value never completed");
    }
    if (metrics.has("mining_offline_hashrate_ehs")) {
        out << "\nCrypto-mining\n" << head;
        row("mining_offline_hashrate_ehs", "peak offline hashrate (EH/s)");
        row("global_hashrate_drop_share", "peak global hashrate drop");
        row("mining_lost_revenue_usd", "miners' lost revenue");
    }
    out << "\nTop-down comparators (same scenario, their published formulas; not part of the total)\n" << head;
    row("comparator_deloitte_usd", "Deloitte (2016) tiers");
    row("comparator_brookings_usd", "Brookings (West 2016) / COST-style");
    row("comparator_top10vpn_usd", "Top10VPN-style (regional GDP shares)");
    row("comparator_netloss_usd", "ISOC NetLoss-style ($ per person-day)");
    row("comparator_oecd_usd", "OECD-style telecom revenue");
    row("comparator_icrier_usd", "ICRIER-style traffic elasticities");
}

}  // namespace rubilnik
