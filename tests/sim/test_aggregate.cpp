// Ensemble statistics: summarise() (selection, not sorting) must give the
// type-7 percentiles of the sorted data exactly, and aggregate() the same
// bits as a slot-by-slot pass, whatever the ties, sizes and constants.
#include <catch2/catch.hpp>

#include <algorithm>

#include "rubilnik/engine.hpp"
#include "rubilnik/rng.hpp"

using namespace rubilnik;

namespace {

Stats by_sorting(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    Stats s;
    s.p5 = percentile_sorted(v, 0.05);
    s.p50 = percentile_sorted(v, 0.50);
    s.p95 = percentile_sorted(v, 0.95);
    return s;
}

}  // namespace

TEST_CASE("summarise equals percentiles of the sorted data, bit for bit", "[result]") {
    for (std::size_t n : {2u, 3u, 5u, 19u, 20u, 21u, 40u, 101u, 1000u, 10000u}) {
        for (std::uint64_t round = 0; round < 4; ++round) {
            const CounterRng rng(7, n, round);
            std::vector<double> v(n);
            // round 0: continuous; 1: heavy ties; 2: two values; 3: sorted descending
            for (std::size_t i = 0; i < n; ++i) {
                const double u = rng.uniform(i);
                v[i] = round == 0   ? u * 1e6
                       : round == 1 ? std::floor(u * 5)
                       : round == 2 ? (u < 0.97 ? 1.0 : 2.0)
                                    : -static_cast<double>(i);
            }
            INFO("n = " << n << ", round " << round);
            const auto got = summarise(v);
            const auto want = by_sorting(v);
            CHECK(got.p5 == want.p5);
            CHECK(got.p50 == want.p50);
            CHECK(got.p95 == want.p95);
        }
    }
    // A constant keeps its value exactly; the mean is still the draw-order sum.
    const auto c = summarise(std::vector<double>(1000, 0.1));
    CHECK((c.p5 == 0.1 && c.p50 == 0.1 && c.p95 == 0.1));
    double sum = 0;
    for (int i = 0; i < 1000; ++i) sum += 0.1;
    CHECK(c.mean == sum / 1000);
}

namespace {

// Two summed hourly series and a peak, over `hours` hours, with breakdowns;
// 333 draws of random values, every 7th slot a constant.
EnsembleResult random_draws(MetricRegistry& metrics, std::size_t hours) {
    metrics.set_axis_sizes(3, 2, 4);
    metrics.add({"a", "u", "", Aggregate::sum, true, {Axis::region, Axis::sector}, "test"});
    metrics.add({"b", "u", "", Aggregate::sum, true, {Axis::operator_}, "test"});
    metrics.add({"c", "u", "", Aggregate::peak, true, {}, "test"});
    metrics.finalise(hours);
    EnsembleResult res;
    for (std::uint64_t d = 0; d < 333; ++d) {
        DrawRecord r;
        const CounterRng rng(11, d, 0);
        r.totals = {rng.uniform(0), rng.uniform(1), rng.uniform(2)};
        for (std::size_t i = 0; i < metrics.breakdown_width(); ++i) r.breakdown.push_back(rng.uniform(10 + i));
        for (std::size_t i = 0; i < metrics.hourly_width(hours); ++i)
            r.hourly.push_back(i % 7 == 0 ? 1.5f : static_cast<float>(rng.uniform(1000 + i)));
        res.draws.push_back(std::move(r));
    }
    return res;
}

bool same(const std::vector<Stats>& a, const std::vector<Stats>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!(a[i].p5 == b[i].p5 && a[i].p50 == b[i].p50 && a[i].p95 == b[i].p95 && a[i].mean == b[i].mean))
            return false;
    return true;
}

}  // namespace

TEST_CASE("aggregate gathers slots in blocks without changing any bit", "[result][engine]") {
    // 70 hours: the series are gathered together in one block; 600: each
    // is longer than a block (512 floats), so its running totals carry on
    // from one block to the next.
    const std::size_t hours = GENERATE(70u, 600u);
    INFO(hours << " hours");
    MetricRegistry metrics;
    EnsembleResult res = random_draws(metrics, hours);
    aggregate(metrics, hours, res);
    REQUIRE(res.hourly.size() == metrics.hourly_width(hours));
    REQUIRE(res.breakdown.size() == metrics.breakdown_width());
    for (std::size_t i = 0; i < res.hourly.size(); ++i) {
        std::vector<double> v;
        for (const auto& d : res.draws) v.push_back(d.hourly[i]);
        const auto want = summarise(v);
        INFO("hourly slot " << i);
        REQUIRE(res.hourly[i].p5 == want.p5);
        REQUIRE(res.hourly[i].p95 == want.p95);
        REQUIRE(res.hourly[i].mean == want.mean);
    }
    for (std::size_t i = 0; i < res.breakdown.size(); ++i) {
        std::vector<double> v;
        for (const auto& d : res.draws) v.push_back(d.breakdown[i]);
        REQUIRE(res.breakdown[i].p50 == summarise(v).p50);
    }
    // Cumulative: each draw's running total in double, then its percentiles
    // hour by hour; the last hour is the statistics of the series' sums.
    REQUIRE(res.cumulative.size() == res.hourly.size());
    for (std::size_t m = 0; m < 2; ++m) {
        std::vector<double> running(res.draws.size(), 0.0);
        for (std::size_t h = 0; h < hours; ++h) {
            for (std::size_t d = 0; d < res.draws.size(); ++d) running[d] += res.draws[d].hourly[m * hours + h];
            const auto want = summarise(running);
            const auto& got = res.cumulative[m * hours + h];
            INFO("series " << m << ", hour " << h);
            REQUIRE(got.p5 == want.p5);
            REQUIRE(got.p50 == want.p50);
            REQUIRE(got.p95 == want.p95);
            REQUIRE(got.mean == want.mean);
        }
    }
}

TEST_CASE("statistics split into day-long pieces are the same bits", "[result][engine][ranks]") {
    // On one rank aggregate_across_ranks takes every hourly series in
    // 24-hour pieces, each running total continued from the one kept before
    // the piece: what each of several ranks does with its share.
    const std::size_t hours = GENERATE(1u, 24u, 70u, 600u);
    INFO(hours << " hours");
    MetricRegistry metrics;
    EnsembleResult whole = random_draws(metrics, hours);
    EnsembleResult pieces = whole;
    aggregate(metrics, hours, whole);
    aggregate_across_ranks(metrics, hours, pieces);
    CHECK(same(pieces.totals, whole.totals));
    CHECK(same(pieces.breakdown, whole.breakdown));
    CHECK(same(pieces.hourly, whole.hourly));
    CHECK(same(pieces.cumulative, whole.cumulative));
}

TEST_CASE("peak and minimum series get no running total", "[result][engine]") {
    MetricRegistry metrics;
    metrics.add({"peak", "u", "", Aggregate::peak, true, {}, "test"});
    metrics.add({"sum", "u", "", Aggregate::sum, true, {}, "test"});
    constexpr std::size_t hours = 3;
    metrics.finalise(hours);
    EnsembleResult res;
    for (int d = 0; d < 4; ++d) res.draws.push_back({{1.0, 2.0}, {}, {1, 2, 3, 1, 1, 1}});
    aggregate(metrics, hours, res);
    REQUIRE(res.cumulative.size() == 6);
    CHECK(res.cumulative[2].p50 == 0.0);  // peak: left at zero, not written to results.h5
    CHECK(res.cumulative[5].p50 == 3.0);  // sum: 1 + 1 + 1
    CHECK(res.hourly[2].p50 == 3.0);
}
