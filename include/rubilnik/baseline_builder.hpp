// Country baselines from public indicators (`rubilnik baseline new`): GDP,
// population, internet users and mobile subscriptions from World Bank WDI
// tables, everything else from scenarios/defaults/defaults.toml by income
// group, each value citing its WDI code and year or the default rule. The
// result is an ordinary baseline folder: it validates and runs like any
// hand-built one, and a user may edit or extend any of its files.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "rubilnik/data/countries.hpp"
#include "rubilnik/data/defaults.hpp"
#include "rubilnik/data/wdi.hpp"

namespace rubilnik {

// Where the shipped data live. locate() searches the working folder and the
// folders above the executable for scenarios/defaults/defaults.toml, so a
// build folder inside the source tree finds the project's data without flags.
struct DataPaths {
    std::string wdi_folder;      // data/wdi
    std::string countries_file;  // data/countries/countries.csv
    std::string defaults_file;   // scenarios/defaults/defaults.toml
    static DataPaths locate();
};

inline constexpr const char* kWdiGdp = "NY.GDP.MKTP.CD";
inline constexpr const char* kWdiPopulation = "SP.POP.TOTL";
inline constexpr const char* kWdiInternetUsers = "IT.NET.USER.ZS";
inline constexpr const char* kWdiMobileSubscriptions = "IT.CEL.SETS.P2";

struct BaselineRequest {
    std::string country;  // ISO 3166-1 alpha-2 (alpha-3 accepted)
    int year = 0;
    std::string name;          // baseline id; default "<cc>-<year>"
    std::string regions_file;  // optional: id,name,population,gdp_share,utc_offset,source[,internet_users,fixed_share]
    std::string sectors_file;  // optional: id,share,source[,name,profile]
    std::string indicators_file;  // optional: indicator,value,year,source
};

// One indicator as used: its value, the year it is for and where it came from.
struct IndicatorUse {
    std::string code;
    double value = 0;
    int year = 0;
    int lag = 0;  // years before the requested one
    std::string source;
};

struct GeneratedBaseline {
    std::string name;
    std::string country;  // ISO2
    std::string income_group;
    std::vector<IndicatorUse> indicators;
    std::vector<std::pair<std::string, std::string>> files;  // file name -> text
    std::vector<std::string> notes;                          // fallbacks and defaults worth telling the user
    const IndicatorUse& indicator(const std::string& code) const;
};

class BaselineBuilder {
public:
    explicit BaselineBuilder(const DataPaths& paths);
    GeneratedBaseline build(const BaselineRequest& request) const;
    const CountryTable& countries() const { return countries_; }
    const Defaults& defaults() const { return defaults_; }
    const DataPaths& paths() const { return paths_; }

private:
    DataPaths paths_;
    CountryTable countries_;
    WdiIndicators wdi_;
    Defaults defaults_;
};

// Writes the folder through a temporary sibling and renames it into place
// only after the baseline has loaded and a one-hour test scenario has built
// an engine on it (so every parameter a channel needs is there). Refuses to
// replace an existing folder unless `overwrite`.
void write_baseline(const GeneratedBaseline& baseline, const std::filesystem::path& folder, bool overwrite);

}  // namespace rubilnik
