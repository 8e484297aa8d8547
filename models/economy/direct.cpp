// Direct economic loss: value added that could not be produced because the
// internet it depends on was unavailable (DESIGN.md "economy (direct)").
//
//   loss[s,r,h] = VA_rate[s,r] × activity[s](local hour, day type)
//                 × dependence[s] × (1 − substitution[s] − deferral[s])
//                 × outage[r,h]
//   outage[r,h] = Σ_x w_x × (hours without usable internet on access x)
//
// where w_mobile = economy.mobile_weight, w_fixed = 1 − w_mobile, and an
// hour on access x counts as usable to the extent users reach the world
// (times the throttling factor), leak through a cut (network.cut_leakage),
// or manage with domestic services only (economy.domestic_sufficiency).
// A sector's value added is spread over regions by GDP share.
#include <algorithm>
#include <memory>

#include "rubilnik/channel.hpp"

namespace rubilnik {
namespace {

class DirectEconomyChannel final : public Channel {
public:
    std::string_view id() const override { return "economy-direct"; }

    void declare(const PreparedRun&, MetricRegistry& m) override {
        usd_ = m.add({"gdp_loss_direct_usd", "USD", "bottom-up value added lost, direct", Aggregate::sum, true,
                      {Axis::region, Axis::sector}, "economy"});
        local_ = m.add({"gdp_loss_direct_local", "local currency", "the same in the baseline's currency",
                        Aggregate::sum, false, {}, "economy"});
    }

    void prepare(const PreparedRun& run, const ParameterTable& params, const MetricRegistry& metrics) override {
        run_ = &run;
        metrics_ = &metrics;
        const auto& b = *run.baseline;
        const std::size_t S = b.sectors.size(), R = b.regions.size(), H = run.hours(), A = run.users.size();
        dependence_.clear();
        substitution_.clear();
        deferral_.clear();
        for (const auto& s : b.sectors) {
            dependence_.push_back(param(params, "economy.dependence." + s.id));
            substitution_.push_back(per_sector_or_shared(params, "economy.substitution", s.id));
            deferral_.push_back(per_sector_or_shared(params, "economy.deferral", s.id));
        }
        mobile_weight_ = param(params, "economy.mobile_weight");
        sufficiency_ = param(params, "economy.domestic_sufficiency");
        leak_ = param(params, "network.cut_leakage");
        usd_per_local_ = param(params, "macro.usd_per_local");

        // Users-weighted exposure per (region, access, hour), as shares of users.
        std::vector<double> users(R * kAccessTypes, 0.0);
        for (std::size_t k = 0; k < A; ++k) users[run.region[k] * kAccessTypes + static_cast<std::size_t>(run.access_type[k])] += run.users[k];
        const auto& ex = run.exposure;
        // term[t][(h * R + r) * 2 + x], t = 0: hours not usable before leakage
        // (len − capacity), 1: hours cut, 2: hours domestic-only.
        std::array<std::vector<double>, 3> term;
        for (auto& t : term) t.assign(H * R * kAccessTypes, 0.0);
        for (std::size_t h = 0; h < H; ++h) {
            for (std::size_t k = 0; k < A; ++k) {
                const std::size_t i = (h * R + run.region[k]) * kAccessTypes + static_cast<std::size_t>(run.access_type[k]);
                term[0][i] -= run.users[k] * ex.at(ex.international_capacity, h, k);
                term[1][i] += run.users[k] * ex.at(ex.no_international, h, k);
                term[2][i] += run.users[k] * ex.at(ex.domestic_only, h, k);
            }
            const double len = run.timeline->hour_length(h);
            for (std::size_t r = 0; r < R; ++r)
                for (std::size_t x = 0; x < kAccessTypes; ++x) {
                    const std::size_t i = (h * R + r) * kAccessTypes + x;
                    const double u = users[r * kAccessTypes + x];
                    // With no users on an access type, the region's other access stands in for it.
                    const double uu = u > 0 ? u : users[r * kAccessTypes + (1 - x)];
                    const std::size_t src = u > 0 ? i : (h * R + r) * kAccessTypes + (1 - x);
                    for (std::size_t t = 0; t < 3; ++t) term[t][i] = uu > 0 ? term[t][src] / uu : 0.0;
                    if (uu > 0) term[0][i] += len;
                    else term[0][i] = term[1][i] = term[2][i] = 0.0;
                }
        }
        // Value added weight per sector, region and hour (local currency).
        by_sr_.assign(S * R * kAccessTypes * 3, 0.0);
        by_sh_.assign(S * H * kAccessTypes * 3, 0.0);
        for (std::size_t s = 0; s < S; ++s) {
            const auto& profile = b.profiles[b.sectors[s].profile];
            for (std::size_t r = 0; r < R; ++r) {
                const double rate = b.sectors[s].value_added_local * b.regions[r].gdp_share / 8760.0;
                for (std::size_t h = 0; h < H; ++h) {
                    const std::size_t c = h * R + r;
                    const double w = rate * profile.weight[static_cast<std::size_t>(run.day_type[c])][run.local_hour[c]];
                    for (std::size_t x = 0; x < kAccessTypes; ++x)
                        for (std::size_t t = 0; t < 3; ++t) {
                            const double val = w * term[t][c * kAccessTypes + x];
                            by_sr_[((s * R + r) * kAccessTypes + x) * 3 + t] += val;
                            by_sh_[((s * H + h) * kAccessTypes + x) * 3 + t] += val;
                        }
                }
            }
        }
    }

