// Builds the Kazakhstan IO proxy; the method and its caveats are in
// docs/io-proxy.md, the contract in rubilnik/economy/io_proxy.hpp.
#include "rubilnik/economy/io_proxy.hpp"

#include <cmath>
#include <cstdlib>
#include <limits>
#include <map>
#include <set>
#include <sstream>

#include "rubilnik/error.hpp"
#include "rubilnik/io/csv.hpp"

namespace rubilnik::economy {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kMillion = 1e6;  // BNS publishes million KZT; the table is in KZT

// WIOD Release 2016 industries, in the order of the national IO table.
const std::vector<std::string>& wiod_codes() {
    static const std::vector<std::string> codes = {
        "A01",     "A02",     "A03", "B",       "C10-C12", "C13-C15", "C16", "C17", "C18",     "C19",     "C20", "C21",
        "C22",     "C23",     "C24", "C25",     "C26",     "C27",     "C28", "C29", "C30",     "C31_C32", "C33", "D35",
        "E36",     "E37-E39", "F",   "G45",     "G46",     "G47",     "H49", "H50", "H51",     "H52",     "H53", "I",
        "J58",     "J59_J60", "J61", "J62_J63", "K64",     "K65",     "K66", "L68", "M69_M70", "M71",     "M72", "M73",
        "M74_M75", "N",       "O84", "P85",     "Q",       "R_S",     "T",   "U"};
    return codes;
}

std::string join_path(const std::string& dir, const std::string& file) {
    if (dir.empty()) return file;
    return dir.back() == '/' ? dir + file : dir + "/" + file;
}

std::string fmt(double v, int precision = 6) {
    std::ostringstream out;
    out.precision(precision);
    out << v;
    return out.str();
}

// Domestic intermediate flows of Russia 2014, 56×56, USD million (only the
// pattern matters: RAS rescales every row and column).
Eigen::MatrixXd read_wiod_domestic(const std::string& path) {
    const auto& codes = wiod_codes();
    std::vector<std::string> header{"row_sector"};
    header.insert(header.end(), codes.begin(), codes.end());
    const CsvTable csv = CsvTable::read(path, header);
    const auto n = static_cast<Eigen::Index>(codes.size());
    if (static_cast<Eigen::Index>(csv.rows().size()) != n)
        throw InputError(SourceLocation{path, csv.rows().empty() ? 1 : csv.rows().back().line, 0}, "row_sector",
                         "table has " + std::to_string(csv.rows().size()) + " rows; expected " + std::to_string(n) +
                             " (one per WIOD industry)");
    Eigen::MatrixXd z(n, n);
    for (Eigen::Index i = 0; i < n; ++i) {
        const auto& row = csv.rows()[static_cast<std::size_t>(i)];
        if (csv.text(row, "row_sector") != codes[i])
            csv.fail(row, "row_sector",
                     "row is '" + csv.text(row, "row_sector") + "'; expected '" + codes[i] +
                         "' (rows in the header's industry order)");
        for (Eigen::Index j = 0; j < n; ++j) z(i, j) = csv.number_in(row, codes[j], 0.0, kInf);
    }
    return z;
}

struct AdbSector {
    double output = 0;                 // x
    double intermediate_use = 0;       // zuse: intermediate inputs from all origins
    double value_added = 0;            // va = x − zuse
    double domestic_intermediate = 0;  // intermediate sales to Kazakh industries
    bool seen = false;
};

constexpr int kAdbSectors = 35;

// ADB MRIO Kazakhstan rows of one year. The target year if present, else the
// closest (the later one on a tie, being more recent).
std::vector<AdbSector> read_adb(const std::string& path, int wanted_year, int& chosen_year) {
    const CsvTable csv = CsvTable::read(
        path, {"year", "country", "sector_id", "sector_abbrev", "sector_name", "gross_output_x",
               "intermediate_inputs_used_zuse", "value_added_va", "intermediate_sales_zsales", "final_sales_y",
               "domestic_sales_total", "domestic_intermediate_sales", "domestic_final_sales", "exports_total_derived",
               "exports_intermediate_derived", "exports_final_derived", "row_check_x_minus_zsales_minus_y",
               "col_check_x_minus_zuse_minus_va"});
    std::set<long long> years;
    for (const auto& row : csv.rows())
        if (csv.text(row, "country") == "KAZ") years.insert(csv.integer(row, "year"));
    if (years.empty()) throw InputError(SourceLocation{path, 0, 0}, "country", "no rows for country 'KAZ'");
    long long best = *years.begin();
    for (long long y : years)
        if (std::llabs(y - wanted_year) <= std::llabs(best - wanted_year)) best = y;
    chosen_year = static_cast<int>(best);

    std::vector<AdbSector> sectors(kAdbSectors);
    for (const auto& row : csv.rows()) {
        if (csv.text(row, "country") != "KAZ" || csv.integer(row, "year") != best) continue;
        const long long id = csv.integer(row, "sector_id");
        if (id < 1 || id > kAdbSectors)
            csv.fail(row, "sector_id", "value " + std::to_string(id) + " is outside 1..35 (ADB MRIO sectors)");
        auto& s = sectors[static_cast<std::size_t>(id - 1)];
        if (s.seen) csv.fail(row, "sector_id", "sector " + std::to_string(id) + " appears twice for this year");
        s.seen = true;
        s.output = csv.number_in(row, "gross_output_x", 0.0, kInf);
        s.intermediate_use = csv.number_in(row, "intermediate_inputs_used_zuse", 0.0, kInf);
        s.value_added = csv.number(row, "value_added_va");
        s.domestic_intermediate = csv.number_in(row, "domestic_intermediate_sales", 0.0, kInf);
        if (s.domestic_intermediate > s.output * (1 + 1e-9))
            csv.fail(row, "domestic_intermediate_sales",
                     "exceeds gross_output_x; a sector cannot sell more than it makes");
    }
    for (int id = 1; id <= kAdbSectors; ++id)
        if (!sectors[static_cast<std::size_t>(id - 1)].seen)
            throw InputError(SourceLocation{path, 0, 0}, "sector_id",
                             "sector " + std::to_string(id) + " is missing for year " + std::to_string(best));
    return sectors;
}

// BNS gross value added by NACE section, million KZT, current prices of `year`.
std::map<std::string, double> read_gva(const std::string& path, int year) {
    const CsvTable csv =
        CsvTable::read(path, {"code", "kind", "name_en", "name_ru", "value_2019_mln_kzt", "value_2020_mln_kzt",
                              "value_2021_mln_kzt", "value_2022_mln_kzt", "value_2023_mln_kzt", "share_of_gva_2021"});
    const std::string column = "value_" + std::to_string(year) + "_mln_kzt";
    csv.column(column);  // throws naming the column if this year is not in the file
    std::map<std::string, double> gva;
    double total = -1;
    long total_line = 0;
    for (const auto& row : csv.rows()) {
        const auto& code = csv.text(row, "code");
        if (code == "GVA") {
            total = csv.number(row, column);
            total_line = row.line;
        }
        if (csv.text(row, "kind") != "section") continue;
        if (gva.count(code)) csv.fail(row, "code", "section '" + code + "' appears twice");
        gva[code] = csv.number_in(row, column, 0.0, kInf);
    }
    double sum = 0;
    for (const auto& s : nace_sections()) {
        if (!gva.count(s)) throw InputError(SourceLocation{path, 0, 0}, "code", "section '" + s + "' is missing");
        sum += gva[s];
    }
    // The file states that the sections add up to GVA exactly; a mismatch means a damaged copy.
    if (total < 0) throw InputError(SourceLocation{path, 0, 0}, "code", "no 'GVA' total row");
    if (std::abs(sum - total) > 1.0)
        throw InputError(SourceLocation{path, total_line, 0}, column,
                         "sections A..T sum to " + fmt(sum, 12) + " but the GVA row says " + fmt(total, 12));
    return gva;
}

}  // namespace

