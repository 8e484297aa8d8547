// The defaults of baselines generated from indicators and of STOP imports
// (scenarios/defaults/defaults.toml): income-group thresholds, the default
// sector structure, service hosts, parameter specs with their rules, and the
// STOP mapping constants. One file, so that a channel that needs a new
// parameter adds it in one place; read and checked once, with file:line
// errors.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace rubilnik {

inline constexpr const char* kIncomeGroups[] = {"low", "lower_middle", "upper_middle", "high"};

// A parameter spec as written in TOML: value or dist with its numbers,
// source, note, unit. Kept as ordered key/value pairs so the generator can
// scale numbers and write it back out unchanged otherwise.
struct SpecValue {
    enum class Kind { number, text, numbers } kind = Kind::number;
    double number = 0;
    std::string text;
    std::vector<double> numbers;
};
using ParameterSpec = std::vector<std::pair<std::string, SpecValue>>;

struct ParameterDefault {
    std::string key;     // may contain "{sector}"
    ParameterSpec spec;  // empty when only by_income / by_sector give specs
    std::map<std::string, ParameterSpec> by_income;
    std::map<std::string, ParameterSpec> by_sector;
    std::string indicator;            // WDI code giving the value
    std::string per;                  // gdp_local, population, internet_users
    double scale_by_penetration = 0;  // 0 = off
    long line = 0;
};

struct SectorDefault {
    std::string id, name, group, profile;
    double within = 0;
};

struct ServiceDefault {
    std::string service, service_class, location, source;
};

struct StopScopeRule {
    std::string name;       // city, province, several
    std::string geo_scope;  // the STOP geo_scope text it applies to
    bool absolute = false;  // populations (true) or shares of the country (false)
    double min = 0, mode = 0, max = 0, cap = 1;
    std::string source;
};

struct StopDefaults {
    std::string source;
    double throttle_min = 0, throttle_mode = 0, throttle_max = 0;
    std::string throttle_source;
    std::vector<StopScopeRule> scopes;
    std::vector<std::pair<std::string, std::string>> platforms;  // keyword -> services (space-separated)
};

struct Defaults {
    std::string path;                     // the TOML file
    std::string folder;                   // files named in it are relative to this
    double income_bounds[3] = {0, 0, 0};  // upper bounds of low, lower_middle, upper_middle
    double income_near_threshold = 0;
    std::string income_source;
    double stale_spread_per_year = 0;
    int max_lag_years = 0;
    std::string indicators_source;
    std::map<std::string, double> fixed_share;  // by income group
    std::string access_source;
    std::map<std::string, std::map<std::string, double>> structure;  // income -> group -> share
    std::string structure_source;
    std::vector<SectorDefault> sectors;
    std::vector<ServiceDefault> services;
    std::vector<std::pair<std::string, std::string>> tables;  // channel table name -> file
    std::vector<ParameterDefault> parameters;
    StopDefaults stop;

    static Defaults read(const std::string& path);
    // "low" ... "high" for a GDP per capita in USD.
    std::string income_group(double gdp_per_capita) const;
};

// A spec as an inline TOML table: { dist = "pert", min = 0.1, ... }.
std::string spec_to_toml(const ParameterSpec& spec);
double spec_number(const ParameterSpec& spec, const std::string& key, double fallback);
void spec_set(ParameterSpec& spec, const std::string& key, SpecValue value);
std::string toml_quote(const std::string& text);
// Shortest text that reads back as the same double (valid in TOML and CSV).
std::string number_text(double v);

}  // namespace rubilnik
