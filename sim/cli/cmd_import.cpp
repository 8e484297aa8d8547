// rubilnik import KIND ...: turn external data into inputs the engine loads.
// Each kind is one add_import_<kind> function below and one line in
// add_import_command.
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "commands.hpp"
#include "rubilnik/error.hpp"
#include "rubilnik/io/output.hpp"
#include "rubilnik/network/caida.hpp"
#include "rubilnik/version.hpp"

namespace rubilnik::cli {
namespace {

namespace fs = std::filesystem;

std::string file_sha256(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream buf;
    buf << in.rdbuf();
    return sha256_hex(buf.str());
}

void write_text(const fs::path& path, const std::string& text) {
    write_atomically(path, [&](const fs::path& tmp) {
        std::ofstream out(tmp, std::ios::binary);
        out << text;
        out.close();
        if (!out) throw std::runtime_error("cannot write " + tmp.string());
    });
}

// ---------------------------------------------------------------------------
// import caida-asrel FILE [--country CC] [--names FILE] --out DIR

struct CaidaArgs {
    std::string file;
    std::string country;
    std::string names;
    std::string out;
};

// "20180101.as-rel.txt.xz" → "2018-01-01"; "" if the name carries no date.
std::string caida_date(const std::string& file) {
    const auto name = fs::path(file).filename().string();
    if (name.size() < 8) return "";
    for (std::size_t k = 0; k < 8; ++k)
        if (!std::isdigit(static_cast<unsigned char>(name[k]))) return "";
    return name.substr(0, 4) + "-" + name.substr(4, 2) + "-" + name.substr(6, 2);
}

std::string caida_sources_md(const CaidaArgs& a, const std::string& cc, const std::string& date,
                             const network::AsGraph& g, std::size_t written) {
    std::ostringstream s;
    const auto base = fs::path(a.file).filename().string();
    s << "# AS relationships" << (cc.empty() ? "" : ", " + cc) << (date.empty() ? "" : ", " + date) << "\n\n"
      << "Data: **The CAIDA AS Relationships Dataset" << (date.empty() ? "" : ", " + date) << "**,\n"
      << "https://www.caida.org/catalog/datasets/as-relationships/ (serial-1 file `" << base << "`).\n"
      << "Cite it as such whenever these files are used.\n\n"
      << "Written by `rubilnik import caida-asrel` (rubilnik " << version() << ", git " << git_sha() << "):\n\n"
      << "```\n"
      << command_line() << "\n```\n\n"
      << "| input | SHA-256 |\n|---|---|\n"
      << "| `" << base << "` | `" << file_sha256(a.file) << "` |\n";
    if (!a.names.empty())
        s << "| `" << fs::path(a.names).filename().string() << "` (ASN:NAME, CC) | `" << file_sha256(a.names)
          << "` |\n";
    s << "\n| file | what | rows |\n|---|---|---|\n"
      << "| `as-rel.csv` | " << (cc.empty() ? "every link of the file" : "every link with at least one end in " + cc)
      << " (" << g.num_links() << " links over " << g.num_vertices() << " ASes in the input) | " << written << " |\n\n"
      << "Columns: `as_a,as_b,rel` as in the CAIDA file (`rel` -1: `as_a` is a provider of `as_b`; 0: peers;\n"
      << "peers are written lower ASN first), `cc_a,cc_b` and `name_a,name_b` from the name list\n"
      << "(`??` = not in the list or unknown there), `source` naming the CAIDA file.\n"
      << "A baseline uses it with `[tables] as_rel = \"<folder>/as-rel.csv\"` (docs/network-as.md).\n\n"
      << "Caveats: CAIDA infers relationships from public BGP collectors, so many domestic peerings and\n"
      << "exchange sessions are missing and domestic redundancy is understated; the name list may\n"
      << "place an AS in the country of a later owner.\n";
    return s.str();
}

int import_caida_asrel(const CaidaArgs& a) {
    if (!fs::is_regular_file(a.file)) throw InputError(a.file + ": no such file");
    if (!a.country.empty() && a.names.empty())
        throw InputError(
            "--country " + a.country +
            " needs --names FILE: a CAIDA file says nothing about countries (ASN:NAME, CC lines give them)");
    if (!a.country.empty() && a.country.size() != 2)
        throw InputError("--country " + a.country + ": expected an ISO 3166-1 alpha-2 code like KZ");
    if (!a.names.empty() && !fs::is_regular_file(a.names)) throw InputError("--names " + a.names + ": no such file");
    if (fs::exists(a.out) && !fs::is_directory(a.out))
        throw InputError("--out " + a.out + " exists and is not a directory");
    std::string cc = a.country;
    for (auto& c : cc) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));

