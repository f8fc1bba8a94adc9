// The constants one trained layer runs on, read from an elaborated architecture (one source of truth for the
// trainers in bench/: the neurons' LIF constants, the array's device and mV per nS, the synaptic delay).
import { defaultSession } from '../api/session.js';
import { elaborate, loadArchitecture, type Component } from '../core/index.js';
import type { LifPopulation, SynapseArray, TrainingHardware } from '../components/neuromorphic/index.js';

/** A single-layer network's hardware: what the trainer needs, and the layer's size. */
export interface LayerHardware extends TrainingHardware {
  /** Synaptic delay, edges: an input spike at edge e reaches the neurons at e + delay. */
  delay: number;
  inputs: number;
  outputs: number;
}

/**
 * Elaborates `architecture` with `set` (and no weights file, so nothing is read) and returns the
 * population at `populationPath` and the array at `arrayPath` as a trainer sees them.
 */
export function layerHardware(
  architecture: string,
  populationPath: string,
  arrayPath: string,
  set: ReadonlyArray<[string, string]>,
): LayerHardware {
  const session = defaultSession();
  const overrides = new Map([...set, [`${arrayPath}.weights_file`, '']]);
  const model = elaborate(loadArchitecture(architecture, { registry: session.registry }), {
    registry: session.registry,
    overrides,
  });
  const comps = model.sim.components as Component[];
  const pop = comps.find((c) => c.path === populationPath) as LifPopulation;
  const w = comps.find((c) => c.path === arrayPath) as SynapseArray;
  const p = w.params as { delay_cycles: number; rows: number };
  return {
    constants: { ...pop.constants },
    device: w.device,
    mvPerNs: w.mvPerNs,
    delay: p.delay_cycles,
    inputs: p.rows,
    outputs: (pop.params as { size: number }).size,
  };
}
