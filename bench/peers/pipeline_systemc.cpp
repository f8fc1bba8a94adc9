// Clocked pipeline (bench/PHOLD.md) in SystemC 2.3, in the two styles a
// SystemC user would pick between:
//   clocked: RTL style. Every stage is an SC_METHOD on clk.pos() and talks to
//            the next one through sc_signal registers, so each cycle costs
//            K+2 activations whether or not a token is present.
//   event:   each stage is an SC_METHOD on its own sc_event, which the stage
//            before it notifies 1 ns (one cycle) ahead, so only W*(K+2)
//            activations run. This is the variant Helen is targeted against.
// One cycle is 1 ns. The time resolution stays at the default 1 ps because an
// sc_clock needs sub-cycle resolution for its low phase.
#include <cstring>
#include <systemc>
#include <vector>

#include "common.hpp"

using namespace sc_core;

static const uint32_t GOLD = 0x9E3779B1u;

struct Stats {
  uint32_t K = 0, W = 0, P = 0;
  uint64_t tokens = 0, last_cycle = 0, activations = 0;
  uint32_t chk = 0;
};

static uint64_t ticks_per_cycle = 1;  // set in sc_main once the resolution is fixed
static inline uint64_t cycle_now() { return sc_time_stamp().value() / ticks_per_cycle; }

static inline void sink_fold(Stats* st, uint32_t v, uint64_t c) {
  st->chk = st->chk * 31u + v + (uint32_t)c;
  st->last_cycle = c;
  st->tokens++;
}

// ---------------------------------------------------------------- clocked --

SC_MODULE(ClkSource) {
  sc_in<bool> clk;
  sc_out<bool> valid;
  sc_out<uint32_t> data;
  Stats* st;
  uint32_t w = 0;
  SC_HAS_PROCESS(ClkSource);
  ClkSource(sc_module_name n, Stats* s) : sc_module(n), st(s) {
    SC_METHOD(tick);
    sensitive << clk.pos();
    dont_initialize();
  }
  void tick() {
    st->activations++;
    const uint64_t c = cycle_now();
    const bool emit = w < st->W && c == (uint64_t)w * st->P;
    valid.write(emit);
    if (emit) data.write(w++);
  }
};

SC_MODULE(ClkStage) {
  sc_in<bool> clk, in_valid;
  sc_in<uint32_t> in_data;
  sc_out<bool> out_valid;
  sc_out<uint32_t> out_data;
  Stats* st;
  uint32_t s;
  SC_HAS_PROCESS(ClkStage);
  ClkStage(sc_module_name n, Stats* st_, uint32_t s_) : sc_module(n), st(st_), s(s_) {
    SC_METHOD(tick);
    sensitive << clk.pos();
    dont_initialize();
  }
  void tick() {
    st->activations++;
    const bool v = in_valid.read();
    out_valid.write(v);
    if (v) out_data.write(in_data.read() * GOLD + s + 1);
  }
};

SC_MODULE(ClkSink) {
  sc_in<bool> clk, in_valid;
  sc_in<uint32_t> in_data;
  Stats* st;
  SC_HAS_PROCESS(ClkSink);
  ClkSink(sc_module_name n, Stats* s) : sc_module(n), st(s) {
    SC_METHOD(tick);
    sensitive << clk.pos();
    dont_initialize();
  }
  void tick() {
    st->activations++;
    if (!in_valid.read()) return;
    sink_fold(st, in_data.read(), cycle_now());
    // The clock never runs out of edges, so the sink has to end the run.
    if (st->tokens == st->W) sc_stop();
  }
};

static void build_clocked(Stats* st) {
  // Elaborated objects live until exit; SystemC forbids destroying them early.
  auto* clk = new sc_clock("clk", 1, SC_NS);  // posedge at 0, 1, 2, ... ns
  std::vector<sc_signal<bool>*> valid;
  std::vector<sc_signal<uint32_t>*> data;
  for (uint32_t i = 0; i <= st->K; i++) {
    valid.push_back(new sc_signal<bool>(sc_gen_unique_name("valid")));
    data.push_back(new sc_signal<uint32_t>(sc_gen_unique_name("data")));
  }
  auto* src = new ClkSource("src", st);
  src->clk(*clk);
  src->valid(*valid[0]);
  src->data(*data[0]);
  char name[32];
  for (uint32_t s = 0; s < st->K; s++) {
    std::snprintf(name, sizeof name, "stage%u", s);
    auto* g = new ClkStage(name, st, s);
    g->clk(*clk);
    g->in_valid(*valid[s]);
    g->in_data(*data[s]);
    g->out_valid(*valid[s + 1]);
    g->out_data(*data[s + 1]);
  }
  auto* sink = new ClkSink("sink", st);
  sink->clk(*clk);
  sink->in_valid(*valid[st->K]);
  sink->in_data(*data[st->K]);
}

