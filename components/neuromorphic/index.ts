import { spikeRasterView } from './spike-raster-view.js';
import type { HelenPlugin, Session } from '../../core/index.js';
import { aerCsvReader, nmnistReader, spikeGeneratorReader } from '../../workloads/spikes/index.js';
import { mnistSpikesReader } from '../../workloads/mnist/spike-workload.js';
import { lifPopulation } from './lif-population.js';
import { spikeInput } from './spike-input.js';
import { synapseArray } from './synapse-array.js';
import { lifPopulationProperties, spikeInputProperties, synapseArrayProperties } from './properties.js';
import { snnSpikesDriver } from './driver/spike-driver.js';
import { spikesOutput, weightsOutput } from './driver/spike-outputs.js';

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
export * from './driver/spike-driver.js';
export * from './driver/spike-tap.js';
export * from './driver/raster.js';
export * from './driver/snn-summary.js';
export * from './driver/summary.js';
export * from './driver/window-scorer.js';
export * from './temporal/classifier-trainer.js';
export * from './temporal/backward.js';
export * from './driver/spike-outputs.js';

/**
 * The neuromorphic family as a plug-in: spike inputs, memristor synapse
 * arrays and LIF populations; the spike-stream readers (AER CSV, N-MNIST,
 * generators) and the driver that runs them on a spiking network; the spike
 * and weight output files; the spike raster view.
 */
export const neuromorphicPlugin: HelenPlugin = {
  name: 'helen-neuromorphic',
  description:
    'neuromorphic family: spike_input, synapse_array, lif_population; spike streams (aer-csv, n-mnist, spike-generator, mnist-spikes)',
  register(session: Session): void {
    session
      .addReader(aerCsvReader)
      .addReader(nmnistReader)
      .addReader(spikeGeneratorReader)
      .addReader(mnistSpikesReader);
    session.addDriver(snnSpikesDriver);
    session.addView(spikeRasterView);
    session.registry
      .register({ ...spikeInput, properties: spikeInputProperties })
      .register({ ...synapseArray, properties: synapseArrayProperties, outputs: { weights: weightsOutput } })
      .register({ ...lifPopulation, properties: lifPopulationProperties, outputs: { spikes: spikesOutput } });
  },
};
