// rubilnik import stop FILE --out DIR: the Access Now STOP dataset ->
// one scenario per row, baselines for countries that lack one, and a report
// of every row that could not be modelled (docs/stop-2022.md). Registered
// in the `import` group by add_import_command (cmd_import.cpp).
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <vector>

#include "commands.hpp"
#include "rubilnik/baseline_builder.hpp"
#include "rubilnik/data/stop.hpp"
#include "rubilnik/error.hpp"

namespace rubilnik::cli {
namespace {

namespace fs = std::filesystem;

// A skip reason without its row-specific parts, so the terminal can count
// rows by reason: long quoted cells (area names, event text) become '...',
// short ones ('Unknown', a country) stay, and only the text before the
// first ": " is kept ("no baseline for LY 2022: <why>" stays per country).
std::string reason_kind(const std::string& reason) {
    std::string out;
    for (std::size_t i = 0; i < reason.size(); ++i) {
        const char ch = reason[i];
        if (ch == '\'') {
            const auto close = reason.find('\'', i + 1);
            if (close == std::string::npos) break;
            out += close - i - 1 <= 20 ? reason.substr(i, close - i + 1) : std::string("'...'");
            i = close;
            continue;
        }
        if (ch == ':' && i + 1 < reason.size() && reason[i + 1] == ' ') break;
        out += ch;
    }
    return out;
}

struct StopArgs {
    std::string file;
    StopImportOptions options;
    int year = 0;
};

int import_stop_file(StopArgs& a) {
    if (!fs::is_regular_file(a.file)) throw InputError(a.file + ": no such file");
    if (fs::exists(a.options.out_folder) && !fs::is_directory(a.options.out_folder))
        throw InputError("--out " + a.options.out_folder + " exists and is not a directory");
    if (a.year) a.options.year = a.year;
    for (auto& ch : a.options.country)
        if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
    const BaselineBuilder builder(DataPaths::locate());
    if (!a.options.country.empty() && !builder.countries().by_iso2(a.options.country))
        throw InputError("--country " + a.options.country + " is not an ISO 3166-1 alpha-2 code");
    if (!a.options.baselines_folder.empty() && !fs::is_directory(a.options.baselines_folder))
        throw InputError("--baselines " + a.options.baselines_folder + " is not a folder");
    const auto table = StopTable::read(a.file);  // every syntax error before any output
    const auto r = import_stop(table, builder, a.options);
    std::cout << "read " << table.rows().size() << " STOP rows from " << a.file << "; " << r.selected << " selected"
              << (a.options.year ? " (count_year " + std::to_string(*a.options.year) + ")" : "") << "\n"
              << "wrote " << r.imported << " scenarios to " << a.options.out_folder << " (" << r.clipped
              << " clipped to the year), skipped " << r.skipped << " rows, built " << r.baselines_built.size()
              << " baselines\n"
              << "rows, reasons and notes: " << (fs::path(a.options.out_folder) / "import-report.csv").string() << "\n";
    std::map<std::string, std::size_t> kinds;
    for (const auto& row : r.report)
        if (row.status == "skipped") ++kinds[reason_kind(row.reason)];
    std::vector<std::pair<std::string, std::size_t>> sorted(kinds.begin(), kinds.end());
    std::stable_sort(sorted.begin(), sorted.end(), [](const auto& x, const auto& y) { return x.second > y.second; });
    if (!sorted.empty()) std::cout << "skipped rows by reason:\n";
    for (const auto& [kind, n] : sorted) std::cout << "  " << n << "  " << kind << "\n";
    return kExitOk;
}

}  // namespace

void add_import_stop(CLI::App& group, CommandList& commands) {
    auto args = std::make_shared<StopArgs>();
    auto* cmd = group.add_subcommand(
        "stop",
        "Access Now STOP export (47 columns) → DIR/<scenario>.toml per row, DIR/countries/<cc>-<year>/ "
        "baselines from indicators, DIR/import-report.csv (docs/stop-2022.md)");
    cmd->add_option("file", args->file, "STOP CSV export, e.g. stop_accessnow_2016_2025.csv")->required();
    cmd->add_option("--out", args->options.out_folder, "output folder (created if missing)")->required();
    cmd->add_option("--year", args->year, "only rows whose count_year is this year; events are clipped to it");
    cmd->add_option("--country", args->options.country, "only rows of this country (ISO 3166-1 alpha-2)");
    cmd->add_option("--baselines", args->options.baselines_folder,
                    "folder of hand-built baselines <cc>/baseline.toml used before generating one, "
                    "e.g. scenarios/countries");
    cmd->add_flag("--ongoing-to-year-end", args->options.ongoing_to_year_end,
                  "with --year: cost rows marked Ongoing (no end date) to 31 December of that year, each "
                  "one said so in the report; without it they are skipped")
        ->needs(cmd->get_option("--year"));
    commands.push_back({cmd, [args] { return import_stop_file(*args); }});
}

}  // namespace rubilnik::cli