// ----------------------------------------------------------- event-driven --

// A stage holds at most one token per cycle and a token stays exactly one
// cycle, so a two-entry slot indexed by cycle parity lets the upstream stage
// write the next token while this stage still reads the current one in the
// same evaluation phase (SystemC does not order methods within a delta).
SC_MODULE(EvSink) {
  sc_event ev;
  uint32_t slot[2] = {0, 0};
  Stats* st;
  SC_HAS_PROCESS(EvSink);
  EvSink(sc_module_name n, Stats* s) : sc_module(n), ev("ev"), st(s) {
    SC_METHOD(run);
    sensitive << ev;
    dont_initialize();
  }
  void run() {
    st->activations++;
    const uint64_t c = cycle_now();
    sink_fold(st, slot[c & 1], c);
  }
};

template <class Next>
static inline void pass(Next* next, uint64_t c, uint32_t v) {
  static const sc_time one(1, SC_NS);
  next->slot[(c + 1) & 1] = v;
  next->ev.notify(one);
}

SC_MODULE(EvStage) {
  sc_event ev;
  uint32_t slot[2] = {0, 0};
  Stats* st;
  uint32_t s;
  EvStage* next_stage = nullptr;  // exactly one of these two is set
  EvSink* next_sink = nullptr;
  SC_HAS_PROCESS(EvStage);
  EvStage(sc_module_name n, Stats* st_, uint32_t s_) : sc_module(n), ev("ev"), st(st_), s(s_) {
    SC_METHOD(run);
    sensitive << ev;
    dont_initialize();
  }
  void run() {
    st->activations++;
    const uint64_t c = cycle_now();
    const uint32_t v = slot[c & 1] * GOLD + s + 1;
    if (next_stage) pass(next_stage, c, v);
    else pass(next_sink, c, v);
  }
};

SC_MODULE(EvSource) {
  sc_event tick;
  EvStage* first;
  Stats* st;
  uint32_t w = 0;
  SC_HAS_PROCESS(EvSource);
  EvSource(sc_module_name n, Stats* s, EvStage* f) : sc_module(n), tick("tick"), first(f), st(s) {
    SC_METHOD(run);  // no dont_initialize(): the first token leaves at cycle 0
    sensitive << tick;
  }
  void run() {
    st->activations++;
    pass(first, cycle_now(), w++);
    if (w < st->W) tick.notify(sc_time((double)st->P, SC_NS));
  }
};

static void build_event(Stats* st) {
  std::vector<EvStage*> stages;
  char name[32];
  for (uint32_t s = 0; s < st->K; s++) {
    std::snprintf(name, sizeof name, "stage%u", s);
    stages.push_back(new EvStage(name, st, s));
  }
  for (uint32_t s = 0; s + 1 < st->K; s++) stages[s]->next_stage = stages[s + 1];
  stages.back()->next_sink = new EvSink("sink", st);
  new EvSource("src", st, stages[0]);
}

// ------------------------------------------------------------------ main --

int sc_main(int argc, char* argv[]) {
  if (argc != 5 || (std::strcmp(argv[4], "clocked") && std::strcmp(argv[4], "event"))) {
    std::fprintf(stderr, "usage: %s K W P clocked|event\n", argv[0]);
    return 2;
  }
  ticks_per_cycle = sc_time(1, SC_NS).value();
  // sc_stop() reports an info message on stdout, which would corrupt the
  // one-JSON-line output the runner parses.
  sc_report_handler::set_actions(SC_INFO, SC_DO_NOTHING);

  Stats st;
  st.K = (uint32_t)arg_u64(argv[1], "K");
  st.W = (uint32_t)arg_u64(argv[2], "W");
  st.P = (uint32_t)arg_u64(argv[3], "P");
  if (st.K == 0 || st.W == 0 || st.P == 0) {
    std::fprintf(stderr, "K, W and P must be positive\n");
    return 2;
  }
  const bool clocked = argv[4][0] == 'c';
  if (clocked) build_clocked(&st);
  else build_event(&st);

  const double t0 = now_s();
  sc_start();
  const double wall = now_s() - t0;

  const double hops = (double)st.W * st.K;
  std::printf(
      "{\"impl\":\"systemc\",\"mode\":\"%s\",\"tokens\":%llu,\"cycles\":%llu,"
      "\"checksum\":%u,\"wall_s\":%.6f,\"cycles_per_s\":%.1f,\"hops_per_s\":%.1f,"
      "\"activations\":%llu}\n",
      argv[4], (unsigned long long)st.tokens, (unsigned long long)st.last_cycle, st.chk, wall,
      st.last_cycle / wall, hops / wall, (unsigned long long)st.activations);
  return 0;
}
