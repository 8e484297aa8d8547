// rubilnik topology TARGET | --as-rel FILE --country CC: who can switch the
// country off, and how few orders it takes (docs/network-as.md,
// "rubilnik topology"). Attached to the `topology` command of
// cmd_topology.cpp, which also holds the large-topology subcommands.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "rubilnik/error.hpp"
#include "rubilnik/io/output.hpp"
#include "rubilnik/network/topology_report.hpp"
#include "rubilnik/scenario.hpp"

namespace rubilnik::cli {
namespace {

namespace fs = std::filesystem;

struct TopologyArgs {
    std::string target;
    std::string as_rel;
    std::string country;
    std::string names;
    std::string json;
    std::vector<double> shares{0.5, 0.9, 0.99};
};

bool ends_with(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

void require_file(const std::string& option, const std::string& path) {
    if (!fs::is_regular_file(path)) throw InputError(option + " " + path + ": no such file");
}

TopologyReport analyse_baseline(const TopologyArgs& a) {
    if (!a.country.empty() || !a.names.empty())
        throw InputError("--country and --names go with --as-rel; a baseline names its own country and AS graph");
    const fs::path p(a.target);
    if (!fs::exists(p)) throw InputError(a.target + ": no such baseline folder or scenario file");
    // A scenario stands for its baseline; its events play no part here.
    const bool baseline = fs::is_directory(p) || p.filename() == "baseline.toml";
    Scenario sc;
    Baseline b = baseline ? load_baseline(a.target) : (sc = load_scenario(a.target), std::move(sc.baseline));
    TopologyReport r;
    r.target = a.target;
    r.kind = baseline ? "baseline" : "scenario";
    r.country = b.country;
    r.layers.push_back(analyse_national_topology(b, r.shares = a.shares));
    if (has_as_topology(b)) r.layers.push_back(analyse_as_topology(b, load_as_topology(b), r.shares));
    return r;
}

TopologyReport analyse_file(const TopologyArgs& a) {
    if (!a.target.empty()) throw InputError("give a TARGET or --as-rel FILE, not both");
    if (a.country.empty()) throw InputError("--as-rel needs --country CC (the country whose ASes are analysed)");
    if (a.country.size() != 2)
        throw InputError("--country " + a.country + ": expected an ISO 3166-1 alpha-2 code like KZ");
    require_file("--as-rel", a.as_rel);
    TopologyReport r;
    r.target = a.as_rel;
    r.kind = "as-rel";
    r.country = a.country;
    for (auto& c : r.country) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    r.shares = a.shares;
    // A rubilnik extract carries its own names; a CAIDA file needs a list.
    if (ends_with(a.as_rel, ".csv") || ends_with(a.as_rel, ".csv.xz")) {
        auto extract = network::read_asrel_csv(a.as_rel);
        if (!a.names.empty()) {
            require_file("--names", a.names);
            extract.names = network::read_asn_names(a.names);
        }
        r.layers.push_back(analyse_as_rel(extract.graph, extract.names, r.country, r.shares, a.as_rel));
    } else {
        if (a.names.empty())
            throw InputError(
                "--as-rel " + a.as_rel +
                " is a CAIDA file, which says nothing about countries; give --names FILE (ASN:NAME, CC lines)");
        require_file("--names", a.names);
        const auto g = network::read_caida_asrel(a.as_rel);
        const auto names = network::read_asn_names(a.names);
        r.layers.push_back(analyse_as_rel(g, names, r.country, r.shares, a.as_rel));
    }
    return r;
}

int run_topology(const TopologyArgs& a) {
    if (a.target.empty() == a.as_rel.empty())
        throw InputError("give a TARGET (baseline folder or scenario file) or --as-rel FILE --country CC");
    check_shares(a.shares);
    if (!a.json.empty() && fs::is_directory(a.json))
        throw InputError("--json " + a.json + " is a directory; expected a file name");
    const auto t0 = std::chrono::steady_clock::now();
    auto r = a.as_rel.empty() ? analyse_baseline(a) : analyse_file(a);
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (r.layers.front().report.connected_ases == 0)
        throw InputError(r.target + ": no vertex of " + r.country +
                         " reaches the foreign internet; nothing to analyse");
    print_topology(std::cout, r);
    if (!a.json.empty()) {
        const auto text = topology_json(r);
        const fs::path out(a.json);
        if (out.has_parent_path()) fs::create_directories(out.parent_path());
        write_atomically(out, [&](const fs::path& tmp) {
            std::ofstream f(tmp, std::ios::binary);
            f << text;
            if (!f) throw std::runtime_error("cannot write " + tmp.string());
        });
        std::cout << "wrote " << a.json << "\n";
    }
    return kExitOk;
}

}  // namespace

void add_topology_analysis(CLI::App& topology, CommandList& commands) {
    auto args = std::make_shared<TopologyArgs>();
    topology.add_option("target", args->target, "chokepoints of a baseline folder, or of a scenario file's baseline");
    topology.add_option("--as-rel", args->as_rel,
                        "chokepoints of an AS graph instead: a CAIDA serial-1 file (as1|as2|rel, plain or .xz) or a "
                        "rubilnik extract (.csv, as written by `import caida-asrel`)");
    topology.add_option("--country", args->country, "with --as-rel: the country (ISO 3166-1 alpha-2, e.g. KZ)");
    topology.add_option("--names", args->names,
                        "with --as-rel: ASN list `ASN:NAME, CC` (plain or .xz) giving each AS's country; required "
                        "for a CAIDA file");
    topology.add_option("--json", args->json, "also write the full chokepoint report as JSON to this file");
    topology.add_option("--shares", args->shares, "shares of users to isolate, comma-separated")
        ->delimiter(',')
        ->capture_default_str();
    // The same App carries subcommands (generate, info) registered before
    // this; main runs the first parsed command, so they take precedence.
    CLI::App* app = &topology;
    commands.push_back({app, [args, app] {
                            if (!app->get_subcommands().empty()) return kExitOk;  // a subcommand ran instead
                            return run_topology(*args);
                        }});
}

}  // namespace rubilnik::cli
