// The part of include/rubilnik/ranks.hpp shared by the MPI and the
// single-process builds.
#include <sys/mman.h>

#include <algorithm>

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

std::size_t columns(const Columns& ranges) {
    std::size_t total = 0;
    for (const Block& b : ranges) total += b.size();
    return total;
}

}  // namespace rubilnik::ranks
