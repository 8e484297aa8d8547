// A [parameters] table (and [correlations], when the bytes have one), as a
// baseline or scenario gives it: every distribution the loader accepts is
// then sampled at the quantiles a run and a report use, and through the
// counter-based generator, and must give finite numbers.
#include <cmath>
#include <cstdlib>
#include <string>

#include "fuzz_support.hpp"
#include "rubilnik/detail/parameter_toml.hpp"
#include "rubilnik/detail/toml_view.hpp"
#include "rubilnik/parameters.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto text = rubilnik::fuzz::as_text(data, size);
    try {
        const auto doc = rubilnik::detail::parse_toml_text(text, "fuzz.toml");
        rubilnik::ParameterTable table;
        if (const auto* params = doc.get_as<toml::table>("parameters"))
            rubilnik::detail::read_parameters(table, *params, "fuzz.toml", "baseline", false);
        if (const auto* groups = doc.get_as<toml::table>("correlations"))
            rubilnik::detail::read_correlations(table, *groups, "fuzz.toml", "baseline");
        for (const auto& p : table.all()) {
            (void)p.dist.describe();
            // 0 and 1 may give infinities but must not crash; between the
            // generator's extremes (53-bit uniforms) a validated distribution
            // must give finite numbers, or a NaN flows silently into totals.
            const double tiny = std::ldexp(1.0, -53);
            for (double u : {0.0, tiny, 0.05, 0.5, 0.95, 1.0 - tiny, 1.0}) {
                const double x = p.dist.quantile(u);
                if (u > 0 && u < 1 && !std::isfinite(x)) std::abort();
            }
            (void)p.dist.median();
        }
        for (std::uint64_t draw = 0; draw < 3; ++draw) {
            const auto values = rubilnik::sample_parameters(table, 20220105, draw, draw == 0);
            for (double v : values.values)
                if (!std::isfinite(v)) std::abort();
        }
    } catch (const rubilnik::InputError&) {
    }
    return 0;
}
