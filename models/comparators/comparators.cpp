// Top-down comparators (DESIGN.md "top-down comparators"): the published
// formulas of other tools applied to the same scenario, reported beside the
// bottom-up estimate and never mixed into it. Formulas and sources:
// docs/methodology.md §5 and reference impact-methods.md §1–§6.
#include <algorithm>
#include <array>
#include <memory>
#include <vector>

#include "rubilnik/channel.hpp"

namespace rubilnik {

// Days of national full-shutdown equivalent: person-hours offline divided by
// users and 24 h. Exposed for tests.
double full_shutdown_days(double person_hours_offline, double users) {
    return users > 0 ? person_hours_offline / users / 24.0 : 0.0;
}

// ICRIER (Kathuria et al. 2018): the proportional GDP loss while a share of
// traffic is lost. Hours when mobile and fixed are both cut are a total
// shutdown (total-traffic elasticity); the rest of a mobile loss is a mobile
// shutdown (mobile elasticity, on mobile traffic); the rest of a fixed loss
// lowers total traffic by the fixed share of traffic. Exposed for tests.
double icrier_gdp_share(double mobile_lost, double fixed_lost, double elasticity_total, double elasticity_mobile,
                        double mobile_traffic_share) {
    const double both = std::min(mobile_lost, fixed_lost);
    return elasticity_total * both + elasticity_mobile * (mobile_lost - both) +
           elasticity_total * (1.0 - mobile_traffic_share) * (fixed_lost - both);
}

namespace {

class ComparatorChannel final : public Channel {
public:
    std::string_view id() const override { return "comparators"; }

    void declare(const PreparedRun&, MetricRegistry& m) override {
        deloitte_ = m.add({"comparator_deloitte_usd",
                           "USD",
                           "Deloitte (2016): tier share of daily GDP × full-shutdown days",
                           Aggregate::sum,
                           false,
                           {},
                           "comparators"});
        brookings_ = m.add({"comparator_brookings_usd",
                            "USD",
                            "Brookings (West 2016) / COST: daily GDP × internet-economy share × users-weighted days",
                            Aggregate::sum,
                            false,
                            {},
                            "comparators"});
        top10vpn_ = m.add({"comparator_top10vpn_usd",
                           "USD",
                           "Top10VPN: COST with regional GDP shares × shutdown hours",
                           Aggregate::sum,
                           false,
                           {Axis::region},
                           "comparators"});
        netloss_ = m.add({"comparator_netloss_usd",
                          "USD",
                          "ISOC NetLoss headline: USD per person-day offline",
                          Aggregate::sum,
                          false,
                          {},
                          "comparators"});
        oecd_ = m.add({"comparator_oecd_usd",
                       "USD",
                       "OECD (2011): revenue of the blocked telecom and internet services × days blocked",
                       Aggregate::sum,
                       false,
                       {},
                       "comparators"});
        icrier_ = m.add({"comparator_icrier_usd",
                         "USD",
                         "ICRIER (2018): GDP × traffic elasticity × share of traffic lost, mobile and total",
                         Aggregate::sum,
                         false,
                         {},
                         "comparators"});
    }

