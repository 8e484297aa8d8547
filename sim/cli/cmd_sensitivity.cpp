// rubilnik sensitivity FILE: Sobol indices of the headline metrics over the
// scenario's uncertain parameters, as a tornado table, JSON and HDF5.
#include <filesystem>
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "progress.hpp"
#include "rubilnik/engine.hpp"
#include "rubilnik/error.hpp"
#include "rubilnik/ranks.hpp"
#include "rubilnik/sensitivity_run.hpp"

namespace rubilnik::cli {
namespace {

namespace fs = std::filesystem;

struct SensitivityArgs {
    std::string file;
    std::size_t draws = 1000;
    std::uint64_t seed = 20220105;
    std::size_t threads = 0;
    std::string json;
    std::string out;
    std::vector<std::string> metrics;
    std::size_t top = 10;
    std::size_t resamples = 500;
    bool quiet = false;
};

void check_output_folder(const fs::path& p, const char* option) {
    if (fs::exists(p) && !fs::is_directory(p))
        throw InputError(std::string(option) + " " + p.string() + " exists and is not a directory");
}

int sensitivity(const SensitivityArgs& a) {
    if (a.threads > 1024) throw InputError("--threads " + std::to_string(a.threads) + " is more than 1024");
    if (a.resamples > 100000) throw InputError("--resamples " + std::to_string(a.resamples) + " is more than 100000");
    // Everything that can fail on input happens before any output is touched.
    const Scenario sc = load_scenario(a.file);
    const Engine engine(sc);
    if (!a.out.empty()) check_output_folder(a.out, "--out");
    if (!a.json.empty()) {
        const auto parent = fs::path(a.json).parent_path();
        if (!parent.empty() && !fs::is_directory(parent))
            throw InputError("--json " + a.json + ": folder " + parent.string() + " does not exist");
    }

    SensitivityOptions opt;
    opt.seed = a.seed;
    opt.base_rows = a.draws;
    opt.threads = a.threads;
    opt.metrics = a.metrics;
    opt.resamples = a.resamples;
    ProgressBar bar("evaluations", a.quiet || !ranks::root());
    opt.progress = bar.callback();
    const auto rep = run_sensitivity(engine, opt);
    bar.finish();
    if (!ranks::root()) return kExitOk;  // under MPI rank 0 holds every row and alone writes

    if (!a.json.empty()) write_sensitivity_json(a.json, engine, rep);
    if (!a.out.empty()) {
        fs::create_directories(a.out);
        write_sensitivity_h5(fs::path(a.out) / "sensitivity.h5", engine, rep, command_line());
    }
    if (!a.quiet) {
        std::cout << sc.title << "\n";
        print_tornado(std::cout, rep, a.top);
        std::cout << "\n(" << rep.seconds << " s";
        if (!a.json.empty()) std::cout << "; wrote " << a.json;
        if (!a.out.empty()) std::cout << "; wrote " << (fs::path(a.out) / "sensitivity.h5").string();
        std::cout << ")\n";
    }
    return kExitOk;
}

}  // namespace

void add_sensitivity_command(CLI::App& app, CommandList& commands) {
    auto args = std::make_shared<SensitivityArgs>();
    auto* cmd = app.add_subcommand(
        "sensitivity",
        "Sobol first-order (S1) and total (ST) indices with bootstrap intervals: which uncertain parameters drive "
        "the headline metrics (a correlation group counts as one factor)");
    cmd->add_option("file", args->file, "scenario TOML file")->required();
    cmd->add_option("--draws", args->draws,
                    "base rows N of the Saltelli design; the model runs N x (factors + 2) times")
        ->capture_default_str();
    cmd->add_option("--seed", args->seed, "seed; design matrix A equals the draws of `run` with this seed")
        ->capture_default_str();
    cmd->add_option("--threads", args->threads,
                    "worker threads (0 = all cores); under mpirun, per rank (docs/scaling.md)")
        ->capture_default_str();
    cmd->add_option("--metric", args->metrics,
                    "metric id to analyse (repeatable); default: GDP loss total, person-hours offline, users "
                    "affected and the payments, mining, welfare and telecom money metrics that exist");
    cmd->add_option("--top", args->top, "factors per metric in the table (0 = all)")->capture_default_str();
    cmd->add_option("--resamples", args->resamples, "bootstrap resamples for the 95 % intervals (0 = none)")
        ->capture_default_str();
    cmd->add_option("--json", args->json, "write the indices as JSON (schema rubilnik.sensitivity/1) to this file");
    cmd->add_option("--out", args->out, "write DIR/sensitivity.h5 (HDF5 group /sensitivity)");
    cmd->add_flag("--quiet", args->quiet, "print nothing but errors");
    commands.push_back({cmd, [args] { return sensitivity(*args); }, true});
}

}  // namespace rubilnik::cli
