// World Bank WDI tables (include/rubilnik/data/wdi.hpp) and the country
// table that joins them. The first byte picks the reader, the rest is the file:
//   0  WdiTable::parse, with the shipped data/countries/countries.csv
//   1  CountryTable::read of a file, then name and code lookups
#include <string>

#include "fuzz_support.hpp"
#include "rubilnik/data/countries.hpp"
#include "rubilnik/data/wdi.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const rubilnik::CountryTable countries =
        rubilnik::CountryTable::read((rubilnik::fuzz::source_dir() / "data/countries/countries.csv").string());
    static const rubilnik::fuzz::Scratch scratch("rubilnik-fuzz-wdi");
    if (size == 0) return 0;
    const auto body = rubilnik::fuzz::as_text(data + 1, size - 1);
    try {
        if (data[0] % 2 == 0) {
            const auto t = rubilnik::WdiTable::parse(body, "API_FUZZ_DS2_en_csv_v2_1.csv", countries);
            for (const char* code : {"KAZ", "WLD", "IND", ""}) {
                (void)t.find(code);
                for (int year : {1960, 2021, 2200}) (void)t.at_or_before(code, year, 5);
            }
        } else {
            const auto file = (scratch.path() / "countries.csv").string();
            rubilnik::fuzz::write_bytes(file, body);
            const auto table = rubilnik::CountryTable::read(file);
            for (const char* name : {"Kazakhstan", "Congo (Democratic Republic of the)", "", "the"})
                (void)table.by_name(name);
            (void)table.by_iso2("kz");
            (void)table.by_iso3("KAZ");
        }
    } catch (const rubilnik::InputError&) {
    }
    return 0;
}
