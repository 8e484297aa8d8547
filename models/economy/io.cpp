// Leontief, IIM, DIIM and RAS; see rubilnik/economy/io.hpp for the contract
// and docs/io-proxy.md for the equations and their sources.
#include "rubilnik/economy/io.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>
#include <utility>

#include "rubilnik/error.hpp"
#include "rubilnik/io/csv.hpp"

namespace rubilnik::economy {
namespace {

// Relative tolerance of the row balance x = A x + f. Tables are written with
// round-trip precision, so a real table misses it only if it is inconsistent;
// 1e-6 still forgives a hand-edited file rounded to seven significant digits.
constexpr double kBalanceTolerance = 1e-6;

// ρ must stay this far below 1: an eigenvalue solver can return 0.9999999999999998
// for a singular I − A, and any table that close to 1 would put multipliers
// near 1e9, which no economy has.
constexpr double kMaxSpectralRadius = 1.0 - 1e-9;

[[noreturn]] void fail(const std::string& where, const std::string& key, const std::string& message) {
    throw InputError(SourceLocation{where, 0, 0}, key, message);
}

std::string num(double v) {
    std::ostringstream out;
    out.precision(6);
    out << v;
    return out.str();
}

std::string label(const std::vector<std::string>& labels, Eigen::Index i) {
    const auto k = static_cast<std::size_t>(i);
    return k < labels.size() ? labels[k] : "#" + std::to_string(i + 1);
}

// The checks LeontiefSolver, the IIM and the DIIM share: (I − M)^-1 must exist
// and be non-negative, which for M ≥ 0 is exactly ρ(M) < 1.
double check_propagation_matrix(const Eigen::MatrixXd& m, const std::string& what) {
    if (m.rows() != m.cols() || m.rows() == 0)
        fail(what, "",
             "matrix is " + std::to_string(m.rows()) + "x" + std::to_string(m.cols()) +
                 "; expected a non-empty square matrix");
    for (Eigen::Index j = 0; j < m.cols(); ++j)
        for (Eigen::Index i = 0; i < m.rows(); ++i) {
            const std::string cell = "[" + std::to_string(i + 1) + "," + std::to_string(j + 1) + "]";
            if (!std::isfinite(m(i, j))) fail(what, cell, "entry is not a finite number");
            if (m(i, j) < 0) fail(what, cell, "entry is " + num(m(i, j)) + "; expected >= 0");
        }
    const double rho = spectral_radius(m);
    if (!(rho < kMaxSpectralRadius))
        fail(what, "",
             "spectral radius is " + num(rho) +
                 "; expected < 1 (otherwise (I - M) has no non-negative inverse and "
                 "shocks grow without bound)");
    return rho;
}

void check_size(const std::string& what, const std::string& key, Eigen::Index got, Eigen::Index want) {
    if (got != want) fail(what, key, "has " + std::to_string(got) + " entries; expected " + std::to_string(want));
}

void check_finite(const std::string& what, const std::string& key, const Eigen::VectorXd& v) {
    for (Eigen::Index i = 0; i < v.size(); ++i)
        if (!std::isfinite(v(i))) fail(what, key, "entry " + std::to_string(i + 1) + " is not a finite number");
}

void check_positive_output(const std::string& what, const Eigen::VectorXd& x) {
    for (Eigen::Index i = 0; i < x.size(); ++i)
        if (!(x(i) > 0) || !std::isfinite(x(i)))
            fail(what, "total_output",
                 "entry " + std::to_string(i + 1) + " is " + num(x(i)) +
                     "; expected a finite number > 0 (inoperability divides by output)");
}

std::string shortest(double v) {
    char buf[64];
    const auto res = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, res.ptr);
}

}  // namespace

const std::vector<std::string>& nace_sections() {
    static const std::vector<std::string> ids = {"A", "B", "C", "D", "E", "F", "G", "H", "I", "J",
                                                 "K", "L", "M", "N", "O", "P", "Q", "R", "S", "T"};
    return ids;
}

double spectral_radius(const Eigen::MatrixXd& m) {
    if (m.rows() != m.cols()) throw InputError("spectral radius of a non-square matrix");
    if (m.size() == 0) return 0.0;
    const Eigen::EigenSolver<Eigen::MatrixXd> solver(m, /*computeEigenvectors=*/false);
    return solver.eigenvalues().cwiseAbs().maxCoeff();
}

// ---- IoTable ----

