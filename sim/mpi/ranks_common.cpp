// The part of include/rubilnik/ranks.hpp shared by the MPI and the
// single-process builds.
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

std::size_t columns(const Columns& ranges) {
    std::size_t total = 0;
    for (const Block& b : ranges) total += b.size();
    return total;
}

}  // namespace rubilnik::ranks
