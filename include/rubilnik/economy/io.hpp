// Input–output propagation of direct sector losses (DESIGN.md "Propagation"):
// the Leontief quantity model, the inoperability IIM, its dynamic form (DIIM)
// and RAS balancing, which builds proxy tables. Equations, sources and the
// worked examples the tests reproduce: docs/io-proxy.md.
//
// Everything here is linear algebra on small dense matrices (20 sectors for
// a national table), so Eigen's dense LU is exact enough and cheap; the one
// costly step, factorising (I − A), is done once per table and reused.
#pragma once

#include <Eigen/Dense>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace rubilnik::economy {

// The 20 NACE Rev.2 sections "A".."T": the sector ids of country IO tables
// (U, extraterritorial bodies, has no domestic output and is left out).
const std::vector<std::string>& nace_sections();

// Largest |eigenvalue| of a square matrix. For a non-negative A it is the
// Perron root; ρ(A) < 1 is what makes (I − A)^-1 exist and stay non-negative.
double spectral_radius(const Eigen::MatrixXd& m);

// A validated, immutable national input–output table in the demand-driven
// (Leontief) form x = A x + f. Money columns share one unit (the caller's;
// the KZ proxy uses KZT per year).
class IoTable {
public:
    // Throws InputError naming `name` (a file path or a label), the sector and
    // the offending value unless: sizes agree; every number is finite; A ≥ 0;
    // every column sum of A < 1; ρ(A) < 1; x > 0; and the rows balance,
    // |x − A x − f| ≤ 1e-6·x (so a table cannot contradict itself).
    IoTable(std::string name, std::vector<std::string> sectors, Eigen::MatrixXd technical_coefficients,
            Eigen::VectorXd total_output, Eigen::VectorXd value_added, Eigen::VectorXd final_demand);

    const std::string& name() const { return name_; }
    std::size_t size() const { return sectors_.size(); }
    const std::vector<std::string>& sectors() const { return sectors_; }
    // Position of a sector id; throws InputError for an unknown id.
    std::size_t index_of(std::string_view sector) const;

    const Eigen::MatrixXd& technical_coefficients() const { return a_; }  // A, a_ij = z_ij / x_j
    const Eigen::VectorXd& total_output() const { return x_; }            // x
    const Eigen::VectorXd& value_added() const { return va_; }
    const Eigen::VectorXd& final_demand() const { return f_; }  // f = x − A x
    double spectral_radius() const { return rho_; }

    Eigen::MatrixXd intermediate_flows() const;      // Z = A diag(x)
    Eigen::MatrixXd interdependency_matrix() const;  // A* = diag(x)^-1 A diag(x)

private:
    std::string name_;
    std::vector<std::string> sectors_;
    Eigen::MatrixXd a_;
    Eigen::VectorXd x_, va_, f_;
    double rho_ = 0;
};

// Factorises (I − M) once and solves x = (I − M)^-1 b for any number of
// right-hand sides. M is A (Leontief) or A* (IIM); both must be square,
// finite, non-negative and have ρ(M) < 1, else InputError naming `what`.
class LeontiefSolver {
public:
    explicit LeontiefSolver(const Eigen::MatrixXd& m, std::string what = "technical coefficients");

    std::size_t size() const { return static_cast<std::size_t>(lu_.rows()); }
    double spectral_radius() const { return rho_; }
    Eigen::VectorXd solve(const Eigen::VectorXd& rhs) const;
    Eigen::MatrixXd solve_many(const Eigen::MatrixXd& rhs) const;  // one column per right-hand side
    Eigen::MatrixXd inverse() const;                               // (I − M)^-1

private:
    std::string what_;
    double rho_ = 0;
    Eigen::PartialPivLU<Eigen::MatrixXd> lu_;
};

// L = (I − A)^-1, the Leontief inverse.
Eigen::MatrixXd leontief_inverse(const Eigen::MatrixXd& a);
// Type-I output multipliers: column sums of L (total output in the economy
// per unit of final demand for sector j).
Eigen::RowVectorXd output_multipliers(const Eigen::MatrixXd& a);

// ---- Inoperability IIM (Haimes & Jiang 2001; Santos & Haimes 2004) ----

