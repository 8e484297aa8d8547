// Indirect economic loss (DESIGN.md "economy (indirect)"; equations in
// docs/methodology.md §4a): the direct loss propagated to suppliers through
// the national input–output table, plus the recovery tail after restoration.
//
// 1. Upstream propagation, hour by hour (Leontief / IIM). The direct value
//    added lost by sector j in hour h, d_j(h), is sector j's lost output
//    times its value-added ratio; the output not made stops buying inputs.
//    The value added lost upstream is
//        ind(h) = M d(h),   M = diag(VA) [(I − A*)^-1 − I] diag(VA)^-1
//    (A* the interdependency matrix). Subtracting I removes the direct round,
//    which the direct channel already counts: no double counting. M does not
//    depend on the draw, so it is built once; the model is linear, so the
//    per-sector totals of a draw are one small mat-vec, M·Σ_h d(h), and the
//    national hourly series is Σ_j m_j d_j(h) with m_j the column sums of M.
//
// 2. Recovery tail (DIIM, Haimes et al. 2005; Lian & Haimes 2006). The
//    static model lets output recover the moment the internet returns. In
//    the DIIM it recovers at the resilience rate: with hourly steps,
//        held(h) = max(q(h), held(h−1) + Δt K [A* held(h−1) − held(h−1)])
//    where q(h) = (I − A*)^-1 c*(h) is the static inoperability of hour h
//    (c* the direct inoperability) and the max holds every sector at least
//    at its static level while a shutdown lasts. The tail is
//    Σ_h Σ_i (held_i(h) − q_i(h)) × planned value added_i(h), plus the part
//    after the window in closed form. k_i = ln(1/λ) / (T (1 − a*_ii)) with T
//    = economy.recovery_days and λ = economy.recovery_residual.
//
// The indirect metric is declared only when the baseline has an `io` table.
#include <algorithm>
#include <cmath>
#include <memory>
#include <sstream>
#include <vector>

#include <Eigen/Dense>

#include "direct_model.hpp"
#include "rubilnik/channel.hpp"
#include "rubilnik/economy/io.hpp"
#include "rubilnik/error.hpp"

namespace rubilnik {
namespace {

template <typename... Parts>
std::string cat(const Parts&... parts) {
    std::ostringstream out;
    out.precision(6);
    (out << ... << parts);
    return out.str();
}

class IndirectEconomyChannel final : public Channel {
public:
    std::string_view id() const override { return "economy-indirect"; }

    void declare(const PreparedRun& run, MetricRegistry& m) override {
        enabled_ = run.baseline->channel_table("io") != nullptr;
        if (!enabled_) return;
        usd_ = m.add({"gdp_loss_indirect_usd",
                      "USD",
                      "bottom-up value added lost upstream (input-output) and in the recovery tail",
                      Aggregate::sum,
                      true,
                      {Axis::region, Axis::sector},
                      "economy"});
        io_usd_ = m.add({"gdp_loss_indirect_io_usd",
                         "USD",
                         "part of the indirect loss: suppliers' value added lost during the shutdown (Leontief/IIM)",
                         Aggregate::sum,
                         false,
                         {},
                         "economy"});
        tail_usd_ = m.add({"gdp_loss_recovery_tail_usd",
                           "USD",
                           "part of the indirect loss: value added lost while output recovers (DIIM)",
                           Aggregate::sum,
                           false,
                           {},
                           "economy"});
    }

