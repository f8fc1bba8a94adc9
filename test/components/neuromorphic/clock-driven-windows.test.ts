import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LifDynamics, type LifConstants, type LifState } from '../../../components/neuromorphic/index.js';
import { buildNet, drive, neuronArb, type NetSpec } from './network-helpers.js';

const DT_PS = 1000;
const HORIZON_EDGES = 4_000;

/** One layer of the reference: every neuron's anchored state and the inputs waiting per edge. */
interface RefLayer {
  size: number;
  anchor: Int32Array;
  state: LifState[];
  /** Edge → summed input per neuron, each drive added where it is non-zero, in arrival order. */
  inputs: Map<number, Float64Array>;
  spikes: Array<[number, number]>;
}

function layer(size: number): RefLayer {
  const state = Array.from({ length: size }, (): LifState => ({ iMv: 0, vMv: 0, rMv: 0 }));
  return { size, anchor: new Int32Array(size), state, inputs: new Map(), spikes: [] };
}

/** Adds the drive of `sources` through the row-major weights `w` to `into`'s input at `edge`. */
function deliver(into: RefLayer, w: Float64Array, sources: readonly number[], edge: number): void {
  const acc = into.inputs.get(edge) ?? new Float64Array(into.size);
  for (let j = 0; j < into.size; j++) {
    let sum = 0;
    for (const i of sources) sum += w[i * into.size + j]!;
    if (sum !== 0) acc[j]! += sum;
  }
  into.inputs.set(edge, acc);
}

/** Every neuron of `l` at `edge`: advance, compare, add the input, apply the spike. Returns the spiking neurons. */
function tick(dyn: LifDynamics, l: RefLayer, edge: number): number[] {
  const input = l.inputs.get(edge);
  const fired: number[] = [];
  for (let j = 0; j < l.size; j++) {
    const s = dyn.advance(l.state[j]!, edge - l.anchor[j]!, { iMv: 0, vMv: 0, rMv: 0 });
    const spiked = dyn.fires(s);
    const x = input ? input[j]! : 0;
    if (!spiked && x === 0) continue;
    dyn.applyEdge(s, x, spiked);
    l.state[j] = s;
    l.anchor[j] = edge;
    if (spiked) {
      fired.push(j);
      l.spikes.push([edge, j]);
    }
  }
  return fired;
}

/** input → w1 → a → w2 → b evaluated clock-driven (every neuron, every edge) to the horizon. */
function clockDrivenLoop(
  c: LifConstants,
  net: { nA: number; nB: number; w1: Float64Array; w2: Float64Array; d1: number; d2: number },
  batches: ReadonlyArray<{ timePs: number; sources: number[] }>,
): { a: Array<[number, number]>; b: Array<[number, number]> } {
  const dyn = new LifDynamics(c);
  const a = layer(net.nA);
  const b = layer(net.nB);
  for (const bt of batches) deliver(a, net.w1, bt.sources, Math.ceil(bt.timePs / DT_PS) + net.d1);
  for (let edge = 0; edge <= HORIZON_EDGES; edge++) {
    const fired = tick(dyn, a, edge);
    if (fired.length) deliver(b, net.w2, fired, edge + net.d2);
    tick(dyn, b, edge);
  }
  return { a: a.spikes, b: b.spikes };
}

const arrayArb = fc.record({
  c_syn_ff: fc.constantFrom(1, 2, 5),
  weight_mean_mv: fc.double({ min: -5, max: 40, noNaN: true }),
  weight_std_mv: fc.double({ min: 0, max: 15, noNaN: true }),
  p_connect: fc.constantFrom(1, 0.5),
  variation: fc.constantFrom(0, 0.05),
  levels: fc.integer({ min: 2, max: 64 }),
});

describe('clock-driven windows of a LIF population', () => {
  it('property: a population switching between event-driven and clock-driven windows spikes exactly as a clock-driven loop, spike for spike', () => {
    let runs = 0;
    let runsWithSpikes = 0;
    let runsReopening = 0;
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.integer({ min: 0, max: 2 ** 31 }),
          nIn: fc.integer({ min: 1, max: 8 }),
          nA: fc.integer({ min: 1, max: 8 }),
          nB: fc.integer({ min: 1, max: 4 }),
          neuron: neuronArb,
          clockDrivenInputs: fc.integer({ min: 1, max: 4 }),
          w1: arrayArb,
          w2: arrayArb,
          d1: fc.integer({ min: 0, max: 3 }),
          d2: fc.integer({ min: 1, max: 3 }),
          // Bursts (many inputs on neighbouring edges: windows open) separated by silences (windows close).
          bursts: fc.array(
            fc.record({
              startEdge: fc.integer({ min: 0, max: 3_000 }),
              edges: fc.integer({ min: 1, max: 30 }),
              addresses: fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
            }),
            { minLength: 1, maxLength: 4 },
          ),
        }),
        (r) => {
          const byTime = new Map<number, Set<number>>();
          for (const b of r.bursts)
            for (let e = 0; e < b.edges; e++) {
              const set = byTime.get(b.startEdge + e) ?? new Set<number>();
              for (const a of b.addresses) if ((a + e) % 3 !== 0) set.add((a + e) % r.nIn);
              if (set.size) byTime.set(b.startEdge + e, set);
            }
          const batches = [...byTime.entries()]
            .sort((x, y) => x[0] - y[0])
            .map(([edge, s]) => ({ timePs: edge * DT_PS, sources: [...s].sort((x, y) => x - y) }));
          const spec: NetSpec = {
            seed: r.seed,
            nIn: r.nIn,
            nA: r.nA,
            nB: r.nB,
            neuron: { ...r.neuron, clock_driven_inputs: r.clockDrivenInputs },
            w1: { ...r.w1, delay_cycles: r.d1 },
            w2: { ...r.w2, delay_cycles: r.d2 },
          };
          const net = buildNet(spec);
          drive(net, batches);
          const ref = clockDrivenLoop(
            net.a.constants,
            { nA: r.nA, nB: r.nB, w1: net.w1.effectiveWeightsMv, w2: net.w2.effectiveWeightsMv, d1: r.d1, d2: r.d2 },
            batches,
          );
          runs++;
          if (ref.a.length + ref.b.length > 0) runsWithSpikes++;
          if (net.a.clockDrivenWindows >= 2) runsReopening++;
          expect(net.a.spikeLog).toEqual(ref.a);
          expect(net.b.spikeLog).toEqual(ref.b);
        },
      ),
      { numRuns: 150 },
    );
    // The comparison means something only if networks spike and windows open, close and open again.
    expect(runsWithSpikes).toBeGreaterThan(runs / 5);
    expect(runsReopening).toBeGreaterThan(runs / 5);
  });

  it('goes clock-driven by itself from 256 neurons when a quarter of them receive an input, and never below that size', () => {
    const windows = (size: number) => {
      const net = buildNet({
        seed: 3,
        nIn: 4,
        nA: size,
        nB: 1,
        neuron: {},
        w1: { weight_mean_mv: 1, p_connect: 1 },
        w2: { weight_mean_mv: 0 },
      });
      drive(net, [{ timePs: 0, sources: [0, 1, 2, 3] }]);
      return net.a.clockDrivenWindows;
    };
    expect(windows(256)).toBe(1);
    expect(windows(255)).toBe(0);
  });
});
