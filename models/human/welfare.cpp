// Two people-centred channels beside the human channel (human.cpp).
//
// welfare: consumer surplus lost, kept apart from GDP (DESIGN.md "human";
// structural-models.md §5.3). For each valued service category c
// (welfare.csv), with the median willingness to accept to give it up for a
// year (Brynjolfsson, Collis & Eggers 2019, and the European sample of the
// same study) moved to the baseline's price year and transferred by income:
//
//   loss = Σ_c WTA_c × cpi / 8760 × (y / y_ref)^ε × Σ_k u_k ((1 − L) unreachable_ck + (1 − V) blocked_ck)
//
// where a category either needs the world (reach = international) or names a
// service class; y = GDP per head of the baseline in USD, y_ref the
// reference country's. The sum over categories overstates the value of
// losing several services at once where they substitute for one another.
//
// emergency: people who could not call emergency numbers because their
// mobile network's voice service was cut, by region and hour; it needs no
// table or parameter. The welfare channel turns their person-hours into the
// calls that were not placed (emergency.calls_per_person_day). A landline
// may still have worked; its coverage was not found, so the counts are upper
// bounds.
//
// Equations: docs/methodology.md "Welfare and emergency calls"; Kazakhstan's
// values and sources: scenarios/countries/kz/SOURCES.md §15.
#include <algorithm>
#include <cmath>
#include <memory>

#include "rubilnik/channel.hpp"
#include "rubilnik/detail/channel_table.hpp"
#include "rubilnik/detail/users_sum.hpp"

namespace rubilnik {
namespace {

using detail::UsersSum;

class WelfareChannel final : public Channel {
public:
    std::string_view id() const override { return "welfare"; }

    void declare(const PreparedRun& run, MetricRegistry& m) override {
        table_ = detail::optional_channel_table(*run.baseline, "welfare", {"category", "reach", "source"});
        if (!table_) return;  // no valued services: the channel is off
        total_ = m.add({"welfare_loss_usd",
                        "USD",
                        "consumer surplus lost (willingness to accept, income-adjusted); not part of GDP loss",
                        Aggregate::sum,
                        true,
                        {Axis::region, Axis::operator_, Axis::access},
                        "welfare"});
        // The emergency calls the people counted by the emergency channel
        // (registered before this one) would have placed.
        calls_ = m.add({"emergency_calls_unplaced",
                        "call",
                        "emergency calls the people without mobile voice would have placed at the usual rate",
                        Aggregate::sum,
                        false,
                        {Axis::region},
                        "welfare"});
        const auto& t = *table_;
        category_metric_.clear();
        std::vector<std::string> seen;
        for (const auto& row : t.rows()) {
            const auto& cat = t.text(row, "category");
            const bool id_like = !cat.empty() && std::all_of(cat.begin(), cat.end(), [](char ch) {
                return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
            });
            if (!id_like) t.fail(row, "category", std::string("'").append(cat).append("' is not an id (a-z, 0-9, _)"));
            if (std::find(seen.begin(), seen.end(), cat) != seen.end())
                t.fail(row, "category", "category listed twice");
            seen.push_back(cat);
            category_metric_.push_back(
                m.add({std::string("welfare_loss_").append(t.text(row, "category")).append("_usd"),
                       "USD",
                       std::string("consumer surplus lost: ").append(t.text(row, "category")),
                       Aggregate::sum,
                       false,
                       {},
                       "welfare"}));
        }
    }

    void prepare(const PreparedRun& run, const ParameterTable& params, const MetricRegistry& metrics) override {
        if (!table_) return;
        run_ = &run;
        metrics_ = &metrics;
        const auto& t = *table_;
        const auto& ex = run.exposure;
        const std::size_t H = run.hours(), A = run.access_node.size();
        wta_.clear();
        unreach_.clear();
        blocked_.clear();
        for (const auto& row : t.rows()) {
            const auto& cat = t.text(row, "category");
            const auto& reach = t.text(row, "reach");
            wta_.push_back(param(params, std::string("welfare.wta_usd_per_year.").append(cat)));
            if (reach == "international") {
                unreach_.push_back(detail::users_sum(run, ex.no_international));
                blocked_.push_back(UsersSum{std::vector<double>(H, 0.0), std::vector<double>(run.regions(), 0.0),
                                            std::vector<double>(run.baseline->operators.size(), 0.0),
                                            std::vector<double>(kAccessTypes, 0.0), 0.0});
                continue;
            }
            const auto it = std::find(run.service_classes.begin(), run.service_classes.end(), reach);
            if (it == run.service_classes.end())
                t.fail(row, "reach",
                       std::string("'").append(reach).append(
                           "' is neither 'international' nor a service class of nodes.csv"));
            const std::size_t c = static_cast<std::size_t>(it - run.service_classes.begin());
            unreach_.push_back(detail::users_sum(run, ex.class_unreachable, c * H * A));
            blocked_.push_back(detail::users_sum(run, ex.class_blocked, c * H * A));
        }
        call_rate_ = param(params, "emergency.calls_per_person_day");
        emergency_hours_ = metrics.index("person_hours_without_emergency_calls");
        cpi_ = param(params, "welfare.wta_price_index");
        reference_income_ = param(params, "welfare.reference_gdp_per_capita_usd");
        elasticity_ = param(params, "welfare.income_elasticity");
        gdp_ = param(params, "macro.gdp_local");
        usd_ = param(params, "macro.usd_per_local");
        leak_ = param(params, "network.cut_leakage");
        vpn_ = param(params, "network.vpn_share");
        population_ = run.baseline->total_population();
    }

