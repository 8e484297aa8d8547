// Each subcommand lives in its own file and registers itself here:
// add_<name>_command(app, commands) adds a CLI11 subcommand and the function
// that runs it. main.cpp owns the one catch ladder around all of them.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace rubilnik::cli {

struct Command {
    CLI::App* app = nullptr;
    std::function<int()> run;
    bool distributed = false;  // splits its draws across MPI ranks (run, sensitivity, batch)
};
using CommandList = std::vector<Command>;

// The whole command line, for provenance in outputs.
const std::string& command_line();

void add_run_command(CLI::App& app, CommandList& commands);
void add_compare_command(CLI::App& app, CommandList& commands);
void add_io_proxy_command(CLI::App& app, CommandList& commands);
void add_validate_command(CLI::App& app, CommandList& commands);
void add_info_command(CLI::App& app, CommandList& commands);
void add_sensitivity_command(CLI::App& app, CommandList& commands);
void add_sweep_command(CLI::App& app, CommandList& commands);
void add_report_command(CLI::App& app, CommandList& commands);
void add_topology_command(CLI::App& app, CommandList& commands);
// Chokepoint analysis (TARGET / --as-rel) on the `topology` command: cmd_chokepoints.cpp.
void add_topology_analysis(CLI::App& topology, CommandList& commands);
void add_import_command(CLI::App& app, CommandList& commands);
// `import stop`, added to the import group by add_import_command (cmd_import_stop.cpp).
void add_import_stop(CLI::App& import_group, CommandList& commands);
void add_baseline_command(CLI::App& app, CommandList& commands);
void add_batch_command(CLI::App& app, CommandList& commands);

}  // namespace rubilnik::cli
