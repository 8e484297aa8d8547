// Baselines from indicators; the rules are documented in docs/any-country.md
// and every default's source in scenarios/defaults/SOURCES.md.
#include "rubilnik/baseline_builder.hpp"

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "baseline_text.hpp"
#include "rubilnik/engine.hpp"
#include "rubilnik/error.hpp"
#include "rubilnik/io/csv.hpp"
#include "rubilnik/scenario.hpp"

namespace rubilnik {
namespace {

namespace fs = std::filesystem;

std::string lower(std::string s) {
    for (auto& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

struct UserIndicator {
    double value = 0;
    int year = 0;
    std::string source;
};

std::map<std::string, UserIndicator> read_user_indicators(const std::string& path) {
    std::map<std::string, UserIndicator> out;
    if (path.empty()) return out;
    const auto t = CsvTable::read(path, {"indicator", "value", "year", "source"});
    for (const auto& row : t.rows()) {
        const auto& code = t.text(row, "indicator");
        if (out.count(code)) t.fail(row, "indicator", "indicator '" + code + "' given twice");
        UserIndicator u;
        u.value = t.number(row, "value");
        u.year = static_cast<int>(t.integer(row, "year"));
        u.source = t.text(row, "source");
        if (u.source.empty()) t.fail(row, "source", "every override needs a source");
        out[code] = u;
    }
    return out;
}

}  // namespace

DataPaths DataPaths::locate() {
    std::vector<fs::path> roots{fs::current_path()};
    std::error_code ec;
    const auto exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec)
        for (auto p = exe.parent_path(); !p.empty() && p != p.root_path(); p = p.parent_path()) roots.push_back(p);
    for (const auto& r : roots)
        if (fs::exists(r / "scenarios/defaults/defaults.toml") && fs::exists(r / "data/wdi"))
            return DataPaths{(r / "data/wdi").string(), (r / "data/countries/countries.csv").string(),
                             (r / "scenarios/defaults/defaults.toml").string()};
    throw InputError(
        "cannot find the project's data (scenarios/defaults/defaults.toml and data/wdi) in the working "
        "folder or above the executable; run from the source tree or give --wdi, --countries and --defaults");
}

const IndicatorUse& GeneratedBaseline::indicator(const std::string& code) const {
    for (const auto& i : indicators)
        if (i.code == code) return i;
    throw std::logic_error("indicator " + code + " was not used for this baseline");
}

BaselineBuilder::BaselineBuilder(const DataPaths& paths)
    : paths_(paths),
      countries_(CountryTable::read(paths.countries_file)),
      wdi_(WdiIndicators::read_folder(paths.wdi_folder, countries_)),
      defaults_(Defaults::read(paths.defaults_file)) {}

GeneratedBaseline BaselineBuilder::build(const BaselineRequest& req) const {
    const CountryInfo* c = req.country.size() == 3 ? countries_.by_iso3(req.country) : countries_.by_iso2(req.country);
    if (!c)
        throw InputError(SourceLocation{paths_.countries_file, 0, 0}, "country",
                         "'" + req.country + "' is not an ISO 3166-1 code in this table");
    if (req.year < 1960 || req.year > 2100)
        throw InputError("--year " + std::to_string(req.year) + " is outside 1960..2100");
    GeneratedBaseline g;
    g.country = c->iso2;
    g.name = req.name.empty() ? lower(c->iso2) + "-" + std::to_string(req.year) : req.name;

    // Indicators: the user's overrides first, then WDI at or before the year.
    const auto user = read_user_indicators(req.indicators_file);
    auto use = [&](const std::string& code) -> const IndicatorUse& {
        for (const auto& u : g.indicators)
            if (u.code == code) return u;
        IndicatorUse u;
        u.code = code;
        if (auto it = user.find(code); it != user.end()) {
            u.value = it->second.value;
            u.year = it->second.year;
            u.source = "user override (" + req.indicators_file + "): " + it->second.source;
        } else {
            const auto& table = wdi_.require(code);
            const auto v = table.at_or_before(c->iso3, req.year, defaults_.max_lag_years);
            if (!v)
                throw InputError(SourceLocation{table.path(), 0, 0}, code,
                                 "no value for " + c->iso3 + " (" + c->name + ") in " +
                                     std::to_string(req.year - defaults_.max_lag_years) + ".." +
                                     std::to_string(req.year) +
                                     "; give one with --indicators FILE (indicator,value,year,source)");
            u.value = v->value;
            u.year = v->year;
            u.source = "World Bank WDI " + code + " " + std::to_string(v->year) + " (data/wdi/" +
                       fs::path(table.path()).filename().string() +
                       (table.last_updated().empty() ? "" : ", last updated " + table.last_updated()) + "; CC BY 4.0)";
        }
        u.lag = std::max(0, req.year - u.year);
        if (u.lag > 0) {
            u.source += "; latest year at or before " + std::to_string(req.year);
            g.notes.push_back(code + ": no value for " + std::to_string(req.year) + "; used " + std::to_string(u.year));
        }
        g.indicators.push_back(u);
        return g.indicators.back();
    };
    const double gdp = use(kWdiGdp).value;
    const double population = use(kWdiPopulation).value;
    const double users_pct = use(kWdiInternetUsers).value;
    const double mobile_per_100 = use(kWdiMobileSubscriptions).value;
    if (!(gdp > 0) || !(population > 0) || users_pct < 0 || users_pct > 100 || mobile_per_100 < 0)
        throw InputError("indicators for " + c->iso2 +
                         " out of range: GDP and population must be positive, "
                         "internet users 0-100 %, mobile subscriptions >= 0");

    const double per_capita = gdp / population;
    g.income_group = defaults_.income_group(per_capita);
    std::string income_note;
    for (double bound : defaults_.income_bounds)
        if (std::abs(per_capita - bound) <= defaults_.income_near_threshold * bound)
            income_note = " (within " + std::to_string(static_cast<int>(defaults_.income_near_threshold * 100)) +
                          " % of a threshold: the group is uncertain)";
    if (!income_note.empty()) g.notes.push_back("income group " + g.income_group + income_note);

    BaselineText text(defaults_, *c, g, req, gdp, population, users_pct, mobile_per_100, per_capita, income_note);
    text.write_regions(req.regions_file);
    text.write_sectors(req.sectors_file);
    text.write_topology();
    text.write_channel_tables();
    text.write_parameters([&](const std::string& code) { return use(code); });
    text.write_toml_and_sources();
    return g;
}

void write_baseline(const GeneratedBaseline& baseline, const fs::path& folder, bool overwrite) {
    if (fs::exists(folder) && !overwrite)
        throw InputError(SourceLocation{folder.string(), 0, 0}, "",
                         "already exists; choose another --out or pass --force to replace it");
    const fs::path parent = folder.has_parent_path() ? folder.parent_path() : fs::path(".");
    fs::create_directories(parent);
    const fs::path tmp = parent / ("." + folder.filename().string() + ".tmp-" + std::to_string(::getpid()));
    fs::remove_all(tmp);
    fs::create_directories(tmp);
    try {
        for (const auto& [name, body] : baseline.files) {
            std::ofstream f(tmp / name, std::ios::binary);
            f << body;
            f.close();
            if (!f) throw std::runtime_error("cannot write " + (tmp / name).string());
        }
        // A one-hour scenario on the new baseline: building its engine checks
        // that every parameter each registered channel needs is present.
        const auto check = tmp / "selfcheck.toml";
        {
            std::ofstream f(check, std::ios::binary);
            f << "schema = \"rubilnik.scenario/1\"\nname = \"selfcheck\"\nbaseline = \".\"\n"
              << "window = { start = \"2020-06-01T00:00Z\", end = \"2020-06-01T02:00Z\" }\n"
              << "[[event]]\nid = \"cut\"\naction = \"cut\"\ntarget = { scope = \"national\" }\n"
              << "from = \"2020-06-01T00:00Z\"\nto = \"2020-06-01T01:00Z\"\nsource = \"self-check\"\n";
        }
        try {
            const Scenario sc = load_scenario(check.string());
            const Engine engine(sc);
        } catch (const InputError& e) {
            throw InputError(std::string("the generated baseline does not pass its self-check (a default is "
                                         "probably missing from scenarios/defaults/defaults.toml): ") +
                             e.what());
        }
        fs::remove(check);
        if (fs::exists(folder)) fs::remove_all(folder);
        fs::rename(tmp, folder);
    } catch (...) {
        std::error_code ec;
        fs::remove_all(tmp, ec);
        throw;
    }
}

}  // namespace rubilnik
