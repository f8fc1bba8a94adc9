import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Clock, Component, Rng, Simulator, connect } from '../../../core/index.js';
import {
  PulseWriter,
  SpikeTraces,
  depressionG,
  depressionPulses,
  potentiationG,
  potentiationPulses,
  spikeInput,
  synapseArray,
  type DeviceParams,
  type SpikeInput,
  type SynapseArray,
} from '../../../components/neuromorphic/index.js';
import { make } from './network-helpers.js';
import { build, find, problems, tempDir, writeIn } from './yaml-helpers.js';

/** One synapse (1 × 1) whose pre and post spikes come from two spike inputs: the STDP window in isolation. */
function pair(params: Record<string, unknown>, seed = 1, rows = 1, cols = 1) {
  const sim = new Simulator({ seed });
  const root = new Component(sim, 'net', { clock: Clock.fromPeriodPs('main', 1000) });
  const pre = make<SpikeInput>(spikeInput, root, 'pre', { size: rows });
  const post = make<SpikeInput>(spikeInput, root, 'post', { size: cols });
  const w = make<SynapseArray>(synapseArray, root, 'w', { rows, cols, c_syn_ff: 10, learning: 'stdp', ...params });
  connect(pre.out, w.pre);
  connect(post.out, w.postSpikes);
  w.setup();
  return { sim, pre, post, w };
}

const D = (a: number, aLtd: number): DeviceParams => ({ gMinNs: 3.08, gMaxNs: 38.5, levels: 97, aLtp: a, aLtd });

