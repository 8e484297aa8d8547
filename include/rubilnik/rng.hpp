// Counter-based randomness (DESIGN.md "Distribution"): every random number is a
// pure function of (seed, draw, stream, index), so a result never depends on
// thread count, rank count or evaluation order.
#pragma once

#include <cstdint>
#include <string_view>

namespace rubilnik {

// A stream id for a named parameter: FNV-1a of its key, stable across builds
// and platforms (std::hash is not).
constexpr std::uint64_t stream_id(std::string_view key) {
    std::uint64_t h = 0xcbf29ce484222325ull;
    for (char c : key) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ull;
    }
    return h;
}

// Philox4x32-10 keyed by the seed; the counter holds (draw, stream, index).
class CounterRng {
public:
    CounterRng(std::uint64_t seed, std::uint64_t draw, std::uint64_t stream)
        : seed_(seed), draw_(draw), stream_(stream) {}

    // Four raw 32-bit words for block `index`.
    void block(std::uint64_t index, std::uint32_t out[4]) const;

    // Uniform in the open interval (0, 1), 53 bits from two words; the
    // `index`-th number of this (seed, draw, stream).
    double uniform(std::uint64_t index) const;

private:
    std::uint64_t seed_;
    std::uint64_t draw_;
    std::uint64_t stream_;
};

}  // namespace rubilnik
