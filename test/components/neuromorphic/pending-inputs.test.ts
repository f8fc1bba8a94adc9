import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Clock, Component, Simulator } from '../../../core/index.js';
import {
  LifDynamics,
  lifPopulation,
  type LifConstants,
  type LifPopulation,
  type LifState,
} from '../../../components/neuromorphic/index.js';
import { make, neuronArb } from './network-helpers.js';

const DT_PS = 1000;

/** A synaptic drive handed to the population at `timePs`: it lands on edge ⌈timePs / dt⌉ + delayCycles. */
interface Drive {
  timePs: number;
  delayCycles: number;
  dIMv: number[];
}

/** One population fed directly by `drives` (each at its time, with its own delay), run to completion. */
function runPopulation(size: number, neuron: Record<string, unknown>, drives: readonly Drive[]): LifPopulation {
  const sim = new Simulator({ seed: 1 });
  const root = new Component(sim, 'net', { clock: Clock.fromPeriodPs('main', DT_PS) });
  const pop = make<LifPopulation>(lifPopulation, root, 'pop', { size, ...neuron });
  pop.recordSpikes = true;
  for (const d of drives)
    sim.scheduleAt(d.timePs, () => pop.receive({ delayCycles: d.delayCycles, dIMv: Float64Array.from(d.dIMv) }));
  sim.run();
  pop.finish();
  return pop;
}

/**
 * Every neuron on every edge to `horizon`, from the closed-form primitives only,
 * with each edge's inputs summed in arrival order (drives have distinct times).
 */
function everyEdge(c: LifConstants, size: number, drives: readonly Drive[], horizon: number): Array<[number, number]> {
  const dyn = new LifDynamics(c);
  const inputs = new Map<number, Float64Array>();
  for (const d of [...drives].sort((a, b) => a.timePs - b.timePs)) {
    const edge = Math.ceil(d.timePs / DT_PS) + d.delayCycles;
    const acc = inputs.get(edge) ?? new Float64Array(size);
    for (let j = 0; j < size; j++) acc[j]! += d.dIMv[j]!;
    inputs.set(edge, acc);
  }
  const anchor = new Array<number>(size).fill(0);
  const st = Array.from({ length: size }, (): LifState => ({ iMv: 0, vMv: 0, rMv: 0 }));
  const log: Array<[number, number]> = [];
  for (let edge = 0; edge <= horizon; edge++) {
    const acc = inputs.get(edge);
    for (let j = 0; j < size; j++) {
      const s = dyn.advance(st[j]!, edge - anchor[j]!, { iMv: 0, vMv: 0, rMv: 0 });
      const fired = dyn.fires(s);
      const input = acc ? acc[j]! : 0;
      if (fired || input !== 0) {
        dyn.applyEdge(s, input, fired);
        st[j] = s;
        anchor[j] = edge;
      }
      if (fired) log.push([edge, j]);
    }
  }
  return log;
}

// 30 mV into I at one edge fires this neuron 7 edges later (the hand case in lif-dynamics.test.ts).
const HAND = { tau_mem: 10_000, tau_syn: 10_000, tau_adapt: 100_000, v_th_mv: 10, delta_theta_mv: 5 };

describe('event-driven planning with inputs already waiting', () => {
  it('fires a neuron between an input and the next one it already knows of, even when another neuron has an earlier input', () => {
    // Delivered 12 edges late, so when neuron 0 is planned at edge 12 its next input (edge 20) and
    // neuron 1's (edge 13) are already waiting. The crossing at edge 19 lies between them, on the
    // last edge before neuron 0's input: a scan that stopped at the first waiting edge of any
    // neuron, or one edge short of neuron 0's own, would lose it.
    const drives: Drive[] = [
      { timePs: 0, delayCycles: 12, dIMv: [30, 0] },
      { timePs: 1_000, delayCycles: 12, dIMv: [0, 0.5] },
      { timePs: 8_000, delayCycles: 12, dIMv: [0.5, 0] },
    ];
    const pop = runPopulation(2, HAND, drives);
    const c = pop.constants;
    expect(pop.spikeLog).toContainEqual([19, 0]);
    expect(pop.spikeLog).toEqual(everyEdge(c, 2, drives, 400));
  });

  it('fires a neuron at the very edge of its next known input (the comparator samples before the input is added)', () => {
    const drives: Drive[] = [
      { timePs: 0, delayCycles: 12, dIMv: [30] },
      { timePs: 7_000, delayCycles: 12, dIMv: [-40] },
    ];
    const pop = runPopulation(1, HAND, drives);
    expect(pop.spikeLog[0]).toEqual([19, 0]);
    expect(pop.spikeLog).toEqual(everyEdge(pop.constants, 1, drives, 400));
  });

  it('an input that cut a scan short still evaluates its neuron when a later contribution cancels it to exactly 0', () => {
    // Planned at edge 12, neuron 0 scans only to edge 16, where +5 waits; −5 for the same edge comes
    // after the plan. Edge 16 must still evaluate (and re-plan) neuron 0, or its spike at 19 is lost.
    const drives: Drive[] = [
      { timePs: 0, delayCycles: 12, dIMv: [30] },
      { timePs: 2_000, delayCycles: 14, dIMv: [5] },
      { timePs: 13_000, delayCycles: 3, dIMv: [-5] },
    ];
    const pop = runPopulation(1, HAND, drives);
    expect(pop.spikeLog[0]).toEqual([19, 0]);
    expect(pop.spikeLog).toEqual(everyEdge(pop.constants, 1, drives, 400));
  });

  it('property: with many inputs waiting at once (mixed delays, exact cancellations), spikes equal every-edge evaluation', () => {
    let runsWithSpikes = 0;
    let runs = 0;
    fc.assert(
      fc.property(
        fc.record({
          size: fc.integer({ min: 1, max: 5 }),
          neuron: neuronArb,
          drives: fc.array(
            fc.record({
              t: fc.integer({ min: 0, max: 200 }),
              delayCycles: fc.integer({ min: 0, max: 25 }),
              // Small integers make exact cancellations between drives common.
              dIMv: fc.array(
                fc.oneof(
                  fc.constant(0),
                  fc.integer({ min: -20, max: 40 }),
                  fc.double({ min: -20, max: 40, noNaN: true }),
                ),
                { minLength: 5, maxLength: 5 },
              ),
            }),
            { minLength: 1, maxLength: 30 },
          ),
        }),
        (r) => {
          // Distinct arrival times (250 ps apart at most 4 per edge), so the arrival order is the time order.
          const seen = new Set<number>();
          const drives: Drive[] = [];
          for (const d of r.drives) {
            if (seen.has(d.t)) continue;
            seen.add(d.t);
            drives.push({ timePs: d.t * 250, delayCycles: d.delayCycles, dIMv: d.dIMv.slice(0, r.size) });
          }
          const pop = runPopulation(r.size, r.neuron, drives);
          const ref = everyEdge(pop.constants, r.size, drives, 4_000);
          runs++;
          if (ref.length > 0) runsWithSpikes++;
          expect(pop.spikeLog).toEqual(ref);
        },
      ),
      { numRuns: 300 },
    );
    expect(runsWithSpikes).toBeGreaterThan(runs / 3);
  });
});
