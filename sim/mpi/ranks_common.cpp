// The part of include/rubilnik/ranks.hpp shared by the MPI and the
// single-process builds.
#include <sys/mman.h>

#include <algorithm>
#include <climits>
#include <stdexcept>
#include <string>

#include "rubilnik/ranks.hpp"

namespace rubilnik::ranks {

Block block_of(std::size_t n, int r, int ranks) {
    const auto k = static_cast<std::size_t>(std::max(1, ranks));
    const auto i = static_cast<std::size_t>(std::clamp(r, 0, static_cast<int>(k) - 1));
    const std::size_t base = n / k, extra = n % k;
    const std::size_t begin = i * base + std::min(i, extra);
    return {begin, begin + base + (i < extra ? 1 : 0)};
}

namespace {
constexpr std::size_t kHugePage = std::size_t{1} << 21;
// Whole huge pages: below one, operator new is as good.
std::size_t mapped_size(std::size_t bytes) { return (bytes + kHugePage - 1) / kHugePage * kHugePage; }
}  // namespace

void* allocate_exchange(std::size_t bytes) {
    if (bytes < kHugePage) return ::operator new(bytes);
    void* p = mmap(nullptr, mapped_size(bytes), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
    // Advice only: where THP is off, the pages stay 4 KiB and all is well.
    madvise(p, mapped_size(bytes), MADV_HUGEPAGE);
    return p;
}

void release_exchange(void* p, std::size_t bytes) noexcept {
    if (bytes < kHugePage) ::operator delete(p);
    else munmap(p, mapped_size(bytes));
}

namespace detail {
// MPI counts are int: a run's rows are far below 2^31 values per rank, but
// a silent wrap would corrupt results, so check.
int mpi_count(std::size_t values, const char* what) {
    if (values > static_cast<std::size_t>(INT_MAX))
        throw std::runtime_error(std::string("ranks::") + what + ": " + std::to_string(values) +
                                 " values exceed MPI's int counts; use fewer draws per run");
    return static_cast<int>(values);
}
}  // namespace detail

RowPlan::RowPlan(std::size_t n, std::vector<std::size_t> widths) : width(std::move(widths)) {
    const auto K = static_cast<std::size_t>(size());
    const auto self = static_cast<std::size_t>(rank());
    if (width.size() != K) throw std::logic_error("ranks::RowPlan: one row width per rank is needed");
    const Block me = my_block(n);
    send_counts.resize(K);
    send_displs.resize(K);
    recv_counts.resize(K);
    recv_displs.resize(K);
    for (std::size_t k = 0; k < K; ++k) {
        const Block theirs = block_of(n, static_cast<int>(k), static_cast<int>(K));
        const std::size_t to = k == self ? 0 : me.size() * width[k];
        const std::size_t from = k == self ? 0 : theirs.size() * width[self];
        send_counts[k] = detail::mpi_count(to, "row exchange");
        send_displs[k] = detail::mpi_count(sent, "row exchange");
        recv_counts[k] = detail::mpi_count(from, "row exchange");
        recv_displs[k] = detail::mpi_count(received, "row exchange");
        sent += to;
        received += from;
    }
    detail::mpi_count(sent, "row exchange");
    detail::mpi_count(received, "row exchange");
}

}  // namespace rubilnik::ranks
