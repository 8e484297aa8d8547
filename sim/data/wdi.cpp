#include "rubilnik/data/wdi.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "rubilnik/error.hpp"
#include "rubilnik/io/csv.hpp"
#include "rubilnik/io/input_file.hpp"

namespace rubilnik {
namespace {

namespace fs = std::filesystem;
constexpr std::size_t kMaxWdiBytes = 64u << 20;  // the real tables are < 1 MB
constexpr std::size_t kMaxWdiFiles = 200;

// One CSV record on one line (WDI cells never hold newlines). Returns false
// and the 1-based column of the problem if a quote is malformed.
bool split_record(std::string_view line, std::vector<std::string>& cells, long& bad_column) {
    cells.clear();
    std::string cell;
    bool quoted = false, in_quotes = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (in_quotes) {
            if (c != '"') cell += c;
            else if (i + 1 < line.size() && line[i + 1] == '"') cell += '"', ++i;
            else in_quotes = false;
        } else if (c == ',') {
            cells.push_back(std::move(cell));
            cell.clear();
            quoted = false;
        } else if (c == '"') {
            if (quoted || !cell.empty()) {
                bad_column = static_cast<long>(i) + 1;
                return false;
            }
            quoted = in_quotes = true;
        } else if (quoted) {
            bad_column = static_cast<long>(i) + 1;
            return false;
        } else {
            cell += c;
        }
    }
    if (in_quotes) {
        bad_column = static_cast<long>(line.size());
        return false;
    }
    cells.push_back(std::move(cell));
    return true;
}

// read_input_file, not tellg + rdbuf: /dev/zero or a FIFO reports size 0 and
// then never ends (docs/hardening.md).
std::string read_limited(const std::string& path) { return read_input_file(path, kMaxWdiBytes, "WDI tables"); }

}  // namespace

WdiTable WdiTable::read(const std::string& path, const CountryTable& countries) {
    return parse(read_limited(path), path, countries);
}

WdiTable WdiTable::parse(std::string_view text, const std::string& path, const CountryTable& countries) {
    WdiTable t;
    t.path_ = path;
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    std::vector<std::string> cells;
    std::vector<int> years;  // per column; 0 = not a year column
    bool have_header = false;
    long line_no = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t nl = text.find('\n', pos);
        if (nl == std::string_view::npos) nl = text.size();
        std::string_view line = text.substr(pos, nl - pos);
        pos = nl + 1;
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.find_first_not_of(" \t,") == std::string_view::npos) continue;
        long bad = 0;
        if (!split_record(line, cells, bad))
            throw InputError(SourceLocation{path, line_no, bad}, "",
                             "malformed quoting; expected \"cell\",\"cell\",...");
        if (!have_header) {
            if (cells[0] == "Last Updated Date" && cells.size() > 1) t.updated_ = cells[1];
            if (cells[0] != "Country Name") continue;  // metadata above the header
            static const char* kFixed[] = {"Country Name", "Country Code", "Indicator Name", "Indicator Code"};
            for (std::size_t i = 0; i < 4; ++i)
                if (cells.size() <= i || cells[i] != kFixed[i])
                    throw InputError(SourceLocation{path, line_no, 0}, "",
                                     std::string("header column ") + std::to_string(i + 1) + " is not '" + kFixed[i] +
                                         "'; expected the World Bank API_ layout");
            years.assign(cells.size(), 0);
            for (std::size_t i = 4; i < cells.size(); ++i) {
                if (cells[i].empty() && i + 1 == cells.size()) continue;  // trailing comma
                double y = 0;
                if (!parse_double(cells[i], y) || y < 1900 || y > 2200 || y != static_cast<int>(y))
                    throw InputError(
                        SourceLocation{path, line_no, 0}, "",
                        "header column " + std::to_string(i + 1) + " is '" + cells[i] + "'; expected a year");
                years[i] = static_cast<int>(y);
            }
            have_header = true;
            continue;
        }
        if (cells.size() != years.size())
            throw InputError(
                SourceLocation{path, line_no, 0}, "",
                "row has " + std::to_string(cells.size()) + " cells; the header has " + std::to_string(years.size()));
        WdiSeries s;
        s.line = line_no;
        s.country_name = cells[0];
        s.code = cells[1];
        if (s.code.size() != 3)
            throw InputError(SourceLocation{path, line_no, 0}, "Country Code",
                             "'" + s.code + "' is not a three-letter code");
        if (t.code_.empty()) {
            t.code_ = cells[3];
            t.name_ = cells[2];
        } else if (cells[3] != t.code_) {
            throw InputError(SourceLocation{path, line_no, 0}, "Indicator Code",
                             "'" + cells[3] + "' differs from '" + t.code_ + "' above; one indicator per file");
        }
        s.aggregate = countries.by_iso3(s.code) == nullptr;
        for (std::size_t i = 4; i < cells.size(); ++i) {
            if (!years[i] || cells[i].empty()) continue;
            double v = 0;
            if (!parse_double(cells[i], v))
                throw InputError(SourceLocation{path, line_no, 0}, std::to_string(years[i]),
                                 "value '" + cells[i] + "' is not a number");
            s.values[years[i]] = v;
        }
        if (t.find(s.code))
            throw InputError(SourceLocation{path, line_no, 0}, "Country Code", "duplicate row for '" + s.code + "'");
        t.series_.push_back(std::move(s));
    }
    if (!have_header)
        throw InputError(SourceLocation{path, 0, 0}, "",
                         "no header line starting with \"Country Name\"; expected a World Bank API_ CSV");
    if (t.series_.empty()) throw InputError(SourceLocation{path, 0, 0}, "", "no data rows");
    return t;
}

