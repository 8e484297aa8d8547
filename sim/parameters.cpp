#include "rubilnik/parameters.hpp"

#include <algorithm>
#include <span>
#include <stdexcept>

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

void ParameterTable::set_group(CorrelationGroup g) {
    const std::string key = "correlations." + g.name + ".parameters";
    auto fail = [&](const std::string& message) { throw InputError(g.where, key, message); };
    if (g.keys.size() < 2 || g.keys.size() > kMaxGroupSize)
        fail("a correlation group needs 2 to " + std::to_string(kMaxGroupSize) + " parameters, got " +
             std::to_string(g.keys.size()));
    if (!(g.rho >= 0.0 && g.rho < 1.0))
        throw InputError(g.where, "correlations." + g.name + ".rho",
                         "rho must be in [0, 1): the correlation of the normal scores that one shared driver "
                         "induces between every pair (1 would make the parameters one; use one parameter then)");
    std::size_t replaced = groups_.size();
    for (std::size_t i = 0; i < groups_.size(); ++i)
        if (groups_[i].name == g.name) replaced = i;
    std::vector<std::size_t> members;
    for (const auto& k : g.keys) {
        const auto i = find(k);
        if (!i) fail("'" + k + "' is not a parameter defined under [parameters]");
        if (std::find(members.begin(), members.end(), *i) != members.end()) fail("'" + k + "' is listed twice");
        for (std::size_t o = 0; o < groups_.size(); ++o) {
            if (o == replaced) continue;
            const auto& m = members_[o];
            if (std::find(m.begin(), m.end(), *i) != m.end())
                fail("'" + k + "' is already in correlation group '" + groups_[o].name +
                     "'; a parameter may follow one driver only");
        }
        members.push_back(*i);
    }
    const std::size_t n = members.size();
    std::vector<double> r(n * n, g.rho);
    for (std::size_t i = 0; i < n; ++i) r[i * n + i] = 1.0;
    GaussianCopula copula(n, std::move(r));
    if (replaced < groups_.size()) {
        groups_[replaced] = std::move(g);
        members_[replaced] = std::move(members);
        copulas_[replaced] = std::move(copula);
    } else {
        groups_.push_back(std::move(g));
        members_.push_back(std::move(members));
        copulas_.push_back(std::move(copula));
    }
}

std::optional<std::size_t> ParameterTable::group_of(std::size_t param) const {
    for (std::size_t g = 0; g < members_.size(); ++g)
        if (std::find(members_[g].begin(), members_[g].end(), param) != members_[g].end()) return g;
    return std::nullopt;
}

namespace detail {

Distribution parse_distribution(const toml::table& spec, const std::string& file, const std::string& key_path,
                                std::string* source_out) {
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

void read_parameters(ParameterTable& out, const toml::table& table, const std::string& file, const std::string& origin,
                     bool must_exist) {
    for (auto&& [k, node] : table) {
        const std::string key(k.str());
        const auto where = location_of(node, file);
        if (!node.is_table())
            throw InputError(where, "parameters." + key,
                             "expected { value = <number>, source = \"...\" } or a distribution table, "
                             "found " +
                                 type_name(node));
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

void read_correlations(ParameterTable& out, const toml::table& table, const std::string& file,
                       const std::string& origin) {
    for (auto&& [k, node] : table) {
        const std::string name(k.str());
        const auto where = location_of(node, file);
        if (!node.is_table())
            throw InputError(
                where, "correlations." + name,
                "expected a table { parameters = [...], rho = <0..1>, source = \"...\" }, found " + type_name(node));
        bool id_ok = !name.empty() && name.size() <= 64;
        for (char c : name) id_ok = id_ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_');
        if (!id_ok)
            throw InputError(where, "correlations." + name,
                             "a group name must be 1-64 characters of a-z, 0-9, '-' or '_'");
        TomlView v(*node.as_table(), file, "correlations." + name);
        v.reject_unknown({"parameters", "rho", "source", "note"});
        CorrelationGroup g;
        g.name = name;
        g.origin = origin;
        g.source = v.require_string("source");
        if (g.source.empty()) v.fail("source", "a source must not be empty");
        g.rho = v.require_number("rho");
        if (!(g.rho >= 0.0 && g.rho < 1.0))
            v.fail("rho",
                   "rho must be in [0, 1): the correlation of the normal scores that one shared driver "
                   "induces between every pair");
        g.keys = v.string_list("parameters");
        g.where = v.where("parameters");
        out.set_group(std::move(g));
    }
}

}  // namespace detail

namespace {

// Couples the uniforms of each group's members in place.
void correlate_groups(const ParameterTable& table, std::vector<double>& u) {
    double in[kMaxGroupSize];
    double out[kMaxGroupSize];
    for (std::size_t g = 0; g < table.groups().size(); ++g) {
        const auto& members = table.group_members(g);
        const std::size_t n = members.size();
        for (std::size_t i = 0; i < n; ++i) in[i] = u[members[i]];
        table.group_copula(g).correlate(std::span<const double>(in, n), std::span<double>(out, n));
        for (std::size_t i = 0; i < n; ++i) u[members[i]] = out[i];
    }
}

}  // namespace

DrawValues values_from_uniforms(const ParameterTable& table, std::vector<double> u) {
    if (u.size() != table.size())
        throw std::invalid_argument("values_from_uniforms: one uniform per parameter expected");
    // A point's uniform is replaced so that a stray 0 or 1 cannot reach the copula.
    for (std::size_t i = 0; i < table.size(); ++i)
        if (table.at(i).dist.is_point()) u[i] = 0.5;
    correlate_groups(table, u);
    DrawValues out;
    out.values.resize(table.size());
    for (std::size_t i = 0; i < table.size(); ++i) {
        const auto& d = table.at(i).dist;
        out.values[i] = d.is_point() ? d.median() : d.quantile(u[i]);
    }
    return out;
}

DrawValues sample_parameters(const ParameterTable& table, std::uint64_t seed, std::uint64_t draw, bool central) {
    if (central) {
        DrawValues out;
        out.values.resize(table.size());
        for (std::size_t i = 0; i < table.size(); ++i) out.values[i] = table.at(i).dist.median();
        return out;
    }
    std::vector<double> u(table.size(), 0.5);
    for (std::size_t i = 0; i < table.size(); ++i) {
        const auto& p = table.at(i);
        if (!p.dist.is_point()) u[i] = CounterRng(seed, draw, stream_id(p.key)).uniform(0);
    }
    return values_from_uniforms(table, std::move(u));
}

DrawValues parameters_from_uniforms(const ParameterTable& table, const std::vector<double>& uniforms) {
    std::vector<double> u(table.size(), 0.5);
    const auto unc = table.uncertain();
    for (std::size_t j = 0; j < unc.size() && j < uniforms.size(); ++j) u[unc[j]] = uniforms[j];
    return values_from_uniforms(table, std::move(u));
}

}  // namespace rubilnik
