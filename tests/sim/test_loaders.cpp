// Every validation error path of the baseline and scenario loaders: the
// exception type, and a message naming file, line, key and what was expected.
#include <catch2/catch.hpp>

#include "../support.hpp"
#include "rubilnik/scenario.hpp"

using namespace rubilnik;
using namespace rubilnik::test;
using Catch::Contains;

TEST_CASE("the mini baseline loads and generates access networks", "[loaders]") {
    const auto b = load_baseline((data_dir() / "mini").string());
    CHECK(b.regions.size() == 2);
    CHECK(b.operators[0].asns == std::vector<long>{100, 101});
    CHECK(b.total_users() == 1200);
    const auto access = b.access_nodes();
    // EAST and WEST: inc fixed, inc mobile, mob mobile
    CHECK(access.size() == 6);
    double users = 0;
    for (auto n : access) users += b.nodes[n].users;
    CHECK(users == Approx(1200).epsilon(1e-12));
    CHECK(b.node_index("access:WEST:mob:mobile"));
    CHECK(b.day_type({2022, 1, 7}) == DayType::holiday);
    CHECK(b.day_type({2022, 1, 8}) == DayType::weekend);
    CHECK(b.day_type({2022, 1, 5}) == DayType::workday);
    // The flat profile is normalised to a weekly mean of 1.
    CHECK(b.profiles[0].weight[0][12] == Approx(1.0));
}

namespace {
std::string load_error(const TempDir& dir) {
    try {
        load_scenario((dir / "s.toml").string());
    } catch (const InputError& e) {
        return e.what();
    }
    return "no error";
}
}  // namespace

TEST_CASE("baseline errors name the file, line and key", "[loaders]") {
    TempDir dir;
    copy_mini(dir);
    SECTION("shares that do not sum to one") {
        replace_in_file(dir / "mini/market_shares.csv", "*,mob,mobile,0.5", "*,mob,mobile,0.4");
        const auto msg = load_error(dir);
        CHECK_THAT(msg, Contains("market_shares.csv") && Contains("sum to 0.9") && Contains("expected 1"));
    }
    SECTION("unknown operator in a table") {
        replace_in_file(dir / "mini/market_shares.csv", "*,mob,mobile", "*,mobb,mobile");
        CHECK_THAT(load_error(dir), Contains("market_shares.csv:4:2") && Contains("unknown operator 'mobb'"));
    }
    SECTION("a negative number out of range") {
        replace_in_file(dir / "mini/regions.csv", "WEST,West,500", "WEST,West,-500");
        CHECK_THAT(load_error(dir),
                   Contains("regions.csv:3:3") && Contains("population") && Contains("outside the allowed range"));
    }
    SECTION("a missing source") {
        replace_in_file(dir / "mini/operators.csv", "200,mobile,test", "200,mobile,");
        CHECK_THAT(load_error(dir), Contains("operators.csv:3") && Contains("needs a source"));
    }
    SECTION("negative capacity") {
        replace_in_file(dir / "mini/links.csv", "backbone,100", "backbone,-1");
        CHECK_THAT(load_error(dir), Contains("links.csv:4") && Contains("must not be negative"));
    }
    SECTION("unknown key in baseline.toml") {
        replace_in_file(dir / "mini/baseline.toml", "price_year = 2021", "price_year = 2021\nprice_yaer = 2020");
        CHECK_THAT(load_error(dir), Contains("baseline.toml:8") && Contains("price_yaer") && Contains("unknown key"));
    }
    SECTION("a bad distribution") {
        replace_in_file(dir / "mini/baseline.toml", "min = 0.1, max = 0.3", "min = 0.5, max = 0.3");
        CHECK_THAT(load_error(dir), Contains("baseline.toml") && Contains("economy.dependence.B"));
    }
    SECTION("an unknown distribution kind") {
        replace_in_file(dir / "mini/baseline.toml", "dist = \"uniform\"", "dist = \"unifrom\"");
        CHECK_THAT(load_error(dir), Contains("unknown distribution 'unifrom'"));
    }
    SECTION("GDP shares that do not sum to one") {
        replace_in_file(dir / "mini/regions.csv", "0.25,test", "0.35,test");
        CHECK_THAT(load_error(dir), Contains("regions.csv") && Contains("sum to 1.1"));
    }
    SECTION("a TOML syntax error gives line and column") {
        replace_in_file(dir / "mini/baseline.toml", "currency = \"XXX\"", "currency = \"XXX");
        CHECK_THAT(load_error(dir), Contains("baseline.toml:6") && Contains("TOML syntax error"));
    }
}

