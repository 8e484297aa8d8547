#include <catch2/catch.hpp>

#include "rubilnik/io/csv.hpp"

using namespace rubilnik;
using Catch::Contains;

TEST_CASE("CSV: quotes, comments, header and typed cells", "[csv]") {
    const auto t = CsvTable::parse("# a comment\nid,name,value\nA,\"Trade, retail\",1.5\nB,\"He said \"\"hi\"\"\",2\n",
                                   "t.csv", {"id", "name", "value"});
    REQUIRE(t.rows().size() == 2);
    CHECK(t.text(t.rows()[0], "name") == "Trade, retail");
    CHECK(t.text(t.rows()[1], "name") == "He said \"hi\"");
    CHECK(t.number(t.rows()[0], "value") == 1.5);
    CHECK(t.rows()[0].line == 3);
}

TEST_CASE("CSV errors name file, line and column", "[csv]") {
    CHECK_THROWS_WITH(CsvTable::parse("id,x\n", "t.csv", {"id", "name"}),
                      Contains("t.csv:1") && Contains("expected 'id,name'"));
    CHECK_THROWS_WITH(CsvTable::parse("id,name\nA\n", "t.csv", {"id", "name"}),
                      Contains("t.csv:2") && Contains("1 cells; expected 2"));
    CHECK_THROWS_WITH(CsvTable::parse("id,name\nA,\"open\n", "t.csv", {"id", "name"}),
                      Contains("t.csv:2") && Contains("never closed"));
    const auto t = CsvTable::parse("id,value\nA,1e400\nB,abc\n", "t.csv", {"id", "value"});
    CHECK_THROWS_WITH(t.number(t.rows()[0], "value"), Contains("t.csv:2:2") && Contains("not a finite number"));
    CHECK_THROWS_WITH(t.number(t.rows()[1], "value"), Contains("t.csv:3:2") && Contains("key 'value'"));
    CHECK_THROWS_WITH(t.number_in(t.rows()[0], "id", 0, 1), Contains("not a finite number"));
    CHECK_THROWS_AS(CsvTable::read("/nonexistent/t.csv", {"id"}), InputError);
}
