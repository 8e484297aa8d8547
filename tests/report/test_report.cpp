// The report, as a reader meets it: it renders for the mini fixture and the
// Kazakhstan replay from results.h5 alone; every chart is well-formed SVG
// with one data mark per datum, axis labels and units; the citable figures
// carry the command and seed; every internal Markdown link has its heading;
// bad or incomplete files are refused by name.
//
// Tolerances: hourly series are stored as float (7 significant digits), so
// values derived from them are compared with relative 1e-5; shares computed
// in double from the fixture's small integers compare at 1e-9.
#include <catch2/catch.hpp>

#include <algorithm>
#include <regex>
#include <set>

#include "../../sim/report/svg.hpp"
#include "../support.hpp"
#include "rubilnik/engine.hpp"
#include "rubilnik/error.hpp"
#include "rubilnik/io/output.hpp"
#include "rubilnik/report.hpp"
#include "xml_lite.hpp"

using namespace rubilnik;
using namespace rubilnik::test;
namespace rp = rubilnik::report;

namespace {

// One run per scenario, written to a temporary results.h5 and read back.
struct Saved {
    TempDir dir;
    rp::Results results;
    std::size_t intervals = 0;
    std::size_t sectors = 0;
};

const Saved& saved(const std::string& scenario, std::size_t draws) {
    static std::map<std::string, std::unique_ptr<Saved>> cache;
    auto& slot = cache[scenario];
    if (!slot) {
        slot = std::make_unique<Saved>();
        const auto sc = load_scenario(scenario);
        const Engine engine(sc);
        RunOptions opt;
        opt.draws = draws;
        opt.threads = 2;
        const auto res = engine.run(opt);
        const auto path = slot->dir / "results.h5";
        write_results_h5(path, engine, res, "rubilnik run " + scenario + " --draws " + std::to_string(draws));
        slot->results = rp::read_results(path);
        for (const auto& inst : sc.instances) slot->intervals += inst.intervals.size();
        slot->sectors = sc.baseline.sectors.size();
    }
    return *slot;
}

const Saved& mini() { return saved((data_dir() / "mini-cut.toml").string(), 200); }
const Saved& kz() { return saved((source_dir() / "scenarios/kz-2022-01.toml").string(), 100); }

const rp::Chart& chart(const std::vector<rp::Chart>& charts, const std::string& id) {
    for (const auto& c : charts)
        if (c.id == id) return c;
    FAIL("no chart " << id);
    throw std::logic_error("unreachable");
}

std::vector<const XmlNode*> marks(const XmlNode& svg, const std::string& kind) {
    return svg.find_all([&](const XmlNode& n) { return n.has_class("mark") && n.has_class(kind); });
}

std::vector<std::string> texts(const XmlNode& svg, const std::string& cls) {
    std::vector<std::string> out;
    for (const auto* n : svg.find_all([&](const XmlNode& x) { return x.name == "text" && x.has_class(cls); }))
        out.push_back(n->text);
    return out;
}

// Every chart: an <svg> root with a title, at least one axis label, and
// (for the time axes) the UTC offset named.
XmlNode check_svg(const rp::Chart& c) {
    INFO(c.id);
    XmlNode svg;
    REQUIRE_NOTHROW(svg = XmlLite::parse(c.svg));
    CHECK(svg.name == "svg");
    CHECK(svg.attr("xmlns") == "http://www.w3.org/2000/svg");
    CHECK_FALSE(svg.attr("viewBox").empty());
    const auto titles = svg.find_all([](const XmlNode& n) { return n.name == "title"; });
    REQUIRE(titles.size() == 1);
    CHECK(titles[0]->text == c.title);
    CHECK_FALSE(texts(svg, "axis-label").empty());
    CHECK_FALSE(c.caption.empty());
    CHECK_FALSE(c.alt.empty());
    return svg;
}

// Heatmap cells are run-length merged: per row, the hours they cover must
// add up to the window, without gaps or overlaps.
void check_heatmap(const XmlNode& svg, std::size_t rows, std::size_t hours) {
    std::map<int, std::vector<std::pair<int, int>>> by_row;
    for (const auto* m : marks(svg, "cell"))
        by_row[std::stoi(m->attr("data-row"))].emplace_back(std::stoi(m->attr("data-h0")),
                                                            std::stoi(m->attr("data-n")));
    REQUIRE(by_row.size() == rows);
    for (auto& [row, runs] : by_row) {
        std::sort(runs.begin(), runs.end());
        int next = 0;
        for (const auto& [h0, n] : runs) {
            CHECK(h0 == next);
            next = h0 + n;
        }
        CHECK(next == static_cast<int>(hours));
    }
    CHECK(texts(svg, "row-label").size() == rows);
}

// The message of the InputError `f` throws; any other outcome fails the match.
template <typename F>
std::string input_error(F f) {
    try {
        f();
    } catch (const InputError& e) {
        return e.what();
    } catch (const std::exception& e) {
        return std::string("not an InputError: ") + e.what();
    }
    return "no exception";
}

std::set<std::string> chart_ids(const std::vector<rp::Chart>& charts) {
    std::set<std::string> out;
    for (const auto& c : charts) out.insert(c.id);
    return out;
}

// GitHub's anchor for a heading, written independently of the report's own.
std::string github_slug(std::string h) {
    std::string out;
    for (unsigned char c : h) {
        if (std::isalnum(c) || c == '-' || c == '_') out += static_cast<char>(std::tolower(c));
        else if (c == ' ') out += '-';
    }
    return out;
}

}  // namespace

