// Crypto-mining (DESIGN.md "crypto-mining"): a farm mines only while its
// network reaches a foreign mining pool. Offline hashrate by region and hour,
// the drop of the global hashrate it causes, the bitcoin the offline farms
// would have earned until the next difficulty retarget, and the electricity
// they did not buy. Equations: docs/methodology.md "Crypto-mining";
// Kazakhstan's values and sources: scenarios/countries/kz/SOURCES.md §14.
//
//   offline[r,h] = H_kz × share_r × Σ_k w_k ((1 − V) blocked_kh + (1 − L) unreachable_kh) / len_h
//   BTC lost     = Σ offline × 3600 s × 1e18 H/EH × (subsidy + fees) / (2^32 × difficulty)
//
// w_k: the region's fixed access networks, by users (farms sit on fixed
// lines of the region's operators; a region without fixed access uses all
// its networks). Pools are the hosts of service class `mining_pools`.
#include <algorithm>
#include <cmath>
#include <memory>

#include "rubilnik/channel.hpp"
#include "rubilnik/detail/channel_table.hpp"

namespace rubilnik {

// Expected BTC per EH/s-hour at a given difficulty and block reward: a hash
// solves a block with probability 1 / (2^32 × difficulty). Exposed for tests.
double btc_per_eh_hour(double difficulty, double reward_btc) {
    return difficulty > 0 ? 1e18 * 3600.0 * reward_btc / (std::ldexp(1.0, 32) * difficulty) : 0.0;
}

namespace {

class MiningChannel final : public Channel {
public:
    std::string_view id() const override { return "mining"; }

    void declare(const PreparedRun& run, MetricRegistry& m) override {
        table_ = detail::optional_channel_table(*run.baseline, "mining", {"region", "share", "source"});
        if (!table_) return;  // no mining data: the channel is off
        offline_ = m.add({"mining_offline_hashrate_ehs",
                          "EH/s",
                          "peak hourly hashrate cut off from its pools",
                          Aggregate::peak,
                          true,
                          {Axis::region},
                          "mining"});
        drop_ = m.add({"global_hashrate_drop_share",
                       "share",
                       "peak hourly offline hashrate as a share of the global hashrate",
                       Aggregate::peak,
                       true,
                       {},
                       "mining"});
        btc_ = m.add({"mining_lost_btc",
                      "BTC",
                      "expected block rewards the offline farms did not earn",
                      Aggregate::sum,
                      false,
                      {},
                      "mining"});
        revenue_ = m.add({"mining_lost_revenue_usd",
                          "USD",
                          "those rewards at the BTC price",
                          Aggregate::sum,
                          false,
                          {Axis::region},
                          "mining"});
        power_ = m.add({"mining_avoided_power_cost_usd",
                        "USD",
                        "electricity the offline farms did not buy",
                        Aggregate::sum,
                        false,
                        {},
                        "mining"});
        net_ = m.add({"mining_net_loss_usd",
                      "USD",
                      "lost revenue minus avoided electricity",
                      Aggregate::sum,
                      false,
                      {},
                      "mining"});
    }

    void prepare(const PreparedRun& run, const ParameterTable& params, const MetricRegistry& metrics) override {
        if (!table_) return;
        run_ = &run;
        metrics_ = &metrics;
        installed_ = param(params, "mining.installed_ehs");
        global_ = param(params, "mining.global_hashrate_ehs");
        difficulty_ = param(params, "mining.difficulty");
        subsidy_ = param(params, "mining.block_subsidy_btc");
        fees_ = param(params, "mining.fees_btc_per_block");
        price_ = param(params, "mining.btc_price_usd");
        power_mw_ = param(params, "mining.power_mw");
        power_price_ = param(params, "mining.power_price_usd_per_kwh");
        leak_ = param(params, "network.cut_leakage");
        vpn_ = param(params, "network.vpn_share");

        const auto& b = *run.baseline;
        const std::size_t R = run.regions(), H = run.hours(), A = run.access_node.size();
        const auto& t = *table_;
        share_.assign(R, 0.0);
        std::vector<std::uint8_t> seen(R, 0);
        double sum = 0;
        for (const auto& row : t.rows()) {
            const auto r = detail::table_region(t, row, b);
            if (seen[r]) t.fail(row, "region", "region listed twice");
            seen[r] = 1;
            share_[r] = t.number_in(row, "share", 0, 1);
            sum += share_[r];
        }
        detail::require_unit_sum(t, "share", sum);

        const auto cls = std::find(run.service_classes.begin(), run.service_classes.end(), "mining_pools");
        if (cls == run.service_classes.end() && sum > 0)
            throw InputError(SourceLocation{std::string(b.folder).append("/nodes.csv"), 0, 0}, "service_class",
                             "the mining channel needs at least one service host of class 'mining_pools'");
        // Farms' access: the region's fixed networks by users.
        std::vector<double> fixed_users(R, 0.0), all_users(R, 0.0);
        for (std::size_t k = 0; k < A; ++k) {
            all_users[run.region[k]] += run.users[k];
            if (run.access_type[k] == Access::fixed) fixed_users[run.region[k]] += run.users[k];
        }
        std::vector<double> w(A, 0.0);
        for (std::size_t k = 0; k < A; ++k) {
            const std::size_t r = run.region[k];
            if (fixed_users[r] > 0) w[k] = run.access_type[k] == Access::fixed ? run.users[k] / fixed_users[r] : 0.0;
            else if (all_users[r] > 0) w[k] = run.users[k] / all_users[r];
        }
        for (std::size_t r = 0; r < R; ++r)
            if (share_[r] > 0 && all_users[r] <= 0)
                throw InputError(SourceLocation{t.path(), 0, 0}, "region",
                                 std::string("region '")
                                     .append(b.regions[r].id)
                                     .append("' has mining capacity but no access networks"));

        // Offline shares of each region's farms per hour (hour averages),
        // split into blocked (a VPN helps) and unreachable (leakage helps).
        blocked_.assign(R * H, 0.0);
        unreach_.assign(R * H, 0.0);
        if (cls != run.service_classes.end()) {
            const std::size_t c = static_cast<std::size_t>(cls - run.service_classes.begin());
            const auto& ex = run.exposure;
            for (std::size_t h = 0; h < H; ++h) {
                const double len = run.timeline->hour_length(h);
                for (std::size_t k = 0; k < A; ++k) {
                    if (w[k] <= 0) continue;
                    const std::size_t i = (c * H + h) * A + k;
                    blocked_[run.region[k] * H + h] += w[k] * ex.class_blocked[i] / len;
                    unreach_[run.region[k] * H + h] += w[k] * ex.class_unreachable[i] / len;
                }
            }
        }
        // National hourly and per-region totals (fleet-hours), share-weighted.
        nat_blocked_.assign(H, 0.0);
        nat_unreach_.assign(H, 0.0);
        hours_blocked_.assign(R, 0.0);
        hours_unreach_.assign(R, 0.0);
        peak_unreach_.assign(R, 0.0);
        any_blocked_.assign(R, 0);
        for (std::size_t r = 0; r < R; ++r)
            for (std::size_t h = 0; h < H; ++h) {
                peak_unreach_[r] = std::max(peak_unreach_[r], unreach_[r * H + h]);
                if (blocked_[r * H + h] > 0) any_blocked_[r] = 1;
                const double len = run.timeline->hour_length(h);
                nat_blocked_[h] += share_[r] * blocked_[r * H + h];
                nat_unreach_[h] += share_[r] * unreach_[r * H + h];
                hours_blocked_[r] += share_[r] * blocked_[r * H + h] * len;
                hours_unreach_[r] += share_[r] * unreach_[r * H + h] * len;
            }
    }

