import type { ComponentRegistry } from '../../core/index.js';
import { lifPopulation } from './lif-population.js';
import { spikeInput } from './spike-input.js';
import { synapseArray } from './synapse-array.js';

export * from './lif-dynamics.js';
export * from './neuron-bank.js';
export * from './device.js';
export * from './programming.js';
export * from './messages.js';
export { LifPopulation, lifPopulation, EDGE_PRIORITY } from './lif-population.js';
export { SynapseArray, synapseArray } from './synapse-array.js';
export { SpikeInput, spikeInput } from './spike-input.js';

/** Registers the neuromorphic family: spike_input, synapse_array, lif_population. */
export function registerNeuromorphic(registry: ComponentRegistry): void {
  registry.register(spikeInput).register(synapseArray).register(lifPopulation);
}
