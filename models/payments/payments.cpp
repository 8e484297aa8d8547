// Payments and banking (DESIGN.md "payments & banking"): card, online and
// mobile payments and cash withdrawals that could not be made because the
// payer's or merchant's network could not reach the processing hosts, or
// because the banks were closed; what became of them (retried within
// minutes, paid later, or never paid by card). Equations, parameters and
// sources: docs/methodology.md "Payments and banking", and for Kazakhstan
// scenarios/countries/kz/SOURCES.md §13 and docs/calibration-kz.md.
//
// Rails: POS (a card at a merchant's terminal; the merchant's network must
// reach the processor) and online/mobile (internet and mobile banking, QR,
// e-commerce, transfers; the payer's network). Demand per region and hour:
// reference daily rate × seasonal factor × the region's share × its hourly
// activity profile (payments.csv).
#include <algorithm>
#include <memory>
#include <set>

#include "rail_exposure.hpp"
#include "rubilnik/channel.hpp"
#include "rubilnik/detail/channel_table.hpp"

namespace rubilnik {
namespace {

using payments::kClosed;
using payments::kOpen;
using payments::Outcome;
using payments::RailDraw;
using payments::RailExposure;

constexpr std::size_t kPos = 0, kOnline = 1, kRails = 2;
constexpr const char* kRailName[kRails] = {"pos", "online"};

class PaymentsChannel final : public Channel {
public:
    std::string_view id() const override { return "payments"; }

    void declare(const PreparedRun& run, MetricRegistry& m) override {
        table_ = detail::optional_channel_table(*run.baseline, "payments",
                                                {"region", "payments_share", "cash_share", "profile", "source"});
        if (!table_) return;  // no payments data: the channel is off
        const std::vector<Axis> reg = {Axis::region};
        auto add = [&](const char* id, const char* unit, const char* what, bool hourly, std::vector<Axis> axes) {
            return m.add({id, unit, what, Aggregate::sum, hourly, std::move(axes), "payments"});
        };
        attempted_ = add("payments_attempted_count", "tx",
                         "card and online payments attempted in the window (normal demand)", false, {});
        failed_ =
            add("payments_failed_count", "tx", "payment attempts that failed (network or closed bank)", false, reg);
        retried_ = add("payments_retried_count", "tx", "failed attempts that went through on a retry within minutes",
                       false, {});
        succeeded_ = add("payments_succeeded_count", "tx", "attempts completed at the time (first time or on a retry)",
                         false, {});
        deferred_ = add("payments_deferred_count", "tx",
                        "failed payments completed later (store-and-forward or paid after the outage)", false, reg);
        lost_ = add("payments_lost_count", "tx",
                    "failed payments never made by card or online (paid in cash or not at all)", false, reg);
        attempted_usd_ =
            add("payments_attempted_value_usd", "USD", "value of the payments attempted in the window", false, {});
        failed_usd_ = add("payments_failed_value_usd", "USD", "value of the failed payment attempts", true, reg);
        deferred_usd_ =
            add("payments_deferred_value_usd", "USD", "value of failed payments completed later", false, reg);
        lost_usd_ =
            add("payments_lost_value_usd", "USD", "value of failed payments never made by card or online", true, reg);
        failed_local_ = add("payments_failed_value_local", "local currency",
                            "payments_failed_value_usd in the baseline's currency", false, {});
        lost_local_ = add("payments_lost_value_local", "local currency",
                          "payments_lost_value_usd in the baseline's currency", false, {});
        cash_count_ = add("cash_withdrawal_shortfall_count", "tx",
                          "cash withdrawals that could not be made (ATM cut off or closed)", false, reg);
        cash_usd_ = add("cash_withdrawal_shortfall_value_usd", "USD",
                        "value of the cash withdrawals that could not be made", false, reg);
        // Closure hours of every institution the scenario closes.
        std::set<std::string> names;
        for (const auto& ev : run.scenario->events)
            if (ev.action == Action::close) names.insert(ev.institutions.begin(), ev.institutions.end());
        closure_names_.assign(names.begin(), names.end());
        closure_metric_.clear();
        for (const auto& n : closure_names_)
            closure_metric_.push_back(m.add({std::string("closure_hours_").append(n),
                                             "h",
                                             std::string("hours in the window with ").append(n).append(" closed"),
                                             Aggregate::sum,
                                             false,
                                             {},
                                             "payments"}));
    }

