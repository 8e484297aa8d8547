// Human channel: who lost the world, for how long, who kept only domestic
// services, who lost messengers, news or voice. Counts people (internet
// users at their primary access), not subscriptions.
#include <algorithm>
#include <cmath>
#include <memory>

#include "rubilnik/channel.hpp"
#include "rubilnik/detail/users_sum.hpp"

namespace rubilnik {
namespace {

using detail::UsersSum;

class HumanChannel final : public Channel {
public:
    std::string_view id() const override { return "human"; }

    void declare(const PreparedRun& run, MetricRegistry& m) override {
        const std::vector<Axis> roa = {Axis::region, Axis::operator_, Axis::access};
        affected_ = m.add({"users_affected", "person", "internet users who lost international access at least once",
                           Aggregate::sum, false, roa, "human"});
        offline_ = m.add({"person_hours_offline", "person*h", "sum over time of users without international access",
                          Aggregate::sum, true, roa, "human"});
        domestic_ = m.add({"person_hours_domestic_only", "person*h",
                           "users who kept domestic services but lost the world", Aggregate::sum, true, roa, "human"});
        connectivity_ = m.add({"national_connectivity_min",
                               "share",
                               "lowest hourly users-weighted share with international access",
                               Aggregate::min,
                               true,
                               {Axis::region},
                               "human"});
        voice_ = m.add({"person_hours_without_voice",
                        "person*h",
                        "people (users at the cut access networks) without voice/SMS",
                        Aggregate::sum,
                        true,
                        {Axis::region, Axis::operator_},
                        "human"});
        class_metric_.clear();
        for (const auto& c : run.service_classes)
            class_metric_.push_back(
                m.add({"person_hours_without_" + c,
                       "person*h",
                       "users who could not reach any " + c + " service (blocked and not circumvented, or cut)",
                       Aggregate::sum,
                       true,
                       {Axis::region},
                       "human"}));
    }

    void prepare(const PreparedRun& run, const ParameterTable& params, const MetricRegistry& metrics) override {
        run_ = &run;
        metrics_ = &metrics;
        leak_ = param(params, "network.cut_leakage");
        vpn_ = param(params, "network.vpn_share");
        const auto& ex = run.exposure;
        affected_sum_ = detail::users_sum_flags(run, ex.ever_no_international);
        offline_sum_ = detail::users_sum(run, ex.no_international);
        domestic_sum_ = detail::users_sum(run, ex.domestic_only);
        voice_sum_ = detail::users_sum(run, ex.no_voice);
        // Users per region and nationally, for connectivity shares.
        region_users_.assign(run.regions(), 0.0);
        for (std::size_t k = 0; k < run.users.size(); ++k) region_users_[run.region[k]] += run.users[k];
        total_users_ = 0;
        for (double u : region_users_) total_users_ += u;
        // Offline share per hour and region, to find the worst hour.
        const std::size_t H = run.hours(), A = run.users.size(), R = run.regions();
        worst_national_ = 0;
        worst_region_.assign(R, 0.0);
        std::vector<double> by_region(R);
        for (std::size_t h = 0; h < H; ++h) {
            std::fill(by_region.begin(), by_region.end(), 0.0);
            for (std::size_t k = 0; k < A; ++k)
                by_region[run.region[k]] += run.users[k] * ex.at(ex.no_international, h, k);
            const double len = run.timeline->hour_length(h);
            if (total_users_ > 0)
                worst_national_ = std::max(worst_national_, offline_sum_.hourly[h] / (total_users_ * len));
            for (std::size_t r = 0; r < R; ++r)
                if (region_users_[r] > 0)
                    worst_region_[r] = std::max(worst_region_[r], by_region[r] / (region_users_[r] * len));
        }
        class_sums_.clear();
        for (std::size_t c = 0; c < run.service_classes.size(); ++c) {
            class_sums_.push_back({detail::users_sum(run, ex.class_blocked, c * H * A),
                                   detail::users_sum(run, ex.class_unreachable, c * H * A)});
        }
    }

    void run(const DrawValues& v, DrawRecord& rec) const override {
        const auto& m = *metrics_;
        const double cut_bites = 1.0 - std::clamp(v[leak_], 0.0, 1.0);
        const double block_bites = 1.0 - std::clamp(v[vpn_], 0.0, 1.0);
        detail::write_scaled(affected_sum_, cut_bites, affected_, m, rec);
        detail::write_scaled(offline_sum_, cut_bites, offline_, m, rec);
        detail::write_scaled(domestic_sum_, cut_bites, domestic_, m, rec);
        detail::write_scaled(voice_sum_, 1.0, voice_, m, rec);

        rec.totals[connectivity_] = 1.0 - cut_bites * worst_national_;
        const auto hoff = m.hourly_offset(connectivity_);
        for (std::size_t h = 0; h < run_->hours(); ++h) {
            const double len = run_->timeline->hour_length(h);
            rec.hourly[hoff + h] = static_cast<float>(
                total_users_ > 0 ? 1.0 - cut_bites * offline_sum_.hourly[h] / (total_users_ * len) : 1.0);
        }
        const auto roff = m.breakdown_offset(connectivity_, Axis::region);
        for (std::size_t r = 0; r < worst_region_.size(); ++r)
            rec.breakdown[roff + r] = 1.0 - cut_bites * worst_region_[r];

        for (std::size_t c = 0; c < class_metric_.size(); ++c) {
            // blocked × (1 − VPN share) + unreachable × (1 − leakage), written as two passes
            const auto mi = class_metric_[c];
            detail::write_scaled(class_sums_[c].first, block_bites, mi, m, rec);
            const double t = rec.totals[mi];
            const auto& u = class_sums_[c].second;
            rec.totals[mi] = t + cut_bites * u.total;
            const auto off = m.breakdown_offset(mi, Axis::region);
            for (std::size_t r = 0; r < u.by_region.size(); ++r) rec.breakdown[off + r] += cut_bites * u.by_region[r];
            const auto ho = m.hourly_offset(mi);
            for (std::size_t h = 0; h < u.hourly.size(); ++h)
                rec.hourly[ho + h] += static_cast<float>(cut_bites * u.hourly[h]);
        }
    }

private:
    const PreparedRun* run_ = nullptr;
    const MetricRegistry* metrics_ = nullptr;
    std::size_t affected_ = 0, offline_ = 0, domestic_ = 0, connectivity_ = 0, voice_ = 0;
    std::size_t leak_ = 0, vpn_ = 0;
    UsersSum affected_sum_, offline_sum_, domestic_sum_, voice_sum_;
    std::vector<double> region_users_, worst_region_;
    double total_users_ = 0, worst_national_ = 0;
    std::vector<std::size_t> class_metric_;
    std::vector<std::pair<UsersSum, UsersSum>> class_sums_;
};

}  // namespace

std::unique_ptr<Channel> make_human_channel() { return std::make_unique<HumanChannel>(); }

}  // namespace rubilnik
