// Operators (DESIGN.md "telecom revenue"): the revenue operators did not earn
// for the service they did not deliver (OECD-style: ARPU × subscribers ×
// outage), and the compensation offered (in 2022: 300 free minutes and 200
// free SMS) set against the harm their subscribers suffered, economic and
// welfare, per subscriber and by operator. Equations and sources:
// docs/methodology.md "Operators" and scenarios/countries/kz/SOURCES.md §16.
//
//   lost[o,x]  = subs × ARPU / 730.5 h × (d_x (1 − L) N̄_ox + (1 − d_x) V̄_ox)
//
// N̄, V̄: users-weighted mean hours without international access / without
// voice on operator o's access networks of type x; d_mobile =
// telecom.mobile_data_revenue_share, d_fixed = 1 (fixed ARPU is broadband).
//
// Harm is attributed to operators through their users: welfare directly
// (welfare_loss_usd by operator); GDP loss of region r in proportion to the
// operator's share of the region's person-hours offline.
#include <algorithm>
#include <memory>

#include "rubilnik/channel.hpp"
#include "rubilnik/detail/channel_table.hpp"

namespace rubilnik {
namespace {

constexpr double kHoursPerMonth = 8766.0 / 12.0;  // mean Gregorian month

struct Line {
    std::size_t op = 0;
    Access access = Access::mobile;
    double subscribers = 0;
    double arpu_local_month = 0;
    bool compensated = false;
    double minute_price = 0, sms_price = 0;
    double data_hours = 0, voice_hours = 0;  // users-weighted mean per user
};

class TelecomChannel final : public Channel {
public:
    std::string_view id() const override { return "telecom"; }

    void declare(const PreparedRun& run, MetricRegistry& m) override {
        table_ = detail::optional_channel_table(*run.baseline, "telecom",
                                                {"operator", "access", "subscribers", "arpu_local_month",
                                                 "minute_price_local", "sms_price_local", "source"});
        if (!table_) return;  // no operator data: the channel is off
        const std::vector<Axis> op = {Axis::operator_};
        revenue_ = m.add({"telecom_revenue_loss_usd", "USD",
                          "operators' revenue for service not delivered (ARPU x subscribers x outage)", Aggregate::sum,
                          false, op, "telecom"});
        compensation_ =
            m.add({"compensation_value_usd", "USD", "free minutes and SMS offered, at the operators' published tariffs",
                   Aggregate::sum, false, op, "telecom"});
        comp_per_sub_ = m.add({"compensation_per_subscriber_usd", "USD/subscriber", "compensation per subscriber",
                               Aggregate::sum, false, op, "telecom"});
        econ_per_sub_ = m.add({"economic_harm_per_subscriber_usd", "USD/subscriber",
                               "bottom-up GDP loss attributed to the operator's users, per subscriber", Aggregate::sum,
                               false, op, "telecom"});
        welfare_per_sub_ = m.add({"welfare_harm_per_subscriber_usd", "USD/subscriber",
                                  "consumer surplus lost by the operator's users, per subscriber", Aggregate::sum,
                                  false, op, "telecom"});
    }

