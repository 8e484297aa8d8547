// rubilnik io-proxy --data DIR --out FILE [--provenance FILE]: rebuilds the
// Kazakhstan input–output proxy table (docs/io-proxy.md) from its three
// source files, so the shipped table can be regenerated and checked by a
// command rather than trusted.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "commands.hpp"
#include "rubilnik/economy/io_proxy.hpp"
#include "rubilnik/error.hpp"
#include "rubilnik/io/input_file.hpp"
#include "rubilnik/io/output.hpp"

namespace rubilnik::cli {
namespace {

namespace fs = std::filesystem;

struct IoProxyArgs {
    std::string data;
    std::string out;
    std::string provenance;
};

std::string joined(const std::string& dir, const std::string& file) { return (fs::path(dir) / file).string(); }

std::string sha256_of(const std::string& path) { return sha256_hex(read_input_file(path, kMaxTableBytes, "tables")); }

int run(const IoProxyArgs& a) {
    for (const auto* path : {&a.out, &a.provenance})
        if (!path->empty() && fs::is_directory(*path))
            throw InputError(*path + " is a directory; --out and --provenance name files");
    // Everything that can fail on input happens before anything is written.
    const auto proxy = economy::build_kz_io_proxy_detailed(a.data);
    economy::write_io_table(proxy.table, a.out);

    if (!a.provenance.empty()) {
        std::ostringstream cmd;
        cmd << "rubilnik io-proxy --data " << a.data << " --out " << a.out << " --provenance " << a.provenance;
        std::string text = economy::kz_io_proxy_provenance(proxy, a.data, cmd.str());
        // The order sha256sum prints for a glob of the inputs, then the output.
        std::vector<std::string> inputs = {economy::kKzProxyWiodFile, economy::kKzProxyAdbFile,
                                           economy::kKzProxyGvaFile};
        std::sort(inputs.begin(), inputs.end());
        std::ostringstream sums;
        sums << "\nSHA-256 of the inputs and the output (sha256sum, run where the command ran):\n";
        for (const auto& f : inputs) sums << "  " << sha256_of(joined(a.data, f)) << "  " << joined(a.data, f) << "\n";
        sums << "  " << sha256_of(a.out) << "  " << a.out << "\n";
        text.append(sums.str());
        write_atomically(a.provenance, [&](const fs::path& tmp) {
            std::ofstream out(tmp, std::ios::binary);
            out << text;
            if (!out.flush()) throw InputError(tmp.string() + ": write failed");
        });
    }

    const auto& t = proxy.table;
    std::cout << "wrote " << a.out << ": " << t.size() << " sectors, year " << proxy.year << ", RAS "
              << proxy.ras_iterations << " iterations (largest relative deviation " << proxy.ras_residual
              << "), spectral radius of A " << t.spectral_radius() << "\n";
    if (!a.provenance.empty()) std::cout << "wrote " << a.provenance << "\n";
    return kExitOk;
}

}  // namespace

void add_io_proxy_command(CLI::App& app, CommandList& commands) {
    auto args = std::make_shared<IoProxyArgs>();
    auto* cmd = app.add_subcommand(
        "io-proxy",
        "Rebuild the Kazakhstan input-output proxy table (RAS of WIOD Russia 2014 to ADB MRIO and BNS 2021 totals; "
        "docs/io-proxy.md)");
    cmd->add_option("--data", args->data, "folder with the three source CSVs (scenarios/countries/kz/io/source)")
        ->required();
    cmd->add_option("--out", args->out, "table to write (layout of scenarios/countries/kz/io/io_table.csv)")
        ->required();
    cmd->add_option("--provenance", args->provenance,
                    "also write how the table was built, with the SHA-256 of inputs and output (io_table.source.txt)");
    commands.push_back({cmd, [args] { return run(*args); }});
}

}  // namespace rubilnik::cli
