#include "rubilnik/detail/users_sum.hpp"

namespace rubilnik::detail {

UsersSum users_sum(const PreparedRun& run, const std::vector<double>& values, std::size_t offset) {
    const std::size_t H = run.hours(), A = run.users.size();
    UsersSum s;
    s.hourly.assign(H, 0.0);
    s.by_region.assign(run.regions(), 0.0);
    s.by_operator.assign(run.baseline->operators.size(), 0.0);
    s.by_access.assign(kAccessTypes, 0.0);
    for (std::size_t h = 0; h < H; ++h)
        for (std::size_t k = 0; k < A; ++k) {
            const double x = run.users[k] * values[offset + h * A + k];
            if (x == 0) continue;
            s.hourly[h] += x;
            s.by_region[run.region[k]] += x;
            s.by_operator[run.op[k]] += x;
            s.by_access[static_cast<std::size_t>(run.access_type[k])] += x;
        }
    for (double x : s.hourly) s.total += x;
    return s;
}

UsersSum users_sum_flags(const PreparedRun& run, const std::vector<std::uint8_t>& flags) {
    UsersSum s;
    s.by_region.assign(run.regions(), 0.0);
    s.by_operator.assign(run.baseline->operators.size(), 0.0);
    s.by_access.assign(kAccessTypes, 0.0);
    for (std::size_t k = 0; k < flags.size(); ++k) {
        if (!flags[k]) continue;
        const double x = run.users[k];
        s.total += x;
        s.by_region[run.region[k]] += x;
        s.by_operator[run.op[k]] += x;
        s.by_access[static_cast<std::size_t>(run.access_type[k])] += x;
    }
    return s;
}

void write_scaled(const UsersSum& sum, double scale, std::size_t m, const MetricRegistry& metrics, DrawRecord& rec) {
    const auto& info = metrics.info(m);
    rec.totals[m] = scale * sum.total;
    if (info.hourly && !sum.hourly.empty()) {
        const auto off = metrics.hourly_offset(m);
        for (std::size_t h = 0; h < sum.hourly.size(); ++h)
            rec.hourly[off + h] = static_cast<float>(scale * sum.hourly[h]);
    }
    for (Axis a : info.axes) {
        const std::vector<double>* src = a == Axis::region      ? &sum.by_region
                                         : a == Axis::operator_ ? &sum.by_operator
                                         : a == Axis::access    ? &sum.by_access
                                                                : nullptr;
        if (!src) continue;
        const auto off = metrics.breakdown_offset(m, a);
        for (std::size_t i = 0; i < src->size(); ++i) rec.breakdown[off + i] = scale * (*src)[i];
    }
}

}  // namespace rubilnik::detail