IoTable::IoTable(std::string name, std::vector<std::string> sectors, Eigen::MatrixXd technical_coefficients,
                 Eigen::VectorXd total_output, Eigen::VectorXd value_added, Eigen::VectorXd final_demand)
    : name_(std::move(name)),
      sectors_(std::move(sectors)),
      a_(std::move(technical_coefficients)),
      x_(std::move(total_output)),
      va_(std::move(value_added)),
      f_(std::move(final_demand)) {
    const auto n = static_cast<Eigen::Index>(sectors_.size());
    if (n == 0) fail(name_, "sector", "table has no sectors");
    std::set<std::string> seen;
    for (const auto& id : sectors_) {
        if (id.empty()) fail(name_, "sector", "a sector id is empty");
        if (!seen.insert(id).second) fail(name_, id, "sector id appears twice");
    }
    if (a_.rows() != n || a_.cols() != n)
        fail(name_, "A",
             "technical coefficients are " + std::to_string(a_.rows()) + "x" + std::to_string(a_.cols()) +
                 "; expected " + std::to_string(n) + "x" + std::to_string(n) + " (one row and column per sector)");
    check_size(name_, "total_output", x_.size(), n);
    check_size(name_, "value_added", va_.size(), n);
    check_size(name_, "final_demand", f_.size(), n);
    check_finite(name_, "value_added", va_);
    check_finite(name_, "final_demand", f_);
    for (Eigen::Index i = 0; i < n; ++i)
        if (!(x_(i) > 0) || !std::isfinite(x_(i)))
            fail(name_, sectors_[i], "total_output is " + num(x_(i)) + "; expected a finite number > 0");
    for (Eigen::Index j = 0; j < n; ++j) {
        for (Eigen::Index i = 0; i < n; ++i)
            if (!std::isfinite(a_(i, j)) || a_(i, j) < 0)
                fail(name_, sectors_[j],
                     "a[" + sectors_[i] + "," + sectors_[j] + "] is " + num(a_(i, j)) +
                         "; expected a finite number >= 0");
        const double colsum = a_.col(j).sum();
        if (!(colsum < 1.0))
            fail(name_, sectors_[j],
                 "column sum of technical coefficients is " + num(colsum) +
                     "; expected < 1 (domestic inputs cannot cost more than the output)");
    }
    rho_ = economy::spectral_radius(a_);
    if (!(rho_ < kMaxSpectralRadius))
        fail(name_, "A", "spectral radius of the technical coefficients is " + num(rho_) + "; expected < 1");
    const Eigen::VectorXd residual = x_ - a_ * x_ - f_;
    for (Eigen::Index i = 0; i < n; ++i)
        if (std::abs(residual(i)) > kBalanceTolerance * x_(i))
            fail(name_, sectors_[i],
                 "row does not balance: x - A x - f = " + num(residual(i)) + " with x = " + num(x_(i)) +
                     "; expected |residual| <= " + num(kBalanceTolerance) + " x");
}

std::size_t IoTable::index_of(std::string_view sector) const {
    for (std::size_t i = 0; i < sectors_.size(); ++i)
        if (sectors_[i] == sector) return i;
    fail(name_, std::string(sector), "no such sector in the IO table");
}

Eigen::MatrixXd IoTable::intermediate_flows() const { return a_ * x_.asDiagonal(); }

Eigen::MatrixXd IoTable::interdependency_matrix() const { return economy::interdependency_matrix(a_, x_); }

// ---- Leontief ----

LeontiefSolver::LeontiefSolver(const Eigen::MatrixXd& m, std::string what) : what_(std::move(what)) {
    rho_ = check_propagation_matrix(m, what_);
    const auto n = m.rows();
    lu_.compute(Eigen::MatrixXd::Identity(n, n) - m);
}

Eigen::VectorXd LeontiefSolver::solve(const Eigen::VectorXd& rhs) const {
    check_size(what_, "right-hand side", rhs.size(), lu_.rows());
    check_finite(what_, "right-hand side", rhs);
    return lu_.solve(rhs);
}

Eigen::MatrixXd LeontiefSolver::solve_many(const Eigen::MatrixXd& rhs) const {
    check_size(what_, "right-hand side rows", rhs.rows(), lu_.rows());
    if (!rhs.allFinite()) fail(what_, "right-hand side", "contains a non-finite number");
    return lu_.solve(rhs);
}

Eigen::MatrixXd LeontiefSolver::inverse() const { return lu_.inverse(); }

Eigen::MatrixXd leontief_inverse(const Eigen::MatrixXd& a) { return LeontiefSolver(a).inverse(); }