TEST_CASE("scenario errors name the file, line and key", "[loaders]") {
    TempDir dir;
    copy_mini(dir);
    SECTION("unknown key in an event") {
        replace_in_file(dir / "s.toml", "source = \"test\"", "source = \"test\"\nfrmo = \"x\"");
        CHECK_THAT(load_error(dir), Contains("s.toml:14") && Contains("event[0].frmo") && Contains("unknown key"));
    }
    SECTION("unknown region in a target") {
        replace_in_file(dir / "s.toml", "access = \"mobile\"", "region = [\"NORTH\"]");
        CHECK_THAT(load_error(dir), Contains("s.toml:10") && Contains("unknown region 'NORTH'"));
    }
    SECTION("unknown action") {
        replace_in_file(dir / "s.toml", "action = \"cut\"", "action = \"cutt\"");
        CHECK_THAT(load_error(dir), Contains("s.toml:9") && Contains("unknown action 'cutt'"));
    }
    SECTION("a timestamp without offset") {
        replace_in_file(dir / "s.toml", "2022-01-05T01:00+06:00", "2022-01-05T01:00");
        CHECK_THAT(load_error(dir), Contains("s.toml:11") && Contains("event[0].from") && Contains("with offset"));
    }
    SECTION("an event that ends before it starts") {
        replace_in_file(dir / "s.toml", "2022-01-05T03:00+06:00", "2022-01-05T00:30+06:00");
        CHECK_THAT(load_error(dir), Contains("ends") && Contains("before it starts"));
    }
    SECTION("an event outside the window") {
        replace_in_file(dir / "s.toml", "from = \"2022-01-05T01:00+06:00\"", "from = \"2022-02-05T01:00+06:00\"");
        replace_in_file(dir / "s.toml", "to = \"2022-01-05T03:00+06:00\"", "to = \"2022-02-05T03:00+06:00\"");
        CHECK_THAT(load_error(dir), Contains("wholly outside the scenario window"));
    }
    SECTION("a throttle without a factor, a factor out of range") {
        replace_in_file(dir / "s.toml", "action = \"cut\"", "action = \"throttle\"");
        CHECK_THAT(load_error(dir), Contains("event[0].factor") && Contains("missing"));
        replace_in_file(dir / "s.toml", "action = \"throttle\"", "action = \"throttle\"\nfactor = 1.5");
        CHECK_THAT(load_error(dir), Contains("expected 0..1"));
    }
    SECTION("duplicate event ids") {
        auto text = read_file(dir / "s.toml");
        const auto ev = text.substr(text.find("[[event]]"));
        write_file(dir / "s.toml", text + "\n" + ev);
        CHECK_THAT(load_error(dir), Contains("duplicate event id 'mobile-cut'"));
    }
    SECTION("an unknown service") {
        replace_in_file(dir / "s.toml", "action = \"cut\"", "action = \"block\"");
        replace_in_file(dir / "s.toml", "access = \"mobile\"", "access = \"mobile\", services = [\"chatt\"]");
        CHECK_THAT(load_error(dir), Contains("unknown service 'chatt'"));
    }
    SECTION("an override of a parameter the baseline lacks") {
        write_file(dir / "s.toml", read_file(dir / "s.toml") +
                                       "\n[parameters]\n\"economy.dependnce.A\" = { value = 1, source = \"x\" }\n");
        CHECK_THAT(load_error(dir), Contains("s.toml:16") && Contains("does not define"));
    }
    SECTION("a missing baseline folder") {
        replace_in_file(dir / "s.toml", "baseline = \"mini\"", "baseline = \"maxi\"");
        CHECK_THAT(load_error(dir), Contains("s.toml:4") && Contains("does not exist"));
    }
    SECTION("a wrong schema") {
        replace_in_file(dir / "s.toml", "rubilnik.scenario/1", "rubilnik.scenario/9");
        CHECK_THAT(load_error(dir), Contains("s.toml:1") && Contains("reads 'rubilnik.scenario/1'"));
    }
    SECTION("a window over the limit") {
        replace_in_file(dir / "s.toml", "end = \"2022-01-05T06:00+06:00\"", "end = \"2024-01-05T06:00+06:00\"");
        CHECK_THAT(load_error(dir), Contains("366-day limit"));
    }
}

TEST_CASE("a scenario overrides baseline parameters", "[loaders]") {
    TempDir dir;
    copy_mini(dir);
    write_file(dir / "s.toml", read_file(dir / "s.toml") +
                                   "\n[parameters]\n\"economy.dependence.A\" = { dist = \"triangular\", min = 0.1, "
                                   "mode = 0.2, max = 0.4, source = \"x\" }\n");
    const auto sc = load_scenario((dir / "s.toml").string());
    const auto i = sc.parameters.find("economy.dependence.A");
    REQUIRE(i);
    CHECK(sc.parameters.at(*i).origin == "scenario");
    CHECK_FALSE(sc.parameters.at(*i).dist.is_point());
}
