import { spikeRasterView } from './spike-raster-view.js';
import type { HelenPlugin, Session } from '../../core/index.js';
import { lifPopulation } from './lif-population.js';
import { spikeInput } from './spike-input.js';
import { synapseArray } from './synapse-array.js';
import { lifPopulationProperties, spikeInputProperties, synapseArrayProperties } from './properties.js';

export * from './lif-dynamics.js';
export * from './neuron-bank.js';
export * from './device.js';
export * from './programming.js';
export * from './messages.js';
export * from './fan-ports.js';
export * from './pulse-writer.js';
export * from './stdp.js';
export * from './stdp-learner.js';
export * from './synapse-params.js';
export * from './weights/npy.js';
export * from './weights/weights-file.js';
export * from './temporal/van-rossum.js';
export * from './temporal/discrete-layer.js';
export * from './temporal/surrogate-trainer.js';
export * from './temporal/pattern.js';
export { LifPopulation, lifPopulation, EDGE_PRIORITY } from './lif-population.js';
export { SynapseArray, synapseArray } from './synapse-array.js';
export { SpikeInput, spikeInput } from './spike-input.js';

/** The neuromorphic family as a plug-in: neuromorphic family: spike_input, synapse_array, lif_population */
export const neuromorphicPlugin: HelenPlugin = {
  name: 'helen-neuromorphic',
  description: 'neuromorphic family: spike_input, synapse_array, lif_population',
  register(session: Session): void {
    const registry = session.registry;
    session.addView(spikeRasterView);
  registry.register({ ...spikeInput, properties: spikeInputProperties }).register({ ...synapseArray, properties: synapseArrayProperties }).register({ ...lifPopulation, properties: lifPopulationProperties });
  },
};