    void prepare(const PreparedRun& run, const ParameterTable& params, const MetricRegistry& metrics) override {
        if (!table_) return;
        run_ = &run;
        metrics_ = &metrics;
        data_share_ = param(params, "telecom.mobile_data_revenue_share");
        minutes_ = param(params, "telecom.compensation_minutes");
        sms_ = param(params, "telecom.compensation_sms");
        leak_ = param(params, "network.cut_leakage");
        usd_ = param(params, "macro.usd_per_local");
        gdp_metric_ = metrics.index("gdp_loss_total_usd");
        if (!metrics.has("welfare_loss_usd"))
            throw InputError(SourceLocation{table_->path(), 0, 0}, "tables.welfare",
                             "the telecom channel compares compensation with the welfare loss: the baseline needs the "
                             "welfare table too");
        welfare_metric_ = metrics.index("welfare_loss_usd");

        const auto& b = *run.baseline;
        const std::size_t O = b.operators.size(), R = run.regions(), A = run.access_node.size(), H = run.hours();
        const auto& t = *table_;
        // Hours without service per operator and access type, users-weighted.
        std::vector<double> users(O * kAccessTypes, 0.0), data(O * kAccessTypes, 0.0), voice(O * kAccessTypes, 0.0);
        const auto& ex = run.exposure;
        for (std::size_t k = 0; k < A; ++k) {
            const std::size_t i = run.op[k] * kAccessTypes + static_cast<std::size_t>(run.access_type[k]);
            users[i] += run.users[k];
            for (std::size_t h = 0; h < H; ++h) {
                data[i] += run.users[k] * ex.at(ex.no_international, h, k);
                voice[i] += run.users[k] * ex.at(ex.no_voice, h, k);
            }
        }
        lines_.clear();
        subscribers_.assign(O, 0.0);
        for (const auto& row : t.rows()) {
            Line l;
            l.op = detail::table_operator(t, row, b);
            const auto& acc = t.text(row, "access");
            if (acc != "mobile" && acc != "fixed")
                t.fail(row, "access", std::string("'").append(acc).append("'; expected mobile or fixed"));
            l.access = acc == "mobile" ? Access::mobile : Access::fixed;
            for (const auto& other : lines_)
                if (other.op == l.op && other.access == l.access)
                    t.fail(row, "access", "operator and access listed twice");
            l.subscribers = t.number_in(row, "subscribers", 0, 1e10);
            l.arpu_local_month = t.number_in(row, "arpu_local_month", 0, 1e12);
            // Empty tariffs: no minutes-and-SMS compensation for this line.
            const bool has_minute = !t.empty(row, "minute_price_local"), has_sms = !t.empty(row, "sms_price_local");
            if (has_minute != has_sms)
                t.fail(row, has_minute ? "sms_price_local" : "minute_price_local", "give both tariffs or neither");
            l.compensated = has_minute;
            if (has_minute) {
                l.minute_price = t.number_in(row, "minute_price_local", 0, 1e12);
                l.sms_price = t.number_in(row, "sms_price_local", 0, 1e12);
            }
            const std::size_t i = l.op * kAccessTypes + static_cast<std::size_t>(l.access);
            if (users[i] <= 0 && l.subscribers > 0)
                t.fail(row, "operator",
                       std::string("operator '")
                           .append(b.operators[l.op].id)
                           .append("' has no ")
                           .append(acc)
                           .append(" access networks (market_shares.csv)"));
            l.data_hours = users[i] > 0 ? data[i] / users[i] : 0.0;
            l.voice_hours = users[i] > 0 ? voice[i] / users[i] : 0.0;
            subscribers_[l.op] += l.subscribers;
            lines_.push_back(l);
        }
        total_subscribers_ = 0;
        for (double s : subscribers_) total_subscribers_ += s;

        // Operator o's share of region r's person-hours offline (users when
        // nobody was offline), to attribute the region's GDP loss.
        attribution_.assign(R * O, 0.0);
        std::vector<double> offline(R, 0.0), region_users(R, 0.0);
        std::vector<double> by_ro(R * O, 0.0), users_ro(R * O, 0.0);
        for (std::size_t k = 0; k < A; ++k) {
            double x = 0;
            for (std::size_t h = 0; h < H; ++h) x += run.users[k] * ex.at(ex.no_international, h, k);
            by_ro[run.region[k] * O + run.op[k]] += x;
            offline[run.region[k]] += x;
            users_ro[run.region[k] * O + run.op[k]] += run.users[k];
            region_users[run.region[k]] += run.users[k];
        }
        for (std::size_t r = 0; r < R; ++r)
            for (std::size_t o = 0; o < O; ++o)
                attribution_[r * O + o] = offline[r] > 0        ? by_ro[r * O + o] / offline[r]
                                          : region_users[r] > 0 ? users_ro[r * O + o] / region_users[r]
                                                                : 0.0;
    }

