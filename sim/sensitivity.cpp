#include "rubilnik/sensitivity.hpp"

#include "rubilnik/error.hpp"
#include "rubilnik/rng.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <utility>

namespace rubilnik {

namespace {

// Same fold as CounterRng::block: only these 32 bits reach the counter, so
// they are what must differ between columns.
std::uint32_t folded(std::uint64_t stream) { return static_cast<std::uint32_t>(stream ^ (stream >> 32)); }

std::vector<std::uint64_t> streams_of(const std::vector<std::string>& names) {
    std::vector<std::uint64_t> out;
    out.reserve(names.size());
    for (const auto& n : names) out.push_back(stream_id(n));
    return out;
}

}  // namespace

// --- Design ----------------------------------------------------------------------

SaltelliDesign::SaltelliDesign(std::uint64_t seed, std::size_t n_base, std::vector<std::string> names)
    : SaltelliDesign(seed, n_base, names, streams_of(names)) {}

SaltelliDesign::SaltelliDesign(std::uint64_t seed, std::size_t n_base, std::vector<std::string> names,
                               std::vector<std::uint64_t> streams)
    : seed_(seed), n_(n_base), names_(std::move(names)), streams_(std::move(streams)) {
    if (n_ == 0) throw std::invalid_argument("SaltelliDesign: n_base must be positive");
    if (names_.empty()) throw std::invalid_argument("SaltelliDesign: no parameters");
    if (streams_.size() != names_.size())
        throw std::invalid_argument("SaltelliDesign: one stream id per parameter expected");
    // Two columns on one stream would be identical, and the indices of both
    // silently wrong; a repeated name is the usual cause.
    std::vector<std::size_t> order(names_.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return std::pair(folded(streams_[a]), a) < std::pair(folded(streams_[b]), b);
    });
    for (std::size_t t = 1; t < order.size(); ++t) {
        const std::size_t a = order[t - 1], b = order[t];
        if (folded(streams_[a]) != folded(streams_[b])) continue;
        if (names_[a] == names_[b]) throw InputError("sensitivity: parameter '" + names_[a] + "' is listed twice");
        throw InputError("sensitivity: parameters '" + names_[a] + "' and '" + names_[b] +
                         "' map to the same random stream; rename one of them");
    }
}

void SaltelliDesign::point(std::size_t row, std::span<double> u) const {
    const std::size_t k = parameters();
    if (row >= rows() || u.size() != k) throw std::invalid_argument("SaltelliDesign::point: row or width out of range");
    const std::size_t r = row / (k + 2);
    const std::size_t slot = row % (k + 2);
    // Slot 0 = A, 1 = B, 2 + i = A with column i from B.
    for (std::size_t j = 0; j < k; ++j) {
        const bool from_b = slot == 1 || slot == 2 + j;
        u[j] = CounterRng(seed_, r, streams_[j]).uniform(from_b ? 1 : 0);
    }
}

SampleMatrix SaltelliDesign::points(std::size_t first, std::size_t last) const {
    if (first > last || last > rows()) throw std::invalid_argument("SaltelliDesign::points: bad row range");
    SampleMatrix m(last - first, parameters());
    for (std::size_t row = first; row < last; ++row) point(row, m.row(row - first));
    return m;
}

// --- Evaluation --------------------------------------------------------------------

SampleMatrix evaluate_batch(const SampleMatrix& points, std::size_t n_outputs, const PointModel& model) {
    SampleMatrix out(points.rows, n_outputs, std::numeric_limits<double>::quiet_NaN());
    for (std::size_t i = 0; i < points.rows; ++i) model(points.row(i), out.row(i));
    return out;
}

void evaluate_rows(const SaltelliDesign& design, std::size_t first, std::size_t last, const PointModel& model,
                   SampleMatrix& outputs) {
    if (outputs.rows != design.rows())
        throw std::invalid_argument("evaluate_rows: outputs must have design.rows() rows");
    if (first > last || last > design.rows()) throw std::invalid_argument("evaluate_rows: bad row range");
    std::vector<double> u(design.parameters());
    for (std::size_t row = first; row < last; ++row) {
        design.point(row, u);
        model(u, outputs.row(row));
    }
}

