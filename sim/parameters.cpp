#include "rubilnik/parameters.hpp"

#include <toml++/toml.h>

#include "rubilnik/detail/parameter_toml.hpp"
#include "rubilnik/detail/toml_view.hpp"
#include "rubilnik/rng.hpp"

namespace rubilnik {

void ParameterTable::set(Parameter p) {
    auto it = index_.find(p.key);
    if (it != index_.end()) {
        params_[it->second] = std::move(p);
        return;
    }
    index_[p.key] = params_.size();
    params_.push_back(std::move(p));
}

std::optional<std::size_t> ParameterTable::find(const std::string& key) const {
    auto it = index_.find(key);
    if (it == index_.end()) return std::nullopt;
    return it->second;
}

std::size_t ParameterTable::require(const std::string& key, const std::string& needed_by) const {
    if (auto i = find(key)) return *i;
    throw InputError("parameter '" + key + "' is needed by " + needed_by +
                     " but the baseline and the scenario do not define it; add it under [parameters] "
                     "with a value or distribution and a source");
}

std::vector<std::size_t> ParameterTable::uncertain() const {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < params_.size(); ++i)
        if (!params_[i].dist.is_point()) out.push_back(i);
    return out;
}

namespace detail {

Distribution parse_distribution(const toml::table& spec, const std::string& file,
                                const std::string& key_path, std::string* source_out) {
    TomlView v(spec, file, key_path);
    if (source_out) *source_out = v.require_string("source");
    if (v.require_string("source").empty()) v.fail("source", "a source must not be empty");
    Distribution d = Distribution::point(0);
    if (v.has("value")) {
        v.reject_unknown({"value", "source", "note", "unit"});
        d = Distribution::point(v.require_number("value"));
    } else {
        const auto kind = v.require_string("dist");
        auto num = [&](const char* k) { return v.require_number(k); };
        if (kind == "uniform") {
            v.reject_unknown({"dist", "min", "max", "source", "note", "unit"});
            d = Distribution::uniform(num("min"), num("max"));
        } else if (kind == "triangular") {
            v.reject_unknown({"dist", "min", "mode", "max", "source", "note", "unit"});
            d = Distribution::triangular(num("min"), num("mode"), num("max"));
        } else if (kind == "pert") {
            v.reject_unknown({"dist", "min", "mode", "max", "source", "note", "unit"});
            d = Distribution::pert(num("min"), num("mode"), num("max"));
        } else if (kind == "normal") {
            v.reject_unknown({"dist", "mean", "sd", "min", "max", "source", "note", "unit"});
            d = Distribution::normal(num("mean"), num("sd"));
        } else if (kind == "lognormal") {
            v.reject_unknown({"dist", "median", "sigma", "min", "max", "source", "note", "unit"});
            d = Distribution::lognormal(num("median"), num("sigma"));
        } else if (kind == "discrete") {
            v.reject_unknown({"dist", "values", "weights", "source", "note", "unit"});
            d = Distribution::discrete(v.number_list("values"), v.number_list("weights"));
        } else {
            v.fail("dist", "unknown distribution '" + kind +
                               "'; expected one of point (value = x), uniform, triangular, pert, "
                               "normal, lognormal, discrete");
        }
        if ((kind == "normal" || kind == "lognormal") && (v.has("min") || v.has("max"))) {
            const double lo = v.optional_number("min").value_or(-1.0 / 0.0);
            const double hi = v.optional_number("max").value_or(1.0 / 0.0);
            d = d.truncated(lo, hi);
        }
    }
    try {
        d.validate();
    } catch (const InputError& e) {
        throw InputError(v.where(), key_path, e.what());
    }
    return d;
}

void read_parameters(ParameterTable& out, const toml::table& table, const std::string& file,
                     const std::string& origin, bool must_exist) {
    for (auto&& [k, node] : table) {
        const std::string key(k.str());
        const auto where = location_of(node, file);
        if (!node.is_table())
            throw InputError(where, "parameters." + key,
                             "expected { value = <number>, source = \"...\" } or a distribution table, "
                             "found " + type_name(node));
        if (must_exist && !out.find(key))
            throw InputError(where, "parameters." + key,
                             "the scenario overrides a parameter the baseline does not define; check "
                             "the spelling (see `rubilnik validate` of the baseline for the list)");
        Parameter p;
        p.key = key;
        p.origin = origin;
        p.where = where;
        p.dist = parse_distribution(*node.as_table(), file, "parameters." + key, &p.source);
        out.set(std::move(p));
    }
}

}  // namespace detail

DrawValues sample_parameters(const ParameterTable& table, std::uint64_t seed, std::uint64_t draw,
                             bool central) {
    DrawValues out;
    out.values.resize(table.size());
    for (std::size_t i = 0; i < table.size(); ++i) {
        const auto& p = table.at(i);
        if (p.dist.is_point() || central) {
            out.values[i] = p.dist.median();
        } else {
            CounterRng rng(seed, draw, stream_id(p.key));
            out.values[i] = p.dist.quantile(rng.uniform(0));
        }
    }
    return out;
}

DrawValues parameters_from_uniforms(const ParameterTable& table, const std::vector<double>& uniforms) {
    DrawValues out;
    out.values.resize(table.size());
    const auto unc = table.uncertain();
    for (std::size_t i = 0; i < table.size(); ++i) out.values[i] = table.at(i).dist.median();
    for (std::size_t j = 0; j < unc.size() && j < uniforms.size(); ++j)
        out.values[unc[j]] = table.at(unc[j]).dist.quantile(uniforms[j]);
    return out;
}

}  // namespace rubilnik