    void run(const DrawValues& v, DrawRecord& rec) const override {
        if (!table_) return;
        const auto& m = *metrics_;
        const std::size_t R = run_->regions(), H = run_->hours();
        const double through_block = 1.0 - std::clamp(v[vpn_], 0.0, 1.0);
        const double through_cut = 1.0 - std::clamp(v[leak_], 0.0, 1.0);
        const double installed = std::max(0.0, v[installed_]);
        const double global = v[global_];

        // Peak national and regional offline hashrate, hour by hour.
        const auto ho = m.hourly_offset(offline_), hd = m.hourly_offset(drop_);
        double peak = 0;
        for (std::size_t h = 0; h < H; ++h) {
            const double off = installed * (through_block * nat_blocked_[h] + through_cut * nat_unreach_[h]);
            peak = std::max(peak, off);
            rec.hourly[ho + h] = static_cast<float>(off);
            rec.hourly[hd + h] = static_cast<float>(global > 0 ? off / global : 0.0);
        }
        rec.totals[offline_] = peak;
        rec.totals[drop_] = global > 0 ? peak / global : 0.0;
        const auto ro = m.breakdown_offset(offline_, Axis::region);
        for (std::size_t r = 0; r < R; ++r) {
            // Without blocks by name the peak hour does not depend on the draw.
            double best = through_cut * peak_unreach_[r];
            if (any_blocked_[r])
                for (std::size_t h = 0; h < H; ++h)
                    best = std::max(best, through_block * blocked_[r * H + h] + through_cut * unreach_[r * H + h]);
            rec.breakdown[ro + r] = installed * share_[r] * best;
        }

        // Lost rewards and avoided electricity, from offline fleet-hours.
        const double btc_per_ehh = btc_per_eh_hour(v[difficulty_], v[subsidy_] + v[fees_]);
        const double price = v[price_];
        const double usd_per_mwh = 1000.0 * v[power_price_];
        const auto rr = m.breakdown_offset(revenue_, Axis::region);
        double fleet_hours = 0;
        for (std::size_t r = 0; r < R; ++r) {
            const double f = through_block * hours_blocked_[r] + through_cut * hours_unreach_[r];
            fleet_hours += f;
            rec.breakdown[rr + r] = installed * f * btc_per_ehh * price;
        }
        const double btc = installed * fleet_hours * btc_per_ehh;
        rec.totals[btc_] = btc;
        rec.totals[revenue_] = btc * price;
        rec.totals[power_] = std::max(0.0, v[power_mw_]) * fleet_hours * usd_per_mwh;
        rec.totals[net_] = rec.totals[revenue_] - rec.totals[power_];
    }

private:
    const CsvTable* table_ = nullptr;
    const PreparedRun* run_ = nullptr;
    const MetricRegistry* metrics_ = nullptr;
    std::size_t offline_ = 0, drop_ = 0, btc_ = 0, revenue_ = 0, power_ = 0, net_ = 0;
    std::size_t installed_ = 0, global_ = 0, difficulty_ = 0, subsidy_ = 0, fees_ = 0, price_ = 0;
    std::size_t power_mw_ = 0, power_price_ = 0, leak_ = 0, vpn_ = 0;
    std::vector<double> share_;
    std::vector<double> blocked_, unreach_;              // [r * H + h], share of the region's fleet
    std::vector<double> nat_blocked_, nat_unreach_;      // [h], share of the national fleet
    std::vector<double> hours_blocked_, hours_unreach_;  // [r], national fleet-hours
    std::vector<double> peak_unreach_;                   // [r], highest hourly unreachable share
    std::vector<std::uint8_t> any_blocked_;              // [r]
};

}  // namespace

std::unique_ptr<Channel> make_mining_channel() { return std::make_unique<MiningChannel>(); }

}  // namespace rubilnik
