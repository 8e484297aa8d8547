// Top-down comparators (DESIGN.md "top-down comparators"): the published
// formulas of other tools applied to the same scenario, reported beside the
// bottom-up estimate and never mixed into it. Formulas and sources:
// docs/methodology.md §Comparators and reference impact-methods.md §1–§6.
#include <memory>

#include "rubilnik/channel.hpp"

namespace rubilnik {

// Days of national full-shutdown equivalent: person-hours offline divided by
// users and 24 h. Exposed for tests.
double full_shutdown_days(double person_hours_offline, double users) {
    return users > 0 ? person_hours_offline / users / 24.0 : 0.0;
}

namespace {

class ComparatorChannel final : public Channel {
public:
    std::string_view id() const override { return "comparators"; }

    void declare(const PreparedRun&, MetricRegistry& m) override {
        deloitte_ = m.add({"comparator_deloitte_usd", "USD",
                           "Deloitte (2016): tier share of daily GDP × full-shutdown days", Aggregate::sum, false, {}, "comparators"});
        brookings_ = m.add({"comparator_brookings_usd", "USD",
                            "Brookings (West 2016) / COST: daily GDP × internet-economy share × users-weighted days",
                            Aggregate::sum, false, {}, "comparators"});
        top10vpn_ = m.add({"comparator_top10vpn_usd", "USD",
                           "Top10VPN: COST with regional GDP shares × shutdown hours", Aggregate::sum, false, {Axis::region}, "comparators"});
        netloss_ = m.add({"comparator_netloss_usd", "USD", "ISOC NetLoss headline: USD per person-day offline",
                          Aggregate::sum, false, {}, "comparators"});
    }

    void prepare(const PreparedRun& run, const ParameterTable& params, const MetricRegistry& metrics) override {
        run_ = &run;
        metrics_ = &metrics;
        offline_ = metrics.index("person_hours_offline");
        gdp_ = param(params, "macro.gdp_local");
        usd_ = param(params, "macro.usd_per_local");
        deloitte_share_ = param(params, "comparator.deloitte_share");
        brookings_share_ = param(params, "comparator.brookings_internet_share");
        top10vpn_share_ = param(params, "comparator.top10vpn_internet_share");
        netloss_rate_ = param(params, "comparator.netloss_usd_per_person_day");
        region_users_.assign(run.regions(), 0.0);
        for (std::size_t k = 0; k < run.users.size(); ++k) region_users_[run.region[k]] += run.users[k];
        users_ = 0;
        for (double u : region_users_) users_ += u;
    }

    void run(const DrawValues& v, DrawRecord& rec) const override {
        const auto& m = *metrics_;
        const double gdp_day_usd = v[gdp_] * v[usd_] / 365.0;
        const double ph = rec.totals[offline_];
        const double days = full_shutdown_days(ph, users_);
        rec.totals[deloitte_] = v[deloitte_share_] * gdp_day_usd * days;
        rec.totals[brookings_] = v[brookings_share_] * gdp_day_usd * days;
        rec.totals[netloss_] = v[netloss_rate_] * ph / 24.0;
        // Top10VPN scales regional shutdowns by the region's share of GDP.
        const auto off = m.breakdown_offset(offline_, Axis::region);
        const auto out = m.breakdown_offset(top10vpn_, Axis::region);
        double total = 0;
        for (std::size_t r = 0; r < region_users_.size(); ++r) {
            const double region_days = full_shutdown_days(rec.breakdown[off + r], region_users_[r]);
            const double x = v[top10vpn_share_] * gdp_day_usd * run_->baseline->regions[r].gdp_share * region_days;
            rec.breakdown[out + r] = x;
            total += x;
        }
        rec.totals[top10vpn_] = total;
    }

private:
    const PreparedRun* run_ = nullptr;
    const MetricRegistry* metrics_ = nullptr;
    std::size_t deloitte_ = 0, brookings_ = 0, top10vpn_ = 0, netloss_ = 0, offline_ = 0;
    std::size_t gdp_ = 0, usd_ = 0, deloitte_share_ = 0, brookings_share_ = 0, top10vpn_share_ = 0, netloss_rate_ = 0;
    std::vector<double> region_users_;
    double users_ = 0;
};

}  // namespace

std::unique_ptr<Channel> make_comparator_channel() { return std::make_unique<ComparatorChannel>(); }

}  // namespace rubilnik
