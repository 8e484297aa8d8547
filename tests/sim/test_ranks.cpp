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
    // Every row is this rank's own: nowhere to write for others, nothing
    // arrives; one width per rank, or it is a programming error.
    ranks::RowExchange<float> rows_x(n, {3});
    CHECK(rows_x.row(0, 0) == nullptr);
    ranks::Buffer<float> out{1.0f};
    rows_x.exchange(out);
    CHECK(out.empty());
    CHECK_THROWS_AS(ranks::RowExchange<double>(n, {3, 3}), std::logic_error);

    std::vector<double> all;
    ranks::gather_concat({1.5, 2.5}, all);
    REQUIRE(all == std::vector<double>{1.5, 2.5});
    std::vector<double> rest{9.0};
    ranks::gather_rest(rows, rest, n, width);
    REQUIRE(rest.empty());  // rank 0 holds every row already
}

TEST_CASE("row plans count what each rank sends and receives", "[ranks]") {
    // Computed for one rank here (the plans of 2 and 3 ranks are exercised by
    // tests/cli/test_mpi.sh): nothing to send or receive.
    const ranks::RowPlan plan(10, {4});
    CHECK(plan.sent == 0);
    CHECK(plan.received == 0);
    CHECK(plan.send_counts == std::vector<int>{0});
    CHECK(ranks::detail::mpi_count(2'147'483'647u, "test") == 2'147'483'647);
    CHECK_THROWS_AS(ranks::detail::mpi_count(2'147'483'648u, "test"), std::runtime_error);
}

TEST_CASE("exchange buffers keep what is written, small or in huge pages", "[ranks]") {
    // Below 2 MiB from operator new, above it from mmap with MADV_HUGEPAGE;
    // growing from one to the other must carry the values over.
    ranks::Buffer<float> b;
    for (std::size_t size : {std::size_t{10}, std::size_t{300'000}, std::size_t{3'000'000}}) {
        const std::size_t old = b.size();
        b.resize(size);
        for (std::size_t i = old; i < size; ++i) b[i] = static_cast<float>(i % 1000);
        std::size_t wrong = 0;
        for (std::size_t i = 0; i < size; ++i) wrong += b[i] != static_cast<float>(i % 1000);
        INFO("size " << size);
        CHECK(wrong == 0);
    }
    ranks::Buffer<double> copy(b.begin(), b.end());
    CHECK(copy.size() == b.size());
    CHECK(copy.back() == static_cast<double>((b.size() - 1) % 1000));
}
