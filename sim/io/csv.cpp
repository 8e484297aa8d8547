#include "rubilnik/io/csv.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

#include "rubilnik/io/input_file.hpp"

namespace rubilnik {
namespace {

std::string trim(std::string_view s) {
    std::size_t b = 0, e = s.size();
    while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r')) --e;
    return std::string(s.substr(b, e - b));
}

}  // namespace

bool parse_double(std::string_view text, double& out) {
    std::string t = trim(text);
    if (t.empty()) return false;
    const char* first = t.data();
    if (*first == '+') {
        ++first;
        if (first == t.data() + t.size() || *first == '-') return false;  // "+" or "+-1"
    }
    const char* last = t.data() + t.size();
    auto [ptr, ec] = std::from_chars(first, last, out);
    return ec == std::errc() && ptr == last && std::isfinite(out);
}

CsvTable CsvTable::read(const std::string& path, const std::vector<std::string>& expected_header) {
    // read_input_file, not tellg + rdbuf: a path naming /dev/zero or a FIFO
    // reports size 0 and then never ends.
    return parse(read_input_file(path, kMaxTableBytes, "tables"), path, expected_header);
}

CsvTable CsvTable::read_any(const std::string& path) { return read(path, {}); }

void CsvTable::require_header(const std::vector<std::string>& expected) const {
    if (header_ == expected) return;
    std::string want, got;
    for (const auto& h : expected) want += (want.empty() ? "" : ",") + h;
    for (const auto& h : header_) got += (got.empty() ? "" : ",") + h;
    throw InputError(SourceLocation{path_, 1, 0}, "", "header is '" + got + "'; expected '" + want + "'");
}

CsvTable CsvTable::parse(std::string_view text, const std::string& path,
                         const std::vector<std::string>& expected_header) {
    CsvTable table;
    table.path_ = path;
    std::vector<Row> records;
    Row current;
    std::string cell;
    long line = 1;
    std::size_t i = 0;
    bool in_quotes = false, row_started = false, cell_quoted = false;
    long quote_line = 0;
    auto end_cell = [&] {
        current.cells.push_back(cell_quoted ? cell : trim(cell));
        cell.clear();
        cell_quoted = false;
    };
    auto end_row = [&] {
        end_cell();
        records.push_back(std::move(current));
        current = Row{};
        row_started = false;
    };
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") i = 3;  // UTF-8 BOM
    for (; i < text.size(); ++i) {
        const char c = text[i];
        if (!row_started) {
            if (c == '\n') {
                ++line;
                continue;
            }
            if (c == '\r') continue;
            if (c == '#') {  // comment line
                while (i < text.size() && text[i] != '\n') ++i;
                ++line;
                continue;
            }
            row_started = true;
            current.line = line;
        }
        if (in_quotes) {
            if (c == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"') {
                    cell += '"';
                    ++i;
                } else in_quotes = false;
            } else {
                if (c == '\n') ++line;
                cell += c;
            }
            continue;
        }
        if (c == '"') {
            if (!trim(cell).empty())
                throw InputError(SourceLocation{path, line, 0}, "",
                                 "a quote inside an unquoted cell; quote the whole cell");
            cell.clear();
            in_quotes = cell_quoted = true;
            quote_line = line;
        } else if (c == ',') {
            end_cell();
        } else if (c == '\n') {
            end_row();
            ++line;
        } else if (c == '\0') {
            throw InputError(SourceLocation{path, line, 0}, "", "NUL byte in a text table");
        } else {
            if (cell_quoted && c != '\r' && c != ' ' && c != '\t')
                throw InputError(SourceLocation{path, line, 0}, "",
                                 "text after a closing quote; expected ',' or end of line");
            if (!cell_quoted) cell += c;
        }
    }
    if (in_quotes) throw InputError(SourceLocation{path, quote_line, 0}, "", "quoted cell is never closed");
    if (row_started) end_row();

    if (records.empty()) throw InputError(SourceLocation{path, 1, 0}, "", "empty table; expected a header line");
    table.header_ = records.front().cells;
    if (!expected_header.empty() && table.header_ != expected_header) {
        std::string want, got;
        for (const auto& h : expected_header) want += (want.empty() ? "" : ",") + h;
        for (const auto& h : table.header_) got += (got.empty() ? "" : ",") + h;
        throw InputError(SourceLocation{path, records.front().line, 0}, "",
                         "header is '" + got + "'; expected '" + want + "'");
    }
    for (std::size_t r = 1; r < records.size(); ++r) {
        auto& row = records[r];
        if (row.cells.size() != table.header_.size())
            throw InputError(SourceLocation{path, row.line, 0}, "",
                             "row has " + std::to_string(row.cells.size()) + " cells; expected " +
                                 std::to_string(table.header_.size()) + " (" + std::to_string(table.header_.size()) +
                                 " columns in the header)");
        table.rows_.push_back(std::move(row));
    }
    return table;
}

std::size_t CsvTable::column(std::string_view name) const {
    for (std::size_t i = 0; i < header_.size(); ++i)
        if (header_[i] == name) return i;
    throw InputError(SourceLocation{path_, 1, 0}, std::string(name), "no such column");
}

void CsvTable::fail(const Row& row, std::string_view column_name, const std::string& message) const {
    long col = 0;
    for (std::size_t i = 0; i < header_.size(); ++i)
        if (header_[i] == column_name) col = static_cast<long>(i) + 1;
    throw InputError(SourceLocation{path_, row.line, col}, std::string(column_name), message);
}

const std::string& CsvTable::text(const Row& row, std::string_view column_name) const {
    return row.cells[column(column_name)];
}

bool CsvTable::empty(const Row& row, std::string_view column_name) const { return text(row, column_name).empty(); }

double CsvTable::number(const Row& row, std::string_view column_name) const {
    const auto& t = text(row, column_name);
    double v = 0;
    if (!parse_double(t, v)) fail(row, column_name, "value '" + t + "' is not a finite number");
    return v;
}

double CsvTable::number_in(const Row& row, std::string_view column_name, double lo, double hi) const {
    const double v = number(row, column_name);
    if (v < lo || v > hi) {
        std::ostringstream msg;
        msg << "value " << text(row, column_name) << " is outside the allowed range [" << lo << ", " << hi << "]";
        fail(row, column_name, msg.str());
    }
    return v;
}

long long CsvTable::integer(const Row& row, std::string_view column_name) const {
    const auto t = trim(text(row, column_name));
    long long v = 0;
    auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (t.empty() || ec != std::errc() || ptr != t.data() + t.size())
        fail(row, column_name, "value '" + t + "' is not a whole number");
    return v;
}

}  // namespace rubilnik
