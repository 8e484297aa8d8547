#include "rubilnik/data/defaults.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>

#include "rubilnik/detail/parameter_toml.hpp"
#include "rubilnik/detail/toml_view.hpp"
#include "rubilnik/error.hpp"

namespace rubilnik {
namespace {

using detail::TomlView;

bool is_income_group(const std::string& g) {
    for (const char* k : kIncomeGroups)
        if (g == k) return true;
    return false;
}

// The keys a baseline parameter spec may carry (sim/parameters.cpp).
bool is_spec_key(std::string_view k) {
    static const char* kKeys[] = {"value",  "dist",  "min",    "mode",    "max",    "mean", "sd",
                                  "median", "sigma", "values", "weights", "source", "note", "unit"};
    for (const char* s : kKeys)
        if (k == s) return true;
    return false;
}

ParameterSpec read_spec(const TomlView& v, const std::string& key_path) {
    ParameterSpec spec;
    toml::table check = v.table();
    for (const auto& [k, node] : v.table()) {
        const std::string key(k.str());
        if (!is_spec_key(key)) continue;
        SpecValue sv;
        if (node.is_string()) {
            sv.kind = SpecValue::Kind::text;
            sv.text = node.as_string()->get();
        } else if (node.is_array()) {
            sv.kind = SpecValue::Kind::numbers;
            sv.numbers = v.number_list(key);
        } else {
            sv.number = v.require_number(key);
        }
        spec.emplace_back(key, std::move(sv));
    }
    for (const auto& [k, node] : v.table())
        if (!is_spec_key(k.str())) check.erase(k.str());
    // toml++ iterates keys alphabetically; write them back in the usual order.
    auto rank = [](const std::string& k) {
        static const char* kOrder[] = {"value",  "dist",  "min",    "mode",    "max",    "mean", "sd",
                                       "median", "sigma", "values", "weights", "source", "note", "unit"};
        for (std::size_t i = 0; i < std::size(kOrder); ++i)
            if (k == kOrder[i]) return i;
        return std::size(kOrder);
    };
    std::stable_sort(spec.begin(), spec.end(),
                     [&](const auto& a, const auto& b) { return rank(a.first) < rank(b.first); });
    const bool has_distribution = v.has("value") || v.has("dist");
    if (has_distribution) {
        // The same checks a baseline applies, so a bad default fails here
        // with its line rather than in every generated baseline.
        std::string source;
        detail::parse_distribution(check, v.file(), key_path, &source);
    }
    return spec;
}

void read_parameter(Defaults& d, const std::string& key, const TomlView& v) {
    v.reject_unknown({"value", "dist", "min", "mode", "max", "mean", "sd", "median", "sigma", "values", "weights",
                      "source", "note", "unit", "by_income", "by_sector", "indicator", "per", "scale_by_penetration"});
    ParameterDefault p;
    p.key = key;
    p.line = v.where().line;
    p.indicator = v.optional_string("indicator").value_or("");
    p.per = v.optional_string("per").value_or("");
    if (!p.per.empty() && p.per != "gdp_local" && p.per != "population" && p.per != "internet_users")
        v.fail("per", "'" + p.per + "' is not gdp_local, population or internet_users");
    p.scale_by_penetration = v.optional_number("scale_by_penetration").value_or(0.0);
    if (p.scale_by_penetration < 0 || p.scale_by_penetration > 100)
        v.fail("scale_by_penetration", "expected a percentage of internet users in (0, 100]");
    if (p.indicator.empty()) p.spec = read_spec(v, key);
    else if (!v.has("source")) v.fail("source", "an indicator parameter needs a source");
    else p.spec = {{"source", SpecValue{SpecValue::Kind::text, 0, v.require_string("source"), {}}}};
    if (auto unit = v.optional_string("unit"); unit && !p.indicator.empty())
        p.spec.emplace_back("unit", SpecValue{SpecValue::Kind::text, 0, *unit, {}});
    if (auto inc = v.optional_table("by_income")) {
        for (const auto& [g, node] : inc->table()) {
            const std::string group(g.str());
            if (!is_income_group(group))
                inc->fail(group, "not an income group (low, lower_middle, upper_middle, high)");
            p.by_income[group] = read_spec(inc->require_table(group), inc->key_path(group));
        }
    }
    if (auto sec = v.optional_table("by_sector")) {
        if (key.find("{sector}") == std::string::npos)
            v.fail("by_sector", "only keys containing {sector} take by_sector specs");
        for (const auto& [s, node] : sec->table())
            p.by_sector[std::string(s.str())] = read_spec(sec->require_table(s.str()), sec->key_path(s.str()));
    }
    const bool complete =
        !p.indicator.empty() || v.has("value") || v.has("dist") || p.by_income.size() == std::size(kIncomeGroups);
    if (!complete) v.fail("", "needs a spec (value or dist), an indicator, or by_income specs for all four groups");
    d.parameters.push_back(std::move(p));
}

void read_stop(Defaults& d, const TomlView& v) {
    v.reject_unknown({"source", "throttle_factor", "scope", "platforms"});
    d.stop.source = v.require_string("source");
    const auto tf = v.require_table("throttle_factor");
    tf.reject_unknown({"min", "mode", "max", "source"});
    d.stop.throttle_min = tf.require_number("min");
    d.stop.throttle_mode = tf.require_number("mode");
    d.stop.throttle_max = tf.require_number("max");
    d.stop.throttle_source = tf.require_string("source");
    if (!(0 <= d.stop.throttle_min && d.stop.throttle_min <= d.stop.throttle_mode &&
          d.stop.throttle_mode <= d.stop.throttle_max && d.stop.throttle_max <= 1))
        tf.fail("mode", "expected 0 <= min <= mode <= max <= 1");
    const auto scopes = v.require_table("scope");
    for (const auto& [name, node] : scopes.table()) {
        const auto s = scopes.require_table(name.str());
        StopScopeRule r;
        r.name = std::string(name.str());
        r.geo_scope = s.require_string("geo_scope");
        r.source = s.require_string("source");
        r.absolute = s.has("population_mode");
        if (r.absolute) {
            s.reject_unknown(
                {"geo_scope", "population_min", "population_mode", "population_max", "share_cap", "source"});
            r.min = s.require_number("population_min");
            r.mode = s.require_number("population_mode");
            r.max = s.require_number("population_max");
            r.cap = s.require_number("share_cap");
        } else {
            s.reject_unknown({"geo_scope", "share_min", "share_mode", "share_max", "source"});
            r.min = s.require_number("share_min");
            r.mode = s.require_number("share_mode");
            r.max = s.require_number("share_max");
            if (r.max > 1) s.fail("share_max", "a share is at most 1");
        }
        if (!(0 < r.min && r.min <= r.mode && r.mode <= r.max)) s.fail("", "expected 0 < min <= mode <= max");
        d.stop.scopes.push_back(std::move(r));
    }
    const auto pf = v.require_table("platforms");
    for (const auto& [word, node] : pf.table())
        d.stop.platforms.emplace_back(std::string(word.str()), pf.require_string(word.str()));
}

}  // namespace

Defaults Defaults::read(const std::string& path) {
    namespace fs = std::filesystem;
    Defaults d;
    d.path = path;
    d.folder = fs::path(path).parent_path().string();
    if (!fs::exists(path))
        throw InputError(SourceLocation{path, 0, 0}, "", "defaults file not found (scenarios/defaults/defaults.toml)");
    const auto doc = detail::parse_toml_file(path);
    TomlView v(doc, path);
    v.reject_unknown({"schema", "income", "indicators", "access", "structure", "sectors", "services", "tables",
                      "parameters", "stop"});
    if (v.require_string("schema") != "rubilnik.defaults/1")
        v.fail("schema", "this version reads 'rubilnik.defaults/1'");

    const auto inc = v.require_table("income");
    inc.reject_unknown({"low", "lower_middle", "upper_middle", "near_threshold", "source"});
    d.income_bounds[0] = inc.require_number("low");
    d.income_bounds[1] = inc.require_number("lower_middle");
    d.income_bounds[2] = inc.require_number("upper_middle");
    if (!(0 < d.income_bounds[0] && d.income_bounds[0] < d.income_bounds[1] && d.income_bounds[1] < d.income_bounds[2]))
        inc.fail("lower_middle", "thresholds must increase: low < lower_middle < upper_middle");
    d.income_near_threshold = inc.require_number("near_threshold");
    d.income_source = inc.require_string("source");

    const auto ind = v.require_table("indicators");
    ind.reject_unknown({"stale_spread_per_year", "max_lag_years", "source"});
    d.stale_spread_per_year = ind.require_number("stale_spread_per_year");
    const double lag = ind.require_number("max_lag_years");
    if (lag < 0 || lag > 30) ind.fail("max_lag_years", "expected 0-30 years");
    d.max_lag_years = static_cast<int>(lag);
    d.indicators_source = ind.require_string("source");

    const auto acc = v.require_table("access");
    acc.reject_unknown({"fixed_share", "source"});
    d.access_source = acc.require_string("source");
    const auto fs_ = acc.require_table("fixed_share");
    for (const char* g : kIncomeGroups) {
        d.fixed_share[g] = fs_.require_number(g);
        if (d.fixed_share[g] < 0 || d.fixed_share[g] > 1) fs_.fail(g, "a share is in [0, 1]");
    }

    const auto st = v.require_table("structure");
    st.reject_unknown({"source", "low", "lower_middle", "upper_middle", "high"});
    d.structure_source = st.require_string("source");
    for (const char* g : kIncomeGroups) {
        const auto row = st.require_table(g);
        row.reject_unknown({"agriculture", "industry", "services"});
        double sum = 0;
        for (const char* grp : {"agriculture", "industry", "services"})
            sum += d.structure[g][grp] = row.require_number(grp);
        if (std::abs(sum - 1.0) > 1e-6) row.fail("services", "agriculture + industry + services must be 1");
    }
    const auto secs = v.require_table("sectors");
    std::map<std::string, double> within;
    for (const auto& [id, node] : secs.table()) {
        const auto s = secs.require_table(id.str());
        s.reject_unknown({"name", "group", "within", "profile"});
        SectorDefault sd{std::string(id.str()), s.require_string("name"), s.require_string("group"),
                         s.require_string("profile"), s.require_number("within")};
        if (sd.group != "agriculture" && sd.group != "industry" && sd.group != "services")
            s.fail("group", "expected agriculture, industry or services");
        within[sd.group] += sd.within;
        d.sectors.push_back(std::move(sd));
    }
    for (const auto& [grp, sum] : within)
        if (std::abs(sum - 1.0) > 1e-3)
            secs.fail("", "the 'within' shares of group " + grp + " sum to " + std::to_string(sum) + "; expected 1");

    if (v.has("services")) {
        const auto* arr = v.node("services").as_array();
        if (!arr) v.fail("services", "expected an array of tables [[services]]");
        for (const auto& n : *arr) {
            if (!n.is_table()) v.fail("services", "expected an array of tables [[services]]");
            TomlView s(*n.as_table(), path, "services");
            s.reject_unknown({"service", "class", "location", "source"});
            ServiceDefault sd{s.require_string("service"), s.require_string("class"), s.require_string("location"),
                              s.require_string("source")};
            if (sd.location != "domestic" && sd.location != "foreign")
                s.fail("location", "expected domestic or foreign");
            d.services.push_back(std::move(sd));
        }
    }
    if (auto tables = v.optional_table("tables"))
        for (const auto& [name, node] : tables->table())
            d.tables.emplace_back(std::string(name.str()), tables->require_string(name.str()));

    const auto params = v.require_table("parameters");
    for (const auto& [key, node] : params.table())
        read_parameter(d, std::string(key.str()), params.require_table(key.str()));
    read_stop(d, v.require_table("stop"));
    return d;
}

std::string Defaults::income_group(double gdp_per_capita) const {
    for (std::size_t i = 0; i < 3; ++i)
        if (gdp_per_capita <= income_bounds[i]) return kIncomeGroups[i];
    return kIncomeGroups[3];
}

std::string toml_quote(const std::string& text) {
    std::string out = "\"";
    for (unsigned char c : text) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\t': out += "\\t"; break;
            case '\r': out += "\\r"; break;
            default:
                if (c < 0x20 || c == 0x7f) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", c);
                    out += buf;
                } else {
                    out += static_cast<char>(c);
                }
        }
    }
    return out + "\"";
}

std::string number_text(double v) {
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, end);
}

std::string spec_to_toml(const ParameterSpec& spec) {
    std::string out = "{ ";
    bool first = true;
    for (const auto& [k, v] : spec) {
        if (!first) out += ", ";
        first = false;
        out += k + " = ";
        switch (v.kind) {
            case SpecValue::Kind::number: out += number_text(v.number); break;
            case SpecValue::Kind::text: out += toml_quote(v.text); break;
            case SpecValue::Kind::numbers: {
                out += "[";
                for (std::size_t i = 0; i < v.numbers.size(); ++i) out += (i ? ", " : "") + number_text(v.numbers[i]);
                out += "]";
                break;
            }
        }
    }
    return out + " }";
}

double spec_number(const ParameterSpec& spec, const std::string& key, double fallback) {
    for (const auto& [k, v] : spec)
        if (k == key && v.kind == SpecValue::Kind::number) return v.number;
    return fallback;
}

void spec_set(ParameterSpec& spec, const std::string& key, SpecValue value) {
    for (auto& [k, v] : spec)
        if (k == key) {
            v = std::move(value);
            return;
        }
    spec.emplace_back(key, std::move(value));
}

}  // namespace rubilnik