    void prepare(const PreparedRun& run, const ParameterTable& params, const MetricRegistry& metrics) override {
        if (!table_) return;
        run_ = &run;
        metrics_ = &metrics;
        read_parameters(params);
        const auto& b = *run.baseline;
        const std::size_t R = run.regions(), H = run.hours(), A = run.access_node.size();

        // payments.csv: each region's share of cashless payments and of cash
        // withdrawals, and the activity profile that spreads them over hours.
        const auto& t = *table_;
        std::vector<double> pay_share(R, 0.0), cash_share(R, 0.0);
        std::vector<std::size_t> profile(R, 0);
        std::vector<std::uint8_t> seen(R, 0);
        double pay_sum = 0, cash_sum = 0;
        for (const auto& row : t.rows()) {
            const auto r = detail::table_region(t, row, b);
            if (seen[r]) t.fail(row, "region", "region listed twice");
            seen[r] = 1;
            pay_share[r] = t.number_in(row, "payments_share", 0, 1);
            cash_share[r] = t.number_in(row, "cash_share", 0, 1);
            pay_sum += pay_share[r];
            cash_sum += cash_share[r];
            const auto& pid = t.text(row, "profile");
            const auto it = std::find_if(b.profiles.begin(), b.profiles.end(),
                                         [&](const ActivityProfile& p) { return p.id == pid; });
            if (it == b.profiles.end())
                t.fail(row, "profile", std::string("unknown activity profile '").append(pid).append("'"));
            profile[r] = static_cast<std::size_t>(it - b.profiles.begin());
        }
        detail::require_unit_sum(t, "payments_share", pay_sum);
        detail::require_unit_sum(t, "cash_share", cash_sum);
        for (std::size_t x = 0; x < payments::kRoutes; ++x) {
            const bool present = std::any_of(run.service_classes.begin(), run.service_classes.end(),
                                             [&](const std::string& c) { return c == payments::kRouteClass[x]; });
            if (!present && !t.rows().empty())
                throw InputError(SourceLocation{std::string(b.folder).append("/nodes.csv"), 0, 0}, "service_class",
                                 std::string("the payments channel needs at least one service host of class '")
                                     .append(payments::kRouteClass[x])
                                     .append("'"));
        }

        // Demand shape per (hour, region), in days of the reference rate.
        std::vector<double> pay_demand(H * R), cash_demand(H * R);
        for (std::size_t h = 0; h < H; ++h)
            for (std::size_t r = 0; r < R; ++r) {
                const std::size_t c = h * R + r;
                const double w =
                    b.profiles[profile[r]].weight[static_cast<std::size_t>(run.day_type[c])][run.local_hour[c]];
                const double days = w * run.timeline->hour_length(h) / 24.0;
                pay_demand[c] = pay_share[r] * days;
                cash_demand[c] = cash_share[r] * days;
            }

        // Access weights within a region: payers by users; merchants'
        // terminals by users within an access type (mixed per draw by
        // payments.pos.mobile_share); ATMs on fixed lines.
        std::vector<double> users_rx(R * kAccessTypes, 0.0);
        for (std::size_t k = 0; k < A; ++k)
            users_rx[run.region[k] * kAccessTypes + static_cast<std::size_t>(run.access_type[k])] += run.users[k];
        auto weights = [&](int only) {  // only: -1 = all access types
            std::vector<double> w(A, 0.0);
            for (std::size_t k = 0; k < A; ++k) {
                const std::size_t r = run.region[k], x = static_cast<std::size_t>(run.access_type[k]);
                double pool = only < 0 ? users_rx[r * kAccessTypes] + users_rx[r * kAccessTypes + 1]
                                       : users_rx[r * kAccessTypes + static_cast<std::size_t>(only)];
                bool member = only < 0 || static_cast<int>(x) == only;
                if (pool <= 0 && only >= 0) {  // a region without this access type: the other stands in
                    pool = users_rx[r * kAccessTypes + (1 - static_cast<std::size_t>(only))];
                    member = true;
                }
                if (member && pool > 0) w[k] = run.users[k] / pool;
            }
            return w;
        };
        for (std::size_t r = 0; r < R; ++r)
            if ((pay_share[r] > 0 || cash_share[r] > 0) &&
                users_rx[r * kAccessTypes] + users_rx[r * kAccessTypes + 1] <= 0)
                throw InputError(SourceLocation{t.path(), 0, 0}, "region",
                                 std::string("region '")
                                     .append(b.regions[r].id)
                                     .append("' has a payments share but no internet users"));

        const auto status = payments::route_status(run);
        const auto banks = payments::closed_intervals(run, {"banks"});
        const auto atms = payments::closed_intervals(run, {"atms"});
        auto columns = [&](std::size_t group, const std::vector<double>& w) {
            const auto acc = payments::accumulate(run, status, w, pay_demand, banks);
            by_region_[group] = payments::Columns(acc.by_region);
            by_hour_[group] = payments::Columns(acc.by_hour);
        };
        columns(kPosMobile, weights(static_cast<int>(Access::mobile)));
        columns(kPosFixed, weights(static_cast<int>(Access::fixed)));
        columns(kPayers, weights(-1));
        cash_ =
            payments::accumulate(run, status, weights(static_cast<int>(Access::fixed)), cash_demand, atms).by_region;

        closure_hours_.clear();
        for (const auto& n : closure_names_) {
            double minutes = 0;
            for (const auto& iv : payments::closed_intervals(run, {n})) minutes += static_cast<double>(iv.length());
            closure_hours_.push_back(minutes / 60.0);
        }
    }

