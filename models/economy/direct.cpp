// Direct economic loss: value added that could not be produced because the
// internet it depends on was unavailable (DESIGN.md "economy (direct)";
// equations in docs/methodology.md §4):
//
//   loss[s,r,h] = VA[s,r]/8760 × activity[s](local hour, day type)
//                 × dependence[s] × max(0, 1 − substitution[s] − deferral[s])
//                 × outage[s,r,h]
//   outage[s,r,h] = Σ_x w[s,x] × (hours without usable internet on access x)
//
// w[s,mobile] = economy.mobile_weight.<s> (or the shared economy.mobile_weight),
// w[s,fixed] = 1 − w[s,mobile]. An hour counts as usable to the extent users
// reach the world (times the throttling factor), leak through a cut
// (network.cut_leakage), or manage with domestic services only
// (economy.domestic_sufficiency). VA[s,r] comes from the optional
// `sector_regions` table, else from GDP shares (direct_model.cpp).
#include <memory>
#include <vector>

#include "direct_model.hpp"
#include "rubilnik/channel.hpp"

namespace rubilnik {
namespace {

class DirectEconomyChannel final : public Channel {
public:
    std::string_view id() const override { return "economy-direct"; }

    void declare(const PreparedRun&, MetricRegistry& m) override {
        usd_ = m.add({"gdp_loss_direct_usd",
                      "USD",
                      "bottom-up value added lost, direct",
                      Aggregate::sum,
                      true,
                      {Axis::region, Axis::sector},
                      "economy"});
        local_ = m.add({"gdp_loss_direct_local",
                        "local currency",
                        "the same in the baseline's currency",
                        Aggregate::sum,
                        false,
                        {},
                        "economy"});
    }

    void prepare(const PreparedRun& run, const ParameterTable& params, const MetricRegistry& metrics) override {
        metrics_ = &metrics;
        model_.prepare(run, params, [&](const std::string& key) { return param(params, key); });
    }

    void run(const DrawValues& v, DrawRecord& rec) const override {
        const auto& m = *metrics_;
        const std::size_t S = model_.sectors(), R = model_.regions(), H = model_.hours();
        economy::DirectLossModel::Draw d;
        model_.draw(v, d);
        const double usd = d.usd_per_local;

        const auto reg_off = m.breakdown_offset(usd_, Axis::region);
        const auto sec_off = m.breakdown_offset(usd_, Axis::sector);
        const auto hour_off = m.hourly_offset(usd_);
        for (std::size_t r = 0; r < R; ++r) rec.breakdown[reg_off + r] = 0.0;
        double total = 0;
        for (std::size_t s = 0; s < S; ++s) {
            double sector_total = 0;
            for (std::size_t r = 0; r < R; ++r) {
                const double x = model_.sector_region(d, s, r);
                rec.breakdown[reg_off + r] += x * usd;
                sector_total += x;
            }
            rec.breakdown[sec_off + s] = sector_total * usd;
            total += sector_total;
        }
        // The national series is summed in double and stored as float once.
        std::vector<double> hourly(H, 0.0);
        for (std::size_t s = 0; s < S; ++s) model_.add_sector_hours(d, s, 1.0, hourly.data());
        for (std::size_t h = 0; h < H; ++h) rec.hourly[hour_off + h] = static_cast<float>(hourly[h] * usd);
        rec.totals[usd_] = total * usd;
        rec.totals[local_] = total;
    }

private:
    const MetricRegistry* metrics_ = nullptr;
    std::size_t usd_ = 0, local_ = 0;
    economy::DirectLossModel model_;
};

}  // namespace

std::unique_ptr<Channel> make_direct_economy_channel() { return std::make_unique<DirectEconomyChannel>(); }

}  // namespace rubilnik
