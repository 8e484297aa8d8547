// The direct-loss kernel; equations in docs/methodology.md §4.
#include "direct_model.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>
#include <utility>

#include "rubilnik/error.hpp"

namespace rubilnik::economy {
namespace {

// Messages are built with a stream: GCC 12 warns falsely (-Wrestrict) on
// chains of std::string concatenation.
template <typename... Parts>
std::string cat(const Parts&... parts) {
    std::ostringstream out;
    out.precision(12);
    (out << ... << parts);
    return out.str();
}

}  // namespace

void DirectLossModel::prepare(const PreparedRun& run, const ParameterTable& params, const ParamLookup& param) {
    const auto& b = *run.baseline;
    sectors_ = b.sectors.size();
    regions_ = b.regions.size();
    hours_ = run.hours();
    const std::size_t S = sectors_, R = regions_, H = hours_, A = run.users.size();
    constexpr std::size_t X = kAccessTypes, T = kOutageTerms;

    // A sector-specific key wins over the shared one, so a baseline can say
    // "this sector works more on mobile" without restating every sector.
    auto specific_or_shared = [&](const std::string& stem, const std::string& sector) {
        std::string key = stem;
        key.append(".").append(sector);
        return param(params.find(key) ? key : stem);
    };
    dependence_.clear();
    substitution_.clear();
    deferral_.clear();
    mobile_weight_.clear();
    for (const auto& s : b.sectors) {
        dependence_.push_back(param("economy.dependence." + s.id));
        substitution_.push_back(specific_or_shared("economy.substitution", s.id));
        deferral_.push_back(specific_or_shared("economy.deferral", s.id));
        mobile_weight_.push_back(specific_or_shared("economy.mobile_weight", s.id));
    }
    sufficiency_ = param("economy.domestic_sufficiency");
    leak_ = param("network.cut_leakage");
    usd_per_local_ = param("macro.usd_per_local");

    load_value_added(run);

    // Users-weighted exposure per (hour, region, access) as shares of the
    // region's users on that access type, in hours.
    std::vector<double> users(R * X, 0.0);
    for (std::size_t k = 0; k < A; ++k)
        users[run.region[k] * X + static_cast<std::size_t>(run.access_type[k])] += run.users[k];
    const auto& ex = run.exposure;
    std::array<std::vector<double>, T> term;
    for (auto& t : term) t.assign(H * R * X, 0.0);
    length_.assign(H, 0.0);
    for (std::size_t h = 0; h < H; ++h) {
        for (std::size_t k = 0; k < A; ++k) {
            const std::size_t i = (h * R + run.region[k]) * X + static_cast<std::size_t>(run.access_type[k]);
            term[0][i] -= run.users[k] * ex.at(ex.international_capacity, h, k);
            term[1][i] += run.users[k] * ex.at(ex.no_international, h, k);
            term[2][i] += run.users[k] * ex.at(ex.domestic_only, h, k);
        }
        const double len = run.timeline->hour_length(h);
        length_[h] = len;
        for (std::size_t r = 0; r < R; ++r)
            for (std::size_t x = 0; x < X; ++x) {
                const std::size_t i = (h * R + r) * X + x;
                const double u = users[r * X + x];
                // With no users on an access type, the region's other access stands in for it.
                const double uu = u > 0 ? u : users[r * X + (1 - x)];
                const std::size_t src = u > 0 ? i : (h * R + r) * X + (1 - x);
                for (std::size_t t = 0; t < T; ++t) term[t][i] = uu > 0 ? term[t][src] / uu : 0.0;
                if (uu > 0) term[0][i] += len;
                else term[0][i] = term[1][i] = term[2][i] = 0.0;
            }
    }

    by_sr_.assign(S * R * X * T, 0.0);
    by_sh_.assign(S * H * X * T, 0.0);
    share_sh_.assign(S * H * X * T, 0.0);
    planned_.assign(S * H, 0.0);
    for (std::size_t s = 0; s < S; ++s) {
        const auto& profile = b.profiles[b.sectors[s].profile];
        for (std::size_t r = 0; r < R; ++r) {
            const double rate = value_added(s, r) / 8760.0;  // per hour of an average year
            const double share = region_share(s, r);
            for (std::size_t h = 0; h < H; ++h) {
                const std::size_t c = h * R + r;
                const double w = rate * profile.weight[static_cast<std::size_t>(run.day_type[c])][run.local_hour[c]];
                planned_[s * H + h] += w * length_[h];
                for (std::size_t x = 0; x < X; ++x)
                    for (std::size_t t = 0; t < T; ++t) {
                        const double hours_out = term[t][c * X + x];
                        by_sr_[((s * R + r) * X + x) * T + t] += w * hours_out;
                        by_sh_[((s * X + x) * T + t) * H + h] += w * hours_out;
                        share_sh_[((s * X + x) * T + t) * H + h] += share * hours_out / length_[h];
                    }
            }
        }
    }
    used_.assign(S * X * T, 0);
    for (std::size_t i = 0; i < S * X * T; ++i)
        for (std::size_t h = 0; h < H && !used_[i]; ++h) used_[i] = by_sh_[i * H + h] != 0.0;
    changes_.assign(H, 0);
    for (std::size_t h = 0; h < H; ++h)
        for (std::size_t i = 0; i < S * X * T && !changes_[h]; ++i)
            changes_[h] = h == 0 ? share_sh_[i * H] != 0.0 : share_sh_[i * H + h] != share_sh_[i * H + h - 1];
}

// Sector × region value added. Without a `sector_regions` table every sector
// is spread over regions by GDP share. With one, the sectors it lists take
// their published regional split, and the other sectors share what is left
// of each region's value added (its GDP share of total value added minus the
// listed sectors there), so every region keeps its GDP share of the total.
void DirectLossModel::load_value_added(const PreparedRun& run) {
    const auto& b = *run.baseline;
    const std::size_t S = sectors_, R = regions_;
    va_.assign(S * R, 0.0);
    share_.assign(S * R, 0.0);
    std::vector<char> listed(S, 0);
    const CsvTable* table = b.channel_table("sector_regions");
    from_table_ = table != nullptr;
    if (table) {
        const auto& t = *table;
        t.require_header({"sector", "region", "value_added_local", "source"});
        std::vector<std::size_t> count(S, 0);
        std::set<std::pair<std::size_t, std::size_t>> seen;
        for (const auto& row : t.rows()) {
            const auto s = b.sector_index(t.text(row, "sector"));
            if (!s)
                t.fail(row, "sector", cat("unknown sector '", t.text(row, "sector"), "' (not in the sectors table)"));
            const auto r = b.region_index(t.text(row, "region"));
            if (!r)
                t.fail(row, "region", cat("unknown region '", t.text(row, "region"), "' (not in the regions table)"));
            if (!seen.insert({*s, *r}).second)
                t.fail(row, "region", cat("a second row for sector '", b.sectors[*s].id, "' in this region"));
            va_[*s * R + *r] = t.number_in(row, "value_added_local", 0, 1e18);
            if (t.text(row, "source").empty()) t.fail(row, "source", "every row needs a source");
            ++count[*s];
            listed[*s] = 1;
        }
        for (std::size_t s = 0; s < S; ++s) {
            if (!listed[s]) continue;
            const auto& id = b.sectors[s].id;
            if (count[s] != R) {
                std::string missing;
                for (std::size_t r = 0; r < R; ++r)
                    if (!seen.count({s, r})) missing.append(missing.empty() ? "" : ", ").append(b.regions[r].id);
                throw InputError(SourceLocation{t.path(), 0, 0}, "sector",
                                 cat("sector '", id, "' lacks regions ", missing,
                                     "; a listed sector must give every region (0 where it has none)"));
            }
            double sum = 0;
            for (std::size_t r = 0; r < R; ++r) sum += va_[s * R + r];
            const double national = b.sectors[s].value_added_local;
            if (std::fabs(sum - national) > 1e-6 * std::max(national, 1.0))
                throw InputError(SourceLocation{t.path(), 0, 0}, "sector",
                                 cat("sector '", id, "' sums to ", sum, " over regions but the sectors table gives ",
                                     national, "; the regional split must add up to the national value added"));
        }
    }

    double total = 0;
    for (const auto& s : b.sectors) total += s.value_added_local;
    std::vector<double> residual(R, 0.0);
    double residual_sum = 0;
    for (std::size_t r = 0; r < R; ++r) {
        double listed_here = 0;
        for (std::size_t s = 0; s < S; ++s)
            if (listed[s]) listed_here += va_[s * R + r];
        residual[r] = b.regions[r].gdp_share * total - listed_here;
        if (table && residual[r] < -1e-9 * total)
            throw InputError(SourceLocation{table->path(), 0, 0}, "region",
                             cat("the listed sectors put ", listed_here, " of value added in region '", b.regions[r].id,
                                 "', more than its GDP share of all value added (", b.regions[r].gdp_share * total,
                                 "); list every sector or check gdp_share in the regions table"));
        residual[r] = std::max(0.0, residual[r]);
        residual_sum += residual[r];
    }
    for (std::size_t s = 0; s < S; ++s) {
        if (listed[s]) continue;
        const double national = b.sectors[s].value_added_local;
        for (std::size_t r = 0; r < R; ++r)
            va_[s * R + r] =
                table && residual_sum > 0 ? national * residual[r] / residual_sum : national * b.regions[r].gdp_share;
    }
    for (std::size_t s = 0; s < S; ++s) {
        double sum = 0;
        for (std::size_t r = 0; r < R; ++r) sum += va_[s * R + r];
        for (std::size_t r = 0; r < R; ++r) share_[s * R + r] = sum > 0 ? va_[s * R + r] / sum : b.regions[r].gdp_share;
    }
}

void DirectLossModel::draw(const DrawValues& v, Draw& out) const {
    constexpr std::size_t X = kAccessTypes, T = kOutageTerms;
    const double leak = std::clamp(v[leak_], 0.0, 1.0);
    const double suff = std::clamp(v[sufficiency_], 0.0, 1.0);
    // outage = t0 − L·t1 − σ(1 − L)·t2
    const std::array<double, T> coef = {1.0, -leak, -suff * (1.0 - leak)};
    out.weight.resize(sectors_ * X * T);
    for (std::size_t s = 0; s < sectors_; ++s) {
        const double keep = std::max(0.0, 1.0 - v[substitution_[s]] - v[deferral_[s]]);
        const double effect = std::clamp(v[dependence_[s]], 0.0, 1.0) * keep;
        const double mobile = std::clamp(v[mobile_weight_[s]], 0.0, 1.0);
        const std::array<double, X> access = {mobile, 1.0 - mobile};  // Access::mobile = 0, fixed = 1
        for (std::size_t x = 0; x < X; ++x)
            for (std::size_t t = 0; t < T; ++t) out.weight[(s * X + x) * T + t] = effect * access[x] * coef[t];
    }
    out.usd_per_local = v[usd_per_local_];
}

double DirectLossModel::combine(const Draw& d, std::size_t s, const double* terms) const {
    constexpr std::size_t N = kAccessTypes * kOutageTerms;
    const double* w = d.weight.data() + s * N;
    double sum = 0;
    for (std::size_t k = 0; k < N; ++k) sum += w[k] * terms[k];
    return sum;
}

double DirectLossModel::sector_region(const Draw& d, std::size_t s, std::size_t r) const {
    return combine(d, s, by_sr_.data() + (s * regions_ + r) * kAccessTypes * kOutageTerms);
}

void DirectLossModel::add_sector_hours(const Draw& d, std::size_t s, double scale, double* out) const {
    constexpr std::size_t N = kAccessTypes * kOutageTerms;
    const std::size_t H = hours_;
    for (std::size_t k = 0; k < N; ++k) {
        const double w = scale * d.weight[s * N + k];
        if (w == 0.0 || !used_[s * N + k]) continue;
        const double* a = by_sh_.data() + (s * N + k) * H;
        for (std::size_t h = 0; h < H; ++h) out[h] += w * a[h];
    }
}

double DirectLossModel::sector_inoperability(const Draw& d, std::size_t s, std::size_t h) const {
    constexpr std::size_t N = kAccessTypes * kOutageTerms;
    const double* w = d.weight.data() + s * N;
    const double* a = share_sh_.data() + s * N * hours_ + h;
    double sum = 0;
    for (std::size_t k = 0; k < N; ++k) sum += w[k] * a[k * hours_];
    return sum;
}

}  // namespace rubilnik::economy
