// Batch runs: one result folder per scenario, combined tables whose group
// totals are per-draw sums, --resume that recomputes exactly what is missing,
// incomplete or stale, and results independent of the thread count.
#include <catch2/catch.hpp>

#include <map>
#include <stdexcept>

#include "../support.hpp"
#include "rubilnik/batch.hpp"
#include "rubilnik/error.hpp"
#include "rubilnik/result.hpp"

using namespace rubilnik;
using namespace rubilnik::test;
using Catch::Contains;

namespace {

// Three scenarios on the mini baseline: 1, 2 and 3 hours of national cut.
void three_scenarios(const TempDir& dir) {
    copy_mini(dir);
    std::filesystem::remove(dir / "s.toml");
    std::filesystem::create_directories(dir / "in");
    for (int h = 1; h <= 3; ++h) {
        write_file(dir / "in" / ("cut" + std::to_string(h) + ".toml"),
                   "schema = \"rubilnik.scenario/1\"\nname = \"cut" + std::to_string(h) +
                       "\"\nbaseline = \"../mini\"\n"
                       "window = { start = \"2022-01-05T00:00+06:00\", end = \"2022-01-05T06:00+06:00\" }\n"
                       "[[event]]\nid = \"cut\"\naction = \"cut\"\ntarget = { scope = \"national\" }\n"
                       "from = \"2022-01-05T01:00+06:00\"\nto = \"2022-01-05T0" +
                       std::to_string(1 + h) +
                       ":00+06:00\"\n"
                       "source = \"test\"\n");
    }
}

BatchOptions options(const TempDir& dir, std::size_t threads = 1) {
    BatchOptions o;
    o.out_folder = (dir / "out").string();
    o.draws = 12;
    o.threads = threads;
    return o;
}

std::map<std::string, BatchStatus> statuses(const BatchReport& r) {
    std::map<std::string, BatchStatus> out;
    for (const auto& it : r.items) out[it.name] = it.status;
    return out;
}

}  // namespace

TEST_CASE("a batch writes one result per scenario and per-draw group sums", "[batch]") {
    TempDir dir;
    three_scenarios(dir);
    const auto files = batch_inputs((dir / "in").string());
    REQUIRE(files.size() == 3);
    const auto r = run_batch(files, options(dir), nullptr);
    CHECK(r.computed == 3);
    CHECK(r.failed == 0);
    for (const char* n : {"cut1", "cut2", "cut3"}) {
        CHECK(std::filesystem::exists(dir / "out" / n / "summary.json"));
        CHECK(std::filesystem::exists(dir / "out" / n / "results.h5"));
    }
    CHECK(r.items[0].country == "XX");
    CHECK(r.items[0].year == 2022);
    // The mini country has 1,200 users: h hours of national cut is 1,200 h person-hours (no leakage).
    for (int h = 1; h <= 3; ++h) CHECK(r.items[h - 1].per_draw.at("person_hours_offline")[0] == Approx(1200.0 * h));
    // Group totals add per-draw totals draw by draw (exact: the same additions in the same order).
    const auto groups = batch_groups(r.items, 12);
    REQUIRE(groups.size() == 3);  // XX 2022, 2022, all
    for (std::size_t d = 0; d < 12; ++d) {
        double sum = 0;
        for (const auto& it : r.items) sum += it.per_draw.at("gdp_loss_direct_usd")[d];
        CHECK(groups[0].per_draw.at("gdp_loss_direct_usd")[d] == sum);
    }
    const auto csv = read_file(dir / "out" / "batch.csv");
    CHECK_THAT(csv, Contains("level,scenario,country,year,status,scenarios,users_affected_p5"));
    CHECK_THAT(csv, Contains("scenario,cut2,XX,2022,computed,1,"));
    CHECK_THAT(csv, Contains("country-year,,XX,2022,,3,"));
    CHECK(std::filesystem::exists(dir / "out" / "batch.h5"));
    // The per-draw totals read back from results.h5 equal the ones the run produced.
    const auto back = read_ensemble_totals((dir / "out/cut2/results.h5").string(), batch_metrics(), nullptr);
    CHECK(back.at("gdp_loss_direct_usd") == r.items[1].per_draw.at("gdp_loss_direct_usd"));
}

