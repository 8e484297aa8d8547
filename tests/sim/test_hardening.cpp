// Hostile inputs and half-written results (docs/hardening.md): inputs that
// are not files or never end, limits, completeness markers, stale temporary
// files, and every input a fuzz target once crashed on.
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "../support.hpp"
#include "rubilnik/engine.hpp"
#include "rubilnik/io/csv.hpp"
#include "rubilnik/io/input_file.hpp"
#include "rubilnik/io/output.hpp"
#include "rubilnik/io/results_check.hpp"
#include "rubilnik/network/caida.hpp"
#include "rubilnik/report.hpp"
#include "rubilnik/scenario.hpp"

using namespace rubilnik;
using namespace rubilnik::test;
using Catch::Contains;
namespace fs = std::filesystem;

namespace {

std::string load_error(const fs::path& scenario) {
    try {
        load_scenario(scenario.string());
    } catch (const InputError& e) {
        return e.what();
    }
    return "no error";
}

// A pid that certainly belongs to no process: a child that has exited and
// been reaped.
long dead_pid() {
    const pid_t child = ::fork();
    if (child == 0) ::_exit(0);
    int status = 0;
    ::waitpid(child, &status, 0);
    return child;
}

}  // namespace

TEST_CASE("inputs that are not regular files are refused, not read until EOF", "[hardening][limits]") {
    TempDir dir;
    CHECK_THROWS_WITH(read_input_file("/dev/zero", 1024, "tables"),
                      Contains("/dev/zero") && Contains("not a regular file"));
    CHECK_THROWS_WITH(read_input_file(dir.path().string(), 1024, "tables"), Contains("is a folder"));
    CHECK_THROWS_WITH(read_input_file((dir / "absent.csv").string(), 1024, "tables"),
                      Contains("absent.csv") && Contains("cannot open"));
    // A FIFO with no writer would block a plain open() for ever.
    REQUIRE(::mkfifo((dir / "fifo").c_str(), 0600) == 0);
    CHECK_THROWS_WITH(read_input_file((dir / "fifo").string(), 1024, "tables"), Contains("not a regular file"));
    write_file(dir / "big.csv", std::string(2000, 'x'));
    CHECK_THROWS_WITH(read_input_file((dir / "big.csv").string(), 1024, "tables"),
                      Contains("big.csv") && Contains("2000 bytes") && Contains("tables are limited to 1024 bytes"));
    CHECK(read_input_file((dir / "big.csv").string(), 2000, "tables").size() == 2000);
}

TEST_CASE("a baseline or table path naming a device or a FIFO is an input error", "[hardening][limits]") {
    TempDir dir;
    copy_mini(dir);
    SECTION("baseline = /dev/zero (was: read for ever, memory exhausted)") {
        replace_in_file(dir / "s.toml", "baseline = \"mini\"", "baseline = \"/dev/zero\"");
        CHECK_THAT(load_error(dir / "s.toml"), Contains("/dev/zero") && Contains("not a regular file"));
    }
    SECTION("a table that is a FIFO (was: blocked for ever)") {
        fs::remove(dir / "mini/regions.csv");
        REQUIRE(::mkfifo((dir / "mini/regions.csv").c_str(), 0600) == 0);
        CHECK_THAT(load_error(dir / "s.toml"), Contains("regions.csv") && Contains("not a regular file"));
    }
    SECTION("a table path naming a folder") {
        replace_in_file(dir / "mini/baseline.toml", "regions = \"regions.csv\"", "regions = \".\"");
        CHECK_THAT(load_error(dir / "s.toml"), Contains("is a folder"));
    }
}

TEST_CASE("numbers: a sign must be followed by digits", "[hardening][csv]") {
    double v = 0;
    CHECK_FALSE(parse_double("+-1", v));  // was accepted as -1
    CHECK_FALSE(parse_double("+", v));
    CHECK(parse_double("+1.5", v));
    CHECK(v == 1.5);
    CHECK(parse_double("-1.5", v));
    CHECK(v == -1.5);
}

