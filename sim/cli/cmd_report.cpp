// rubilnik report RESULTS.h5: the HTML report and its Markdown twin, from a
// saved results file alone. `--methods-table SCENARIO` prints the generated
// tables of docs/methodology-parameters.md instead.
#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>

#include "commands.hpp"
#include "rubilnik/engine.hpp"
#include "rubilnik/error.hpp"
#include "rubilnik/report.hpp"

namespace rubilnik::cli {
namespace {

namespace fs = std::filesystem;

struct ReportArgs {
    std::string results;
    std::string out;
    std::string format = "html,md";
    std::string sensitivity;
    std::string methods_table;
    bool quiet = false;
};

report::ReportOptions parse_formats(const std::string& text) {
    report::ReportOptions opt;
    opt.html = opt.markdown = false;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
        if (item == "html") opt.html = true;
        else if (item == "md" || item == "markdown") opt.markdown = true;
        else throw InputError("--format: unknown format '" + item + "' (expected html, md or both: html,md)");
    }
    if (!opt.html && !opt.markdown) throw InputError("--format: expected html, md or html,md");
    return opt;
}

int run(const ReportArgs& a) {
    if (!a.methods_table.empty()) {
        if (!a.results.empty()) throw InputError("give either RESULTS.h5 or --methods-table SCENARIO, not both");
        const Scenario sc = load_scenario(a.methods_table);
        const Engine engine(sc);
        std::cout << report::methods_tables(engine);
        return kExitOk;
    }
    if (a.results.empty()) throw InputError("report: expected a results file (RESULTS.h5) or --methods-table SCENARIO");
    auto opt = parse_formats(a.format);
    opt.sensitivity = a.sensitivity;
    const fs::path results(a.results);
    const fs::path out =
        a.out.empty() ? (results.has_parent_path() ? results.parent_path() : fs::path(".")) : fs::path(a.out);
    const auto written = report::write_report(results, out, opt);
    if (!a.quiet) {
        std::cout << "wrote";
        std::size_t svgs = 0;
        for (const auto& p : written) {
            if (p.extension() == ".svg") ++svgs;
            else std::cout << " " << p.string();
        }
        if (svgs) std::cout << " and " << svgs << " charts in " << (out / "report-charts").string();
        std::cout << "\n";
    }
    return kExitOk;
}

}  // namespace

void add_report_command(CLI::App& app, CommandList& commands) {
    auto args = std::make_shared<ReportArgs>();
    auto* cmd = app.add_subcommand("report",
                                   "Write report.html (self-contained, with charts) and report.md from a results.h5; "
                                   "or print the generated parameter and metric tables of the methods document");
    cmd->add_option("results", args->results, "results.h5 written by 'rubilnik run'");
    cmd->add_option("--out", args->out, "output folder (default: the folder of RESULTS.h5)");
    cmd->add_option("--format", args->format, "html, md or html,md")->capture_default_str();
    cmd->add_option("--sensitivity", args->sensitivity,
                    "a file with a /sensitivity group (Sobol indices) for the tornado chart");
    cmd->add_option("--methods-table", args->methods_table,
                    "print the Markdown tables of docs/methodology-parameters.md for this scenario and exit");
    cmd->add_flag("--quiet", args->quiet, "print nothing but errors");
    commands.push_back({cmd, [args] { return run(*args); }});
}

}  // namespace rubilnik::cli
