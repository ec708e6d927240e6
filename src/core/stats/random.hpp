// Seeded random streams shared by the permutation tests (hotspot.cpp) and the scan's Monte Carlo
// replications (scan.cpp). A stream is a pure function of (seed, index, statistic), so results do
// not depend on the number of threads or on scheduling.
#pragma once
#include <cstdint>

namespace zila {

inline uint64_t splitmix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

// One independent stream per (seed, index, statistic), e.g. index = period or replication.
inline uint64_t stream_seed(uint64_t seed, uint64_t index, uint64_t statistic) {
  return splitmix64(splitmix64(splitmix64(seed) ^ index) ^ statistic);
}

// xoshiro256** (Blackman & Vigna 2018), seeded through splitmix64 as its authors recommend.
class Xoshiro256 {
 public:
  explicit Xoshiro256(uint64_t seed) {
    for (uint64_t& word : state_) {
      seed += 0x9E3779B97F4A7C15ULL;
      word = splitmix64(seed);
    }
  }
  uint64_t operator()() {
    const uint64_t result = rotate_left(state_[1] * 5, 7) * 9;
    const uint64_t shifted = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= shifted;
    state_[3] = rotate_left(state_[3], 45);
    return result;
  }

 private:
  static uint64_t rotate_left(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t state_[4];
};

// The full 128-bit product a * b as two 64-bit words. Portable: ISO C++ has no 128-bit integer
// (unsigned __int128 is a GNU extension), and every partial sum below fits in 64 bits.
struct WideProduct {
  uint64_t high;
  uint64_t low;
};
inline WideProduct multiply_wide(uint64_t a, uint64_t b) {
  constexpr uint64_t low_half = 0xffffffffu;
  const uint64_t a_low = a & low_half, a_high = a >> 32;
  const uint64_t b_low = b & low_half, b_high = b >> 32;
  const uint64_t low_low = a_low * b_low;
  const uint64_t high_low = a_high * b_low;
  const uint64_t low_high = a_low * b_high;
  const uint64_t middle = (low_low >> 32) + (high_low & low_half) + low_high;
  return {a_high * b_high + (high_low >> 32) + (middle >> 32), (middle << 32) | (low_low & low_half)};
}

// Unbiased integer in [0, range) (Lemire's multiply-shift with rejection).
inline uint64_t bounded(Xoshiro256& rng, uint64_t range) {
  WideProduct product = multiply_wide(rng(), range);
  if (product.low < range) {
    const uint64_t threshold = (0 - range) % range;
    while (product.low < threshold) product = multiply_wide(rng(), range);
  }
  return product.high;
}

// Uniform double in [0, 1) with 53 random bits.
inline double uniform01(Xoshiro256& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

}  // namespace zila