TEST_CASE("report reads a run back from results.h5 alone", "[report]") {
    const auto& r = mini().results;
    CHECK(r.hour_start.size() == 6);
    CHECK(r.draws == 200);
    CHECK(r.seed == 20220105);
    CHECK(r.reference_offset.minutes == 360);
    CHECK(r.meta("scenario_title") == "Two hours of national mobile cut");
    REQUIRE(r.events.size() == 1);
    CHECK(r.events[0].intervals.size() == 1);
    // Mobile cut 01:00-03:00 local: East has 600 of 800 users on mobile, West 200 of 400.
    REQUIRE(r.by_region.labels == std::vector<std::string>{"EAST", "WEST"});
    CHECK(r.by_region.names == std::vector<std::string>{"East", "West"});
    CHECK(r.by_region.values[1 * 2 + 0] == Approx(0.25).margin(1e-9));
    CHECK(r.by_region.values[1 * 2 + 1] == Approx(0.5).margin(1e-9));
    CHECK(r.by_region.values[4 * 2 + 0] == Approx(1.0).margin(1e-9));
    // Incumbent: 400 fixed + 400 mobile users; Mobile Co: 400 mobile users.
    CHECK(r.by_operator.values[1 * 2 + 0] == Approx(0.5).margin(1e-9));
    CHECK(r.by_operator.values[1 * 2 + 1] == Approx(0.0).margin(1e-9));
    // The maps agree with the national hourly series (users-weighted mean).
    const auto& national = r.series.at("national_connectivity_min").hours;
    for (std::size_t h = 0; h < 6; ++h) {
        const double mean = (800 * r.by_region.values[h * 2] + 400 * r.by_region.values[h * 2 + 1]) / 1200;
        CHECK(national[h].p50 == Approx(mean).epsilon(1e-5));
    }
    // The running total's last row is the total's own distribution.
    const auto& cum = r.cumulative.at("gdp_loss_direct_usd").hours.back();
    const auto total = r.total("gdp_loss_direct_usd");
    CHECK(cum.p5 == Approx(total.p5).epsilon(1e-5));
    CHECK(cum.p50 == Approx(total.p50).epsilon(1e-5));
    CHECK(cum.p95 == Approx(total.p95).epsilon(1e-5));
    CHECK(total.p5 < total.p95);
    // Parameters with their sources; read-by-channel first.
    REQUIRE_FALSE(r.parameters.empty());
    CHECK_FALSE(r.parameters.front().used_by.empty());
    for (const auto& p : r.parameters) {
        INFO(p.key);
        CHECK_FALSE(p.description.empty());
        CHECK_FALSE(p.source.empty());
        CHECK(p.used_by.find("economy-direct, economy-direct") == std::string::npos);
    }
}

