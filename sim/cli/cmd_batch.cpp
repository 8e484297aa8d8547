// rubilnik batch DIR|LIST: many scenarios, one result folder each, and the
// combined tables batch.csv and batch.h5 (docs/output-format.md "Batch").
#include <filesystem>
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "rubilnik/batch.hpp"
#include "rubilnik/engine.hpp"
#include "rubilnik/error.hpp"
#include "rubilnik/ranks.hpp"

namespace rubilnik::cli {
namespace {

namespace fs = std::filesystem;

struct BatchArgs {
    std::string input;
    BatchOptions options;
    bool quiet = false;
};

int run(BatchArgs& a) {
    if (a.options.threads > 1024)
        throw InputError("--threads " + std::to_string(a.options.threads) + " is more than 1024");
    const auto files = batch_inputs(a.input);
    if (a.options.out_folder.empty()) {
        auto stem = fs::path(a.input).lexically_normal().filename();
        if (stem.empty() || stem == ".") stem = fs::path(a.input).lexically_normal().parent_path().filename();
        a.options.out_folder = (fs::path("out") / stem.stem()).string();
    }
    if (fs::exists(a.options.out_folder) && !fs::is_directory(a.options.out_folder))
        throw InputError("--out " + a.options.out_folder + " exists and is not a directory");
    a.options.command_line = command_line();
    const auto report = run_batch(files, a.options, [&](const BatchItemResult& r, std::size_t i, std::size_t n) {
        if (!ranks::root() || (a.quiet && r.status != BatchStatus::failed)) return;
        std::cout << "[" << i << "/" << n << "] " << r.name << ": " << batch_status_name(r.status);
        if (r.status == BatchStatus::failed) std::cout << ": " << r.error;
        else std::cout << " (" << r.seconds << " s)";
        std::cout << std::endl;
    });
    if (!ranks::root()) return report.failed ? kExitInputError : kExitOk;
    std::cout << report.computed << " computed, " << report.resumed << " resumed, " << report.failed
              << " failed; wrote " << (fs::path(a.options.out_folder) / "batch.csv").string() << " and "
              << (fs::path(a.options.out_folder) / "batch.h5").string() << "\n";
    return report.failed ? kExitInputError : kExitOk;
}

}  // namespace

void add_batch_command(CLI::App& app, CommandList& commands) {
    auto args = std::make_shared<BatchArgs>();
    auto* cmd = app.add_subcommand(
        "batch",
        "Run many scenarios: one result folder each, plus batch.csv and batch.h5 with ranges per scenario "
        "and totals per country and year");
    cmd->add_option("input", args->input,
                    "folder of scenario files (*.toml, not searched recursively) or a list file (one path per line)")
        ->required();
    cmd->add_option("--out", args->options.out_folder, "output folder (default: out/<input name>)");
    cmd->add_option("--draws", args->options.draws,
                    "draws per scenario; 1 = one central run with every parameter at its median")
        ->capture_default_str();
    cmd->add_option("--seed", args->options.seed, "seed of the counter-based generator")->capture_default_str();
    cmd->add_option(
           "--threads", args->options.threads,
           "worker threads for each scenario's draws (0 = all cores); under mpirun, per rank (docs/scaling.md)")
        ->capture_default_str();
    cmd->add_flag("--resume", args->options.resume,
                  "keep results that are complete for the same scenario, baseline, seed and draws; run the rest");
    cmd->add_flag("--quiet", args->quiet, "print only failures and the final line");
    commands.push_back({cmd, [args] { return run(*args); }, true});
}

}  // namespace rubilnik::cli
