// World Bank WDI tables in their bulk-download layout, the country table,
// and their failure paths (file and line named in every message).
#include <catch2/catch.hpp>

#include "../support.hpp"
#include "rubilnik/data/countries.hpp"
#include "rubilnik/data/wdi.hpp"
#include "rubilnik/error.hpp"

using namespace rubilnik;
using namespace rubilnik::test;
using Catch::Contains;

namespace {
const CountryTable& countries() {
    static const CountryTable t = CountryTable::read((source_dir() / "data/countries/countries.csv").string());
    return t;
}
std::string wdi_error(const std::string& text) {
    try {
        WdiTable::parse(text, "bad.csv", countries());
    } catch (const InputError& e) {
        return e.what();
    }
    return "no error";
}
const char* kHeader = "\"Country Name\",\"Country Code\",\"Indicator Name\",\"Indicator Code\",\"2020\",\"2021\",\n";
}  // namespace

TEST_CASE("a WDI table with metadata lines, BOM and CRLF reads real rows", "[wdi]") {
    const auto t = WdiTable::read((data_dir() / "wdi/API_SP.POP.TOTL_DS2_en_csv_v2_85.csv").string(), countries());
    CHECK(t.indicator_code() == "SP.POP.TOTL");
    CHECK(t.indicator_name() == "Population, total");
    CHECK(t.last_updated() == "2024-02-21");
    CHECK(t.series().size() == 6);
    const auto* kz = t.find("KAZ");
    REQUIRE(kz);
    CHECK(kz->line == 8);  // header on line 5, then IND, IRN, KAZ
    CHECK(!kz->aggregate);
    CHECK(kz->values.at(2021) == 19000988);
    // The name holds a comma inside its quotes.
    CHECK(t.find("IRN")->country_name == "Iran, Islamic Rep.");
    // World and Low income are aggregates: present, but never a country's value.
    CHECK(t.find("WLD")->aggregate);
    CHECK(t.find("LIC")->aggregate);
    CHECK(!t.at_or_before("WLD", 2021, 5));
    const auto v = t.at_or_before("KAZ", 2022, 5);
    REQUIRE(v);
    CHECK(v->year == 2022);
    CHECK(v->value == 19621972);
}

TEST_CASE("a WDI table without metadata falls back to the latest earlier year", "[wdi]") {
    const auto t =
        WdiTable::read((data_dir() / "wdi/API_NY.GDP.MKTP.CD_DS2_en_csv_v2_4683825.csv").string(), countries());
    CHECK(t.last_updated().empty());
    const auto kz = t.at_or_before("KAZ", 2022, 5);  // the table ends in 2021
    REQUIRE(kz);
    CHECK(kz->year == 2021);
    CHECK(kz->value == Approx(190814274226.211).epsilon(1e-15));
    const auto ir = t.at_or_before("IRN", 2022, 5);  // 2021 is empty for Iran
    REQUIRE(ir);
    CHECK(ir->year == 2020);
    // Venezuela's GDP stops in 2014: more than five years before 2022.
    CHECK(!t.at_or_before("VEN", 2022, 5));
    CHECK(t.at_or_before("VEN", 2022, 8)->year == 2014);
    CHECK(!t.at_or_before("XXX", 2022, 5));
}

TEST_CASE("a folder of WDI tables is indexed by indicator code", "[wdi]") {
    const auto w = WdiIndicators::read_folder((data_dir() / "wdi").string(), countries());
    CHECK(w.codes().size() == 4);
    CHECK(w.find("IT.NET.USER.ZS"));
    CHECK_THROWS_WITH(w.require("NV.AGR.TOTL.ZS"), Contains("no API_NV.AGR.TOTL.ZS_*.csv table"));
    // The shipped tables: exactly the 49 World Bank aggregates are marked.
    const auto all = WdiIndicators::read_folder((source_dir() / "data/wdi").string(), countries());
    std::size_t aggregates = 0;
    for (const auto& s : all.require("SP.POP.TOTL").series()) aggregates += s.aggregate;
    CHECK(aggregates == 49);
}

TEST_CASE("malformed WDI tables fail with file and line", "[wdi]") {
    const std::string ok_row = "\"Kazakhstan\",\"KAZ\",\"Population, total\",\"SP.POP.TOTL\",\"1\",\"2\",\n";
    CHECK(wdi_error(std::string("\"Data Source\",\"WDI\",\n\n") + kHeader + ok_row) == "no error");
    CHECK_THAT(
        wdi_error(std::string(kHeader) + ok_row + "\"Iran\",\"IRN\",\"Population, total\",\"SP.POP.TOTL\",\"1\n"),
        Contains("bad.csv:3:") && Contains("malformed quoting"));
    CHECK_THAT(
        wdi_error(std::string(kHeader) + ok_row + "\"India\",\"IND\",\"Population, total\",\"SP.POP.TOTL\",\"1\",\n"),
        Contains("bad.csv:3:") && Contains("row has 6 cells; the header has 7"));
    CHECK_THAT(
        wdi_error(std::string(kHeader) + "\"India\",\"IND\",\"Population, total\",\"SP.POP.TOTL\",\"x\",\"2\",\n"),
        Contains("bad.csv:2:") && Contains("key '2020'") && Contains("'x' is not a number"));
    CHECK_THAT(
        wdi_error(std::string(kHeader) + ok_row + "\"India\",\"IND\",\"Other\",\"NY.GDP.MKTP.CD\",\"1\",\"2\",\n"),
        Contains("bad.csv:3:") && Contains("one indicator per file"));
    CHECK_THAT(wdi_error(ok_row), Contains("no header line starting with \"Country Name\""));
    CHECK_THAT(wdi_error(std::string(kHeader) + ok_row + ok_row), Contains("bad.csv:3:") && Contains("duplicate row"));
}

TEST_CASE("country names from STOP and the press map to ISO codes", "[wdi][countries]") {
    const auto& c = countries();
    CHECK(c.by_name("Iran (Islamic Republic of)")->iso2 == "IR");
    CHECK(c.by_name("Congo (Democratic Republic of the)")->iso2 == "CD");
    CHECK(c.by_name("Tanzania, United Republic of")->iso2 == "TZ");
    CHECK(c.by_name("Turkey")->iso2 == "TR");
    CHECK(c.by_name("Côte d'Ivoire")->iso2 == "CI");
    CHECK(c.by_name("Cote d'Ivoire")->iso2 == "CI");
    CHECK(c.by_name("United States of America")->iso2 == "US");
    CHECK(c.by_name("Palestine, State of")->iso2 == "PS");
    CHECK(c.by_name("Kosovo")->iso3 == "XKX");
    CHECK(c.by_name("Somaliland") == nullptr);
    CHECK(c.by_iso3("kaz")->utc_offset == "+06:00");
    CHECK(c.by_iso2("IR")->weekend == "fri");
    CHECK(normalise_country_name("Congo (Democratic Republic of the)") == "congo democratic republic of");
}
