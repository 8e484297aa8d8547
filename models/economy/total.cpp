// Bottom-up GDP loss total: direct plus indirect (when an input-output
// channel has declared gdp_loss_indirect_usd before this one).
#include <memory>

#include "rubilnik/channel.hpp"

namespace rubilnik {
namespace {

class EconomyTotalChannel final : public Channel {
public:
    std::string_view id() const override { return "economy-total"; }
    void declare(const PreparedRun&, MetricRegistry& m) override {
        total_ = m.add({"gdp_loss_total_usd",
                        "USD",
                        "bottom-up value added lost: direct + indirect",
                        Aggregate::sum,
                        true,
                        {Axis::region, Axis::sector},
                        "economy"});
    }
    void prepare(const PreparedRun& run, const ParameterTable&, const MetricRegistry& m) override {
        metrics_ = &m;
        hours_ = run.hours();
        regions_ = run.regions();
        sectors_ = run.baseline->sectors.size();
        parts_.push_back(m.index("gdp_loss_direct_usd"));
        if (m.has("gdp_loss_indirect_usd")) parts_.push_back(m.index("gdp_loss_indirect_usd"));
    }
    void run(const DrawValues&, DrawRecord& rec) const override {
        const auto& m = *metrics_;
        const auto ho = m.hourly_offset(total_);
        const auto ro = m.breakdown_offset(total_, Axis::region);
        const auto so = m.breakdown_offset(total_, Axis::sector);
        rec.totals[total_] = 0;
        for (std::size_t h = 0; h < hours_; ++h) rec.hourly[ho + h] = 0;
        for (std::size_t r = 0; r < regions_; ++r) rec.breakdown[ro + r] = 0;
        for (std::size_t s = 0; s < sectors_; ++s) rec.breakdown[so + s] = 0;
        for (auto p : parts_) {
            rec.totals[total_] += rec.totals[p];
            if (m.info(p).hourly)
                for (std::size_t h = 0; h < hours_; ++h) rec.hourly[ho + h] += rec.hourly[m.hourly_offset(p) + h];
            for (std::size_t r = 0; r < regions_; ++r)
                rec.breakdown[ro + r] += rec.breakdown[m.breakdown_offset(p, Axis::region) + r];
            for (std::size_t s = 0; s < sectors_; ++s)
                rec.breakdown[so + s] += rec.breakdown[m.breakdown_offset(p, Axis::sector) + s];
        }
    }

private:
    const MetricRegistry* metrics_ = nullptr;
    std::size_t total_ = 0, hours_ = 0, regions_ = 0, sectors_ = 0;
    std::vector<std::size_t> parts_;
};

}  // namespace

std::unique_ptr<Channel> make_economy_total_channel() { return std::make_unique<EconomyTotalChannel>(); }

}  // namespace rubilnik