    void prepare(const PreparedRun& run, const ParameterTable& params, const MetricRegistry& metrics) override {
        if (!enabled_) return;
        metrics_ = &metrics;
        model_.prepare(run, params, [&](const std::string& key) { return param(params, key); });
        const auto& b = *run.baseline;
        const std::size_t S = b.sectors.size();
        std::vector<std::string> ids;
        for (const auto& s : b.sectors) ids.push_back(s.id);
        // The engine read the file for provenance; the IO loader checks its layout and balance.
        const auto table = economy::load_io_table(b.channel_table("io")->path(), ids);

        const Eigen::MatrixXd astar = table.interdependency_matrix();
        const Eigen::MatrixXd g =
            economy::LeontiefSolver(astar, table.name() + ": interdependency matrix A*").inverse();
        const Eigen::VectorXd& va = table.value_added();
        const auto n = static_cast<Eigen::Index>(S);
        multiplier_ = Eigen::MatrixXd::Zero(n, n);
        for (Eigen::Index j = 0; j < n; ++j) {
            if (!(va(j) > 0)) continue;  // no value added, no direct loss to propagate
            for (Eigen::Index i = 0; i < n; ++i) multiplier_(i, j) = va(i) * (g(i, j) - (i == j ? 1.0 : 0.0)) / va(j);
        }
        column_sum_ = multiplier_.colwise().sum().transpose();
        inoperability_ = g;
        // B = D (I − A*), D = diag(1 / (1 − a*_ii)): Δt K (I − A*) = (Δt / τ) B.
        inverse_own_ = Eigen::VectorXd(n);
        for (Eigen::Index i = 0; i < n; ++i) inverse_own_(i) = 1.0 / (1.0 - astar(i, i));
        decay_ = inverse_own_.asDiagonal() * (Eigen::MatrixXd::Identity(n, n) - astar);
        // Σ_{n≥1} Φ^n = τ G diag(1 − a*_ii) − I for unit steps (the tail after the window).
        remainder_ = g * inverse_own_.cwiseInverse().asDiagonal();
        average_hourly_va_ = Eigen::VectorXd(n);
        for (std::size_t s = 0; s < S; ++s) {
            double sum = 0;
            for (std::size_t r = 0; r < model_.regions(); ++r) sum += model_.value_added(s, r);
            average_hourly_va_(static_cast<Eigen::Index>(s)) = sum / 8760.0;
        }

        recovery_days_ = param(params, "economy.recovery_days");
        residual_ = param(params, "economy.recovery_residual");
        check_recovery_parameters(params);
    }