    void run(const DrawValues& v, DrawRecord& rec) const override {
        if (!table_) return;
        const auto& m = *metrics_;
        const double through_cut = 1.0 - std::clamp(v[leak_], 0.0, 1.0);
        const double through_block = 1.0 - std::clamp(v[vpn_], 0.0, 1.0);
        const double income = population_ > 0 ? v[gdp_] * v[usd_] / population_ : 0.0;
        const double transfer =
            v[reference_income_] > 0 && income > 0 ? std::pow(income / v[reference_income_], v[elasticity_]) : 0.0;
        const auto ho = m.hourly_offset(total_);
        const auto ro = m.breakdown_offset(total_, Axis::region);
        const auto oo = m.breakdown_offset(total_, Axis::operator_);
        const auto ao = m.breakdown_offset(total_, Axis::access);
        const std::size_t H = run_->hours(), R = run_->regions(), O = run_->baseline->operators.size();
        for (std::size_t h = 0; h < H; ++h) rec.hourly[ho + h] = 0.0f;
        for (std::size_t i = 0; i < R; ++i) rec.breakdown[ro + i] = 0;
        for (std::size_t i = 0; i < O; ++i) rec.breakdown[oo + i] = 0;
        for (std::size_t i = 0; i < kAccessTypes; ++i) rec.breakdown[ao + i] = 0;
        double total = 0;
        for (std::size_t c = 0; c < wta_.size(); ++c) {
            // USD per user-hour without the category.
            const double per_hour = std::max(0.0, v[wta_[c]]) * v[cpi_] / 8760.0 * transfer;
            const double a = per_hour * through_cut, b = per_hour * through_block;
            const auto& u = unreach_[c];
            const auto& k = blocked_[c];
            const double x = a * u.total + b * k.total;
            rec.totals[category_metric_[c]] = x;
            total += x;
            for (std::size_t h = 0; h < H; ++h)
                rec.hourly[ho + h] += static_cast<float>(a * u.hourly[h] + b * k.hourly[h]);
            for (std::size_t i = 0; i < R; ++i) rec.breakdown[ro + i] += a * u.by_region[i] + b * k.by_region[i];
            for (std::size_t i = 0; i < O; ++i) rec.breakdown[oo + i] += a * u.by_operator[i] + b * k.by_operator[i];
            for (std::size_t i = 0; i < kAccessTypes; ++i)
                rec.breakdown[ao + i] += a * u.by_access[i] + b * k.by_access[i];
        }
        rec.totals[total_] = total;

        const double calls_per_hour = std::max(0.0, v[call_rate_]) / 24.0;
        rec.totals[calls_] = calls_per_hour * rec.totals[emergency_hours_];
        const auto eo = m.breakdown_offset(emergency_hours_, Axis::region),
                   co = m.breakdown_offset(calls_, Axis::region);
        for (std::size_t i = 0; i < R; ++i) rec.breakdown[co + i] = calls_per_hour * rec.breakdown[eo + i];
    }

private:
    const CsvTable* table_ = nullptr;
    const PreparedRun* run_ = nullptr;
    const MetricRegistry* metrics_ = nullptr;
    std::size_t total_ = 0;
    std::vector<std::size_t> category_metric_, wta_;
    std::vector<UsersSum> unreach_, blocked_;
    std::size_t cpi_ = 0, reference_income_ = 0, elasticity_ = 0, gdp_ = 0, usd_ = 0, leak_ = 0, vpn_ = 0;
    std::size_t calls_ = 0, call_rate_ = 0, emergency_hours_ = 0;
    double population_ = 0;
};

class EmergencyChannel final : public Channel {
public:
    std::string_view id() const override { return "emergency"; }

