// Variance-based (Sobol) sensitivity: which uncertain inputs drive the spread
// of each output metric.
//
// The work is split in three so evaluation can run in parallel (TBB, MPI)
// without touching the numbers: SaltelliDesign generates any row of the
// design on demand from CounterRng; the caller evaluates rows in any order
// and any grouping; sobol_indices() reads the finished output matrix. Each
// output row depends only on its design row, so results are bit-identical
// however the rows were scheduled.
//
// Inputs live on the unit hypercube: column j of a row is a uniform in (0,1)
// that the model maps through parameter j's Distribution::quantile(), the
// same transform plain Monte Carlo uses. Sobol indices assume independent
// inputs; parameters tied by a GaussianCopula should be analysed as one group
// (one column for the shared assumption), not as separate columns.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace rubilnik {

// Dense row-major matrix of doubles: design points or model outputs.
struct SampleMatrix {
    std::size_t rows = 0;
    std::size_t cols = 0;
    std::vector<double> data;

    SampleMatrix() = default;
    SampleMatrix(std::size_t r, std::size_t c, double fill = 0.0) : rows(r), cols(c), data(r * c, fill) {}

    std::span<double> row(std::size_t i) { return {data.data() + i * cols, cols}; }
    std::span<const double> row(std::size_t i) const { return {data.data() + i * cols, cols}; }
    double& operator()(std::size_t i, std::size_t j) { return data[i * cols + j]; }
    double operator()(std::size_t i, std::size_t j) const { return data[i * cols + j]; }
};

// Saltelli (2010) design: base matrices A and B (N × k) and, for each
// parameter i, A_B^(i) = A with column i taken from B; N·(k + 2) rows.
//
// Rows are grouped by base row r, so any prefix of whole groups is itself a
// valid smaller design:
//   row r·(k+2)        A_r
//   row r·(k+2) + 1    B_r
//   row r·(k+2) + 2+i  (A_B^(i))_r
// A[r][j] = CounterRng(seed, r, stream_j).uniform(0), B uses index 1. With
// stream_j = stream_id(name_j), A's rows are exactly the plain Monte Carlo
// draws r of the same seed.
class SaltelliDesign {
public:
    // Streams are stream_id(name). Throws InputError if a name repeats or two
    // names share a random stream, and std::invalid_argument if n_base or the
    // parameter list is empty.
    SaltelliDesign(std::uint64_t seed, std::size_t n_base, std::vector<std::string> names);
    // Explicit stream ids (one per name), for callers whose keys differ from
    // the display names.
    SaltelliDesign(std::uint64_t seed, std::size_t n_base, std::vector<std::string> names,
                   std::vector<std::uint64_t> streams);

    std::size_t base_rows() const { return n_; }
    std::size_t parameters() const { return names_.size(); }
    std::size_t rows() const { return n_ * (names_.size() + 2); }
    std::uint64_t seed() const { return seed_; }
    const std::vector<std::string>& names() const { return names_; }

    std::size_t row_a(std::size_t r) const { return r * (parameters() + 2); }
    std::size_t row_b(std::size_t r) const { return row_a(r) + 1; }
    std::size_t row_ab(std::size_t r, std::size_t i) const { return row_a(r) + 2 + i; }

    // Design row `row` (0 <= row < rows()) into u (parameters() entries).
    void point(std::size_t row, std::span<double> u) const;
    // Rows [first, last) as a matrix, for batch evaluation.
    SampleMatrix points(std::size_t first, std::size_t last) const;
    SampleMatrix points() const { return points(0, rows()); }

private:
    std::uint64_t seed_;
    std::size_t n_;
    std::vector<std::string> names_;
    std::vector<std::uint64_t> streams_;
};

// One model evaluation: uniforms in (0,1) for every parameter in, all output
// metrics out. Must be a pure function of u for the determinism guarantee.
using PointModel = std::function<void(std::span<const double> u, std::span<double> outputs)>;

// Evaluates every row of `points`; outputs start as NaN so a model that
// forgets a metric is caught by sobol_indices().
SampleMatrix evaluate_batch(const SampleMatrix& points, std::size_t n_outputs, const PointModel& model);
// Evaluates design rows [first, last) into the matching rows of `outputs`
// (pre-sized design.rows() × n_outputs). Disjoint ranges touch disjoint
// memory, so ranges may run concurrently.
void evaluate_rows(const SaltelliDesign& design, std::size_t first, std::size_t last, const PointModel& model,
                   SampleMatrix& outputs);
// Serial convenience: the whole design.
SampleMatrix evaluate(const SaltelliDesign& design, std::size_t n_outputs, const PointModel& model);

// Sobol indices of one parameter for one output, with percentile bootstrap
// confidence bounds.
struct SobolIndex {
    double s1 = 0.0;  // first order (Saltelli 2010)
    double s1_lo = 0.0;
    double s1_hi = 0.0;
    double st = 0.0;  // total effect (Jansen 1999)
    double st_lo = 0.0;
    double st_hi = 0.0;
};

struct SobolResult {
    std::vector<std::string> names;   // parameter names, from the design
    std::vector<SobolIndex> indices;  // one per parameter
    double mean = 0.0;                // of the pooled A and B outputs
    double variance = 0.0;            // pooled A and B outputs, divisor 2N
    std::size_t n = 0;                // base rows N
    std::size_t resamples = 0;
    double confidence = 0.0;
};

// Runs `count` independent tasks; task t must only write its own slot. The
// default is a plain loop; pass a TBB parallel_for wrapper to spread the
// bootstrap over cores without changing any result.
using ParallelFor = std::function<void(std::size_t count, const std::function<void(std::size_t)>& task)>;

struct SobolOptions {
    std::size_t resamples = 500;  // bootstrap resamples; 0 = lo/hi equal the estimate
    double confidence = 0.95;     // central interval of the bootstrap distribution
    std::uint64_t bootstrap_seed = 0x5eed'b007'5742'0001ull;
    ParallelFor parallel_for;  // empty = serial
};

// Indices for every output column of `outputs` (rows as in `design`).
// Throws std::invalid_argument on a size mismatch or a non-finite output
// (naming row and column): both are bugs in the evaluation, not user input.
// An output with zero variance gets all indices 0.
std::vector<SobolResult> sobol_indices(const SaltelliDesign& design, const SampleMatrix& outputs,
                                       const SobolOptions& options = {});

// One line of a tornado table.
struct TornadoRow {
    std::size_t parameter = 0;
    std::string name;
    SobolIndex index;
};

// Parameters ordered by total effect, largest first (ties by parameter
// order; NaN last), keeping at most `top` rows (0 = all).
std::vector<TornadoRow> rank_by_total_effect(const SobolResult& result, std::size_t top = 0);

}  // namespace rubilnik
