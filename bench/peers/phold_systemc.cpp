// PHOLD (bench/PHOLD.md) in idiomatic SystemC 2.3: one module per LP, each an
// SC_METHOD statically sensitive to its own sc_event_queue, 1 cycle = 1 ns.
//
// Why sc_event_queue and not sc_event: an LP can have several events pending,
// including several at the same time. A plain sc_event keeps only the earliest
// notification. sc_event_queue keeps every notification in its own priority
// queue and fires equal-time entries in successive delta cycles, so the method
// runs once per event and the reference counts come out exact (checked by
// run.sh against PHOLD.md).
#include <systemc>
#include <vector>

#include "common.hpp"

using namespace sc_core;

struct Model;

SC_MODULE(LP) {
  sc_event_queue q;
  Model* model;
  uint32_t id;
  uint32_t rng;

  SC_HAS_PROCESS(LP);
  LP(sc_module_name name, Model* m, uint32_t i, uint32_t seed)
      : sc_module(name), q("q"), model(m), id(i), rng(seed_lp(seed, i)) {
    SC_METHOD(fire);
    sensitive << q;
    dont_initialize();
  }
  void fire();
};

struct Model {
  uint32_t N;
  uint64_t tend;
  uint64_t events = 0;
  uint32_t chk = 0;
  std::vector<LP*> lps;
};

void LP::fire() {
  // Time resolution is set to 1 ns, so the raw tick count is the cycle.
  const uint64_t t = sc_time_stamp().value();
  model->events++;
  model->chk += id * 31u + (uint32_t)t;
  const uint32_t j = xs32(rng) % model->N;
  const uint32_t d = 1 + xs32(rng) % 100;
  if (t + d < model->tend) model->lps[j]->q.notify(sc_time(d, SC_NS));
}

// The initial events are posted from a method that runs at time 0 so that
// their cost falls inside the timed sc_start(), like the other implementations.
SC_MODULE(Seeder) {
  Model* model;
  uint32_t M;
  SC_HAS_PROCESS(Seeder);
  Seeder(sc_module_name name, Model* m, uint32_t M_) : sc_module(name), model(m), M(M_) {
    SC_METHOD(seed);
  }
  void seed() {
    for (LP* lp : model->lps)
      for (uint32_t m = 0; m < M; m++) {
        uint64_t t = 1 + xs32(lp->rng) % 100;
        if (t < model->tend) lp->q.notify(sc_time((double)t, SC_NS));
      }
  }
};

int sc_main(int argc, char* argv[]) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: %s N M T_END SEED\n", argv[0]);
    return 2;
  }
  sc_set_time_resolution(1, SC_NS);
  Model model;
  model.N = (uint32_t)arg_u64(argv[1], "N");
  const uint32_t M = (uint32_t)arg_u64(argv[2], "M");
  model.tend = arg_u64(argv[3], "T_END");
  const uint32_t seed = (uint32_t)arg_u64(argv[4], "SEED");

  char name[32];
  for (uint32_t i = 0; i < model.N; i++) {
    std::snprintf(name, sizeof name, "lp%u", i);
    model.lps.push_back(new LP(name, &model, i, seed));
  }
  Seeder seeder("seeder", &model, M);

  const double t0 = now_s();
  sc_start();  // returns when no notifications remain
  const double wall = now_s() - t0;

  std::printf(
      "{\"impl\":\"systemc\",\"events\":%llu,\"checksum\":%u,\"wall_s\":%.6f,"
      "\"events_per_s\":%.1f}\n",
      (unsigned long long)model.events, model.chk, wall, model.events / wall);
  return 0;
}
