// A country baseline: baseline.toml and its CSV tables, through the loader's
// cross-table checks (shares, references, topology) and the engine's phases.
// The first byte picks which file of a scratch copy of tests/data/mini the
// rest replaces (channel tables included); the scenario is
// tests/data/mini-cut.toml.
#include <array>
#include <fstream>
#include <iterator>
#include <string>

#include "fuzz_support.hpp"
#include "rubilnik/engine.hpp"
#include "rubilnik/io/output.hpp"
#include "rubilnik/scenario.hpp"

namespace {

namespace fs = std::filesystem;

// Index = first byte modulo the count; append new tables, never reorder (the
// corpus seeds carry these indices).
constexpr std::array<const char*, 12> kFiles = {"baseline.toml", "regions.csv", "operators.csv", "market_shares.csv",
                                                "profiles.csv",  "sectors.csv", "nodes.csv",     "links.csv",
                                                "payments.csv",  "mining.csv",  "welfare.csv",   "telecom.csv"};

std::string read_all(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct Fixture {
    rubilnik::fuzz::Scratch scratch{"rubilnik-fuzz-baseline"};
    std::array<std::string, kFiles.size()> original;
    Fixture() {
        const auto data = rubilnik::fuzz::source_dir() / "tests/data";
        fs::copy(data / "mini", scratch.path() / "mini", fs::copy_options::recursive);
        fs::copy_file(data / "mini-cut.toml", scratch.path() / "s.toml");
        for (std::size_t i = 0; i < kFiles.size(); ++i) original[i] = read_all(scratch.path() / "mini" / kFiles[i]);
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static Fixture fixture;
    if (size == 0) return 0;
    const std::size_t which = data[0] % kFiles.size();
    const auto file = fixture.scratch.path() / "mini" / kFiles[which];
    rubilnik::fuzz::write_bytes(file, rubilnik::fuzz::as_text(data + 1, size - 1));
    try {
        const auto scenario = rubilnik::load_scenario((fixture.scratch.path() / "s.toml").string());
        const rubilnik::Engine engine(scenario);
        rubilnik::RunOptions options;
        options.draws = 2;
        options.threads = 1;
        (void)rubilnik::summary_json(engine, engine.run(options));
    } catch (const rubilnik::InputError&) {
    }
    rubilnik::fuzz::write_bytes(file, fixture.original[which]);
    return 0;
}