    // Read and check everything before touching the output folder.
    const auto g = network::read_caida_asrel(a.file);
    const auto names = a.names.empty() ? network::AsNames{} : network::read_asn_names(a.names);
    std::size_t in_graph = 0;
    const auto domestic = network::country_ases(names, cc);
    for (auto asn : domestic) in_graph += g.find(asn) ? 1 : 0;
    if (!cc.empty() && in_graph == 0)
        throw InputError("--country " + cc + ": none of the " + std::to_string(domestic.size()) + " ASes that " +
                         a.names + " places in " + cc + " appears in " + a.file);
    const auto date = caida_date(a.file);
    std::string source = "CAIDA AS Relationships";
    if (!date.empty()) source.append(" ").append(date);
    source.append(" (").append(fs::path(a.file).filename().string()).append(")");
    std::ostringstream csv;
    const auto written = network::write_asrel_csv(csv, g, names, cc, source);
    const auto sources = caida_sources_md(a, cc, date, g, written);

    fs::create_directories(a.out);
    const auto csv_path = fs::path(a.out) / "as-rel.csv";
    write_text(csv_path, csv.str());
    write_text(fs::path(a.out) / "SOURCES.md", sources);
    std::cout << "read " << g.num_links() << " links over " << g.num_vertices() << " ASes from " << a.file << "\n";
    if (!cc.empty())
        std::cout << cc << ": " << domestic.size() << " ASes in the name list, " << in_graph
                  << " of them in the graph\n";
    std::cout << "wrote " << written << " links to " << csv_path.string() << " and "
              << (fs::path(a.out) / "SOURCES.md").string() << "\n"
              << "use it from a baseline: [tables] as_rel = \"<path from baseline.toml>/as-rel.csv\"\n";
    return kExitOk;
}

void add_import_caida_asrel(CLI::App& group, CommandList& commands) {
    auto args = std::make_shared<CaidaArgs>();
    auto* cmd = group.add_subcommand(
        "caida-asrel",
        "CAIDA AS relationships (serial-1 `as1|as2|rel`, plain or .xz) → DIR/as-rel.csv and DIR/SOURCES.md, "
        "the AS graph a baseline names with [tables] as_rel");
    cmd->add_option("file", args->file, "CAIDA serial-1 file, e.g. 20180101.as-rel.txt.xz")->required();
    cmd->add_option("--country", args->country,
                    "keep only links with at least one end in this country (ISO 3166-1 alpha-2; needs --names)");
    cmd->add_option("--names", args->names, "ASN list `ASN:NAME, CC` (plain or .xz) for the cc_* and name_* columns");
    cmd->add_option("--out", args->out, "folder to write as-rel.csv and SOURCES.md into (created if missing)")
        ->required();
    commands.push_back({cmd, [args] { return import_caida_asrel(*args); }});
}

}  // namespace

void add_import_command(CLI::App& app, CommandList& commands) {
    auto* group = app.add_subcommand("import", "Convert external data into inputs the engine loads");
    group->require_subcommand(1);
    add_import_caida_asrel(*group, commands);
    add_import_stop(*group, commands);
}

}  // namespace rubilnik::cli