const std::vector<ProxySectionMapping>& kz_proxy_mappings() {
    static const std::vector<ProxySectionMapping> m = {
        {"A", {"A01", "A02", "A03"}, {"A01", "A02", "A03"}, {1}, ""},
        {"B", {"B"}, {"B"}, {2}, ""},
        {"C",
         {"C10-C12", "C13-C15", "C16", "C17", "C18", "C19", "C20", "C21", "C22", "C23", "C24", "C25", "C26", "C27",
          "C28", "C29", "C30", "C31_C32", "C33"},
         {"C10-C12", "C13-C15", "C16", "C17", "C18", "C19", "C20", "C21", "C22", "C23", "C24", "C25", "C26", "C27",
          "C28", "C29", "C30", "C31_C32", "C33"},
         {3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16},
         "ADB 7 includes publishing (NACE J58) and ADB 16 recycling (NACE E38)"},
        {"D", {"D35"}, {"D35"}, {17}, "ADB 17 is electricity, gas and water; D and E share its ratios"},
        {"E",
         {"E36", "E37-E39"},
         {"D35"},
         {17},
         "E36 and E37-E39 are all zero in WIOD Russia 2014 (folded into D35): D35's pattern stands in"},
        {"F", {"F"}, {"F"}, {18}, ""},
        {"G", {"G45", "G46", "G47"}, {"G45", "G46", "G47"}, {19, 20, 21}, ""},
        {"H",
         {"H49", "H50", "H51", "H52", "H53"},
         {"H49", "H50", "H51", "H52", "H53"},
         {23, 24, 25, 26},
         "post (H53) sits in ADB 27 with telecommunications"},
        {"I", {"I"}, {"I"}, {22}, ""},
        {"J",
         {"J58", "J59_J60", "J61", "J62_J63"},
         {"J58", "J59_J60", "J61", "J62_J63"},
         {27},
         "only J61 is non-zero in WIOD Russia 2014; ADB 27 is post and telecommunications, computer services "
         "are in ADB 30"},
        {"K", {"K64", "K65", "K66"}, {"K64", "K65", "K66"}, {28}, ""},
        {"L", {"L68"}, {"L68"}, {29}, ""},
        {"M",
         {"M69_M70", "M71", "M72", "M73", "M74_M75"},
         {"N"},
         {30},
         "M69-M75 are all zero in WIOD Russia 2014 (apparently folded into N): N's pattern stands in; M and N "
         "share ADB 30"},
        {"N", {"N"}, {"N"}, {30}, "ADB 30 (renting and other business activities) covers M and N"},
        {"O", {"O84"}, {"O84"}, {31}, ""},
        {"P", {"P85"}, {"P85"}, {32}, ""},
        {"Q", {"Q"}, {"Q"}, {33}, ""},
        {"R", {"R_S"}, {"R_S"}, {34}, "WIOD Russia combines R and S; R and S share R_S and ADB 34"},
        {"S", {"R_S"}, {"R_S"}, {34}, "WIOD Russia combines R and S; R and S share R_S and ADB 34"},
        {"T", {"T"}, {"T"}, {35}, "zero in WIOD Russia; ADB 35 has no intermediate flows either"},
    };
    return m;
}