TEST_CASE("readers refuse incomplete results", "[hardening][completeness]") {
    TempDir dir;
    const auto sc = load_scenario((data_dir() / "mini-cut.toml").string());
    const Engine engine(sc);
    RunOptions opt;
    opt.draws = 4;
    opt.threads = 1;
    const auto whole = engine.run(opt);
    auto partial = whole;
    partial.draws_done = 3;  // as a run stopped after three of four draws would record it

    write_results_h5(dir / "whole.h5", engine, whole, "test");
    write_summary_json(dir / "whole.json", engine, whole);
    write_results_h5(dir / "partial.h5", engine, partial, "test");
    write_summary_json(dir / "partial.json", engine, partial);

    SECTION("the markers as written") {
        const auto c = read_completeness(dir / "partial.h5");
        CHECK(c.draws == 4);
        CHECK(c.draws_done == 3);
        CHECK_FALSE(c.complete);
        CHECK(read_completeness(dir / "whole.json").complete);
        CHECK(read_completeness(dir / "whole.h5").draws_done == 4);
    }
    SECTION("complete files pass") {
        CHECK_NOTHROW(require_complete_results(dir / "whole.h5"));
        CHECK_NOTHROW(require_complete_results(dir / "whole.json"));
    }
    SECTION("results.h5 with complete = 0") {
        CHECK_THROWS_AS(require_complete_results(dir / "partial.h5"), InputError);
        CHECK_THROWS_WITH(require_complete_results(dir / "partial.h5"),
                          Contains("partial.h5") && Contains("/meta complete") && Contains("3 of 4 draws done"));
        // The report reads results.h5 through the same gate.
        CHECK_THROWS_WITH(report::read_results(dir / "partial.h5"), Contains("incomplete"));
    }
    SECTION("summary.json with complete: false") {
        CHECK_THROWS_WITH(require_complete_results(dir / "partial.json"),
                          Contains("partial.json") && Contains("meta.complete") && Contains("3 of 4 draws done"));
    }
    SECTION("a summary that contradicts itself, or has no marker") {
        auto text = read_file(dir / "whole.json");
        const auto at = text.find("\"complete\": true");
        REQUIRE(at != std::string::npos);
        write_file(dir / "liar.json", std::string(text).replace(at, 16, "\"complete\": false"));
        CHECK_THROWS_WITH(require_complete_results(dir / "liar.json"), Contains("4 of 4 draws done"));
        write_file(dir / "bare.json", R"({"schema": "rubilnik.summary/1", "meta": {"draws": 4}})");
        CHECK_THROWS_WITH(require_complete_results(dir / "bare.json"), Contains("meta.draws_done") && Contains("missing"));
        write_file(dir / "junk.json", "not json at all");
        CHECK_THROWS_WITH(require_complete_results(dir / "junk.json"), Contains("not JSON"));
    }
    SECTION("an output folder: every result in it is checked") {
        fs::create_directories(dir / "out");
        CHECK_THROWS_WITH(require_complete_results(dir / "out"), Contains("no summary.json or results.h5"));
        fs::copy_file(dir / "whole.h5", dir / "out/results.h5");
        fs::copy_file(dir / "whole.json", dir / "out/summary.json");
        CHECK_NOTHROW(require_complete_results(dir / "out"));
        fs::copy_file(dir / "partial.json", dir / "out/summary.json", fs::copy_options::overwrite_existing);
        CHECK_THROWS_WITH(require_complete_results(dir / "out"), Contains("summary.json"));
    }
}

TEST_CASE("stale temporaries of dead processes are removed, others kept", "[hardening][atomic]") {
    TempDir dir;
    const long dead = dead_pid();
    const auto own = std::to_string(::getpid());
    write_file(dir / (".summary.json.tmp-" + std::to_string(dead)), "half");
    fs::create_directories(dir / (".staging-" + std::to_string(dead)));
    write_file(dir / (".staging-" + std::to_string(dead)) / "results.h5", "half");
    write_file(dir / (".summary.json.tmp-" + own), "ours, being written");
    write_file(dir / ".results.h5.tmp-1", "pid 1 is always alive");
    write_file(dir / "notes.tmp-123", "not a hidden temporary: not ours");
    write_file(dir / ".x.tmp-12a", "not a pid");
    CHECK(remove_stale_temporaries(dir.path()) == 2);
    CHECK_FALSE(fs::exists(dir / (".summary.json.tmp-" + std::to_string(dead))));
    CHECK_FALSE(fs::exists(dir / (".staging-" + std::to_string(dead))));
    CHECK(fs::exists(dir / (".summary.json.tmp-" + own)));
    CHECK(fs::exists(dir / ".results.h5.tmp-1"));
    CHECK(fs::exists(dir / "notes.tmp-123"));
    CHECK(fs::exists(dir / ".x.tmp-12a"));
}

TEST_CASE("a result set appears whole or not at all", "[hardening][atomic]") {
    TempDir dir;
    auto writer = [](const std::string& text) {
        return [text](const fs::path& p) { write_file(p, text); };
    };
    write_result_set(dir.path(), {{"a.txt", writer("old a")}, {"b.txt", writer("old b")}});
    CHECK(read_file(dir / "a.txt") == "old a");
    SECTION("a writer that fails leaves the previous set and no litter") {
        auto failing = [](const fs::path& p) {
            write_file(p, "half of b");
            throw std::runtime_error("disk full");
        };
        CHECK_THROWS_WITH(write_result_set(dir.path(), {{"a.txt", writer("new a")}, {"b.txt", failing}}),
                          Contains("disk full"));
        CHECK(read_file(dir / "a.txt") == "old a");
        CHECK(read_file(dir / "b.txt") == "old b");
        std::size_t entries = 0;
        for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir.path())) ++entries;
        CHECK(entries == 2);
    }
    SECTION("a set that succeeds replaces every file") {
        write_result_set(dir.path(), {{"a.txt", writer("new a")}, {"b.txt", writer("new b")}});
        CHECK(read_file(dir / "a.txt") == "new a");
        CHECK(read_file(dir / "b.txt") == "new b");
    }
}

TEST_CASE("CAIDA readers: devices, FIFOs and endless lines are refused", "[hardening][caida]") {
    namespace net = rubilnik::network;
    // Both were read until memory ran out: /dev/zero has no line breaks.
    CHECK_THROWS_WITH(net::read_caida_asrel("/dev/zero"), Contains("/dev/zero") && Contains("not a regular file"));
    CHECK_THROWS_WITH(net::read_asn_names("/dev/zero"), Contains("not a regular file"));
    CHECK_THROWS_WITH(net::parse_caida_asrel(std::string(3u << 20, '1'), "long.txt"),
                      Contains("long.txt:1") && Contains("line longer than"));
}
