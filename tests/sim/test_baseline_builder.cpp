// Baselines from indicators: the output validates and runs, every value
// cites its WDI code and year or a default rule, defaults are wider than the
// hand-built KZ baseline's, and user overrides replace what they name.
#include <catch2/catch.hpp>

#include "../support.hpp"
#include "rubilnik/baseline_builder.hpp"
#include "rubilnik/engine.hpp"
#include "rubilnik/error.hpp"
#include "rubilnik/scenario.hpp"

using namespace rubilnik;
using namespace rubilnik::test;
using Catch::Contains;

namespace {

DataPaths project_data() {
    return DataPaths{(source_dir() / "data/wdi").string(), (source_dir() / "data/countries/countries.csv").string(),
                     (source_dir() / "scenarios/defaults/defaults.toml").string()};
}

const BaselineBuilder& builder() {
    static const BaselineBuilder b(project_data());
    return b;
}

std::string file_of(const GeneratedBaseline& g, const std::string& name) {
    for (const auto& [n, text] : g.files)
        if (n == name) return text;
    return "";
}

// Width of a parameter's distribution between its 1st and 99th percentiles.
double spread(const Baseline& b, const std::string& key) {
    const auto& d = b.parameters.at(*b.parameters.find(key)).dist;
    return d.quantile(0.99) - d.quantile(0.01);
}

void one_day_cut(const TempDir& dir, const std::string& baseline) {
    write_file(dir / "cut.toml",
               "schema = \"rubilnik.scenario/1\"\nname = \"cut\"\nbaseline = \"" + baseline +
                   "\"\n"
                   "window = { start = \"2022-09-21T00:00+03:30\", end = \"2022-09-23T00:00+03:30\" }\n"
                   "[[event]]\nid = \"cut\"\naction = \"cut\"\ntarget = { scope = \"national\" }\n"
                   "from = \"2022-09-21T00:00+03:30\"\nto = \"2022-09-22T00:00+03:30\"\nsource = \"test\"\n");
}

}  // namespace

TEST_CASE("a baseline from indicators cites WDI codes and years, validates and runs", "[baseline-builder]") {
    BaselineRequest req;
    req.country = "IR";
    req.year = 2022;
    const auto g = builder().build(req);
    CHECK(g.name == "ir-2022");
    // GDP per capita 231.5 bn / 88.6 M = 2,615 USD: lower-middle income.
    CHECK(g.income_group == "lower_middle");
    CHECK(g.indicator(kWdiGdp).year == 2020);  // 2021 and 2022 are empty for Iran
    CHECK(g.indicator(kWdiGdp).lag == 2);
    CHECK(g.indicator(kWdiPopulation).year == 2022);
    CHECK_THAT(file_of(g, "regions.csv"), Contains("SP.POP.TOTL 2022") && Contains("IT.NET.USER.ZS 2020"));
    CHECK_THAT(file_of(g, "sectors.csv"), Contains("NY.GDP.MKTP.CD 2020") && Contains("for lower_middle income"));
    CHECK_THAT(file_of(g, "SOURCES.md"), Contains("| NY.GDP.MKTP.CD | 231547571240.469 | 2020 |"));

    TempDir dir;
    write_baseline(g, dir / "ir-2022", false);
    const auto b = load_baseline((dir / "ir-2022").string());
    CHECK(b.regions.size() == 1);
    CHECK(b.operators.size() == 2);
    CHECK(b.currency == "USD");
    CHECK(b.price_year == 2020);
    CHECK(b.weekend[4]);  // Friday
    // Population 88,550,570 x 84.11 % internet users.
    CHECK(b.regions[0].internet_users == Approx(88550570 * 0.8411087002).margin(1));
    double va = 0;
    for (const auto& s : b.sectors) va += s.value_added_local;
    CHECK(va == Approx(231547571240.469).epsilon(1e-6));  // shares sum to 1; each rounded to a dollar
    // Stale GDP (2020 for 2022) becomes a +-20 % triangle; its source says so.
    const auto& gdp = b.parameters.at(*b.parameters.find("macro.gdp_local"));
    CHECK(gdp.dist.median() == Approx(231547571240.469).epsilon(1e-9));
    CHECK(gdp.dist.quantile(0.0) == Approx(231547571240.469 * 0.8).epsilon(1e-9));
    CHECK_THAT(gdp.source, Contains("NY.GDP.MKTP.CD 2020") && Contains("staleness"));
    for (const auto& p : b.parameters.all()) CHECK(!p.source.empty());

    // It runs: a one-day national cut costs something and takes users offline.
    one_day_cut(dir, "ir-2022");
    const Scenario sc = load_scenario((dir / "cut.toml").string());
    const Engine engine(sc);
    RunOptions opt;
    opt.draws = 16;
    const auto res = engine.run(opt);
    const auto& m = engine.metrics();
    CHECK(res.totals[m.index("person_hours_offline")].p50 > 0.5 * b.total_users() * 24);
    CHECK(res.totals[m.index("gdp_loss_direct_usd")].p50 > 0);
}