TEST_CASE("report refuses files it cannot trust, naming them", "[report]") {
    TempDir dir;
    CHECK_THAT(input_error([&] { rp::read_results(dir / "absent.h5"); }),
               Catch::Matchers::Contains("absent.h5: no such file"));
    write_file(dir / "text.h5", "not hdf5");
    CHECK_THAT(input_error([&] { rp::read_results(dir / "text.h5"); }),
               Catch::Matchers::Contains("text.h5: not an HDF5 file"));
    // A run stopped early: complete = 0.
    const auto sc = load_scenario((data_dir() / "mini-cut.toml").string());
    const Engine engine(sc);
    RunOptions opt;
    opt.draws = 4;
    auto res = engine.run(opt);
    res.draws_done = 3;
    write_results_h5(dir / "partial.h5", engine, res, "test");
    const auto partial = input_error([&] { rp::read_results(dir / "partial.h5"); });
    CHECK_THAT(partial, Catch::Matchers::Contains("partial.h5"));
    CHECK_THAT(partial, Catch::Matchers::Contains("incomplete (3 of 4 draws done)"));
    CHECK_THROWS_AS(rp::write_report(dir / "partial.h5", dir / "out", {}), InputError);
    CHECK_FALSE(std::filesystem::exists(dir / "out"));
    rp::Results scratch;
    CHECK_THAT(input_error([&] { rp::read_sensitivity(dir / "text.h5", scratch); }),
               Catch::Matchers::Contains("text.h5: not an HDF5 file"));
    CHECK_THAT(input_error([&] { rp::read_sensitivity(mini().dir / "results.h5", scratch); }),
               Catch::Matchers::Contains("/sensitivity: missing"));
}

TEST_CASE("report charts for the mini run: well-formed, one mark per datum", "[report]") {
    const auto& s = mini();
    const auto charts = rp::build_charts(s.results);
    const auto ids = chart_ids(charts);
    for (const char* id : {"events", "connectivity-national", "connectivity-region", "connectivity-operator",
                           "services", "loss-cumulative", "loss-hourly", "loss-sector", "loss-region", "comparators"}) {
        INFO(id);
        CHECK(ids.count(id) == 1);
    }
    for (const auto& c : charts) check_svg(c);

    auto svg = XmlLite::parse(chart(charts, "events").svg);
    CHECK(marks(svg, "span").size() == s.intervals);
    CHECK(texts(svg, "axis-label") == std::vector<std::string>{"local time (UTC+06:00)"});

    svg = XmlLite::parse(chart(charts, "connectivity-national").svg);
    auto lines = marks(svg, "line");
    REQUIRE(lines.size() == 1);
    CHECK(lines[0]->attr("data-points") == "6");
    CHECK(marks(svg, "band").size() == 1);
    CHECK(texts(svg, "axis-label")[0].find("share of users (%)") != std::string::npos);
    const auto ticks = texts(svg, "tick");
    CHECK(std::find(ticks.begin(), ticks.end(), "100 %") != ticks.end());
    CHECK(std::find(ticks.begin(), ticks.end(), "01:00") != ticks.end());

    check_heatmap(XmlLite::parse(chart(charts, "connectivity-region").svg), 2, 6);
    check_heatmap(XmlLite::parse(chart(charts, "connectivity-operator").svg), 2, 6);

    svg = XmlLite::parse(chart(charts, "loss-cumulative").svg);
    REQUIRE(marks(svg, "line").size() == 1);
    CHECK(marks(svg, "line")[0]->attr("data-points") == "6");
    CHECK(marks(svg, "band").size() == 1);
    CHECK(texts(svg, "axis-label")[0] == "US dollars (running total)");
    for (const auto& t : texts(svg, "tick"))
        if (t.find(':') == std::string::npos && t.find("Jan") == std::string::npos) CHECK(t[0] == '$');

    svg = XmlLite::parse(chart(charts, "loss-sector").svg);
    const auto bars = marks(svg, "bar");
    REQUIRE(bars.size() == s.sectors);
    CHECK(marks(svg, "whisker").size() == s.sectors);
    // Largest first, and the bars are the breakdown's medians.
    // Total loss by sector where the run has that breakdown, direct loss otherwise.
    const auto& loss = s.results.breakdown.at("gdp_loss_total_usd").count("sector")
                           ? s.results.breakdown.at("gdp_loss_total_usd")
                           : s.results.breakdown.at("gdp_loss_direct_usd");
    const auto& sector = loss.at("sector");
    double prev = 1e300, sum = 0;
    for (const auto* b : bars) {
        const double v = std::stod(b->attr("data-value"));
        CHECK(v <= prev);
        prev = v;
        sum += v;
    }
    double expected = 0;
    for (const auto& row : sector.rows) expected += row.p50;
    CHECK(sum == Approx(expected).epsilon(1e-5));
    CHECK(texts(svg, "axis-label") == std::vector<std::string>{"US dollars"});

    svg = XmlLite::parse(chart(charts, "comparators").svg);
    std::size_t comparators = 0;
    for (const auto& [id, draws] : s.results.ensemble)
        comparators += id.rfind("comparator_", 0) == 0 && s.results.units.at(id) == "USD";
    CHECK(comparators >= 4);                             // Deloitte, Brookings/COST, Top10VPN, NetLoss at least
    CHECK(marks(svg, "bar").size() == 1 + comparators);  // the bottom-up total beside each
}

