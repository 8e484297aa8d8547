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

private:
    std::vector<Parameter> params_;
    std::map<std::string, std::size_t> index_;
};

// The values of every parameter for one draw.
struct DrawValues {
    std::vector<double> values;
    double operator[](std::size_t i) const { return values[i]; }
};

// Draw `draw` of the ensemble keyed by `seed`: one uniform per parameter from
// the counter-based generator keyed by (seed, draw, parameter key). When
// `central` is set every parameter takes its median (a single-run replay).
DrawValues sample_parameters(const ParameterTable& table, std::uint64_t seed, std::uint64_t draw,
                             bool central);
// Values from explicit uniforms (for Sobol sampling): uniform[i] is for
// table.uncertain()[i]; points keep their value.
DrawValues parameters_from_uniforms(const ParameterTable& table, const std::vector<double>& uniforms);

}  // namespace rubilnik