const WdiSeries* WdiTable::find(std::string_view code) const {
    for (const auto& s : series_)
        if (s.code == code) return &s;
    return nullptr;
}

std::optional<WdiValue> WdiTable::at_or_before(std::string_view iso3, int year, int max_lag) const {
    const auto* s = find(iso3);
    if (!s || s->aggregate) return std::nullopt;
    auto it = s->values.upper_bound(year);
    if (it == s->values.begin()) return std::nullopt;
    --it;
    if (it->first < year - max_lag) return std::nullopt;
    return WdiValue{it->second, it->first};
}

WdiIndicators WdiIndicators::read_folder(const std::string& folder, const CountryTable& countries) {
    WdiIndicators out;
    out.folder_ = folder;
    if (!fs::is_directory(folder))
        throw InputError(SourceLocation{folder, 0, 0}, "", "not a folder of World Bank API_*.csv tables");
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(folder)) {
        const auto name = e.path().filename().string();
        if (e.is_regular_file() && name.rfind("API_", 0) == 0 && e.path().extension() == ".csv")
            files.push_back(e.path());
    }
    if (files.size() > kMaxWdiFiles)
        throw InputError(
            SourceLocation{folder, 0, 0}, "",
            std::to_string(files.size()) + " tables; at most " + std::to_string(kMaxWdiFiles) + " are read");
    std::sort(files.begin(), files.end());  // directory order is not stable
    for (const auto& f : files) {
        auto t = WdiTable::read(f.string(), countries);
        if (out.find(t.indicator_code()))
            throw InputError(SourceLocation{f.string(), 0, 0}, "",
                             "indicator " + t.indicator_code() + " appears in two files of " + folder);
        out.tables_.push_back(std::move(t));
    }
    return out;
}

const WdiTable* WdiIndicators::find(std::string_view indicator) const {
    for (const auto& t : tables_)
        if (t.indicator_code() == indicator) return &t;
    return nullptr;
}

const WdiTable& WdiIndicators::require(std::string_view indicator) const {
    if (const auto* t = find(indicator)) return *t;
    throw InputError(SourceLocation{folder_, 0, 0}, std::string(indicator),
                     "no API_" + std::string(indicator) + "_*.csv table in this folder");
}

std::vector<std::string> WdiIndicators::codes() const {
    std::vector<std::string> out;
    for (const auto& t : tables_) out.push_back(t.indicator_code());
    return out;
}

}  // namespace rubilnik