Eigen::RowVectorXd output_multipliers(const Eigen::MatrixXd& a) { return leontief_inverse(a).colwise().sum(); }

// ---- IIM ----

Eigen::MatrixXd interdependency_matrix(const Eigen::MatrixXd& a, const Eigen::VectorXd& x) {
    const std::string what = "interdependency matrix A*";
    if (a.rows() != a.cols()) fail(what, "A", "technical coefficients are not square");
    check_size(what, "total_output", x.size(), a.rows());
    check_positive_output(what, x);
    // a*_ij = a_ij x_j / x_i: element-wise, so no division by a near-singular diagonal matrix.
    Eigen::MatrixXd astar(a.rows(), a.cols());
    for (Eigen::Index j = 0; j < a.cols(); ++j)
        for (Eigen::Index i = 0; i < a.rows(); ++i) astar(i, j) = a(i, j) * x(j) / x(i);
    return astar;
}

Eigen::VectorXd demand_perturbation(const Eigen::VectorXd& demand_loss, const Eigen::VectorXd& x) {
    const std::string what = "demand perturbation c*";
    check_size(what, "demand_loss", demand_loss.size(), x.size());
    check_finite(what, "demand_loss", demand_loss);
    check_positive_output(what, x);
    return demand_loss.cwiseQuotient(x);
}

Eigen::VectorXd iim_inoperability(const Eigen::MatrixXd& astar, const Eigen::VectorXd& cstar) {
    return LeontiefSolver(astar, "interdependency matrix A*").solve(cstar);
}

// ---- DIIM ----

Eigen::VectorXd resilience_coefficients(const Eigen::VectorXd& q0, const Eigen::VectorXd& qT,
                                        const Eigen::VectorXd& recovery_time, const Eigen::MatrixXd& astar) {
    const std::string what = "resilience coefficients";
    if (astar.rows() != astar.cols()) fail(what, "A*", "interdependency matrix is not square");
    const auto n = astar.rows();
    check_size(what, "q0", q0.size(), n);
    check_size(what, "qT", qT.size(), n);
    check_size(what, "recovery_time", recovery_time.size(), n);
    Eigen::VectorXd k(n);
    for (Eigen::Index i = 0; i < n; ++i) {
        const std::string key = "sector " + std::to_string(i + 1);
        if (!(q0(i) > 0 && q0(i) <= 1)) fail(what, key, "q(0) is " + num(q0(i)) + "; expected 0 < q(0) <= 1");
        if (!(qT(i) > 0 && qT(i) < q0(i)))
            fail(what, key,
                 "q(T) is " + num(qT(i)) + "; expected 0 < q(T) < q(0) = " + num(q0(i)) +
                     " (recovery must lower inoperability, and never reaches exactly 0)");
        if (!(recovery_time(i) > 0) || !std::isfinite(recovery_time(i)))
            fail(what, key, "recovery time is " + num(recovery_time(i)) + "; expected a finite number > 0");
        if (!(astar(i, i) < 1) || astar(i, i) < 0)
            fail(what, key, "a*_ii is " + num(astar(i, i)) + "; expected 0 <= a*_ii < 1");
        // The (1 − a*_ii) factor: an isolated sector obeys dq/dt = −k(1 − a*_ii) q, so leaving it
        // out (a common slip) overstates how fast sectors with large own-use recover.
        k(i) = std::log(q0(i) / qT(i)) / (recovery_time(i) * (1.0 - astar(i, i)));
    }
    return k;
}

Eigen::VectorXd DiimTrajectory::integral() const {
    if (q.cols() < 2) return Eigen::VectorXd::Zero(q.rows());
    const Eigen::VectorXd all = q.rowwise().sum();
    return step * (all - 0.5 * (q.col(0) + q.col(q.cols() - 1)));
}

Eigen::VectorXd DiimTrajectory::economic_loss(const Eigen::VectorXd& output_per_time) const {
    check_size("DIIM economic loss", "output_per_time", output_per_time.size(), q.rows());
    check_finite("DIIM economic loss", "output_per_time", output_per_time);
    return output_per_time.cwiseProduct(integral());
}

