// Location-aware reading of TOML tables: every lookup either returns a
// value of the expected type or throws an InputError naming file, line,
// column, key and what was expected. Unknown keys are rejected, never ignored.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "rubilnik/error.hpp"

namespace rubilnik::detail {

// Parses a whole file; syntax errors become InputError with line and column.
toml::table parse_toml_file(const std::string& path, std::string* text_out = nullptr);
// The same over text already in memory (the fuzz targets); `path` names it.
toml::table parse_toml_text(std::string_view text, const std::string& path);

class TomlView {
public:
    TomlView(const toml::table& table, std::string file, std::string path = "")
        : table_(&table), file_(std::move(file)), path_(std::move(path)) {}

    const toml::table& table() const { return *table_; }
    const std::string& file() const { return file_; }
    std::string key_path(std::string_view key) const;

    bool has(std::string_view key) const { return table_->contains(key); }
    SourceLocation where() const;
    SourceLocation where(std::string_view key) const;
    [[noreturn]] void fail(std::string_view key, const std::string& message) const;

    void reject_unknown(std::initializer_list<std::string_view> allowed) const;

    std::string require_string(std::string_view key) const;
    std::optional<std::string> optional_string(std::string_view key) const;
    double require_number(std::string_view key) const;
    std::optional<double> optional_number(std::string_view key) const;
    TomlView require_table(std::string_view key) const;
    std::optional<TomlView> optional_table(std::string_view key) const;
    // A string or an array of strings; a single string becomes a list of one.
    std::vector<std::string> string_list(std::string_view key) const;
    std::vector<double> number_list(std::string_view key) const;
    const toml::node& node(std::string_view key) const;

private:
    const toml::table* table_;
    std::string file_;
    std::string path_;
};

std::string type_name(const toml::node& node);
SourceLocation location_of(const toml::node& node, const std::string& file);

}  // namespace rubilnik::detail
