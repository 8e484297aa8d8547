#include "rubilnik/data/countries.hpp"

#include <algorithm>
#include <sstream>

#include "rubilnik/error.hpp"
#include "rubilnik/io/csv.hpp"
#include "rubilnik/time.hpp"

namespace rubilnik {
namespace {

std::string upper(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return out;
}

// Folds the two-byte UTF-8 forms of Latin-1 accented letters to ASCII, so
// "Côte d'Ivoire" and "Cote d'Ivoire" match; other bytes pass through.
char fold_latin1(unsigned char lead, unsigned char next) {
    if (lead != 0xC3) return 0;
    const unsigned code = 0xC0u + (next & 0x3Fu);  // U+00C0..U+00FF
    static const char* kMap = "AAAAAAACEEEEIIIIDNOOOOOxOUUUUYTsaaaaaaaceeeeiiiidnooooo/ouuuuyty";
    return kMap[code - 0xC0u];
}

}  // namespace

std::string normalise_country_name(std::string_view name) {
    std::string flat;
    for (std::size_t i = 0; i < name.size(); ++i) {
        const auto c = static_cast<unsigned char>(name[i]);
        if (c == 0xC3 && i + 1 < name.size()) {
            const char f = fold_latin1(c, static_cast<unsigned char>(name[i + 1]));
            flat += f ? f : ' ';
            ++i;
        } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            flat += static_cast<char>(c);
        } else if (c >= 'A' && c <= 'Z') {
            flat += static_cast<char>(c - 'A' + 'a');
        } else if (c == '\'') {
            // "d'Ivoire" and "dIvoire" are the same name
        } else {
            flat += ' ';
        }
    }
    for (auto& c : flat)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    std::istringstream words(flat);
    std::string w, out;
    while (words >> w) {
        if (w == "the") continue;
        if (!out.empty()) out += ' ';
        out += w;
    }
    return out;
}

CountryTable CountryTable::read(const std::string& path) {
    const auto t = CsvTable::read(path, {"iso2", "iso3", "name", "aliases", "tz", "utc_offset", "weekend", "source"});
    CountryTable table;
    table.path_ = path;
    for (const auto& row : t.rows()) {
        CountryInfo c;
        c.line = row.line;
        c.iso2 = upper(t.text(row, "iso2"));
        c.iso3 = upper(t.text(row, "iso3"));
        if (c.iso2.size() != 2) t.fail(row, "iso2", "expected a two-letter code, got '" + c.iso2 + "'");
        if (c.iso3.size() != 3) t.fail(row, "iso3", "expected a three-letter code, got '" + c.iso3 + "'");
        if (table.by_iso2(c.iso2) || table.by_iso3(c.iso3)) t.fail(row, "iso2", "duplicate country code");
        c.name = t.text(row, "name");
        std::string alias;
        std::istringstream aliases(t.text(row, "aliases"));
        while (std::getline(aliases, alias, ';')) {
            const auto a = alias.find_first_not_of(' ');
            if (a != std::string::npos) c.aliases.push_back(alias.substr(a));
        }
        c.tz = t.text(row, "tz");
        c.utc_offset = t.text(row, "utc_offset");
        if (!c.utc_offset.empty() && !parse_utc_offset(c.utc_offset))
            t.fail(row, "utc_offset", "'" + c.utc_offset + "' is not an offset like +06:00");
        c.weekend = t.text(row, "weekend");
        c.source = t.text(row, "source");
        if (c.source.empty()) t.fail(row, "source", "every row needs a source");
        table.countries_.push_back(std::move(c));
    }
    return table;
}

const CountryInfo* CountryTable::by_iso2(std::string_view code) const {
    const auto u = upper(code);
    for (const auto& c : countries_)
        if (c.iso2 == u) return &c;
    return nullptr;
}

const CountryInfo* CountryTable::by_iso3(std::string_view code) const {
    const auto u = upper(code);
    for (const auto& c : countries_)
        if (c.iso3 == u) return &c;
    return nullptr;
}

const CountryInfo* CountryTable::by_name(std::string_view name) const {
    const auto want = normalise_country_name(name);
    if (want.empty()) return nullptr;
    for (const auto& c : countries_) {
        if (normalise_country_name(c.name) == want) return &c;
        for (const auto& a : c.aliases)
            if (normalise_country_name(a) == want) return &c;
    }
    return nullptr;
}

}  // namespace rubilnik