DiimTrajectory simulate_diim(const Eigen::MatrixXd& astar, const Eigen::VectorXd& k, const Eigen::VectorXd& q0,
                             const Eigen::MatrixXd& cstar, double step, const Eigen::MatrixXd& floor) {
    const std::string what = "DIIM";
    check_propagation_matrix(astar, what + " interdependency matrix A*");
    const auto n = astar.rows();
    check_size(what, "k", k.size(), n);
    check_size(what, "q0", q0.size(), n);
    check_finite(what, "q0", q0);
    check_size(what, "c* rows", cstar.rows(), n);
    if (!cstar.allFinite()) fail(what, "c*", "contains a non-finite number");
    if (!(step > 0) || !std::isfinite(step)) fail(what, "step", "is " + num(step) + "; expected a finite number > 0");
    for (Eigen::Index i = 0; i < n; ++i)
        // A tiny slack so k = 1/Δt computed in floating point is not refused.
        if (!(k(i) >= 0) || !(k(i) * step <= 1.0 + 1e-12))
            fail(what, "k",
                 "sector " + std::to_string(i + 1) + ": k*step is " + num(k(i) * step) +
                     "; expected 0 <= k*step <= 1 (use a shorter step for fast-recovering sectors)");
    const auto steps = cstar.cols();
    const bool has_floor = floor.size() > 0;
    if (has_floor && (floor.rows() != n || floor.cols() != steps + 1))
        fail(what, "floor",
             "is " + std::to_string(floor.rows()) + "x" + std::to_string(floor.cols()) + "; expected " +
                 std::to_string(n) + "x" + std::to_string(steps + 1) + " (one column per time point, steps + 1)");
    if (has_floor && !floor.allFinite()) fail(what, "floor", "contains a non-finite number");

    DiimTrajectory out;
    out.step = step;
    out.q.resize(n, steps + 1);
    out.q.col(0) = has_floor ? q0.cwiseMax(floor.col(0)) : q0;
    const Eigen::VectorXd rate = step * k;
    for (Eigen::Index t = 0; t < steps; ++t) {
        const Eigen::VectorXd q = out.q.col(t);
        Eigen::VectorXd next = q + rate.cwiseProduct(astar * q + cstar.col(t) - q);
        if (has_floor) next = next.cwiseMax(floor.col(t + 1));
        out.q.col(t + 1) = next;
    }
    return out;
}

// ---- RAS ----

RasResult ras_balance(const Eigen::MatrixXd& prior, const Eigen::VectorXd& row_targets,
                      const Eigen::VectorXd& column_targets, const RasOptions& options) {
    const std::string& what = options.name;
    const auto m = prior.rows();
    const auto n = prior.cols();
    check_size(what, "row targets", row_targets.size(), m);
    check_size(what, "column targets", column_targets.size(), n);
    if (!prior.allFinite() || prior.minCoeff() < 0)
        fail(what, "prior", "must be finite and non-negative (RAS multiplies, it cannot change a sign)");
    auto check_targets = [&](const Eigen::VectorXd& t, const std::string& key) {
        for (Eigen::Index i = 0; i < t.size(); ++i)
            if (!std::isfinite(t(i)) || t(i) < 0)
                fail(what, key, label(options.labels, i) + " is " + num(t(i)) + "; expected a finite number >= 0");
    };
    check_targets(row_targets, "row targets");
    check_targets(column_targets, "column targets");
    const double su = row_targets.sum();
    const double sv = column_targets.sum();
    if (std::abs(su - sv) > options.consistency_tolerance * std::max(su, sv))
        fail(what, "targets",
             "row targets sum to " + shortest(su) + " but column targets sum to " + shortest(sv) +
                 "; both must be the same total (relative tolerance " + num(options.consistency_tolerance) + ")");
    for (Eigen::Index i = 0; i < m; ++i)
        if (row_targets(i) > 0 && prior.row(i).sum() <= 0)
            fail(what, "row targets",
                 "row " + label(options.labels, i) + " of the prior is all zero but its target is " +
                     num(row_targets(i)) + "; scaling cannot create flows");
    for (Eigen::Index j = 0; j < n; ++j)
        if (column_targets(j) > 0 && prior.col(j).sum() <= 0)
            fail(what, "column targets",
                 "column " + label(options.labels, j) + " of the prior is all zero but its target is " +
                     num(column_targets(j)) + "; scaling cannot create flows");

    // Relative deviation of one sum from its target; a zero target is met
    // exactly once its line has been scaled, so it never counts.
    auto deviation = [](double sum, double target) { return target > 0 ? std::abs(sum - target) / target : 0.0; };

    RasResult out;
    out.flows = prior;
    Eigen::MatrixXd& z = out.flows;
    for (int it = 1; it <= options.max_iterations; ++it) {
        const Eigen::VectorXd rows = z.rowwise().sum();
        for (Eigen::Index i = 0; i < m; ++i) {
            if (row_targets(i) > 0 && rows(i) <= 0)
                fail(what, "row targets",
                     "row " + label(options.labels, i) + " lost all its flows to zero column targets; no solution");
            z.row(i) *= row_targets(i) > 0 ? row_targets(i) / rows(i) : 0.0;
        }
        const Eigen::RowVectorXd cols = z.colwise().sum();
        for (Eigen::Index j = 0; j < n; ++j) {
            if (column_targets(j) > 0 && cols(j) <= 0)
                fail(what, "column targets",
                     "column " + label(options.labels, j) + " lost all its flows to zero row targets; no solution");
            z.col(j) *= column_targets(j) > 0 ? column_targets(j) / cols(j) : 0.0;
        }
        double residual = 0;
        const Eigen::VectorXd r = z.rowwise().sum();
        const Eigen::RowVectorXd c = z.colwise().sum();
        for (Eigen::Index i = 0; i < m; ++i) residual = std::max(residual, deviation(r(i), row_targets(i)));
        for (Eigen::Index j = 0; j < n; ++j) residual = std::max(residual, deviation(c(j), column_targets(j)));
        out.iterations = it;
        out.residual = residual;
        if (residual <= options.tolerance) return out;
    }
    fail(what, "max_iterations",
         "did not converge in " + std::to_string(options.max_iterations) + " iterations (residual " +
             num(out.residual) + " > tolerance " + num(options.tolerance) +
             "); the prior's zero pattern admits no matrix with these totals");
}

