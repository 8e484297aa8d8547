// rubilnik baseline new: a country baseline from public indicators
// (docs/any-country.md).
#include <filesystem>
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "rubilnik/baseline_builder.hpp"
#include "rubilnik/error.hpp"

namespace rubilnik::cli {
namespace {

namespace fs = std::filesystem;

struct BaselineArgs {
    BaselineRequest request;
    std::string out;
    bool force = false;
    std::string wdi, countries, defaults;
};

DataPaths data_paths(const std::string& wdi, const std::string& countries, const std::string& defaults) {
    DataPaths p;
    if (wdi.empty() || countries.empty() || defaults.empty()) p = DataPaths::locate();
    if (!wdi.empty()) p.wdi_folder = wdi;
    if (!countries.empty()) p.countries_file = countries;
    if (!defaults.empty()) p.defaults_file = defaults;
    return p;
}

int run_new(const BaselineArgs& a) {
    const BaselineBuilder builder(data_paths(a.wdi, a.countries, a.defaults));
    const auto g = builder.build(a.request);
    const fs::path out = a.out.empty() ? fs::path("scenarios/countries") / g.name : fs::path(a.out);
    write_baseline(g, out, a.force);
    const auto& gdp = g.indicator(kWdiGdp);
    const auto& pop = g.indicator(kWdiPopulation);
    const auto& users = g.indicator(kWdiInternetUsers);
    std::cout << "wrote " << out.string() << ": baseline '" << g.name << "', " << g.country << ", " << g.income_group
              << " income\n"
              << "  GDP " << gdp.value / 1e9 << " bn USD (" << gdp.year << "), population " << pop.value / 1e6 << " M ("
              << pop.year << "), internet users " << users.value << " % (" << users.year << ")\n";
    for (const auto& n : g.notes) std::cout << "  note: " << n << "\n";
    std::cout << "every value's source: " << (out / "SOURCES.md").string() << "\n";
    return kExitOk;
}

}  // namespace

void add_baseline_command(CLI::App& app, CommandList& commands) {
    auto* group = app.add_subcommand("baseline", "Country baselines");
    group->require_subcommand(1);
    auto args = std::make_shared<BaselineArgs>();
    auto* cmd = group->add_subcommand(
        "new", "Build a baseline from World Bank indicators and documented defaults (docs/any-country.md)");
    cmd->add_option("--country", args->request.country, "ISO 3166-1 alpha-2 code, e.g. IR (alpha-3 accepted)")
        ->required();
    cmd->add_option("--year", args->request.year,
                    "year of the indicators (earlier years are used when missing, and said so)")
        ->required();
    cmd->add_option("--out", args->out, "output folder (default: scenarios/countries/<cc>-<year>)");
    cmd->add_option("--name", args->request.name, "baseline id (default: <cc>-<year>)");
    cmd->add_option("--regions", args->request.regions_file,
                    "CSV id,name,population,gdp_share,utc_offset,source[,internet_users,fixed_share]")
        ->check(CLI::ExistingFile);
    cmd->add_option("--sectors", args->request.sectors_file, "CSV id,share,source[,name,profile]: known sector shares")
        ->check(CLI::ExistingFile);
    cmd->add_option("--indicators", args->request.indicators_file,
                    "CSV indicator,value,year,source: override WDI values")
        ->check(CLI::ExistingFile);
    cmd->add_flag("--force", args->force, "replace an existing output folder");
    cmd->add_option("--wdi", args->wdi, "folder of WDI API_*.csv tables (default: the project's data/wdi)");
    cmd->add_option("--countries", args->countries, "country table (default: data/countries/countries.csv)");
    cmd->add_option("--defaults", args->defaults, "defaults file (default: scenarios/defaults/defaults.toml)");
    commands.push_back({cmd, [args] { return run_new(*args); }});
}

}  // namespace rubilnik::cli
