// include/rubilnik/ranks.hpp without mpirun: the block split every rank
// computes for itself, and the collectives' one-rank meaning (the MPI
// collectives themselves are tested on 2 and 3 ranks by tests/cli/test_mpi.sh).
#include <catch2/catch.hpp>

#include "rubilnik/ranks.hpp"

using namespace rubilnik;

TEST_CASE("blocks of ids cover every id once, contiguous, larger first", "[ranks]") {
    for (std::size_t n : {0u, 1u, 2u, 7u, 301u, 10000u}) {
        for (int k : {1, 2, 3, 8, 13}) {
            INFO("n = " << n << ", ranks = " << k);
            std::size_t next = 0;
            for (int r = 0; r < k; ++r) {
                const auto b = ranks::block_of(n, r, k);
                REQUIRE(b.begin == next);
                REQUIRE(b.size() >= n / static_cast<std::size_t>(k));
                REQUIRE(b.size() <= n / static_cast<std::size_t>(k) + 1);
                if (r > 0) REQUIRE(b.size() <= ranks::block_of(n, r - 1, k).size());
                next = b.end;
            }
            REQUIRE(next == n);
        }
    }
}

TEST_CASE("on one rank the collectives receive nothing from others", "[ranks]") {
    REQUIRE(ranks::size() == 1);
    constexpr std::size_t n = 5, width = 4;
    std::vector<double> rows(n * width);
    for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = static_cast<double>(i);
    // Every row is this rank's own: nothing arrives from others.
    std::vector<double> out{1.0};
    ranks::exchange_columns(
        n, width, {ranks::Columns{{1, 2}, {2, 3}}}, [&](std::size_t d) { return rows.data() + d * width; }, out);
    REQUIRE(out.empty());
    std::vector<float> frows(rows.begin(), rows.end()), fout{1.0f};
    ranks::exchange_columns(
        n, width, {ranks::Columns{{0, width}}}, [&](std::size_t d) { return frows.data() + d * width; }, fout);
    REQUIRE(fout.empty());
    // One column range per rank, inside the row, or it is a programming error.
    CHECK_THROWS_AS(ranks::exchange_columns(
                        n, width, {ranks::Columns{{0, 1}}, ranks::Columns{{1, 2}}},
                        [&](std::size_t d) { return rows.data() + d * width; }, out),
                    std::logic_error);

    std::vector<double> all;
    ranks::gather_concat({1.5, 2.5}, all);
    REQUIRE(all == std::vector<double>{1.5, 2.5});
    std::vector<double> rest{9.0};
    ranks::gather_rest(rows, rest, n, width);
    REQUIRE(rest.empty());  // rank 0 holds every row already
    CHECK(ranks::columns({{0, 3}, {5, 6}, {9, 9}}) == 4);
}