    void run(const DrawValues& v, DrawRecord& rec) const override {
        const auto& b = *run_->baseline;
        const auto& m = *metrics_;
        const std::size_t S = b.sectors.size(), R = b.regions.size(), H = run_->hours();
        const double leak = std::clamp(v[leak_], 0.0, 1.0);
        const double suff = std::clamp(v[sufficiency_], 0.0, 1.0);
        const double mw = std::clamp(v[mobile_weight_], 0.0, 1.0);
        const double usd = v[usd_per_local_];
        // outage = term0 − leak × term1 − sufficiency × (1 − leak) × term2
        const std::array<double, 3> coef = {1.0, -leak, -suff * (1.0 - leak)};
        const std::array<double, kAccessTypes> weight = {mw, 1.0 - mw};

        const auto reg_off = m.breakdown_offset(usd_, Axis::region);
        const auto sec_off = m.breakdown_offset(usd_, Axis::sector);
        const auto hour_off = m.hourly_offset(usd_);
        for (std::size_t r = 0; r < R; ++r) rec.breakdown[reg_off + r] = 0.0;
        std::vector<double> hourly(H, 0.0);
        double total = 0;
        for (std::size_t s = 0; s < S; ++s) {
            const double keep = std::max(0.0, 1.0 - v[substitution_[s]] - v[deferral_[s]]);
            const double eff = std::clamp(v[dependence_[s]], 0.0, 1.0) * keep;
            double sector_total = 0;
            for (std::size_t r = 0; r < R; ++r) {
                double x = 0;
                for (std::size_t a = 0; a < kAccessTypes; ++a)
                    for (std::size_t t = 0; t < 3; ++t) x += weight[a] * coef[t] * by_sr_[((s * R + r) * kAccessTypes + a) * 3 + t];
                rec.breakdown[reg_off + r] += eff * x * usd;
                sector_total += eff * x;
            }
            rec.breakdown[sec_off + s] = sector_total * usd;
            total += sector_total;
            for (std::size_t h = 0; h < H; ++h) {
                double x = 0;
                for (std::size_t a = 0; a < kAccessTypes; ++a)
                    for (std::size_t t = 0; t < 3; ++t) x += weight[a] * coef[t] * by_sh_[((s * H + h) * kAccessTypes + a) * 3 + t];
                hourly[h] += eff * x;
            }
        }
        rec.totals[usd_] = total * usd;
        rec.totals[local_] = total;
        for (std::size_t h = 0; h < H; ++h) rec.hourly[hour_off + h] = static_cast<float>(hourly[h] * usd);
    }

private:
    std::size_t per_sector_or_shared(const ParameterTable& params, const std::string& stem, const std::string& sector) {
        const std::string specific = stem + "." + sector;
        return param(params, params.find(specific) ? specific : stem);
    }

    const PreparedRun* run_ = nullptr;
    const MetricRegistry* metrics_ = nullptr;
    std::size_t usd_ = 0, local_ = 0;
    std::vector<std::size_t> dependence_, substitution_, deferral_;
    std::size_t mobile_weight_ = 0, sufficiency_ = 0, leak_ = 0, usd_per_local_ = 0;
    std::vector<double> by_sr_, by_sh_;
};

}  // namespace

std::unique_ptr<Channel> make_direct_economy_channel() { return std::make_unique<DirectEconomyChannel>(); }

}  // namespace rubilnik
