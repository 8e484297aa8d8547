// rubilnik topology: chokepoints of a baseline or an AS graph
// (cmd_chokepoints.cpp), and the router/cell-level topology tools
// (generate a synthetic country, inspect a topology file).
//
// NOTE for the large-topology owner: the original of this file was
// overwritten by accident while the chokepoint command was being added.
// `generate` and `info` below are a RECONSTRUCTION from the compiled object's
// strings and the headers synthetic.hpp / topology.hpp; replace them with the
// original, keeping the call to add_topology_analysis() after the subcommands.
#include <chrono>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "rubilnik/error.hpp"
#include "rubilnik/network/synthetic.hpp"
#include "rubilnik/network/topology.hpp"

namespace rubilnik::cli {
namespace {

namespace fs = std::filesystem;

struct GenerateArgs {
    network::SyntheticOptions options;
    std::string out;
    bool quiet = false;
};

int generate(const GenerateArgs& a) {
    if (a.out.empty()) throw InputError("--out is required: the folder to write the baseline into");
    if (fs::exists(a.out) && !fs::is_directory(a.out))
        throw InputError("--out " + a.out + " exists and is not a directory");
    const auto t0 = std::chrono::steady_clock::now();
    const auto country = network::generate_synthetic(a.options);
    network::write_synthetic_baseline(country, a.out);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!a.quiet) {
        const auto& t = country.topology;
        std::cout << "generated " << t.num_vertices() << " vertices, " << t.graph.num_edges() << " edges, "
                  << country.regions.size() << " regions, " << country.operators.size() << " operators, "
                  << country.named.size() << " named nodes (seed " << a.options.seed << ") in " << s << " s; wrote "
                  << a.out << "\n"
                  << "replay: rubilnik run " << (fs::path(a.out) / "replay.toml").string() << "\n";
    }
    return kExitOk;
}

void print_memory(const network::Topology& t) {
    const double n = static_cast<double>(t.num_vertices());
    const double mib = 1024.0 * 1024.0;
    const double all = static_cast<double>(t.memory_bytes());
    const double csr = static_cast<double>(t.graph.memory_bytes());
    std::cout << std::fixed << std::setprecision(1) << "memory: " << all / mib << " MiB in all ("
              << (n > 0 ? all / n : 0.0) << " B per vertex); CSR " << csr / mib
              << " MiB = 4 B per vertex + 8 B per edge; attributes 8 B per vertex\n";
}

int info(const std::string& target) {
    const fs::path p = fs::is_directory(target) ? fs::path(target) / "topology.bin" : fs::path(target);
    if (!fs::exists(p)) throw InputError(p.string() + ": no such topology file");
    const auto t = network::read_topology(p.string());
    std::cout << p.string() << ": format " << network::kTopologyFormatVersion << ", " << t.num_vertices()
              << " vertices, " << t.graph.num_edges() << " edges, " << t.region_ids.size() << " regions, "
              << t.operator_ids.size() << " operators, " << t.label_names.size() << " named nodes (" << t.labels.size()
              << " bound vertices), payload checksum " << std::hex << t.checksum << std::dec << "\n";
    std::vector<std::size_t> count(network::kVertexKinds, 0);
    std::size_t fixed = 0;
    double users = 0;
    for (network::Vertex v = 0; v < t.num_vertices(); ++v) {
        ++count[static_cast<std::size_t>(t.kind_of(v))];
        if (t.kind_of(v) == network::VertexKind::access) {
            fixed += t.fixed_access(v) ? 1 : 0;
            users += t.users[v];
        }
    }
    for (std::size_t k = 0; k < count.size(); ++k) {
        std::cout << "  " << std::left << std::setw(16)
                  << network::vertex_kind_name(static_cast<network::VertexKind>(k)) << std::right << count[k];
        if (static_cast<network::VertexKind>(k) == network::VertexKind::access)
            std::cout << "  of which fixed access " << fixed << "; users " << std::fixed << std::setprecision(0)
                      << users;
        std::cout << "\n";
    }
    print_memory(t);
    return kExitOk;
}

}  // namespace

void add_topology_command(CLI::App& app, CommandList& commands) {
    auto* cmd = app.add_subcommand(
        "topology",
        "Chokepoints: the fewest operators and ASes whose cut isolates a share of the users from the foreign "
        "internet (TARGET or --as-rel); router- and cell-level topologies: generate a synthetic country, inspect a "
        "topology file");

    auto gen = std::make_shared<GenerateArgs>();
    auto* g = cmd->add_subcommand("generate",
                                  "Write a synthetic national topology as a baseline folder (baseline.toml, CSV "
                                  "tables, topology.bin) plus replay.toml, deterministic from the seed");
    g->add_option("--nodes", gen->options.nodes, "vertices of the router/cell graph, exactly (up to 1e8)")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    g->add_option("--regions", gen->options.regions, "regions (1-1000)")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    g->add_option("--operators", gen->options.operators, "operators (1-16); op0 is the incumbent")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    g->add_option("--seed", gen->options.seed, "seed of the counter-based generator")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    g->add_option("--population", gen->options.population, "people in the country")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    g->add_option("--out", gen->out, "folder to write (created if missing)");
    g->add_flag("--quiet", gen->quiet, "print nothing but errors");
    commands.push_back({g, [gen] { return generate(*gen); }});

    auto file = std::make_shared<std::string>();
    auto* i = cmd->add_subcommand("info", "Check a topology file and print its counts and memory");
    i->add_option("file", *file, "topology.bin, or a baseline folder holding one")
        ->required()
        ->check(CLI::ExistingPath);
    commands.push_back({i, [file] { return info(*file); }});

    // TARGET / --as-rel on `topology` itself; after the subcommands so that
    // they run first when named.
    add_topology_analysis(*cmd, commands);
}

}  // namespace rubilnik::cli
