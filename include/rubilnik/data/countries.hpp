// Country codes and names (ISO 3166-1 alpha-2 and alpha-3), each country's
// reference time zone, standard UTC offset and weekend. The World Bank keys
// its indicators by alpha-3, STOP names countries in English, baselines use
// alpha-2: this table joins them. Shipped as data/countries/countries.csv.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace rubilnik {

struct CountryInfo {
    std::string iso2;
    std::string iso3;
    std::string name;
    std::vector<std::string> aliases;
    std::string tz;          // IANA zone, e.g. Asia/Almaty
    std::string utc_offset;  // standard offset, e.g. +06:00 (empty if unknown)
    std::string weekend;     // day names, e.g. "sat sun"
    std::string source;
    long line = 0;
};

class CountryTable {
public:
    // Reads the CSV (header iso2,iso3,name,aliases,tz,utc_offset,weekend,source);
    // throws InputError naming the file and line.
    static CountryTable read(const std::string& path);

    const CountryInfo* by_iso2(std::string_view code) const;  // case-insensitive
    const CountryInfo* by_iso3(std::string_view code) const;  // case-insensitive
    // Matches an English name against names and aliases after normalising
    // case, punctuation, accents of Latin-1 letters and the word "the".
    const CountryInfo* by_name(std::string_view name) const;
    const std::vector<CountryInfo>& all() const { return countries_; }
    const std::string& path() const { return path_; }

private:
    std::string path_;
    std::vector<CountryInfo> countries_;
};

// "Congo (Democratic Republic of the)" -> "congo democratic republic of".
std::string normalise_country_name(std::string_view name);

}  // namespace rubilnik