KzIoProxy build_kz_io_proxy_detailed(const std::string& data_dir) {
    const std::string wiod_path = join_path(data_dir, kKzProxyWiodFile);
    const std::string adb_path = join_path(data_dir, kKzProxyAdbFile);
    const std::string gva_path = join_path(data_dir, kKzProxyGvaFile);

    const Eigen::MatrixXd wiod = read_wiod_domestic(wiod_path);
    int year = 0;
    const std::vector<AdbSector> adb = read_adb(adb_path, kKzProxyTargetYear, year);
    const std::map<std::string, double> gva = read_gva(gva_path, year);

    const auto& maps = kz_proxy_mappings();
    const auto& sections = nace_sections();
    const auto n = static_cast<Eigen::Index>(sections.size());

    std::map<std::string, Eigen::Index> wiod_index;
    for (std::size_t k = 0; k < wiod_codes().size(); ++k) wiod_index[wiod_codes()[k]] = static_cast<Eigen::Index>(k);

    // Prior: z0[s][t] sums the Russian flows from the industries of s to those of t.
    Eigen::MatrixXd prior = Eigen::MatrixXd::Zero(n, n);
    for (Eigen::Index s = 0; s < n; ++s)
        for (Eigen::Index t = 0; t < n; ++t)
            for (const auto& from : maps[static_cast<std::size_t>(s)].prior)
                for (const auto& to : maps[static_cast<std::size_t>(t)].prior)
                    prior(s, t) += wiod(wiod_index.at(from), wiod_index.at(to));

    // Kazakh levels: official section value added (BNS), turned into output
    // and intermediate totals with the ratios of the matching ADB sectors.
    // Ratios, not ADB levels, because ADB's ISIC Rev.3 sectors straddle NACE
    // sections (J, M, N, E) while BNS reports the sections themselves in KZT.
    Eigen::VectorXd output(n), value_added(n), domestic_sales(n), intermediate_use(n);
    for (Eigen::Index s = 0; s < n; ++s) {
        const auto& map = maps[static_cast<std::size_t>(s)];
        AdbSector g;
        for (int id : map.adb) {
            const auto& a = adb[static_cast<std::size_t>(id - 1)];
            g.output += a.output;
            g.intermediate_use += a.intermediate_use;
            g.value_added += a.value_added;
            g.domestic_intermediate += a.domestic_intermediate;
        }
        if (!(g.value_added > 0) || !(g.output > 0))
            throw InputError(SourceLocation{adb_path, 0, 0}, "value_added_va",
                             "ADB sectors for section " + map.section + " have output " + fmt(g.output) +
                                 " and value added " + fmt(g.value_added) + "; both must be > 0");
        value_added(s) = gva.at(map.section);
        output(s) = value_added(s) * g.output / g.value_added;
        domestic_sales(s) = output(s) * g.domestic_intermediate / g.output;
        intermediate_use(s) = output(s) * g.intermediate_use / g.output;
    }
    // Column targets must be domestic inputs only, like the rows. ADB gives
    // no domestic split by buyer, so one economy-wide share δ is used: the
    // one that makes domestic purchases equal domestic sales.
    const double delta = domestic_sales.sum() / intermediate_use.sum();
    const Eigen::VectorXd domestic_use = delta * intermediate_use;

    RasOptions options;
    options.name = "KZ IO proxy RAS (" + data_dir + ")";
    options.labels = sections;
    const RasResult ras = ras_balance(prior, domestic_sales, domestic_use, options);

    Eigen::MatrixXd a(n, n);
    for (Eigen::Index j = 0; j < n; ++j) a.col(j) = ras.flows.col(j) / output(j);
    // Final demand closes each row: everything not sold to Kazakh industries
    // (household, government, investment and all exports).
    const Eigen::VectorXd final_demand = output - ras.flows.rowwise().sum();

    return KzIoProxy{IoTable("KZ IO proxy (" + data_dir + ")", sections, std::move(a), output * kMillion,
                             value_added * kMillion, final_demand * kMillion),
                     year, ras.iterations, ras.residual, delta};
}