TEST_CASE("batch: --resume recomputes only what is missing, incomplete or stale", "[batch]") {
    TempDir dir;
    three_scenarios(dir);
    const auto files = batch_inputs((dir / "in").string());
    auto opt = options(dir);
    const auto first = run_batch(files, opt, nullptr);
    opt.resume = true;

    // Nothing to do: all resumed, with the same numbers.
    auto again = run_batch(files, opt, nullptr);
    CHECK(again.resumed == 3);
    CHECK(again.items[2].per_draw.at("gdp_loss_direct_usd") == first.items[2].per_draw.at("gdp_loss_direct_usd"));

    // A deleted result, a corrupt summary, an incomplete one, and an edited scenario.
    std::filesystem::remove_all(dir / "out/cut1");
    write_file(dir / "out/cut2/summary.json", "{ \"schema\": ");
    auto r = run_batch(files, opt, nullptr);
    auto s = statuses(r);
    CHECK(s["cut1"] == BatchStatus::computed);
    CHECK(s["cut2"] == BatchStatus::computed);
    CHECK(s["cut3"] == BatchStatus::resumed);
    CHECK(r.items[0].per_draw.at("gdp_loss_direct_usd") == first.items[0].per_draw.at("gdp_loss_direct_usd"));

    replace_in_file(dir / "out/cut3/summary.json", "\"complete\": true", "\"complete\": false");
    replace_in_file(dir / "in/cut1.toml", "source = \"test\"", "source = \"test, edited\"");
    s = statuses(run_batch(files, opt, nullptr));
    CHECK(s["cut1"] == BatchStatus::computed);
    CHECK(s["cut2"] == BatchStatus::resumed);
    CHECK(s["cut3"] == BatchStatus::computed);

    // Other draws or another seed: nothing matches, everything reruns.
    opt.draws = 13;
    CHECK(run_batch(files, opt, nullptr).computed == 3);
}

TEST_CASE("batch results do not depend on the thread count", "[batch]") {
    TempDir a, b;
    three_scenarios(a);
    three_scenarios(b);
    const auto one = run_batch(batch_inputs((a / "in").string()), options(a, 1), nullptr);
    const auto two = run_batch(batch_inputs((b / "in").string()), options(b, 2), nullptr);
    for (std::size_t i = 0; i < 3; ++i) CHECK(one.items[i].per_draw == two.items[i].per_draw);
    CHECK(read_file(a / "out/batch.csv") == read_file(b / "out/batch.csv"));
}

TEST_CASE("batch inputs and failures", "[batch]") {
    TempDir dir;
    three_scenarios(dir);
    // A list file, relative to itself, with comments.
    write_file(dir / "list.txt", "# two of them\nin/cut1.toml\n\nin/cut3.toml\n");
    CHECK(batch_inputs((dir / "list.txt").string()).size() == 2);
    write_file(dir / "bad-list.txt", "in/nope.toml\n");
    CHECK_THROWS_WITH(batch_inputs((dir / "bad-list.txt").string()),
                      Contains("bad-list.txt:1") && Contains("does not exist"));
    CHECK_THROWS_AS(batch_inputs((dir / "mini").string()), InputError);  // no *.toml directly inside
    // Two scenarios with one name would share an output folder.
    write_file(dir / "in/dup.toml", read_file(dir / "in/cut1.toml"));
    CHECK_THROWS_WITH(run_batch(batch_inputs((dir / "in").string()), options(dir), nullptr),
                      Contains("scenario name 'cut1' is also used by"));
    // A broken scenario fails alone; the others run.
    write_file(dir / "in/dup.toml", "schema = \"rubilnik.scenario/1\"\nname = \"broken\"\nbaseline = \"nowhere\"\n");
    const auto r = run_batch(batch_inputs((dir / "in").string()), options(dir), nullptr);
    CHECK(r.computed == 3);
    CHECK(r.failed == 1);
    CHECK_THAT(read_file(dir / "out/batch.csv"), Contains("scenario,broken,,,failed"));
}

TEST_CASE("batch_share: the parts are disjoint, cover the batch and run all by default", "[batch]") {
    std::vector<std::string> ids;
    for (int i = 0; i < 10; ++i) ids.push_back("s" + std::to_string(i));
    const auto all = batch_share(ids);
    REQUIRE(all.size() == 10);
    for (std::size_t i = 0; i < 10; ++i) CHECK(all[i] == i);
    for (std::size_t parts : {1u, 3u, 4u, 16u}) {
        INFO("parts " << parts);
        std::vector<int> seen(ids.size(), 0);
        for (std::size_t p = 0; p < parts; ++p)
            for (auto i : batch_share(ids, p, parts)) ++seen[i];
        for (int n : seen) CHECK(n == 1);
    }
    CHECK(batch_share(ids, 1, 3) == std::vector<std::size_t>{1, 4, 7});
    CHECK(batch_share({}, 0, 2).empty());
    CHECK_THROWS_AS(batch_share(ids, 2, 2), std::invalid_argument);
    CHECK_THROWS_AS(batch_share(ids, 0, 0), std::invalid_argument);
}