    void run(const DrawValues& v, DrawRecord& rec) const override {
        if (!table_) return;
        const auto& m = *metrics_;
        const std::size_t R = run_->regions(), H = run_->hours();
        auto unit = [&](std::size_t i) { return std::clamp(v[i], 0.0, 1.0); };
        std::array<RailDraw, kRails> draw;
        for (std::size_t rail = 0; rail < kRails; ++rail) {
            auto& d = draw[rail];
            d.closed_loop = unit(closed_loop_[rail]);
            d.vpn = unit(vpn_);
            d.leak = unit(leak_);
            d.closure = unit(closure_);
            d.retry_minutes = std::max(0.0, v[retry_]);
            d.deferral = unit(deferral_[rail]);
        }
        draw[kPos].offline = unit(offline_);
        const double online_count = unit(online_share_count_), online_value = unit(online_share_value_);
        const double count_day = std::max(0.0, v[daily_count_] * v[season_count_]);
        const double value_day = std::max(0.0, v[daily_value_] * v[season_value_]);
        const std::array<double, kRails> count = {count_day * (1 - online_count), count_day * online_count};
        const std::array<double, kRails> local = {value_day * (1 - online_value), value_day * online_value};
        const double usd = v[usd_per_local_];
        const double mobile = unit(pos_mobile_share_);

        // POS: merchants' terminals, mixed mobile/fixed; online: payers.
        thread_local std::array<std::vector<Outcome>, kRails> by_region, by_hour;
        auto settle = [&](const std::array<payments::Columns, kGroups>& c,
                          std::array<std::vector<Outcome>, kRails>& out) {
            payments::settle_mix(c[kPosMobile], c[kPosFixed], mobile, draw[kPos], out[kPos]);
            payments::settle_mix(c[kPayers], c[kPayers], 1.0, draw[kOnline], out[kOnline]);
        };
        settle(by_region_, by_region);
        settle(by_hour_, by_hour);

        double attempted = 0, failed = 0, retried = 0, deferred = 0, lost = 0;
        double attempted_v = 0, failed_v = 0, deferred_v = 0, lost_v = 0;
        const auto off = [&](std::size_t metric) { return m.breakdown_offset(metric, Axis::region); };
        for (std::size_t r = 0; r < R; ++r) {
            const std::array<Outcome, kRails> o = {by_region[kPos][r], by_region[kOnline][r]};
            double f = 0, d = 0, l = 0, fv = 0, dv = 0, lv = 0;
            for (std::size_t rail = 0; rail < kRails; ++rail) {
                attempted += count[rail] * o[rail].attempted;
                retried += count[rail] * o[rail].retried;
                attempted_v += local[rail] * o[rail].attempted;
                f += count[rail] * o[rail].failed;
                d += count[rail] * o[rail].deferred;
                l += count[rail] * o[rail].lost;
                fv += local[rail] * o[rail].failed;
                dv += local[rail] * o[rail].deferred;
                lv += local[rail] * o[rail].lost;
            }
            rec.breakdown[off(failed_) + r] = f;
            rec.breakdown[off(deferred_) + r] = d;
            rec.breakdown[off(lost_) + r] = l;
            rec.breakdown[off(failed_usd_) + r] = fv * usd;
            rec.breakdown[off(deferred_usd_) + r] = dv * usd;
            rec.breakdown[off(lost_usd_) + r] = lv * usd;
            failed += f, deferred += d, lost += l, failed_v += fv, deferred_v += dv, lost_v += lv;
        }
        rec.totals[attempted_] = attempted;
        rec.totals[failed_] = failed;
        rec.totals[retried_] = retried;
        rec.totals[succeeded_] = attempted - failed + retried;
        rec.totals[deferred_] = deferred;
        rec.totals[lost_] = lost;
        rec.totals[attempted_usd_] = attempted_v * usd;
        rec.totals[failed_usd_] = failed_v * usd;
        rec.totals[deferred_usd_] = deferred_v * usd;
        rec.totals[lost_usd_] = lost_v * usd;
        rec.totals[failed_local_] = failed_v;
        rec.totals[lost_local_] = lost_v;

        const auto hf = m.hourly_offset(failed_usd_), hl = m.hourly_offset(lost_usd_);
        for (std::size_t h = 0; h < H; ++h) {
            const std::array<Outcome, kRails> o = {by_hour[kPos][h], by_hour[kOnline][h]};
            double fv = 0, lv = 0;
            for (std::size_t rail = 0; rail < kRails; ++rail) {
                fv += local[rail] * o[rail].failed;
                lv += local[rail] * o[rail].lost;
            }
            rec.hourly[hf + h] = static_cast<float>(fv * usd);
            rec.hourly[hl + h] = static_cast<float>(lv * usd);
        }

        // Cash: a withdrawal fails when the ATM cannot reach the bank (unless
        // it sits on a line the cut did not touch) or ATMs are closed.
        const double atm_keeps = unit(atm_fallback_);
        const double cash_count = std::max(0.0, v[cash_daily_count_] * v[cash_season_count_]);
        const double cash_local = std::max(0.0, v[cash_daily_value_] * v[cash_season_value_]);
        double short_days = 0;
        for (std::size_t r = 0; r < R; ++r) {
            const auto& e = cash_[r];
            const double s = (1.0 - atm_keeps) * (e.blocked_open[kOpen] + e.unreach_open[kOpen]) + e.closed;
            rec.breakdown[off(cash_count_) + r] = cash_count * s;
            rec.breakdown[off(cash_usd_) + r] = cash_local * s * usd;
            short_days += s;
        }
        rec.totals[cash_count_] = cash_count * short_days;
        rec.totals[cash_usd_] = cash_local * short_days * usd;
        for (std::size_t i = 0; i < closure_metric_.size(); ++i) rec.totals[closure_metric_[i]] = closure_hours_[i];
    }

private:
    void read_parameters(const ParameterTable& params) {
        daily_count_ = param(params, "payments.daily_count");
        daily_value_ = param(params, "payments.daily_value_local");
        season_count_ = param(params, "payments.seasonal_factor.count");
        season_value_ = param(params, "payments.seasonal_factor.value");
        online_share_count_ = param(params, "payments.online.share_count");
        online_share_value_ = param(params, "payments.online.share_value");
        for (std::size_t rail = 0; rail < kRails; ++rail) {
            const std::string stem = std::string("payments.").append(kRailName[rail]);
            closed_loop_[rail] = param(params, std::string(stem).append(".closed_loop_share"));
            deferral_[rail] = param(params, std::string(stem).append(".deferral"));
        }
        pos_mobile_share_ = param(params, "payments.pos.mobile_share");
        offline_ = param(params, "payments.pos.offline_share");
        retry_ = param(params, "payments.retry_minutes");
        closure_ = param(params, "payments.bank_closure_failure");
        cash_daily_count_ = param(params, "payments.cash.daily_count");
        cash_daily_value_ = param(params, "payments.cash.daily_value_local");
        cash_season_count_ = param(params, "payments.cash.seasonal_factor.count");
        cash_season_value_ = param(params, "payments.cash.seasonal_factor.value");
        atm_fallback_ = param(params, "payments.cash.atm_fallback_share");
        leak_ = param(params, "network.cut_leakage");
        vpn_ = param(params, "network.vpn_share");
        usd_per_local_ = param(params, "macro.usd_per_local");
    }