    void declare(const PreparedRun& run, MetricRegistry& m) override {
        people_ = m.add({"people_without_emergency_calls",
                         "person",
                         "peak hourly number of people whose mobile network had no voice (no 101-104/112 by phone; "
                         "landlines not counted)",
                         Aggregate::peak,
                         true,
                         {Axis::region},
                         "emergency"});
        hours_ = m.add({"person_hours_without_emergency_calls",
                        "person*h",
                        "sum over time of those people",
                        Aggregate::sum,
                        false,
                        {Axis::region},
                        "emergency"});
        // One hourly series per region that ever lost voice: "by region and hour".
        compute_people(run);
        region_metric_.clear();
        region_series_.clear();
        for (std::size_t r = 0; r < run.regions(); ++r)
            if (region_hours_[r] > 0) {
                std::vector<float> series(run.hours());
                for (std::size_t h = 0; h < run.hours(); ++h)
                    series[h] = static_cast<float>(people_rh_[h * run.regions() + r]);
                region_series_.push_back(std::move(series));
                region_metric_.emplace_back(
                    r, m.add({std::string("people_without_emergency_calls_").append(run.baseline->regions[r].id),
                              "person",
                              std::string("people_without_emergency_calls in ").append(run.baseline->regions[r].name),
                              Aggregate::peak,
                              true,
                              {},
                              "emergency"}));
            }
    }

    // Needs no parameter: the counts are draw-independent, computed once.
    void prepare(const PreparedRun&, const ParameterTable&, const MetricRegistry& metrics) override {
        metrics_ = &metrics;
    }

    void run(const DrawValues&, DrawRecord& rec) const override {
        const auto& m = *metrics_;
        std::copy(national_.begin(), national_.end(),
                  rec.hourly.begin() + static_cast<std::ptrdiff_t>(m.hourly_offset(people_)));
        rec.totals[people_] = peak_;
        rec.totals[hours_] = total_hours_;
        const auto po = m.breakdown_offset(people_, Axis::region), to = m.breakdown_offset(hours_, Axis::region);
        for (std::size_t r = 0; r < region_hours_.size(); ++r) {
            rec.breakdown[po + r] = region_peak_[r];
            rec.breakdown[to + r] = region_hours_[r];
        }
        for (std::size_t i = 0; i < region_metric_.size(); ++i) {
            const auto metric = region_metric_[i].second;
            std::copy(region_series_[i].begin(), region_series_[i].end(),
                      rec.hourly.begin() + static_cast<std::ptrdiff_t>(m.hourly_offset(metric)));
            rec.totals[metric] = region_peak_[region_metric_[i].first];
        }
    }

private:
    // People per region and hour (hour average) whose mobile operator had
    // voice cut: population × that operator's share of the region's mobile
    // users. Draw-independent.
    void compute_people(const PreparedRun& run) {
        const std::size_t H = run.hours(), R = run.regions(), A = run.access_node.size();
        std::vector<double> mobile_users(R, 0.0);
        for (std::size_t k = 0; k < A; ++k)
            if (run.access_type[k] == Access::mobile) mobile_users[run.region[k]] += run.users[k];
        people_rh_.assign(H * R, 0.0);
        region_hours_.assign(R, 0.0);
        const auto& ex = run.exposure;
        for (std::size_t h = 0; h < H; ++h) {
            const double len = run.timeline->hour_length(h);
            for (std::size_t k = 0; k < A; ++k) {
                const std::size_t r = run.region[k];
                if (run.access_type[k] != Access::mobile || mobile_users[r] <= 0) continue;
                const double hours = ex.at(ex.no_voice, h, k);
                if (hours <= 0) continue;
                const double people = run.baseline->regions[r].population * run.users[k] / mobile_users[r];
                people_rh_[h * R + r] += people * hours / len;
                region_hours_[r] += people * hours;
            }
        }
        national_.assign(H, 0.0f);
        region_peak_.assign(R, 0.0);
        peak_ = total_hours_ = 0;
        for (std::size_t h = 0; h < H; ++h) {
            double x = 0;
            for (std::size_t r = 0; r < R; ++r) {
                x += people_rh_[h * R + r];
                region_peak_[r] = std::max(region_peak_[r], people_rh_[h * R + r]);
            }
            national_[h] = static_cast<float>(x);
            peak_ = std::max(peak_, x);
        }
        for (double x : region_hours_) total_hours_ += x;
    }

    const MetricRegistry* metrics_ = nullptr;
    std::size_t people_ = 0, hours_ = 0;
    std::vector<std::pair<std::size_t, std::size_t>> region_metric_;  // (region, metric)
    std::vector<double> people_rh_, region_hours_, region_peak_;
    std::vector<float> national_;
    std::vector<std::vector<float>> region_series_;
    double peak_ = 0, total_hours_ = 0;
};

}  // namespace

std::unique_ptr<Channel> make_welfare_channel() { return std::make_unique<WelfareChannel>(); }
std::unique_ptr<Channel> make_emergency_channel() { return std::make_unique<EmergencyChannel>(); }

}  // namespace rubilnik