    void run(const DrawValues& v, DrawRecord& rec) const override {
        if (!enabled_) return;
        const auto& m = *metrics_;
        const std::size_t S = model_.sectors(), R = model_.regions(), H = model_.hours();
        const auto n = static_cast<Eigen::Index>(S);
        economy::DirectLossModel::Draw d;
        model_.draw(v, d);
        const double usd = d.usd_per_local;

        // 1. Upstream propagation. Linear, so the per-sector totals need only
        // the direct totals, and the national series is Σ_j m_j d_j(h).
        Eigen::VectorXd direct(n);
        for (std::size_t s = 0; s < S; ++s) {
            double sum = 0;
            for (std::size_t r = 0; r < R; ++r) sum += model_.sector_region(d, s, r);
            direct(static_cast<Eigen::Index>(s)) = sum;
        }
        const Eigen::VectorXd upstream = multiplier_ * direct;
        std::vector<double> hourly(H, 0.0);
        for (std::size_t s = 0; s < S; ++s)
            model_.add_sector_hours(d, s, column_sum_(static_cast<Eigen::Index>(s)), hourly.data());

        // 2. Recovery tail: the DIIM held level above the static level q(h).
        // q changes only where the exposure does; where neither q changes nor
        // anything lingers, a step cannot lift the held level above q.
        const double tau = 24.0 * v[recovery_days_] / std::log(1.0 / v[residual_]);  // hours
        Eigen::VectorXd shock = Eigen::VectorXd::Zero(n), q = Eigen::VectorXd::Zero(n);
        Eigen::VectorXd excess = Eigen::VectorXd::Zero(n), tail = Eigen::VectorXd::Zero(n);
        Eigen::VectorXd candidate(n), pushed(n);
        bool lingering = false;
        for (std::size_t h = 0; h < H; ++h) {
            const bool changes = model_.shock_changes(h);
            if (!changes && !lingering) continue;
            const double step = model_.hour_length(h) / tau;
            // One DIIM step from held(h−1) = q(h−1) + excess, using B q(h−1) = D c*(h−1).
            candidate = q - step * inverse_own_.cwiseProduct(shock);
            if (lingering) {
                pushed.noalias() = decay_ * excess;
                candidate += excess - step * pushed;
            }
            if (changes) {
                for (std::size_t s = 0; s < S; ++s)
                    shock(static_cast<Eigen::Index>(s)) = model_.sector_inoperability(d, s, h);
                q.noalias() = inoperability_ * shock;
            }
            excess = (candidate - q).cwiseMax(0.0);
            lingering = h > 0 && excess.maxCoeff() > 0.0;
            if (!lingering) continue;
            double in_hour = 0;
            for (std::size_t s = 0; s < S; ++s) {
                const double x = excess(static_cast<Eigen::Index>(s)) * model_.planned(s, h);
                tail(static_cast<Eigen::Index>(s)) += x;
                in_hour += x;
            }
            hourly[h] += in_hour;
        }
        if (lingering) {
            // Hours after the window, in unit steps: Σ_{n≥1} Φ^n e = τ G diag(1 − a*_ii) e − e.
            const Eigen::VectorXd after = (tau * (remainder_ * excess) - excess).cwiseMax(0.0);
            tail += after.cwiseProduct(average_hourly_va_);
        }

        const Eigen::VectorXd by_sector = upstream + tail;
        const auto reg_off = m.breakdown_offset(usd_, Axis::region);
        const auto sec_off = m.breakdown_offset(usd_, Axis::sector);
        const auto hour_off = m.hourly_offset(usd_);
        for (std::size_t r = 0; r < R; ++r) rec.breakdown[reg_off + r] = 0.0;
        for (std::size_t s = 0; s < S; ++s) {
            const double x = by_sector(static_cast<Eigen::Index>(s)) * usd;
            rec.breakdown[sec_off + s] = x;
            // No regional IO table: a sector's indirect loss falls where it produces.
            for (std::size_t r = 0; r < R; ++r) rec.breakdown[reg_off + r] += x * model_.region_share(s, r);
        }
        for (std::size_t h = 0; h < H; ++h) rec.hourly[hour_off + h] = static_cast<float>(hourly[h] * usd);
        rec.totals[io_usd_] = upstream.sum() * usd;
        rec.totals[tail_usd_] = tail.sum() * usd;
        rec.totals[usd_] = rec.totals[io_usd_] + rec.totals[tail_usd_];
    }

private:
    // The hourly DIIM step stays non-negative and monotone only when each
    // sector's own decay per step, Δt k_i (1 − a*_ii) = Δt/τ, is at most 1;
    // τ = T / ln(1/λ) must therefore be at least an hour for every draw.
    void check_recovery_parameters(const ParameterTable& params) const {
        const auto& days = params.at(recovery_days_);
        const auto& residual = params.at(residual_);
        if (!(residual.dist.lo() > 0.0) || !(residual.dist.hi() < 1.0))
            throw InputError(residual.where, residual.key,
                             cat("the share of inoperability left after the recovery time must lie strictly between 0 "
                                 "and 1; its distribution spans ",
                                 residual.dist.lo(), " to ", residual.dist.hi()));
        const double shortest = 24.0 * days.dist.lo() / std::log(1.0 / residual.dist.hi());
        if (!(shortest >= 1.0))
            throw InputError(days.where, days.key,
                             cat("recovery time down to ", days.dist.lo(), " days with ", residual.key, " up to ",
                                 residual.dist.hi(), " gives a time constant of ", shortest,
                                 " h; the hourly DIIM step needs at least 1 h (recovery time >= ",
                                 std::log(1.0 / residual.dist.hi()) / 24.0, " days)"));
    }

    bool enabled_ = false;
    const MetricRegistry* metrics_ = nullptr;
    std::size_t usd_ = 0, io_usd_ = 0, tail_usd_ = 0;
    std::size_t recovery_days_ = 0, residual_ = 0;
    economy::DirectLossModel model_;
    Eigen::MatrixXd multiplier_, inoperability_, decay_, remainder_;
    Eigen::VectorXd column_sum_, inverse_own_, average_hourly_va_;
};

}  // namespace

std::unique_ptr<Channel> make_indirect_economy_channel() { return std::make_unique<IndirectEconomyChannel>(); }

}  // namespace rubilnik
