// A scenario file, through everything `rubilnik run` does before writing:
// TOML syntax, the scenario loader (against the baseline it names, resolved
// from tests/data, so the seeds use baseline = "mini"), the engine's phases
// for two draws, and the summary and headline writers in memory.
#include <ostream>
#include <streambuf>
#include <string>

#include "fuzz_support.hpp"
#include "rubilnik/detail/scenario_toml.hpp"
#include "rubilnik/detail/toml_view.hpp"
#include "rubilnik/engine.hpp"
#include "rubilnik/io/output.hpp"

namespace {

class NullBuffer : public std::streambuf {
protected:
    int overflow(int c) override { return c; }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::string path = (rubilnik::fuzz::source_dir() / "tests/data/fuzz-input.toml").string();
    const auto text = rubilnik::fuzz::as_text(data, size);
    try {
        const auto doc = rubilnik::detail::parse_toml_text(text, path);
        const auto scenario = rubilnik::detail::load_scenario_toml(doc, path, std::string(text));
        const rubilnik::Engine engine(scenario);
        rubilnik::RunOptions options;
        options.draws = 2;
        options.threads = 1;
        const auto result = engine.run(options);
        (void)rubilnik::summary_json(engine, result);
        NullBuffer null;
        std::ostream out(&null);
        rubilnik::print_headline(out, engine, result);
    } catch (const rubilnik::InputError&) {
    }
    return 0;
}