SampleMatrix evaluate(const SaltelliDesign& design, std::size_t n_outputs, const PointModel& model) {
    SampleMatrix out(design.rows(), n_outputs, std::numeric_limits<double>::quiet_NaN());
    evaluate_rows(design, 0, design.rows(), model, out);
    return out;
}

// --- Estimators -----------------------------------------------------------------------

namespace {

// Point estimates for one output from the base rows listed in `rows` (the
// identity for the estimate itself, a resample for the bootstrap).
struct Estimate {
    double mean = 0.0;
    double variance = 0.0;
    std::vector<double> s1;
    std::vector<double> st;
};

void estimate(const SaltelliDesign& d, const SampleMatrix& y, std::size_t col, double shift,
              std::span<const std::size_t> rows, Estimate& e) {
    const std::size_t k = d.parameters();
    const double n = static_cast<double>(rows.size());
    double sum = 0.0, sum2 = 0.0;
    // Per parameter: Σ(f_ABi − f_A), Σ f_B(f_ABi − f_A), Σ(f_A − f_ABi)².
    std::vector<double> sd(k, 0.0), sbd(k, 0.0), sdd(k, 0.0);
    for (std::size_t r : rows) {
        // Outputs are shifted by the full-sample mean so sums of squares do
        // not cancel when the mean dwarfs the spread.
        const double fa = y(d.row_a(r), col) - shift;
        const double fb = y(d.row_b(r), col) - shift;
        sum += fa + fb;
        sum2 += fa * fa + fb * fb;
        for (std::size_t i = 0; i < k; ++i) {
            const double diff = y(d.row_ab(r, i), col) - shift - fa;
            sd[i] += diff;
            sbd[i] += fb * diff;
            sdd[i] += diff * diff;
        }
    }
    // Variance of the 2N pooled A and B outputs with divisor 2N, as SALib.
    const double m = sum / (2.0 * n);
    e.mean = m + shift;
    e.variance = sum2 / (2.0 * n) - m * m;
    e.s1.assign(k, 0.0);
    e.st.assign(k, 0.0);
    if (!(e.variance > 0.0)) {
        e.variance = 0.0;  // a constant output: no parameter explains anything
        return;
    }
    for (std::size_t i = 0; i < k; ++i) {
        // Saltelli 2010: V_i = E[f_B (f_ABi − f_A)], with f_B centred on the
        // pooled mean, which cuts the estimator's variance at no bias.
        e.s1[i] = (sbd[i] / n - m * sd[i] / n) / e.variance;
        // Jansen 1999: VT_i = ½ E[(f_A − f_ABi)²].
        e.st[i] = 0.5 * sdd[i] / n / e.variance;
    }
}

// Type-7 (linear interpolation) sample quantile of sorted data.
double sorted_quantile(const std::vector<double>& v, double q) {
    const double h = q * static_cast<double>(v.size() - 1);
    const auto i = static_cast<std::size_t>(std::floor(h));
    if (i + 1 >= v.size()) return v.back();
    return v[i] + (h - static_cast<double>(i)) * (v[i + 1] - v[i]);
}

}  // namespace

