// rubilnik run FILE: replay a scenario, print the headline, write results.
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "rubilnik/engine.hpp"
#include "rubilnik/error.hpp"
#include "rubilnik/io/csv_export.hpp"
#include "rubilnik/io/output.hpp"
#include "rubilnik/ranks.hpp"
#include "rubilnik/report.hpp"

namespace rubilnik::cli {
namespace {

namespace fs = std::filesystem;

struct RunArgs {
    std::string file;
    std::string out;
    std::uint64_t seed = 20220105;
    std::size_t draws = 1;
    std::size_t threads = 0;
    bool quiet = false;
    bool report = false;
    bool csv = false;
};

int run(const RunArgs& a) {
    if (a.draws < 1 || a.draws > kMaxDraws)
        throw InputError("--draws " + std::to_string(a.draws) + " is outside 1.." + std::to_string(kMaxDraws));
    if (a.threads > 1024) throw InputError("--threads " + std::to_string(a.threads) + " is more than 1024");
    // Everything that can fail on input happens before any output is touched.
    const Scenario sc = load_scenario(a.file);
    const Engine engine(sc);
    const fs::path out = a.out.empty() ? fs::path("out") / sc.name : fs::path(a.out);
    if (fs::exists(out) && !fs::is_directory(out))
        throw InputError("--out " + out.string() + " exists and is not a directory");

    RunOptions opt;
    opt.seed = a.seed;
    opt.draws = a.draws;
    opt.threads = a.threads;
    const bool tty = ::isatty(2) && !a.quiet && ranks::root();
    const auto t0 = std::chrono::steady_clock::now();
    bool drew = false;
    if (tty && a.draws > 1)
        opt.progress = [&](std::size_t done, std::size_t total) {
            const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            if (s < 1.0 && done < total) return;  // only for runs over a second
            const int width = 40;
            const int filled = static_cast<int>(width * static_cast<double>(done) / static_cast<double>(total));
            std::cerr << "\r[" << std::string(filled, '#') << std::string(width - filled, ' ') << "] " << done << "/"
                      << total << " draws" << std::flush;
            drew = true;
        };
    const auto res = engine.run(opt);
    if (drew) std::cerr << "\n";
    if (!ranks::root()) return kExitOk;  // under MPI rank 0 holds every statistic and alone writes

    // Both files staged, then renamed together: a killed run leaves the
    // previous pair whole, never a new results.h5 beside an old summary.json.
    std::vector<ResultFile> files = {
        {"results.h5", [&](const fs::path& p) { write_results_h5(p, engine, res, command_line()); }},
        {"summary.json", [&](const fs::path& p) { write_summary_json(p, engine, res); }}};
    if (a.csv) {
        files.push_back({"summary.csv", [&](const fs::path& p) { write_text_file(p, summary_csv(engine, res)); }});
        files.push_back({"series.csv", [&](const fs::path& p) { write_text_file(p, series_csv(engine, res)); }});
    }
    write_result_set(out, files);
    if (!a.quiet) {
        print_headline(std::cout, engine, res);
        std::cout << "\nwrote " << (out / "summary.json").string() << " and " << (out / "results.h5").string() << " ("
                  << res.seconds << " s)\n";
        if (a.csv)
            std::cout << "wrote " << (out / "summary.csv").string() << " and " << (out / "series.csv").string() << "\n";
    }
    // From the saved file, like `rubilnik report`, so both give the same report.
    if (a.report) {
        report::write_report(out / "results.h5", out, report::ReportOptions{});
        if (!a.quiet)
            std::cout << "wrote " << (out / "report.html").string() << " and " << (out / "report.md").string() << "\n";
    }
    return kExitOk;
}

}  // namespace

void add_run_command(CLI::App& app, CommandList& commands) {
    auto args = std::make_shared<RunArgs>();
    auto* cmd =
        app.add_subcommand("run", "Replay a scenario: print the headline table, write summary.json and results.h5");
    cmd->add_option("file", args->file, "scenario TOML file")->required();
    cmd->add_option("--out", args->out, "output folder (default: out/<scenario-name>)");
    cmd->add_option("--seed", args->seed, "seed of the counter-based generator")->capture_default_str();
    cmd->add_option("--draws", args->draws, "number of draws; 1 = one central run with every parameter at its median")
        ->capture_default_str();
    cmd->add_option("--threads", args->threads,
                    "worker threads (0 = all cores); under mpirun, per rank (docs/scaling.md)")
        ->capture_default_str();
    cmd->add_flag("--quiet", args->quiet, "print nothing but errors");
    cmd->add_flag("--csv", args->csv,
                  "also write summary.csv and series.csv (docs/output-format.md) into the output folder");
    cmd->add_flag("--report", args->report,
                  "also write report.html and report.md (with charts) into the output folder");
    commands.push_back({cmd, [args] { return run(*args); }, true});
}

}  // namespace rubilnik::cli
