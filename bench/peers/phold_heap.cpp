// PHOLD (bench/PHOLD.md) on a bare std::priority_queue: the lower bound on
// per-event cost that any general event kernel pays, with no processes,
// sensitivity lists or delta cycles.
#include <queue>
#include <vector>

#include "common.hpp"

struct Ev {
  uint64_t t;
  uint64_t seq;  // FIFO among equal times so the run is deterministic
  uint32_t lp;
};
struct Later {
  bool operator()(const Ev& a, const Ev& b) const {
    return a.t != b.t ? a.t > b.t : a.seq > b.seq;
  }
};

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: %s N M T_END SEED\n", argv[0]);
    return 2;
  }
  const uint32_t N = (uint32_t)arg_u64(argv[1], "N");
  const uint32_t M = (uint32_t)arg_u64(argv[2], "M");
  const uint64_t tend = arg_u64(argv[3], "T_END");
  const uint32_t seed = (uint32_t)arg_u64(argv[4], "SEED");

  const double t0 = now_s();
  std::vector<uint32_t> rng(N);
  for (uint32_t i = 0; i < N; i++) rng[i] = seed_lp(seed, i);

  // PHOLD holds N*M events in flight, so reserving once keeps vector growth
  // out of the measurement.
  std::vector<Ev> store;
  store.reserve((size_t)N * M);
  std::priority_queue<Ev, std::vector<Ev>, Later> q(Later(), std::move(store));
  uint64_t seq = 0;
  for (uint32_t i = 0; i < N; i++)
    for (uint32_t m = 0; m < M; m++) {
      uint64_t t = 1 + xs32(rng[i]) % 100;
      if (t < tend) q.push({t, seq++, i});
    }

  uint64_t events = 0;
  uint32_t chk = 0;
  while (!q.empty()) {
    const Ev e = q.top();
    q.pop();
    events++;
    chk += e.lp * 31u + (uint32_t)e.t;
    uint32_t j = xs32(rng[e.lp]) % N;
    uint64_t d = 1 + xs32(rng[e.lp]) % 100;
    if (e.t + d < tend) q.push({e.t + d, seq++, j});
  }
  const double wall = now_s() - t0;

  std::printf(
      "{\"impl\":\"cpp-heap\",\"events\":%llu,\"checksum\":%u,\"wall_s\":%.6f,"
      "\"events_per_s\":%.1f}\n",
      (unsigned long long)events, chk, wall, events / wall);
  return 0;
}
