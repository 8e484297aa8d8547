// The Kazakhstan input–output proxy. No public Kazakhstan IO flow table
// exists, so one is built (docs/io-proxy.md): Russia's WIOD 2016 domestic
// flows for 2014, aggregated to the 20 NACE sections, give the pattern of who
// buys from whom; RAS rescales that pattern to Kazakhstan's own row and
// column totals for 2021, which come from official section value added (BNS)
// and the ADB MRIO Kazakhstan sector ratios. Deterministic: the same files
// give the same bits.
#pragma once

#include <string>
#include <vector>

#include "rubilnik/economy/io.hpp"

namespace rubilnik::economy {

// One NACE section: where its prior pattern and its Kazakh ratios come from.
struct ProxySectionMapping {
    std::string section;             // NACE Rev.2 section id, "A".."T"
    std::vector<std::string> wiod;   // WIOD 2016 industries that form this section (concordance)
    std::vector<std::string> prior;  // WIOD industries actually summed into the prior row/column
    std::vector<int> adb;            // ADB MRIO sector ids (1..35) whose ratios the section takes
    std::string note;                // why `prior` or `adb` differ from a clean concordance
};

// The 20 mappings in section order; docs/io-proxy.md prints the same tables.
const std::vector<ProxySectionMapping>& kz_proxy_mappings();

// The year whose Kazakh totals the proxy targets (ADB MRIO and BNS both have it).
inline constexpr int kKzProxyTargetYear = 2021;

// File names expected in `data_dir` (copies of /work/shared/data with their
// .source.txt, kept in scenarios/countries/kz/io/source/).
inline constexpr const char* kKzProxyWiodFile = "io_substitute_RUS_2014_Z_domestic.csv";
inline constexpr const char* kKzProxyAdbFile = "io_kaz_adb_mrio_sector_aggregates_2017_2022.csv";
inline constexpr const char* kKzProxyGvaFile = "kz_gva_by_section_2019_2023.csv";

struct KzIoProxy {
    IoTable table;  // money in KZT per year, current prices of `year`
    int year = 0;   // ADB MRIO year used (2021, or the closest available)
    int ras_iterations = 0;
    double ras_residual = 0;          // largest relative row/column deviation after RAS
    double domestic_input_share = 0;  // δ: domestic share of intermediate inputs (one economy-wide value)
};

// Builds the proxy from the three CSVs in `data_dir`; InputError names the
// file, line and column of any bad input.
KzIoProxy build_kz_io_proxy_detailed(const std::string& data_dir);

// The table alone; the signature the CLI subcommand exposes.
IoTable build_kz_io_proxy(const std::string& data_dir);

// Text for io_table.source.txt: how the table was built, from what, with
// which RAS result. `command` is the command line that produced it.
std::string kz_io_proxy_provenance(const KzIoProxy& proxy, const std::string& data_dir, const std::string& command);

}  // namespace rubilnik::economy