// ---- Files ----

namespace {

std::vector<std::string> io_header(const std::vector<std::string>& sectors) {
    std::vector<std::string> header{"sector"};
    header.insert(header.end(), sectors.begin(), sectors.end());
    for (const char* c : {"total_output", "value_added", "final_demand"}) header.emplace_back(c);
    return header;
}

}  // namespace

IoTable load_io_table(const std::string& path, const std::vector<std::string>& sectors) {
    const CsvTable csv = CsvTable::read(path, io_header(sectors));
    const auto n = static_cast<Eigen::Index>(sectors.size());
    const auto& rows = csv.rows();
    if (static_cast<Eigen::Index>(rows.size()) != n) {
        const long line = rows.empty() ? 1 : rows.back().line;
        throw InputError(SourceLocation{path, line, 0}, "sector",
                         "table has " + std::to_string(rows.size()) + " sector rows; expected " + std::to_string(n) +
                             " (one per header column, in header order)");
    }
    Eigen::MatrixXd a(n, n);
    Eigen::VectorXd x(n), va(n), f(n);
    constexpr double kInf = std::numeric_limits<double>::infinity();
    for (Eigen::Index i = 0; i < n; ++i) {
        const auto& row = rows[static_cast<std::size_t>(i)];
        const std::string& id = csv.text(row, "sector");
        if (id != sectors[i])
            csv.fail(row, "sector",
                     "row is for sector '" + id + "'; expected '" + sectors[i] +
                         "' (rows follow the header's sector order)");
        for (Eigen::Index j = 0; j < n; ++j) a(i, j) = csv.number_in(row, sectors[j], 0.0, kInf);
        x(i) = csv.number(row, "total_output");
        if (!(x(i) > 0)) csv.fail(row, "total_output", "value " + num(x(i)) + " must be > 0");
        va(i) = csv.number(row, "value_added");
        f(i) = csv.number(row, "final_demand");
    }
    return IoTable(path, sectors, std::move(a), std::move(x), std::move(va), std::move(f));
}

void write_io_table(const IoTable& table, const std::string& path) {
    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) throw InputError(SourceLocation{tmp, 0, 0}, "", "cannot open file for writing");
        const auto header = io_header(table.sectors());
        for (std::size_t k = 0; k < header.size(); ++k) out << (k ? "," : "") << header[k];
        out << '\n';
        const auto& a = table.technical_coefficients();
        const auto n = static_cast<Eigen::Index>(table.size());
        for (Eigen::Index i = 0; i < n; ++i) {
            out << table.sectors()[static_cast<std::size_t>(i)];
            for (Eigen::Index j = 0; j < n; ++j) out << ',' << shortest(a(i, j));
            out << ',' << shortest(table.total_output()(i)) << ',' << shortest(table.value_added()(i)) << ','
                << shortest(table.final_demand()(i)) << '\n';
        }
        out.flush();
        if (!out) throw InputError(SourceLocation{tmp, 0, 0}, "", "write failed");
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        std::filesystem::remove(tmp, ec);
        throw InputError(SourceLocation{path, 0, 0}, "", "cannot move the written table into place");
    }
}

}  // namespace rubilnik::economy