    void prepare(const PreparedRun& run, const ParameterTable& params, const MetricRegistry& metrics) override {
        run_ = &run;
        metrics_ = &metrics;
        offline_ = metrics.index("person_hours_offline");
        voice_ = metrics.has("person_hours_without_voice")
                     ? static_cast<long>(metrics.index("person_hours_without_voice"))
                     : -1;
        gdp_ = param(params, "macro.gdp_local");
        usd_ = param(params, "macro.usd_per_local");
        deloitte_share_ = param(params, "comparator.deloitte_share");
        brookings_share_ = param(params, "comparator.brookings_internet_share");
        top10vpn_share_ = param(params, "comparator.top10vpn_internet_share");
        netloss_rate_ = param(params, "comparator.netloss_usd_per_person_day");
        telecom_revenue_ = param(params, "comparator.oecd_telecom_revenue_local");
        internet_revenue_share_ = param(params, "comparator.oecd_internet_revenue_share");
        elasticity_total_ = param(params, "comparator.icrier_elasticity_total");
        elasticity_mobile_ = param(params, "comparator.icrier_elasticity_mobile");
        mobile_traffic_ = param(params, "comparator.icrier_mobile_traffic_share");
        leak_ = param(params, "network.cut_leakage");
        region_users_.assign(run.regions(), 0.0);
        for (std::size_t k = 0; k < run.users.size(); ++k) region_users_[run.region[k]] += run.users[k];
        users_ = 0;
        for (double u : region_users_) users_ += u;
        prepare_traffic(run);
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

        // OECD: a day's telecom revenue, its internet part lost for the days
        // without internet, the rest for the days without voice.
        const double voice_days =
            voice_ >= 0 ? full_shutdown_days(rec.totals[static_cast<std::size_t>(voice_)], users_) : 0.0;
        const double share = std::clamp(v[internet_revenue_share_], 0.0, 1.0);
        rec.totals[oecd_] = v[telecom_revenue_] * v[usd_] / 365.0 * (share * days + (1.0 - share) * voice_days);

        // ICRIER: hour by hour, the share of mobile and fixed traffic lost.
        const double leak = std::clamp(v[leak_], 0.0, 1.0);
        double lost = 0;  // GDP-hours as a share of a year
        for (std::size_t h = 0; h < hour_weight_.size(); ++h) {
            const double mobile = mobile_unusable_[h] - leak * mobile_cut_[h];
            const double fixed = fixed_unusable_[h] - leak * fixed_cut_[h];
            lost += hour_weight_[h] * icrier_gdp_share(mobile, fixed, v[elasticity_total_], v[elasticity_mobile_],
                                                       std::clamp(v[mobile_traffic_], 0.0, 1.0));
        }
        rec.totals[icrier_] = v[gdp_] * v[usd_] * lost;
    }

private:
    // Traffic is taken to scale with users × usable capacity: per hour and
    // access type, the users-weighted share of the hour not usable (cut, or
    // the capacity a throttle removed) and the share cut (leakage gets
    // through a cut, not through a throttle).
    void prepare_traffic(const PreparedRun& run) {
        const std::size_t H = run.hours(), A = run.users.size();
        const auto& ex = run.exposure;
        std::array<double, kAccessTypes> users{};
        for (std::size_t k = 0; k < A; ++k) users[static_cast<std::size_t>(run.access_type[k])] += run.users[k];
        mobile_unusable_.assign(H, 0.0);
        mobile_cut_.assign(H, 0.0);
        fixed_unusable_.assign(H, 0.0);
        fixed_cut_.assign(H, 0.0);
        hour_weight_.assign(H, 0.0);
        for (std::size_t h = 0; h < H; ++h) {
            const double len = run.timeline->hour_length(h);
            hour_weight_[h] = len / 8760.0;
            for (std::size_t k = 0; k < A; ++k) {
                const bool mobile = run.access_type[k] == Access::mobile;
                const double norm = users[mobile ? 0 : 1] * len;
                if (norm <= 0) continue;
                const double unusable = run.users[k] * (len - ex.at(ex.international_capacity, h, k)) / norm;
                const double cut = run.users[k] * ex.at(ex.no_international, h, k) / norm;
                (mobile ? mobile_unusable_ : fixed_unusable_)[h] += unusable;
                (mobile ? mobile_cut_ : fixed_cut_)[h] += cut;
            }
        }
    }

    const PreparedRun* run_ = nullptr;
    const MetricRegistry* metrics_ = nullptr;
    std::size_t deloitte_ = 0, brookings_ = 0, top10vpn_ = 0, netloss_ = 0, oecd_ = 0, icrier_ = 0, offline_ = 0;
    long voice_ = -1;
    std::size_t gdp_ = 0, usd_ = 0, deloitte_share_ = 0, brookings_share_ = 0, top10vpn_share_ = 0, netloss_rate_ = 0;
    std::size_t telecom_revenue_ = 0, internet_revenue_share_ = 0;
    std::size_t elasticity_total_ = 0, elasticity_mobile_ = 0, mobile_traffic_ = 0, leak_ = 0;
    std::vector<double> region_users_;
    double users_ = 0;
    std::vector<double> mobile_unusable_, mobile_cut_, fixed_unusable_, fixed_cut_, hour_weight_;
};

}  // namespace

std::unique_ptr<Channel> make_comparator_channel() { return std::make_unique<ComparatorChannel>(); }

}  // namespace rubilnik
