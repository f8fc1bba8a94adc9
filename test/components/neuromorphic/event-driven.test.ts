import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LifDynamics, type LifConstants, type LifState } from '../../../components/neuromorphic/index.js';
import { buildNet, drive, neuronArb, type NetSpec } from './network-helpers.js';

const DT_PS = 1000;

/**
 * The clock-driven reference: every population evaluates every neuron on every
 * edge up to a horizon, with no bound and no skipping; only the closed-form
 * step (LifDynamics, proved against the formula in lif-dynamics.test.ts) is shared.
 */
function everyEdge(
  c: LifConstants,
  sizes: { nA: number; nB: number },
  w1: Float64Array,
  w2: Float64Array,
  d1: number,
  d2: number,
  batches: ReadonlyArray<{ timePs: number; sources: number[] }>,
  horizon: number,
): { a: Array<[number, number]>; b: Array<[number, number]> } {
  const dyn = new LifDynamics(c);
  const pop = (n: number) => ({
    anchor: new Array<number>(n).fill(0),
    st: Array.from({ length: n }, (): LifState => ({ iMv: 0, vMv: 0, rMv: 0 })),
    inputs: new Map<number, Float64Array[]>(),
  });
  const A = pop(sizes.nA);
  const B = pop(sizes.nB);
  const drives = (w: Float64Array, cols: number, sources: readonly number[]) => {
    const dI = new Float64Array(cols);
    for (const i of sources) for (let j = 0; j < cols; j++) dI[j]! += w[i * cols + j]!;
    return dI;
  };
  for (const bt of batches) {
    const cyc = Math.ceil(bt.timePs / DT_PS) + d1;
    const list = A.inputs.get(cyc) ?? [];
    list.push(drives(w1, sizes.nA, bt.sources));
    A.inputs.set(cyc, list);
  }
  const out = { a: [] as Array<[number, number]>, b: [] as Array<[number, number]> };
  const step = (P: ReturnType<typeof pop>, n: number, cyc: number, log: Array<[number, number]>): number[] => {
    const acc = new Float64Array(n);
    for (const dI of P.inputs.get(cyc) ?? []) for (let j = 0; j < n; j++) acc[j]! += dI[j]!;
    const spikes: number[] = [];
    for (let j = 0; j < n; j++) {
      const s = dyn.advance(P.st[j]!, cyc - P.anchor[j]!, { iMv: 0, vMv: 0, rMv: 0 });
      const fired = dyn.fires(s);
      if (fired || acc[j] !== 0) {
        dyn.applyEdge(s, acc[j]!, fired);
        P.st[j] = s;
        P.anchor[j] = cyc;
      }
      if (fired) {
        spikes.push(j);
        log.push([cyc, j]);
      }
    }
    return spikes;
  };
  for (let cyc = 0; cyc <= horizon; cyc++) {
    const sa = step(A, sizes.nA, cyc, out.a);
    if (sa.length) {
      const list = B.inputs.get(cyc + d2) ?? [];
      list.push(drives(w2, sizes.nB, sa));
      B.inputs.set(cyc + d2, list);
    }
    step(B, sizes.nB, cyc, out.b);
  }
  return out;
}

const arrayArb = fc.record({
  c_syn_ff: fc.constantFrom(1, 2, 5),
  weight_mean_mv: fc.double({ min: -10, max: 40, noNaN: true }),
  weight_std_mv: fc.double({ min: 0, max: 15, noNaN: true }),
  p_connect: fc.constantFrom(1, 0.6),
  variation: fc.constantFrom(0, 0.05),
  levels: fc.integer({ min: 2, max: 64 }),
});

describe('event-driven evaluation', () => {
  it('property: event-driven spikes equal every-edge evaluation, spike for spike, for random networks, weights and inputs', () => {
    let runsWithSpikes = 0;
    let runs = 0;
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.integer({ min: 0, max: 2 ** 31 }),
          nIn: fc.integer({ min: 1, max: 6 }),
          nA: fc.integer({ min: 1, max: 6 }),
          nB: fc.integer({ min: 1, max: 4 }),
          neuron: neuronArb,
          w1: arrayArb,
          w2: arrayArb,
          d1: fc.integer({ min: 0, max: 3 }),
          d2: fc.integer({ min: 1, max: 3 }),
          events: fc.array(fc.record({ t: fc.integer({ min: 0, max: 60_000 }), addr: fc.nat() }), {
            minLength: 3,
            maxLength: 40,
          }),
        }),
        (r) => {
          const byTime = new Map<number, Set<number>>();
          for (const e of r.events) {
            const s = byTime.get(e.t) ?? new Set<number>();
            s.add(e.addr % r.nIn);
            byTime.set(e.t, s);
          }
          const batches = [...byTime.entries()]
            .sort((x, y) => x[0] - y[0])
            .map(([timePs, s]) => ({ timePs, sources: [...s].sort((x, y) => x - y) }));
          const spec: NetSpec = {
            seed: r.seed,
            nIn: r.nIn,
            nA: r.nA,
            nB: r.nB,
            neuron: r.neuron,
            w1: { ...r.w1, delay_cycles: r.d1 },
            w2: { ...r.w2, delay_cycles: r.d2 },
          };
          const net = buildNet(spec);
          drive(net, batches);
          // Long enough for the slowest decay (30 ns, 1 ns edges) to end all activity.
          const ref = everyEdge(
            net.a.constants,
            { nA: r.nA, nB: r.nB },
            net.w1.effectiveWeightsMv,
            net.w2.effectiveWeightsMv,
            r.d1,
            r.d2,
            batches,
            4_000,
          );
          runs++;
          if (ref.a.length + ref.b.length > 0) runsWithSpikes++;
          expect(net.a.spikeLog).toEqual(ref.a);
          expect(net.b.spikeLog).toEqual(ref.b);
          // And the skipping is real: never more evaluations than the reference's neuron-edges.
          expect(net.a.bank.evaluations).toBeLessThanOrEqual(r.nA * 4_001);
        },
      ),
      { numRuns: 250 },
    );
    // The comparison means something only if many random networks actually spike.
    expect(runsWithSpikes).toBeGreaterThan(runs / 5);
  });

  it('evaluates far fewer edges than a clock-driven loop on a sparse input', () => {
    const net = buildNet({
      seed: 3,
      nIn: 4,
      nA: 4,
      nB: 2,
      neuron: { tau_mem: 20_000, tau_syn: 5_000, v_th_mv: 10 },
      w1: { c_syn_ff: 2, weight_mean_mv: 25, weight_std_mv: 2 },
      w2: { c_syn_ff: 2, weight_mean_mv: 25 },
    });
    drive(net, [
      { timePs: 0, sources: [0, 1, 2, 3] },
      { timePs: 500_000, sources: [0, 1] },
    ]);
    const lastCycle = net.sim.nowPs / DT_PS;
    expect(net.a.spikeCounts.reduce((x, y) => x + y, 0)).toBeGreaterThan(0);
    // A clock-driven loop would make 4 × lastCycle evaluations in population a.
    expect(net.a.bank.evaluations).toBeLessThan((4 * lastCycle) / 10);
  });
});
