// The Access Now STOP dataset reader (include/rubilnik/data/stop.hpp): the
// bytes are one export of the combined sheet; every cell of every row that
// loads is then read by column name, as import_stop does.
#include "fuzz_support.hpp"
#include "rubilnik/data/stop.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        const auto table = rubilnik::StopTable::parse(rubilnik::fuzz::as_text(data, size), "stop.csv");
        for (const auto& row : table.rows())
            for (const auto& column : rubilnik::stop_columns()) (void)row.at(column);
    } catch (const rubilnik::InputError&) {
    }
    return 0;
}