    const CsvTable* table_ = nullptr;
    const PreparedRun* run_ = nullptr;
    const MetricRegistry* metrics_ = nullptr;
    std::size_t attempted_ = 0, failed_ = 0, retried_ = 0, succeeded_ = 0, deferred_ = 0, lost_ = 0;
    std::size_t attempted_usd_ = 0, failed_usd_ = 0, deferred_usd_ = 0, lost_usd_ = 0, failed_local_ = 0,
                lost_local_ = 0;
    std::size_t cash_count_ = 0, cash_usd_ = 0;
    std::vector<std::string> closure_names_;
    std::vector<std::size_t> closure_metric_;
    std::vector<double> closure_hours_;
    std::size_t daily_count_ = 0, daily_value_ = 0, season_count_ = 0, season_value_ = 0;
    std::size_t online_share_count_ = 0, online_share_value_ = 0, pos_mobile_share_ = 0, offline_ = 0;
    std::array<std::size_t, kRails> closed_loop_{}, deferral_{};
    std::size_t retry_ = 0, closure_ = 0, leak_ = 0, vpn_ = 0, usd_per_local_ = 0;
    std::size_t cash_daily_count_ = 0, cash_daily_value_ = 0, cash_season_count_ = 0, cash_season_value_ = 0,
                atm_fallback_ = 0;
    // Exposure columns per access group: merchants' terminals on mobile and
    // on fixed networks, and payers (all networks).
    static constexpr std::size_t kPosMobile = 0, kPosFixed = 1, kPayers = 2, kGroups = 3;
    std::array<payments::Columns, kGroups> by_region_, by_hour_;
    std::vector<RailExposure> cash_;  // by region
};

}  // namespace

std::unique_ptr<Channel> make_payments_channel() { return std::make_unique<PaymentsChannel>(); }

}  // namespace rubilnik
