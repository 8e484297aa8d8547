// World Bank World Development Indicators in the bulk-download layout
// ("API_<code>_DS2_en_csv_v2_<n>.csv"): optional metadata lines, then a
// header "Country Name","Country Code","Indicator Name","Indicator Code",
// "1960",...; one row per economy, years as columns, empty cells for
// missing values. Rows whose code is not a country in the CountryTable
// (World, income groups, regions) are kept but marked as aggregates.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rubilnik/data/countries.hpp"

namespace rubilnik {

struct WdiSeries {
    std::string country_name;
    std::string code;  // ISO 3166-1 alpha-3 or a World Bank aggregate code
    std::map<int, double> values;
    long line = 0;
    bool aggregate = false;
};

struct WdiValue {
    double value = 0;
    int year = 0;
};

class WdiTable {
public:
    static WdiTable read(const std::string& path, const CountryTable& countries);
    static WdiTable parse(std::string_view text, const std::string& path, const CountryTable& countries);

    const std::string& path() const { return path_; }
    const std::string& indicator_code() const { return code_; }
    const std::string& indicator_name() const { return name_; }
    const std::string& last_updated() const { return updated_; }  // empty if the file has no metadata
    const std::vector<WdiSeries>& series() const { return series_; }
    const WdiSeries* find(std::string_view code) const;
    // The value for `year`, or the latest earlier one not older than
    // year - max_lag; aggregates are never returned.
    std::optional<WdiValue> at_or_before(std::string_view iso3, int year, int max_lag) const;

private:
    std::string path_, code_, name_, updated_;
    std::vector<WdiSeries> series_;
};

// Every API_*.csv in a folder, by indicator code.
class WdiIndicators {
public:
    static WdiIndicators read_folder(const std::string& folder, const CountryTable& countries);
    const WdiTable* find(std::string_view indicator) const;
    const WdiTable& require(std::string_view indicator) const;  // throws InputError naming the folder
    const std::string& folder() const { return folder_; }
    std::vector<std::string> codes() const;

private:
    std::string folder_;
    std::vector<WdiTable> tables_;
};

}  // namespace rubilnik
