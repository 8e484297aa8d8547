// A small, strict CSV reader for baseline tables: RFC 4180 quoting, a
// required header, every row the header's width, and errors that name the
// file, line and column.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "rubilnik/error.hpp"

namespace rubilnik {

class CsvTable {
public:
    struct Row {
        long line = 0;  // 1-based line in the file where the row starts
        std::vector<std::string> cells;
    };

    // Reads `path`; `expected_header` lists the columns in order (extra or
    // missing columns are an error). Lines starting with '#' are comments.
    static CsvTable read(const std::string& path, const std::vector<std::string>& expected_header);
    static CsvTable parse(std::string_view text, const std::string& path,
                          const std::vector<std::string>& expected_header);
    // As read(), but takes the header from the file; the caller checks it
    // later with require_header().
    static CsvTable read_any(const std::string& path);
    void require_header(const std::vector<std::string>& expected) const;

    const std::string& path() const { return path_; }
    const std::vector<std::string>& header() const { return header_; }
    const std::vector<Row>& rows() const { return rows_; }
    std::size_t column(std::string_view name) const;

    // Typed cell access; errors name file, line, column name and the value.
    const std::string& text(const Row& row, std::string_view column) const;
    double number(const Row& row, std::string_view column) const;
    double number_in(const Row& row, std::string_view column, double lo, double hi) const;
    long long integer(const Row& row, std::string_view column) const;
    bool empty(const Row& row, std::string_view column) const;

    [[noreturn]] void fail(const Row& row, std::string_view column, const std::string& message) const;

private:
    std::string path_;
    std::vector<std::string> header_;
    std::vector<Row> rows_;
};

// Strict number parsing shared by the loaders: the whole string must be a
// finite number.
bool parse_double(std::string_view text, double& out);

}  // namespace rubilnik