std::vector<SobolResult> sobol_indices(const SaltelliDesign& design, const SampleMatrix& outputs,
                                       const SobolOptions& options) {
    if (outputs.rows != design.rows())
        throw std::invalid_argument("sobol_indices: outputs have " + std::to_string(outputs.rows) +
                                    " rows, design has " + std::to_string(design.rows()));
    if (!(options.confidence > 0.0 && options.confidence < 1.0))
        throw std::invalid_argument("sobol_indices: confidence must be in (0, 1)");
    for (std::size_t i = 0; i < outputs.rows; ++i)
        for (std::size_t j = 0; j < outputs.cols; ++j)
            if (!std::isfinite(outputs(i, j)))
                throw std::invalid_argument("sobol_indices: output " + std::to_string(j) + " of design row " +
                                            std::to_string(i) + " is not finite");

    const std::size_t n = design.base_rows();
    const std::size_t k = design.parameters();
    const std::size_t m = outputs.cols;
    std::vector<std::size_t> identity(n);
    std::iota(identity.begin(), identity.end(), std::size_t{0});

    std::vector<SobolResult> results(m);
    std::vector<double> shift(m, 0.0);
    for (std::size_t o = 0; o < m; ++o) {
        // Pooled mean of A and B outputs, used as the shift everywhere.
        double s = 0.0;
        for (std::size_t r = 0; r < n; ++r) s += outputs(design.row_a(r), o) + outputs(design.row_b(r), o);
        shift[o] = s / (2.0 * static_cast<double>(n));
        Estimate e;
        estimate(design, outputs, o, shift[o], identity, e);
        SobolResult& res = results[o];
        res.names = design.names();
        res.indices.resize(k);
        for (std::size_t i = 0; i < k; ++i) {
            res.indices[i].s1 = res.indices[i].s1_lo = res.indices[i].s1_hi = e.s1[i];
            res.indices[i].st = res.indices[i].st_lo = res.indices[i].st_hi = e.st[i];
        }
        res.mean = e.mean;
        res.variance = e.variance;
        res.n = n;
        res.resamples = options.resamples;
        res.confidence = options.confidence;
    }
    const std::size_t nb = options.resamples;
    if (nb == 0) return results;

    // boot[(b·m + o)·2k + {i, k + i}] = S1_i, ST_i of resample b, output o.
    // Each resample owns its slice, so the tasks may run in any order.
    std::vector<double> boot(nb * m * 2 * k);
    const std::uint64_t stream = stream_id("rubilnik.sobol.bootstrap");
    const auto task = [&](std::size_t b) {
        // Row draws depend only on (seed, b): the same resamples for every
        // output and parameter, and for any thread count.
        const CounterRng rng(options.bootstrap_seed, b, stream);
        std::vector<std::size_t> rows(n);
        for (std::size_t t = 0; t < n; ++t) {
            const auto r = static_cast<std::size_t>(rng.uniform(t) * static_cast<double>(n));
            rows[t] = std::min(r, n - 1);
        }
        Estimate e;
        for (std::size_t o = 0; o < m; ++o) {
            estimate(design, outputs, o, shift[o], rows, e);
            double* slot = boot.data() + (b * m + o) * 2 * k;
            std::copy(e.s1.begin(), e.s1.end(), slot);
            std::copy(e.st.begin(), e.st.end(), slot + k);
        }
    };
    if (options.parallel_for) {
        options.parallel_for(nb, task);
    } else {
        for (std::size_t b = 0; b < nb; ++b) task(b);
    }

    const double tail = 0.5 * (1.0 - options.confidence);
    std::vector<double> v(nb);
    for (std::size_t o = 0; o < m; ++o) {
        for (std::size_t c = 0; c < 2 * k; ++c) {
            for (std::size_t b = 0; b < nb; ++b) v[b] = boot[(b * m + o) * 2 * k + c];
            std::sort(v.begin(), v.end());
            SobolIndex& idx = results[o].indices[c % k];
            const double lo = sorted_quantile(v, tail);
            const double hi = sorted_quantile(v, 1.0 - tail);
            if (c < k) {
                idx.s1_lo = lo;
                idx.s1_hi = hi;
            } else {
                idx.st_lo = lo;
                idx.st_hi = hi;
            }
        }
    }
    return results;
}

std::vector<TornadoRow> rank_by_total_effect(const SobolResult& result, std::size_t top) {
    std::vector<TornadoRow> rows;
    rows.reserve(result.indices.size());
    for (std::size_t i = 0; i < result.indices.size(); ++i) {
        TornadoRow row;
        row.parameter = i;
        row.name = i < result.names.size() ? result.names[i] : "#" + std::to_string(i + 1);
        row.index = result.indices[i];
        rows.push_back(std::move(row));
    }
    std::stable_sort(rows.begin(), rows.end(), [](const TornadoRow& a, const TornadoRow& b) {
        const bool an = std::isnan(a.index.st), bn = std::isnan(b.index.st);
        if (an != bn) return bn;  // NaN sorts last
        return !an && a.index.st > b.index.st;
    });
    if (top != 0 && rows.size() > top) rows.resize(top);
    return rows;
}

}  // namespace rubilnik