// Width = P99 - P1 of each distribution; no tolerance: wider is the claim of
// scenarios/defaults/defaults.toml. The brookings share is the tightest case
// (generated PERT(0.010, 0.035, 0.124): 0.084, hand-built: 0.073).
TEST_CASE("generated defaults are wider than the hand-built Kazakhstan ones", "[baseline-builder]") {
    BaselineRequest req;
    req.country = "KZ";
    req.year = 2021;
    TempDir dir;
    write_baseline(builder().build(req), dir / "kz-gen", false);
    const auto gen = load_baseline((dir / "kz-gen").string());
    const auto hand = load_baseline((source_dir() / "scenarios/countries/kz").string());
    for (const char* key : {"network.cut_leakage", "network.vpn_share", "economy.substitution",
                            "economy.domestic_sufficiency", "economy.dependence.G", "economy.dependence.K",
                            "economy.deferral.G", "comparator.brookings_internet_share"}) {
        INFO(key);
        CHECK(spread(gen, key) > spread(hand, key));
    }
}

TEST_CASE("users override indicators, regions and sectors", "[baseline-builder]") {
    TempDir dir;
    write_file(dir / "ind.csv", "indicator,value,year,source\nNY.GDP.MKTP.CD,250e9,2022,test: a national estimate\n");
    write_file(dir / "regions.csv",
               "id,name,population,gdp_share,utc_offset,source\n"
               "TEH,Tehran,40000000,0.6,+03:30,test\nREST,Rest,48550570,0.4,+03:30,test\n");
    write_file(dir / "sectors.csv", "id,share,source\nA,0.2,test\nC,0.3,test\nG,0.5,test\n");
    BaselineRequest req;
    req.country = "IRN";
    req.year = 2022;
    req.name = "iran";
    req.indicators_file = (dir / "ind.csv").string();
    req.regions_file = (dir / "regions.csv").string();
    req.sectors_file = (dir / "sectors.csv").string();
    const auto g = builder().build(req);
    CHECK(g.indicator(kWdiGdp).value == 250e9);
    CHECK(g.indicator(kWdiGdp).lag == 0);
    CHECK_THAT(g.indicator(kWdiGdp).source, Contains("user override") && Contains("a national estimate"));
    write_baseline(g, dir / "iran", false);
    const auto b = load_baseline((dir / "iran").string());
    REQUIRE(b.regions.size() == 2);
    CHECK(b.regions[0].internet_users == Approx(40000000 * 0.8411087002).margin(1));
    REQUIRE(b.sectors.size() == 3);
    CHECK(b.sectors[2].value_added_local == Approx(125e9).margin(1));
    CHECK(b.parameters.find("economy.dependence.G"));
    CHECK(!b.parameters.find("economy.dependence.B"));
    // A point GDP for the asked year: no staleness range.
    CHECK(b.parameters.at(*b.parameters.find("macro.gdp_local")).dist.quantile(0.0) == 250e9);
    // The folder exists now: writing again needs overwrite.
    CHECK_THROWS_WITH(write_baseline(g, dir / "iran", false), Contains("already exists"));
    CHECK_NOTHROW(write_baseline(g, dir / "iran", true));
}

TEST_CASE("baselines that cannot be built say why", "[baseline-builder]") {
    BaselineRequest req;
    req.year = 2022;
    req.country = "QQ";
    CHECK_THROWS_AS(builder().build(req), InputError);
    CHECK_THROWS_WITH(builder().build(req), Contains("'QQ' is not an ISO 3166-1 code"));
    req.country = "VE";  // no GDP since 2014
    CHECK_THROWS_WITH(builder().build(req), Contains("NY.GDP.MKTP.CD") && Contains("--indicators FILE"));
    TempDir dir;
    write_file(dir / "regions.csv", "id,name,population,gdp_share,utc_offset,source\nA,A,10,0.5,+01:00,t\n");
    req.country = "IR";
    req.regions_file = (dir / "regions.csv").string();
    CHECK_THROWS_WITH(builder().build(req), Contains("GDP shares sum to 0.5"));
}