    void run(const DrawValues& v, DrawRecord& rec) const override {
        if (!table_) return;
        const auto& m = *metrics_;
        const std::size_t O = run_->baseline->operators.size(), R = run_->regions();
        const double through_cut = 1.0 - std::clamp(v[leak_], 0.0, 1.0);
        const double d_mobile = std::clamp(v[data_share_], 0.0, 1.0);
        const double usd = v[usd_];
        const double minutes = std::max(0.0, v[minutes_]), sms = std::max(0.0, v[sms_]);

        const auto ro = m.breakdown_offset(revenue_, Axis::operator_),
                   co = m.breakdown_offset(compensation_, Axis::operator_);
        for (std::size_t o = 0; o < O; ++o) rec.breakdown[ro + o] = rec.breakdown[co + o] = 0;
        double revenue = 0, compensation = 0;
        for (const auto& l : lines_) {
            const double d = l.access == Access::mobile ? d_mobile : 1.0;
            const double lost = l.subscribers * l.arpu_local_month / kHoursPerMonth *
                                (d * through_cut * l.data_hours + (1.0 - d) * l.voice_hours) * usd;
            const double comp =
                l.compensated ? l.subscribers * (minutes * l.minute_price + sms * l.sms_price) * usd : 0.0;
            rec.breakdown[ro + l.op] += lost;
            rec.breakdown[co + l.op] += comp;
            revenue += lost;
            compensation += comp;
        }
        rec.totals[revenue_] = revenue;
        rec.totals[compensation_] = compensation;

        // Harm attributed to each operator's users.
        const auto go = m.breakdown_offset(gdp_metric_, Axis::region);
        const auto wo = m.breakdown_offset(welfare_metric_, Axis::operator_);
        const auto cp = m.breakdown_offset(comp_per_sub_, Axis::operator_),
                   ep = m.breakdown_offset(econ_per_sub_, Axis::operator_),
                   wp = m.breakdown_offset(welfare_per_sub_, Axis::operator_);
        double economic_total = 0, welfare_total = 0;
        for (std::size_t o = 0; o < O; ++o) {
            double economic = 0;
            for (std::size_t r = 0; r < R; ++r) economic += rec.breakdown[go + r] * attribution_[r * O + o];
            const double welfare = rec.breakdown[wo + o];
            const double subs = subscribers_[o];
            rec.breakdown[cp + o] = subs > 0 ? rec.breakdown[co + o] / subs : 0.0;
            rec.breakdown[ep + o] = subs > 0 ? economic / subs : 0.0;
            rec.breakdown[wp + o] = subs > 0 ? welfare / subs : 0.0;
            if (subs > 0) economic_total += economic, welfare_total += welfare;
        }
        // National figures: per subscriber of the operators listed.
        const double n = total_subscribers_;
        rec.totals[comp_per_sub_] = n > 0 ? compensation / n : 0.0;
        rec.totals[econ_per_sub_] = n > 0 ? economic_total / n : 0.0;
        rec.totals[welfare_per_sub_] = n > 0 ? welfare_total / n : 0.0;
    }

private:
    const CsvTable* table_ = nullptr;
    const PreparedRun* run_ = nullptr;
    const MetricRegistry* metrics_ = nullptr;
    std::size_t revenue_ = 0, compensation_ = 0, comp_per_sub_ = 0, econ_per_sub_ = 0, welfare_per_sub_ = 0;
    std::size_t data_share_ = 0, minutes_ = 0, sms_ = 0, leak_ = 0, usd_ = 0, gdp_metric_ = 0, welfare_metric_ = 0;
    std::vector<Line> lines_;
    std::vector<double> subscribers_, attribution_;
    double total_subscribers_ = 0;
};

}  // namespace

std::unique_ptr<Channel> make_telecom_channel() { return std::make_unique<TelecomChannel>(); }

}  // namespace rubilnik
