// CSV exports of a run (summary.csv, series.csv) on the mini country: the
// exact header, rows for totals and breakdowns, hours in UTC and local time,
// and numbers that read back to the same doubles.
#include <catch2/catch.hpp>

#include <sstream>

#include "../support.hpp"
#include "rubilnik/engine.hpp"
#include "rubilnik/io/csv_export.hpp"

using namespace rubilnik;
using namespace rubilnik::test;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

bool has_line_starting(const std::vector<std::string>& lines, const std::string& prefix) {
    for (const auto& l : lines)
        if (l.rfind(prefix, 0) == 0) return true;
    return false;
}

}  // namespace

TEST_CASE("summary.csv: totals and breakdowns, one row each", "[csv][io]") {
    const auto sc = load_scenario((data_dir() / "mini-cut.toml").string());
    const Engine engine(sc);
    const auto res = engine.run(RunOptions{});
    const auto lines = lines_of(summary_csv(engine, res));
    REQUIRE(!lines.empty());
    CHECK(lines[0] == "metric,axis,label,p5,p50,p95,mean,unit");
    std::size_t expected = 1;
    for (std::size_t m = 0; m < engine.metrics().size(); ++m) {
        expected += 1;
        for (Axis a : engine.metrics().info(m).axes) expected += engine.metrics().axis_size(a);
    }
    CHECK(lines.size() == expected);
    // Central run: 800 mobile users offline for 2 h; EAST holds 600 of them.
    CHECK(has_line_starting(lines, "users_affected,total,national,800,800,800,800,person"));
    CHECK(has_line_starting(lines, "person_hours_offline,total,national,1600,1600,1600,1600,person*h"));
    CHECK(has_line_starting(lines, "person_hours_offline,region,EAST,1200,1200,1200,1200,person*h"));
    CHECK(has_line_starting(lines, "person_hours_offline,access,mobile,1600,"));
    CHECK(has_line_starting(lines, "gdp_loss_direct_usd,sector,A,"));
}

TEST_CASE("series.csv: every hourly metric, hour by hour", "[csv][io]") {
    const auto sc = load_scenario((data_dir() / "mini-cut.toml").string());
    const Engine engine(sc);
    RunOptions opt;
    opt.draws = 50;
    const auto res = engine.run(opt);
    const auto lines = lines_of(series_csv(engine, res));
    REQUIRE(!lines.empty());
    CHECK(lines[0] == "hour_utc,hour_local,metric,p5,p50,p95,mean,unit");
    std::size_t hourly = 0;
    for (std::size_t m = 0; m < engine.metrics().size(); ++m) hourly += engine.metrics().info(m).hourly ? 1 : 0;
    CHECK(lines.size() == 1 + hourly * 6);  // the window is 6 hours
    // Hour 1 (01:00 local = 19:00 UTC the day before): 800 users offline.
    CHECK(has_line_starting(lines, "2022-01-04T19:00Z,2022-01-05T01:00+06:00,person_hours_offline,800,800,800,800,"));
    CHECK(has_line_starting(lines, "2022-01-04T18:00Z,2022-01-05T00:00+06:00,person_hours_offline,0,0,0,0,"));
    // Numbers read back exactly: the mean of the direct loss in hour 1.
    const auto m = engine.metrics().index("gdp_loss_direct_usd");
    const double mean = res.hourly[engine.metrics().hourly_offset(m) + 1].mean;
    CHECK(has_line_starting(lines, "2022-01-04T19:00Z,2022-01-05T01:00+06:00,gdp_loss_direct_usd,"));
    for (const auto& l : lines)
        if (l.rfind("2022-01-04T19:00Z,2022-01-05T01:00+06:00,gdp_loss_direct_usd,", 0) == 0) {
            std::vector<std::string> cells;
            std::istringstream in(l);
            for (std::string c; std::getline(in, c, ',');) cells.push_back(c);
            REQUIRE(cells.size() == 8);
            CHECK(std::stod(cells[6]) == mean);
            CHECK(cells[7] == "USD");
        }
}

TEST_CASE("CSV fields and numbers", "[csv][io]") {
    CHECK(csv_field("plain") == "plain");
    CHECK(csv_field("a,b") == "\"a,b\"");
    CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(csv_number(0.1) == "0.1");
    CHECK(csv_number(1e21) == "1e+21");
    CHECK(csv_number(1.0 / 3.0) == "0.3333333333333333");
    CHECK(csv_number(std::nan("")) == "nan");
    CHECK(csv_number(-1.0 / 0.0) == "-inf");
}
