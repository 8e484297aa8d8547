// Named model parameters. Every number a channel uses that is not in a
// baseline table lives here, with its source; any of them may be a
// distribution (DESIGN.md "Distribution"). Scenarios override by key.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "rubilnik/distribution.hpp"
#include "rubilnik/error.hpp"

namespace rubilnik {

struct Parameter {
    std::string key;
    Distribution dist;
    std::string source;
    std::string origin;  // "baseline" or "scenario"
    SourceLocation where;
};

// Parameters driven by one shared assumption ([correlations.<name>] in a
// baseline or scenario; docs/scenario-format.md). Their uniforms are coupled
// by a Gaussian copula with the same correlation `rho` between the normal
// scores of every pair (a one-factor model: each score is √rho × driver +
// √(1 − rho) × its own noise), so each keeps its own marginal distribution.
struct CorrelationGroup {
    std::string name;
    std::vector<std::string> keys;
    double rho = 0.0;
    std::string source;
    std::string origin;  // "baseline" or "scenario"
    SourceLocation where;
};
inline constexpr std::size_t kMaxGroupSize = GaussianCopula::kMaxDimension;

class ParameterTable {
public:
    // Adds or replaces (a scenario overriding a baseline value).
    void set(Parameter p);

    std::optional<std::size_t> find(const std::string& key) const;
    // The index of a parameter a model needs; a missing one is the input's
    // fault, so this throws InputError naming the key and who needs it.
    std::size_t require(const std::string& key, const std::string& needed_by) const;
    const Parameter& at(std::size_t i) const { return params_[i]; }
    const std::vector<Parameter>& all() const { return params_; }
    std::size_t size() const { return params_.size(); }
    // Indices of parameters that are not points (the uncertain inputs).
    std::vector<std::size_t> uncertain() const;

    // Adds a group, or replaces the one of the same name (a scenario
    // overriding a baseline group). Throws InputError at g.where unless every
    // key is defined, listed once and in no other group, there are 2..64
    // keys and 0 <= rho < 1.
    void set_group(CorrelationGroup g);
    const std::vector<CorrelationGroup>& groups() const { return groups_; }
    // Parameter indices of group g, in the group's key order.
    const std::vector<std::size_t>& group_members(std::size_t g) const { return members_[g]; }
    const GaussianCopula& group_copula(std::size_t g) const { return copulas_[g]; }
    // The group a parameter belongs to, if any.
    std::optional<std::size_t> group_of(std::size_t param) const;

private:
    std::vector<Parameter> params_;
    std::map<std::string, std::size_t> index_;
    std::vector<CorrelationGroup> groups_;
    std::vector<std::vector<std::size_t>> members_;
    std::vector<GaussianCopula> copulas_;
};

// The values of every parameter for one draw.
struct DrawValues {
    std::vector<double> values;
    double operator[](std::size_t i) const { return values[i]; }
};

// Draw `draw` of the ensemble keyed by `seed`: one uniform per parameter from
// the counter-based generator keyed by (seed, draw, parameter key), coupled
// within each correlation group, then mapped through the parameter's
// quantile. When `central` is set every parameter takes its median (a
// single-run replay; a copula leaves medians where they are).
DrawValues sample_parameters(const ParameterTable& table, std::uint64_t seed, std::uint64_t draw, bool central);
// Values from explicit independent uniforms (for Sobol sampling):
// uniform[i] is for table.uncertain()[i]; points keep their value;
// correlation groups are applied as in sample_parameters.
DrawValues parameters_from_uniforms(const ParameterTable& table, const std::vector<double>& uniforms);
// The same from one independent uniform per parameter in table order
// (entries of points are ignored): the last two steps of sample_parameters.
DrawValues values_from_uniforms(const ParameterTable& table, std::vector<double> uniforms);

}  // namespace rubilnik