TEST_CASE("report charts for the KZ replay tell the January story", "[report][kz]") {
    const auto& s = kz();
    const auto& r = s.results;
    const auto charts = rp::build_charts(r);
    for (const auto& c : charts) check_svg(c);
    const std::size_t H = r.hour_start.size();
    CHECK(H == 240);
    auto svg = XmlLite::parse(chart(charts, "events").svg);
    CHECK(marks(svg, "span").size() == s.intervals);
    CHECK(texts(svg, "row-label").size() == r.events.size());
    // Day names centred under the days, in local time.
    const auto ticks = texts(svg, "tick");
    CHECK(std::find(ticks.begin(), ticks.end(), "Wed 5 Jan") != ticks.end());
    std::size_t regions = 0;
    for (double u : r.by_region.users) regions += u > 0;
    CHECK(regions == 17);
    check_heatmap(XmlLite::parse(chart(charts, "connectivity-region").svg), regions, H);
    std::size_t operators = 0;
    for (double u : r.by_operator.users) operators += u > 0;
    check_heatmap(XmlLite::parse(chart(charts, "connectivity-operator").svg), operators, H);
    // The story in brief: the blackout starts on 5 Jan.
    const auto blocks = rp::build_report(r);
    std::string brief;
    for (std::size_t i = 0; i + 1 < blocks.size(); ++i)
        if (blocks[i].kind == rp::Block::Kind::heading && blocks[i].text == "In brief") brief = blocks[i + 1].text;
    CHECK(brief.find("fell below half of users at Wed 5 Jan") != std::string::npos);
    // Breakdown bars: one per region and per sector.
    svg = XmlLite::parse(chart(charts, "loss-region").svg);
    CHECK(marks(svg, "bar").size() == r.by_region.labels.size());
}

TEST_CASE("report citable figures carry the command and seed", "[report]") {
    const auto& r = mini().results;
    const auto figures = rp::citable_figures(r);
    REQUIRE(figures.size() >= 4);
    std::set<std::string> ids;
    for (const auto& f : figures) {
        INFO(f.metric);
        ids.insert(f.metric);
        CHECK(f.reproduce.find("rubilnik run ") == 0);
        CHECK(f.reproduce.find("mini-cut.toml --seed 20220105 --draws 200") != std::string::npos);
        CHECK(f.sentence.find("Two hours of national mobile cut") != std::string::npos);
        CHECK_FALSE(f.range.empty());
    }
    CHECK(ids.count("users_affected") == 1);
    CHECK(ids.count("gdp_loss_total_usd") == 1);
    // Zero in every draw: not a headline (voice was never cut here).
    CHECK(ids.count("person_hours_without_voice") == 0);
    const auto loss =
        std::find_if(figures.begin(), figures.end(), [](auto& f) { return f.metric == "gdp_loss_total_usd"; });
    CHECK(loss->value.rfind("$", 0) == 0);
    CHECK(loss->range.find("P5–P95: $") == 0);
    CHECK(loss->sentence.find("90 % range $") != std::string::npos);

    const auto html = rp::render_html(r, rp::build_report(r));
    CHECK(html.find("class=\"citable\"") != std::string::npos);
    CHECK(html.find("--seed 20220105 --draws 200") != std::string::npos);
}

