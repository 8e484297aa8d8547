// Helpers for the optional baseline tables a channel reads ([tables] mining,
// payments, telecom, welfare): the channel, not the loader, knows their
// columns, so it checks them when the engine is built, before any output is
// written, with errors that name the file, line, column and value.
#pragma once

#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include "rubilnik/country.hpp"
#include "rubilnik/error.hpp"
#include "rubilnik/io/csv.hpp"

namespace rubilnik::detail {

// The table `name` with exactly `header`, or nullptr when the baseline has
// none: a channel fed by its own table is switched off without it (it
// declares no metrics and reads no parameters), so a baseline without, say,
// mining data runs the other channels.
inline const CsvTable* optional_channel_table(const Baseline& b, const std::string& name,
                                              const std::vector<std::string>& header) {
    const CsvTable* t = b.channel_table(name);
    if (t) t->require_header(header);
    return t;
}

// A region id cell resolved against the baseline.
inline std::size_t table_region(const CsvTable& t, const CsvTable::Row& row, const Baseline& b,
                                std::string_view column = "region") {
    const auto& id = t.text(row, column);
    const auto r = b.region_index(id);
    if (!r) t.fail(row, column, std::string("unknown region '").append(id).append("' (not in regions.csv)"));
    return *r;
}

// An operator id cell resolved against the baseline.
inline std::size_t table_operator(const CsvTable& t, const CsvTable::Row& row, const Baseline& b,
                                  std::string_view column = "operator") {
    const auto& id = t.text(row, column);
    const auto o = b.operator_index(id);
    if (!o) t.fail(row, column, std::string("unknown operator '").append(id).append("' (not in operators.csv)"));
    return *o;
}

// Shares read from `column` must sum to 1 (±1e-6) unless the table is empty.
inline void require_unit_sum(const CsvTable& t, std::string_view column, double sum) {
    if (t.rows().empty() || std::fabs(sum - 1.0) <= 1e-6) return;
    std::string msg = "the column '";
    msg.append(column).append("' sums to ").append(std::to_string(sum)).append("; expected 1 (±1e-6)");
    throw InputError(SourceLocation{t.path(), 0, 0}, std::string(column), msg);
}

}  // namespace rubilnik::detail