describe('pair-based STDP through the update curve', () => {
  it('property: a pre→post pair at Δt > 0 potentiates by round(A⁺·e^(−Δt/τ⁺)) pulses along the LTP curve, post→pre depresses along the LTD curve, Δt = 0 does nothing', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -60_000, max: 60_000 }),
        fc.double({ min: 0, max: 12, noNaN: true }),
        fc.double({ min: 0, max: 12, noNaN: true }),
        fc.oneof(fc.constant(0), fc.double({ min: 5, max: 200, noNaN: true })),
        fc.oneof(fc.constant(0), fc.double({ min: 5, max: 200, noNaN: true })),
        fc.double({ min: 0, max: 15, noNaN: true }),
        (dtPs, aPlus, aMinus, aLtp, aLtd, w0) => {
          const params = {
            stdp_a_plus: aPlus,
            stdp_a_minus: aMinus,
            stdp_tau_plus: 15_000,
            stdp_tau_minus: 25_000,
            nonlinearity_a: aLtp,
            nonlinearity_a_ltd: aLtd,
            weight_mean_mv: w0,
          };
          const { sim, pre, post, w } = pair(params);
          const g0 = w.gPlusNs[0]!;
          expect(w.gMinusNs[0]).toBe(3.08);
          const tPre = 100_000;
          sim.scheduleAt(tPre, () => pre.emit(Int32Array.of(0)));
          sim.scheduleAt(tPre + dtPs, () => post.emit(Int32Array.of(0)));
          sim.run();
          const d = D(aLtp, aLtd);
          let plus = g0;
          let minus = 3.08;
          if (dtPs > 0) {
            const n = Math.round(aPlus * Math.exp(-dtPs / 15_000));
            if (n > 0) plus = potentiationG(Math.min(96, potentiationPulses(g0, d) + n), d);
          } else if (dtPs < 0) {
            const n = Math.round(aMinus * Math.exp(dtPs / 25_000));
            // Depression moves G⁺ down its LTD curve; a weight already at 0 (G⁺ at G_min) goes negative: G⁻ up its LTP curve.
            if (n > 0 && g0 > 3.08) plus = depressionG(Math.min(96, depressionPulses(g0, d) + n), d);
            else if (n > 0) minus = potentiationG(Math.min(96, n), d);
          }
          expect(w.gPlusNs[0]!).toBeCloseTo(plus, 9);
          expect(w.gMinusNs[0]!).toBeCloseTo(minus, 9);
          const dw = w.effectiveWeightsMv[0]! - (g0 - 3.08) * w.mvPerNs;
          if (dtPs === 0) expect(dw).toBe(0);
          if (dtPs > 0) expect(dw).toBeGreaterThanOrEqual(0);
          if (dtPs < 0) expect(dw).toBeLessThanOrEqual(0);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('the window decays with |Δt|: more pulses, and a larger change, for closer pairs', () => {
    const change = (dtPs: number) => {
      const { sim, pre, post, w } = pair({
        stdp_a_plus: 8,
        stdp_a_minus: 8,
        weight_mean_mv: 6,
        nonlinearity_a: 20,
        nonlinearity_a_ltd: 20,
      });
      sim.scheduleAt(50_000, () => pre.emit(Int32Array.of(0)));
      sim.scheduleAt(50_000 + dtPs, () => post.emit(Int32Array.of(0)));
      sim.run();
      return { dw: w.effectiveWeightsMv[0]! - w.targetWeightsMv[0]!, pulses: w.stats.counter('write_pulses').value };
    };
    const ltp = [2000, 10_000, 30_000, 80_000].map(change);
    expect(ltp.map((c) => c.pulses)).toEqual(
      [2000, 10_000, 30_000, 80_000].map((t) => Math.round(8 * Math.exp(-t / 20_000))),
    );
    for (let k = 1; k < ltp.length; k++) expect(ltp[k]!.dw).toBeLessThan(ltp[k - 1]!.dw);
    const ltd = [-2000, -10_000, -30_000].map(change);
    for (let k = 1; k < ltd.length; k++) expect(ltd[k]!.dw).toBeGreaterThan(ltd[k - 1]!.dw);
    expect(ltd[0]!.dw).toBeLessThan(0);
  });

  it('depression of a negative weight potentiates G⁻ (one device of the pair stays at G_min)', () => {
    const { sim, pre, post, w } = pair({ stdp_a_minus: 5, weight_mean_mv: -4 });
    const gMinus0 = w.gMinusNs[0]!;
    sim.scheduleAt(10_000, () => post.emit(Int32Array.of(0)));
    sim.scheduleAt(11_000, () => pre.emit(Int32Array.of(0)));
    sim.run();
    const n = Math.round(5 * Math.exp(-1000 / 20_000));
    expect(w.gPlusNs[0]).toBe(3.08);
    expect(w.gMinusNs[0]!).toBeCloseTo(potentiationG(potentiationPulses(gMinus0, D(0, 0)) + n, D(0, 0)), 9);
  });

  it('charges write energy Vw²·(G_prev+G_new)/2·PW·n and keeps the array busy n·PW', () => {
    const { sim, pre, post, w } = pair({
      stdp_a_plus: 6,
      weight_mean_mv: 3,
      energy_per_write_pulse: 0.5,
      write_pulse: 1_000_000,
    });
    const g0 = w.gPlusNs[0]!;
    sim.scheduleAt(5000, () => pre.emit(Int32Array.of(0)));
    sim.scheduleAt(6000, () => post.emit(Int32Array.of(0)));
    sim.run();
    const n = Math.round(6 * Math.exp(-1000 / 20_000));
    const g1 = w.gPlusNs[0]!;
    // 3.2 V, conductances in S, 1 µs pulses, in pJ.
    const device = 3.2 ** 2 * ((g0 + g1) / 2) * 1e-9 * 1e-6 * n * 1e12;
    expect(w.energy.actions.get('synapse_write')!.energyPj).toBeCloseTo(device + 0.5 * n, 9);
    expect(w.stats.counter('write_pulses').value).toBe(n);
    expect(w.stats.counter('write_time_ps').value).toBe(n * 1_000_000);
    expect(sim.nowPs).toBe(6000 + n * 1_000_000);
    expect(w.busy.busyPs(sim.nowPs)).toBe(n * 1_000_000);
  });

  it('no learning when disabled: the same spikes leave every device and the write ledger untouched', () => {
    const { sim, pre, post, w } = pair({ learning: 'none', weight_mean_mv: 3, weight_std_mv: 2 }, 4, 3, 3);
    const before = [...w.gPlusNs, ...w.gMinusNs];
    for (let t = 0; t < 10; t++) {
      sim.scheduleAt(t * 3000, () => pre.emit(Int32Array.of(0, 1, 2)));
      sim.scheduleAt(t * 3000 + 1000, () => post.emit(Int32Array.of(0, 2)));
    }
    sim.run();
    expect([...w.gPlusNs, ...w.gMinusNs]).toEqual(before);
    expect(w.learner).toBeUndefined();
    expect(w.energy.actions.get('synapse_write')!.energyPj).toBe(0);
  });

  it('property: with cycle-to-cycle variation the same seed gives the same conductances, another seed different ones', () => {
    const run = (seed: number, spikes: Array<[number, boolean, number]>) => {
      const { sim, pre, post, w } = pair(
        { c2c_variation: 0.035, weight_mean_mv: 4, weight_std_mv: 3, nonlinearity_a: 30 },
        seed,
        4,
        4,
      );
      for (const [t, isPre, a] of spikes) sim.scheduleAt(t, () => (isPre ? pre : post).emit(Int32Array.of(a)));
      sim.run();
      return [...w.gPlusNs, ...w.gMinusNs];
    };
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e6 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 100_000 }), fc.boolean(), fc.integer({ min: 0, max: 3 })), {
          minLength: 4,
          maxLength: 30,
        }),
        (seed, raw) => {
          const spikes = raw.sort((a, b) => a[0] - b[0]);
          expect(run(seed, spikes)).toEqual(run(seed, spikes));
        },
      ),
      { numRuns: 30 },
    );
    const spikes: Array<[number, boolean, number]> = [];
    for (let t = 0; t < 20; t++) spikes.push([t * 2000, true, t % 4], [t * 2000 + 500, false, (t + 1) % 4]);
    expect(run(1, spikes)).not.toEqual(run(2, spikes));
  });

  it('cycle-to-cycle noise has σ = c2c·(G_max − G_min)·√n around the curve (measured over 20 000 writes)', () => {
    const d = D(40, 40);
    const writer = new PulseWriter(
      d,
      { vLtpMv: 3200, vLtdMv: 2800, pulsePs: 1, c2cVariation: 0.01, energyPerPulsePj: 0 },
      new Rng(9),
    );
    const g0 = potentiationG(40, d);
    const ideal = potentiationG(44, d);
    let s = 0;
    let s2 = 0;
    const N = 20_000;
    for (let k = 0; k < N; k++) {
      const e = writer.potentiate(g0, 4).gNs - ideal;
      s += e;
      s2 += e * e;
    }
    const sd = Math.sqrt(s2 / N - (s / N) ** 2);
    const expected = 0.01 * (38.5 - 3.08) * 2;
    expect(Math.abs(sd / expected - 1)).toBeLessThan(0.03);
    expect(Math.abs(s / N)).toBeLessThan((4 * expected) / Math.sqrt(N));
  });

  it('property: a trace is the sum of e^(−(t − t_k)/τ) over spikes strictly before t', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 0, max: 60 }),
        (raw, extra) => {
          const times = raw.sort((a, b) => a - b).map((t) => t * 1000);
          const tr = new SpikeTraces(1, 7000);
          for (const t of times) tr.record(0, t);
          const t = times[times.length - 1]! + extra * 500;
          const expected = times.filter((tk) => tk < t).reduce((a, tk) => a + Math.exp(-(t - tk) / 7000), 0);
          expect(tr.valueBefore(0, t)).toBeCloseTo(expected, 12);
        },
      ),
    );
  });

  it('a learning array without post_spikes is refused at the learning key', () => {
    const yaml = `name: l
clock: 1GHz
components:
  snn:
    type: generic.group
    children:
      input: { type: neuromorphic.spike_input, params: { size: 2 } }
      w:
        type: neuromorphic.synapse_array
        params: { rows: 2, cols: 2, learning: stdp }
      out: { type: neuromorphic.lif_population, params: { size: 2 } }
    connections:
      - { from: input.out, to: w.pre }
      - { from: w.post, to: out.in }
`;
    const dir = tempDir();
    const file = writeIn(dir, 'l.yaml', yaml);
    const [p] = problems(file);
    expect(p!.code).toBe('E_MODEL');
    expect(p!.location?.line).toBe(10);
    const fixed =
      yaml.replace('size: 2 } }\n    connections', 'size: 2, fanout: 2 } }\n    connections') +
      '      - { from: "out.out[1]", to: w.post_spikes }\n';
    const model = build(writeIn(dir, 'm.yaml', fixed));
    expect(find<SynapseArray>(model, 'snn.w').learner).toBeDefined();
  });
});