TEST_CASE("report HTML is self-contained and the Markdown's anchors resolve", "[report]") {
    const auto& r = mini().results;
    const auto blocks = rp::build_report(r);
    const auto html = rp::render_html(r, blocks);
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("@import") == std::string::npos);
    CHECK(html.find("url(") == std::string::npos);
    CHECK(html.find(" src=") == std::string::npos);
    CHECK(html.find(" href=\"http") == std::string::npos);
    // The only absolute URL is the SVG namespace name, which loads nothing.
    std::string rest = html;
    for (std::size_t p; (p = rest.find("http://www.w3.org/2000/svg")) != std::string::npos;) rest.erase(p, 26);
    CHECK(rest.find("http://") == std::string::npos);
    CHECK(rest.find("https://") == std::string::npos);
    CHECK(html.find("Content-Security-Policy") != std::string::npos);
    CHECK(html.find("@media print") != std::string::npos);

    const auto md = rp::render_markdown(blocks, "report-charts");
    std::set<std::string> anchors;
    std::istringstream lines(md);
    for (std::string line; std::getline(lines, line);)
        if (!line.empty() && line[0] == '#') anchors.insert(github_slug(line.substr(line.find(' ') + 1)));
    const std::regex link(R"(\]\(#([^)]*)\))");
    std::size_t links = 0;
    for (auto it = std::sregex_iterator(md.begin(), md.end(), link); it != std::sregex_iterator(); ++it, ++links) {
        INFO((*it)[1].str());
        CHECK(anchors.count((*it)[1].str()) == 1);
    }
    CHECK(links >= 10);
    // Every figure links its SVG file.
    const std::regex image(R"(!\[[^\]]*\]\(report-charts/([a-z0-9-]+)\.svg\))");
    std::size_t images = std::distance(std::sregex_iterator(md.begin(), md.end(), image), std::sregex_iterator());
    CHECK(images == rp::build_charts(r).size());
}

TEST_CASE("report files are written beside the results", "[report]") {
    TempDir out;
    const auto written = rp::write_report(mini().dir / "results.h5", out.path(), {});
    CHECK(std::filesystem::exists(out / "report.html"));
    CHECK(std::filesystem::exists(out / "report.md"));
    CHECK(std::filesystem::exists(out / "report-charts/comparators.svg"));
    CHECK(written.size() == rp::build_charts(mini().results).size() + 2);
    for (const auto& e : std::filesystem::recursive_directory_iterator(out.path()))
        CHECK(e.path().filename().string().find(".tmp") == std::string::npos);
}

TEST_CASE("report tornado from Sobol indices, largest total effect first", "[report]") {
    auto r = mini().results;
    for (const auto& c : rp::build_charts(r)) CHECK(c.id.rfind("tornado", 0) != 0);
    r.sensitivity["gdp_loss_total_usd"] = {{"economy.mobile_weight", 0.1, 0.05, 0.15, 0.2, 0.1, 0.3},
                                           {"economy.dependence.A", 0.5, 0.4, 0.6, 0.7, 0.6, 0.8}};
    r.sensitivity_source = "test.h5";
    const auto charts = rp::build_charts(r);
    auto svg = check_svg(chart(charts, "tornado-gdp-loss-total-usd"));
    const auto bars = marks(svg, "bar");
    REQUIRE(bars.size() == 2);
    CHECK(std::stod(bars[0]->attr("data-value")) == Approx(0.7));
    const auto labels = texts(svg, "row-label");
    CHECK(labels[0] == "economy.dependence.A");
    CHECK(marks(svg, "whisker").size() == 2);
}

TEST_CASE("report number formatting and chart helpers", "[report]") {
    CHECK(rp::format_value(1.234e9, "USD") == "$1.23 bn");
    CHECK(rp::format_value(16.1e6, "person") == "16.1 M");
    CHECK(rp::format_value(0.042, "share") == "4.2 %");
    CHECK(rp::format_value(999.96e3, "USD") == "$1 M");
    CHECK(rp::format_value(-5e3, "USD") == "-$5 k");
    CHECK(rp::format_value(12, "EH/s") == "12 EH/s");
    CHECK(rp::unit_words("person*h") == "person-hours");
    CHECK(rp::anchor_slug("Welfare and telecom revenue") == "welfare-and-telecom-revenue");
    const auto unit = rp::svg::nice_ticks(0, 1, 5);
    REQUIRE(unit.size() == 6);
    for (std::size_t i = 0; i < unit.size(); ++i) CHECK(unit[i] == Approx(0.2 * static_cast<double>(i)).margin(1e-12));
    const auto t = rp::svg::nice_ticks(0, 3.7e8, 5);  // step 1e8: the next nice step above 3.7e8 / 5
    REQUIRE(t.size() == 4);
    CHECK(t.front() == 0);
    CHECK(t.back() == Approx(3e8));
    CHECK(rp::svg::nice_ticks(-1, 1, 4) == std::vector<double>{-1, -0.5, 0, 0.5, 1});
    CHECK(rp::svg::heat_colour(0) == "#67001f");
    CHECK(rp::svg::heat_colour(1) == "#d1e5f0");
    CHECK(rp::svg::heat_colour(std::nan("")) == rp::svg::heat_colour(1));
    CHECK(rp::svg::xml_escape("a<b & \"c\"") == "a&lt;b &amp; &quot;c&quot;");
}
