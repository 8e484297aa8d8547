#include "rubilnik/rng.hpp"

#include <Random123/philox.h>

namespace rubilnik {

void CounterRng::block(std::uint64_t index, std::uint32_t out[4]) const {
    r123::Philox4x32 gen;
    r123::Philox4x32::key_type key = {{static_cast<std::uint32_t>(seed_), static_cast<std::uint32_t>(seed_ >> 32)}};
    // The stream hash is folded to 32 bits; collisions only matter between
    // two parameters of one model, which the loader checks for.
    const auto stream32 = static_cast<std::uint32_t>(stream_ ^ (stream_ >> 32));
    r123::Philox4x32::ctr_type ctr = {{static_cast<std::uint32_t>(draw_), static_cast<std::uint32_t>(draw_ >> 32),
                                       stream32, static_cast<std::uint32_t>(index)}};
    const auto r = gen(ctr, key);
    for (int i = 0; i < 4; ++i) out[i] = r[i];
}

double CounterRng::uniform(std::uint64_t index) const {
    std::uint32_t w[4];
    block(index, w);
    // 53 random bits, shifted by half an ulp so 0 and 1 are never returned.
    const std::uint64_t bits = (static_cast<std::uint64_t>(w[0]) << 21) ^ (w[1] >> 11);
    return (static_cast<double>(bits & ((1ull << 53) - 1)) + 0.5) * 0x1.0p-53;
}

}  // namespace rubilnik