// A* = diag(x)^-1 A diag(x), i.e. a*_ij = a_ij x_j / x_i = z_ij / x_i.
Eigen::MatrixXd interdependency_matrix(const Eigen::MatrixXd& a, const Eigen::VectorXd& x);
// c*_i = Δc_i / x_i: a final-demand loss as a share of the sector's output.
Eigen::VectorXd demand_perturbation(const Eigen::VectorXd& demand_loss, const Eigen::VectorXd& x);
// q = (I − A*)^-1 c*. Not clipped to [0, 1]: a q_i above 1 means the linear
// model has left its range, and hiding that would mislead; callers decide.
Eigen::VectorXd iim_inoperability(const Eigen::MatrixXd& astar, const Eigen::VectorXd& cstar);

// ---- Dynamic IIM (Haimes et al. 2005; Lian & Haimes 2006) ----

// k_i = ln(q_i(0) / q_i(T_i)) / (T_i (1 − a*_ii)): the rate at which an
// isolated sector with c* = 0 decays from q_i(0) to q_i(T_i) in T_i time
// units. Needs 0 < q_i(T) < q_i(0) ≤ 1, T_i > 0 and a*_ii < 1.
Eigen::VectorXd resilience_coefficients(const Eigen::VectorXd& q0, const Eigen::VectorXd& qT,
                                        const Eigen::VectorXd& recovery_time, const Eigen::MatrixXd& astar);

struct DiimTrajectory {
    double step = 1.0;  // Δt, in the time unit of k and T (days if T is in days)
    Eigen::MatrixXd q;  // n × (steps + 1); column t is q(t·Δt)

    std::size_t steps() const { return q.cols() > 0 ? static_cast<std::size_t>(q.cols() - 1) : 0; }
    // ∫ q_i dt over the whole trajectory by the trapezoidal rule, the form
    // whose value the DIIM worked example (stigrs/diim test_case12) reports.
    Eigen::VectorXd integral() const;
    // L_i = x_i ∫ q_i dt, with x_i the output per time unit of Δt.
    Eigen::VectorXd economic_loss(const Eigen::VectorXd& output_per_time) const;
};

// Steps q(t+Δt) = q(t) + Δt K [A* q(t) + c*(t) − q(t)]; with Δt = 1 this is
// exactly the discrete DIIM, with Δt < 1 it refines it towards the continuous
// model. `cstar` is n × steps, column t being the perturbation applied on
// [t, t+Δt). `floor` is empty or n × (steps + 1): q(t) = max(q(t), floor(t)),
// which holds a sector down while a shutdown order lasts. Requires
// 0 ≤ k_i Δt ≤ 1 (a larger step overshoots and oscillates) and ρ(A*) < 1.
DiimTrajectory simulate_diim(const Eigen::MatrixXd& astar, const Eigen::VectorXd& k, const Eigen::VectorXd& q0,
                             const Eigen::MatrixXd& cstar, double step = 1.0,
                             const Eigen::MatrixXd& floor = Eigen::MatrixXd());

// ---- RAS biproportional balancing ----

struct RasOptions {
    double tolerance = 1e-10;             // largest relative deviation of a row/column sum from its target
    double consistency_tolerance = 1e-9;  // allowed |Σu − Σv| / max(Σu, Σv)
    int max_iterations = 10000;           // a row-and-column pass counts once
    std::string name = "RAS";             // names the problem in error messages
    std::vector<std::string> labels;      // optional sector ids for error messages
};

struct RasResult {
    Eigen::MatrixXd flows;  // Z = diag(r) Z0 diag(s)
    int iterations = 0;
    double residual = 0;  // the achieved largest relative deviation
};

// Scales a non-negative prior Z0 so its row sums are u and column sums v.
// Zero cells stay zero. Throws InputError if Σu ≠ Σv, if a row/column of Z0
// is all zero but its target is positive, or if max_iterations pass without
// reaching the tolerance (the zero pattern admits no solution).
RasResult ras_balance(const Eigen::MatrixXd& prior, const Eigen::VectorXd& row_targets,
                      const Eigen::VectorXd& column_targets, const RasOptions& options = {});

// ---- Files ----

// Reads a table in the layout write_io_table produces:
//   sector,<s1>,...,<sn>,total_output,value_added,final_demand
// one row per sector in header order, a_ij in the sector columns. Errors name
// the file, line and column; the table is then validated as IoTable does.
IoTable load_io_table(const std::string& path, const std::vector<std::string>& sectors = nace_sections());

// Writes that layout atomically (a temporary file renamed into place), every
// number in its shortest exact decimal form so a reload is bit-identical.
void write_io_table(const IoTable& table, const std::string& path);

}  // namespace rubilnik::economy
