// Shared by the peer implementations so that every program draws exactly the
// numbers bench/PHOLD.md specifies; one copy means one place to get wrong.
#pragma once
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

static inline uint32_t seed_lp(uint32_t seed, uint32_t i) {
  uint32_t z = seed + (i + 1u) * 0x9E3779B9u;
  z = (z ^ (z >> 16)) * 0x85EBCA6Bu;
  z = (z ^ (z >> 13)) * 0xC2B2AE35u;
  z = z ^ (z >> 16);
  return z == 0 ? 0x6D2B79F5u : z;
}

static inline uint32_t xs32(uint32_t& s) {
  s ^= s << 13;
  s ^= s >> 17;
  s ^= s << 5;
  return s;
}

static inline double now_s() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

// strtoull rather than atoi: a typo must fail loudly, not run a zero-sized model.
static inline uint64_t arg_u64(const char* s, const char* what) {
  char* end = nullptr;
  unsigned long long v = std::strtoull(s, &end, 10);
  if (!s[0] || *end) {
    std::fprintf(stderr, "bad %s: '%s'\n", what, s);
    std::exit(2);
  }
  return v;
}
