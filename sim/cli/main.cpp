// rubilnik command line. One catch ladder (STYLE.md practice 4): the user's
// mistakes exit 2 with a plain message; our bugs exit 70 and ask for a report.
#include <iostream>

#include "commands.hpp"
#include "rubilnik/error.hpp"
#include "rubilnik/ranks.hpp"
#include "rubilnik/version.hpp"

namespace rubilnik::cli {
namespace {
std::string g_command_line;
}
const std::string& command_line() { return g_command_line; }
}  // namespace rubilnik::cli

int main(int argc, char** argv) {
    using namespace rubilnik;
    const ranks::Session mpi(argc, argv);  // MPI builds only; a no-op otherwise
    for (int i = 0; i < argc; ++i) cli::g_command_line += (i ? " " : "") + std::string(argv[i]);

    CLI::App app{
        "rubilnik: simulate national internet shutdowns and estimate their human and economic impact.\n"
        "Exit codes: 0 ok, 2 bad input, 70 internal error."};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("rubilnik ") + version());
    cli::CommandList commands;
    cli::add_run_command(app, commands);
    cli::add_compare_command(app, commands);
    cli::add_io_proxy_command(app, commands);
    cli::add_validate_command(app, commands);
    cli::add_info_command(app, commands);
    cli::add_sensitivity_command(app, commands);
    cli::add_sweep_command(app, commands);
    cli::add_report_command(app, commands);
    cli::add_topology_command(app, commands);
    cli::add_import_command(app, commands);
    cli::add_baseline_command(app, commands);
    cli::add_batch_command(app, commands);

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

    // Under `mpirun -np K` (docs/scaling.md): an error on any rank ends every
    // rank with its exit code, since the others may wait in a gather.
    const auto fail = [](int code) {
        if (ranks::size() > 1) ranks::abort_all(code);
        return code;
    };
    const std::string who =
        ranks::size() > 1 ? "rubilnik (rank " + std::to_string(ranks::rank()) + "): " : "rubilnik: ";
    try {
        for (const auto& c : commands) {
            if (!c.app->parsed()) continue;
            if (ranks::size() > 1 && !c.distributed)
                throw InputError(std::string("'") + c.app->get_name() +
                                 "' does not run across MPI ranks; only run, sensitivity and batch do: start it "
                                 "without mpirun (or with -np 1)");
            const int code = c.run();
            return code == kExitOk ? code : fail(code);
        }
    } catch (const InputError& e) {
        std::cerr << who << "error: " << e.what() << "\n";
        return fail(kExitInputError);
    } catch (const std::exception& e) {
        std::cerr
            << who << "internal error: " << e.what()
            << "\nThis is a bug in rubilnik, not in your input; please report it with the command line and inputs.\n";
        return fail(kExitInternalError);
    }
    return fail(kExitInternalError);
}
