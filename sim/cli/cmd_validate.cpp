// rubilnik validate FILE...: check baselines and scenarios without running;
// rubilnik info: version, git SHA, build options, libraries, threads.
#include <filesystem>
#include <iostream>
#include <memory>
#include <thread>

#include "commands.hpp"
#include "rubilnik/engine.hpp"
#include "rubilnik/error.hpp"
#include "rubilnik/version.hpp"

namespace rubilnik::cli {
namespace {

namespace fs = std::filesystem;

int validate(const std::vector<std::string>& files) {
    for (const auto& f : files) {
        const fs::path p(f);
        if (fs::is_directory(p) || p.filename() == "baseline.toml") {
            const auto b = load_baseline(f);
            std::cout << "ok  " << f << ": baseline '" << b.name << "', " << b.regions.size() << " regions, "
                      << b.operators.size() << " operators, " << b.sectors.size() << " sectors, " << b.nodes.size()
                      << " nodes, " << b.parameters.size() << " parameters\n";
        } else {
            const auto sc = load_scenario(f);
            // Building the engine checks that every parameter a channel needs exists.
            const Engine engine(sc);
            const auto& tl = engine.timeline();
            std::cout << "ok  " << f << ": scenario '" << sc.name << "', " << sc.events.size() << " events, "
                      << tl.segments.size() << " segments, " << tl.states.size() << " distinct network states, "
                      << tl.hours << " hours\n";
        }
    }
    return kExitOk;
}

int info() {
    std::cout << "rubilnik " << version() << "\n"
              << "git SHA        " << git_sha() << "\n"
              << "build options  " << build_options() << "\n"
              << "threads        " << std::thread::hardware_concurrency() << " hardware threads\n"
              << "libraries      " << library_versions() << ", CLI11 " << CLI11_VERSION << "\n"
              << "limits         draws <= " << kMaxDraws << ", window <= 366 days\n";
    return kExitOk;
}

}  // namespace

void add_validate_command(CLI::App& app, CommandList& commands) {
    auto files = std::make_shared<std::vector<std::string>>();
    auto* cmd = app.add_subcommand("validate", "Check baselines (folders) and scenarios (TOML) without running");
    cmd->add_option("files", *files, "baseline folders or scenario files")->required();
    commands.push_back({cmd, [files] { return validate(*files); }});
}

void add_info_command(CLI::App& app, CommandList& commands) {
    auto* cmd = app.add_subcommand("info", "Version, git SHA, build options, library versions, thread count");
    commands.push_back({cmd, [] { return info(); }});
}

}  // namespace rubilnik::cli
