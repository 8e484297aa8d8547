// CsvTable::parse and its typed cell access, as every baseline table and
// channel table uses them: the bytes are one CSV file.
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "rubilnik/io/csv.hpp"

namespace {

// Every accessor on every cell; each may refuse the cell, none may crash.
void touch_cells(const rubilnik::CsvTable& t) {
    for (const auto& row : t.rows())
        for (const auto& column : t.header()) {
            try {
                (void)t.text(row, column);
                (void)t.empty(row, column);
                (void)t.number(row, column);
            } catch (const rubilnik::InputError&) {
            }
            try {
                (void)t.number_in(row, column, 0, 1);
            } catch (const rubilnik::InputError&) {
            }
            try {
                (void)t.integer(row, column);
            } catch (const rubilnik::InputError&) {
            }
        }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::vector<std::string> kRegions = {"id",          "name",       "population", "internet_users",
                                                      "fixed_share", "utc_offset", "gdp_share",  "source"};
    const auto text = rubilnik::fuzz::as_text(data, size);
    try {
        touch_cells(rubilnik::CsvTable::parse(text, "regions.csv", kRegions));
    } catch (const rubilnik::InputError&) {
    }
    try {
        const auto any = rubilnik::CsvTable::parse(text, "any.csv", {});
        touch_cells(any);
        any.require_header(kRegions);
        (void)any.column("no-such-column");
    } catch (const rubilnik::InputError&) {
    }
    return 0;
}
