#include "rubilnik/detail/toml_view.hpp"
#include "rubilnik/detail/toml_guard.hpp"

#include "rubilnik/io/input_file.hpp"

namespace rubilnik::detail {

toml::table parse_toml_file(const std::string& path, std::string* text_out) {
    // Bounded read: a path naming /dev/zero or a FIFO would otherwise never end.
    std::string text = read_input_file(path, kMaxTomlBytes, "TOML inputs");
    auto table = parse_toml_text(text, path);
    if (text_out) *text_out = std::move(text);
    return table;
}

toml::table parse_toml_text(std::string_view text, const std::string& path) {
    if (text.size() > kMaxTomlBytes)
        throw InputError(SourceLocation{path, 0, 0}, "",
                         "text is larger than the " + std::to_string(kMaxTomlBytes) + "-byte limit for TOML inputs");
    refuse_toml_parser_traps(text, path);
    try {
        return toml::parse(text, path);
    } catch (const toml::parse_error& e) {
        throw InputError(
            SourceLocation{path, static_cast<long>(e.source().begin.line), static_cast<long>(e.source().begin.column)},
            "", std::string("TOML syntax error: ") + std::string(e.description()));
    }
}

std::string type_name(const toml::node& node) {
    switch (node.type()) {
        case toml::node_type::table: return "a table";
        case toml::node_type::array: return "an array";
        case toml::node_type::string: return "a string";
        case toml::node_type::integer: return "an integer";
        case toml::node_type::floating_point: return "a number";
        case toml::node_type::boolean: return "a boolean";
        case toml::node_type::date: return "a date";
        case toml::node_type::time: return "a time";
        case toml::node_type::date_time: return "a date-time";
        default: return "nothing";
    }
}

SourceLocation location_of(const toml::node& node, const std::string& file) {
    const auto& src = node.source();
    return SourceLocation{file, static_cast<long>(src.begin.line), static_cast<long>(src.begin.column)};
}

std::string TomlView::key_path(std::string_view key) const {
    if (path_.empty()) return std::string(key);
    if (key.empty()) return path_;
    return path_ + "." + std::string(key);
}

SourceLocation TomlView::where() const { return location_of(*table_, file_); }

SourceLocation TomlView::where(std::string_view key) const {
    if (const auto* n = table_->get(key)) return location_of(*n, file_);
    return where();
}

void TomlView::fail(std::string_view key, const std::string& message) const {
    throw InputError(where(key), key_path(key), message);
}

void TomlView::reject_unknown(std::initializer_list<std::string_view> allowed) const {
    for (auto&& [k, v] : *table_) {
        bool ok = false;
        for (auto a : allowed) ok = ok || k.str() == a;
        if (!ok) {
            std::string list;
            for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
            throw InputError(location_of(v, file_), key_path(k.str()), "unknown key; allowed here: " + list);
        }
    }
}

const toml::node& TomlView::node(std::string_view key) const {
    const auto* n = table_->get(key);
    if (!n) throw InputError(where(), key_path(key), "missing required key");
    return *n;
}

std::string TomlView::require_string(std::string_view key) const {
    const auto& n = node(key);
    if (!n.is_string()) fail(key, "expected a string, found " + type_name(n));
    return std::string(n.as_string()->get());
}

std::optional<std::string> TomlView::optional_string(std::string_view key) const {
    if (!has(key)) return std::nullopt;
    return require_string(key);
}

double TomlView::require_number(std::string_view key) const {
    const auto& n = node(key);
    if (n.is_integer()) return static_cast<double>(n.as_integer()->get());
    if (n.is_floating_point()) {
        const double v = n.as_floating_point()->get();
        if (v != v || v == 1.0 / 0.0 || v == -1.0 / 0.0) fail(key, "expected a finite number");
        return v;
    }
    fail(key, "expected a number, found " + type_name(n));
}

std::optional<double> TomlView::optional_number(std::string_view key) const {
    if (!has(key)) return std::nullopt;
    return require_number(key);
}

TomlView TomlView::require_table(std::string_view key) const {
    const auto& n = node(key);
    if (!n.is_table()) fail(key, "expected a table, found " + type_name(n));
    return TomlView(*n.as_table(), file_, key_path(key));
}

std::optional<TomlView> TomlView::optional_table(std::string_view key) const {
    if (!has(key)) return std::nullopt;
    return require_table(key);
}

std::vector<std::string> TomlView::string_list(std::string_view key) const {
    const auto& n = node(key);
    if (n.is_string()) return {std::string(n.as_string()->get())};
    if (!n.is_array()) fail(key, "expected a string or an array of strings, found " + type_name(n));
    std::vector<std::string> out;
    for (const auto& item : *n.as_array()) {
        if (!item.is_string())
            throw InputError(location_of(item, file_), key_path(key),
                             "expected an array of strings, found an element that is " + type_name(item));
        out.emplace_back(item.as_string()->get());
    }
    return out;
}

std::vector<double> TomlView::number_list(std::string_view key) const {
    const auto& n = node(key);
    // A single number stands for a list of one, as a single string does.
    if (n.is_integer()) return {static_cast<double>(n.as_integer()->get())};
    if (n.is_floating_point()) return {n.as_floating_point()->get()};
    if (!n.is_array()) fail(key, "expected a number or an array of numbers, found " + type_name(n));
    std::vector<double> out;
    for (const auto& item : *n.as_array()) {
        if (item.is_integer()) out.push_back(static_cast<double>(item.as_integer()->get()));
        else if (item.is_floating_point()) out.push_back(item.as_floating_point()->get());
        else
            throw InputError(location_of(item, file_), key_path(key),
                             "expected an array of numbers, found an element that is " + type_name(item));
    }
    return out;
}

}  // namespace rubilnik::detail
