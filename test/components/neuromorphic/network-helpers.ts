import fc from 'fast-check';
import { Clock, Component, Simulator, connect, type AnyComponentType } from '../../../core/index.js';
import {
  lifPopulation,
  spikeInput,
  synapseArray,
  type LifPopulation,
  type SpikeInput,
  type SynapseArray,
} from '../../../components/neuromorphic/index.js';

/** Builds a component of a registered type from raw params, as the elaborator would (defaults filled in). */
export function make<T>(def: AnyComponentType, parent: Component, name: string, raw: Record<string, unknown>): T {
  return def.create({ parent, name, params: def.params.parse(raw), clock: undefined, type: def.type }) as T;
}

/** input → w1 → a → w2 → b, on a 1 GHz neuron clock. */
export interface Net {
  sim: Simulator;
  input: SpikeInput;
  w1: SynapseArray;
  a: LifPopulation;
  w2: SynapseArray;
  b: LifPopulation;
}

export interface NetSpec {
  seed: number;
  nIn: number;
  nA: number;
  nB: number;
  neuron: Record<string, unknown>;
  w1: Record<string, unknown>;
  w2: Record<string, unknown>;
}

export function buildNet(s: NetSpec): Net {
  const sim = new Simulator({ seed: s.seed });
  const root = new Component(sim, 'net', { clock: Clock.fromPeriodPs('main', 1000) });
  const input = make<SpikeInput>(spikeInput, root, 'input', { size: s.nIn });
  const w1 = make<SynapseArray>(synapseArray, root, 'w1', { rows: s.nIn, cols: s.nA, ...s.w1 });
  const a = make<LifPopulation>(lifPopulation, root, 'a', { size: s.nA, ...s.neuron });
  const w2 = make<SynapseArray>(synapseArray, root, 'w2', { rows: s.nA, cols: s.nB, ...s.w2 });
  const b = make<LifPopulation>(lifPopulation, root, 'b', { size: s.nB, ...s.neuron });
  connect(input.out, w1.pre);
  connect(w1.post, a.in);
  connect(a.out, w2.pre);
  connect(w2.post, b.in);
  a.recordSpikes = true;
  b.recordSpikes = true;
  return { sim, input, w1, a, w2, b };
}

/** Schedules input batches (time ps → ascending addresses) and runs to completion. */
export function drive(net: Net, batches: ReadonlyArray<{ timePs: number; sources: number[] }>): void {
  for (const bt of batches) net.sim.scheduleAt(bt.timePs, () => net.input.emit(Int32Array.from(bt.sources)));
  net.sim.run();
  for (const c of [net.a, net.b, net.w1, net.w2]) c.finish();
}

/** Random but valid LIF population parameters (time constants in ps, voltages in mV). */
export const neuronArb = fc.record({
  tau_mem: fc.integer({ min: 1_000, max: 30_000 }),
  tau_syn: fc.integer({ min: 1_000, max: 30_000 }),
  tau_adapt: fc.integer({ min: 0, max: 50_000 }),
  v_th_mv: fc.double({ min: 0.5, max: 15, noNaN: true }),
  delta_theta_mv: fc.double({ min: 0, max: 10, noNaN: true }),
  reset: fc.constantFrom('adaptive', 'hard', 'subtract'),
  // Below the smallest threshold drawn: a hard reset at or above threshold is refused (it would fire forever).
  v_reset_mv: fc.double({ min: -5, max: 0.4, noNaN: true }),
});
