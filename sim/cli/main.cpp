// rubilnik command line. One catch ladder (STYLE.md practice 4): the user's
// mistakes exit 2 with a plain message; our bugs exit 70 and ask for a report.
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <thread>

#include <CLI/CLI.hpp>

#include "rubilnik/engine.hpp"
#include "rubilnik/error.hpp"
#include "rubilnik/io/output.hpp"
#include "rubilnik/version.hpp"

namespace fs = std::filesystem;
using namespace rubilnik;

namespace {

std::string join_args(int argc, char** argv) {
    std::string s;
    for (int i = 0; i < argc; ++i) s += (i ? " " : "") + std::string(argv[i]);
    return s;
}

struct RunArgs {
    std::string file;
    std::string out;
    std::uint64_t seed = 20220105;
    std::size_t draws = 1;
    std::size_t threads = 0;
    bool quiet = false;
};

int cmd_run(const RunArgs& a, const std::string& command_line) {
    if (a.draws < 1 || a.draws > kMaxDraws)
        throw InputError("--draws " + std::to_string(a.draws) + " is outside 1.." + std::to_string(kMaxDraws));
    if (a.threads > 1024) throw InputError("--threads " + std::to_string(a.threads) + " is more than 1024");
    // Everything that can fail on input happens before any output is touched.
    const Scenario sc = load_scenario(a.file);
    const Engine engine(sc);
    RunOptions opt;
    opt.seed = a.seed;
    opt.draws = a.draws;
    opt.threads = a.threads;
    const bool tty = ::isatty(2) && !a.quiet;
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

    const fs::path out = a.out.empty() ? fs::path("out") / sc.name : fs::path(a.out);
    if (fs::exists(out) && !fs::is_directory(out))
        throw InputError("--out " + out.string() + " exists and is not a directory");
    fs::create_directories(out);
    write_results_h5(out / "results.h5", engine, res, command_line);
    write_summary_json(out / "summary.json", engine, res);
    if (!a.quiet) {
        print_headline(std::cout, engine, res);
        std::cout << "\nwrote " << (out / "summary.json").string() << " and " << (out / "results.h5").string() << " ("
                  << res.seconds << " s)\n";
    }
    return kExitOk;
}

int cmd_validate(const std::vector<std::string>& files) {
    for (const auto& f : files) {
        const fs::path p(f);
        if (fs::is_directory(p) || p.filename() == "baseline.toml") {
            const auto b = load_baseline(f);
            std::cout << "ok  " << f << ": baseline '" << b.name << "', " << b.regions.size() << " regions, "
                      << b.operators.size() << " operators, " << b.sectors.size() << " sectors, " << b.nodes.size()
                      << " nodes, " << b.parameters.size() << " parameters\n";
        } else {
            const auto sc = load_scenario(f);
            const auto tl = compile_timeline(sc);
            // Building the engine checks that every parameter a channel needs exists.
            const Engine engine(sc);
            std::cout << "ok  " << f << ": scenario '" << sc.name << "', " << sc.events.size() << " events, "
                      << tl.segments.size() << " segments, " << tl.states.size() << " distinct network states, "
                      << tl.hours << " hours\n";
        }
    }
    return kExitOk;
}

int cmd_info() {
    std::cout << "rubilnik " << version() << "\n"
              << "git SHA        " << git_sha() << "\n"
              << "build options  " << build_options() << "\n"
              << "threads        " << std::thread::hardware_concurrency() << " hardware threads\n"
              << "libraries      " << library_versions() << ", CLI11 " << CLI11_VERSION << "\n"
              << "limits         draws <= " << kMaxDraws << ", window <= 366 days\n";
    return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"rubilnik: simulate national internet shutdowns and estimate their human and economic impact.\n"
                 "Exit codes: 0 ok, 2 bad input, 70 internal error."};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("rubilnik ") + version());

    RunArgs run_args;
    auto* run = app.add_subcommand("run", "Replay a scenario: print the headline table, write summary.json and results.h5");
    run->add_option("file", run_args.file, "scenario TOML file")->required();
    run->add_option("--out", run_args.out, "output folder (default: out/<scenario-name>)");
    run->add_option("--seed", run_args.seed, "seed of the counter-based generator")->capture_default_str();
    run->add_option("--draws", run_args.draws,
                    "number of draws; 1 = one central run with every parameter at its median")
        ->capture_default_str();
    run->add_option("--threads", run_args.threads, "worker threads (0 = all cores)")->capture_default_str();
    run->add_flag("--quiet", run_args.quiet, "print nothing but errors");

    std::vector<std::string> validate_files;
    auto* validate = app.add_subcommand("validate", "Check baselines (folders) and scenarios (TOML) without running");
    validate->add_option("files", validate_files, "baseline folders or scenario files")->required();

    auto* info = app.add_subcommand("info", "Version, git SHA, build options, library versions, thread count");

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::Success& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return kExitInputError;
    }

    try {
        if (*run) return cmd_run(run_args, join_args(argc, argv));
        if (*validate) return cmd_validate(validate_files);
        if (*info) return cmd_info();
    } catch (const InputError& e) {
        std::cerr << "rubilnik: error: " << e.what() << "\n";
        return kExitInputError;
    } catch (const std::exception& e) {
        std::cerr << "rubilnik: internal error: " << e.what()
                  << "\nThis is a bug in rubilnik, not in your input; please report it with the command line and inputs.\n";
        return kExitInternalError;
    }
    return kExitInternalError;
}