IoTable build_kz_io_proxy(const std::string& data_dir) { return build_kz_io_proxy_detailed(data_dir).table; }

std::string kz_io_proxy_provenance(const KzIoProxy& proxy, const std::string& data_dir, const std::string& command) {
    const auto& t = proxy.table;
    const Eigen::RowVectorXd mult = output_multipliers(t.technical_coefficients());
    std::ostringstream out;
    out << "Kazakhstan input-output proxy table, " << proxy.year << ", 20 NACE Rev.2 sections A..T.\n"
        << "PROXY, NOT AN OFFICIAL TABLE: no public Kazakhstan IO flow table exists (docs/io-proxy.md).\n\n"
        << "Built by: rubilnik::economy::build_kz_io_proxy (models/economy/io_proxy.cpp)\n"
        << "Command: " << command << "\n"
        << "Inputs (in " << data_dir << ", each with its .source.txt):\n"
        << "  " << kKzProxyWiodFile << "  - WIOD 2016 Russia 2014 domestic flows (pattern only)\n"
        << "  " << kKzProxyAdbFile << "  - ADB MRIO Kazakhstan sector aggregates, year " << proxy.year << " (ratios)\n"
        << "  " << kKzProxyGvaFile << "  - BNS gross value added by section, " << proxy.year << " (levels)\n\n"
        << "Layout: sector,A..T,total_output,value_added,final_demand. Cells A..T are domestic technical\n"
        << "coefficients a_ij = z_ij / x_j (row i supplies column j). Money columns in KZT per year at\n"
        << "current " << proxy.year << " prices: total_output = x, value_added = BNS GVA at basic prices,\n"
        << "final_demand = x - sum_j z_ij (domestic final use plus all exports). x = A x + f holds.\n\n"
        << "Method: prior = WIOD Russia 2014 domestic Z aggregated to sections (E uses D35's pattern,\n"
        << "M uses N's, R and S both use R_S); x_s = GVA_s * (x/va) of the matching ADB sectors;\n"
        << "row target u_s = x_s * (domestic intermediate sales / x); column target v_s = delta *\n"
        << "x_s * (intermediate use / x) with delta = sum(u)/sum(x * zuse/x) = " << fmt(proxy.domestic_input_share, 6)
        << ";\n"
        << "RAS to u and v.\n"
        << "RAS: " << proxy.ras_iterations << " iterations, largest relative row/column deviation "
        << fmt(proxy.ras_residual, 3) << ".\n"
        << "Check: spectral radius of A = " << fmt(t.spectral_radius(), 6) << "; output multipliers (column sums\n"
        << "of (I-A)^-1) from " << fmt(mult.minCoeff(), 4) << " to " << fmt(mult.maxCoeff(), 4)
        << " (T = 1 exactly: households as employers buy no\nintermediate inputs).\n";
    return out.str();
}

}  // namespace rubilnik::economy
