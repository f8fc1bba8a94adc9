import { opTraceReader } from './op-trace.js';
import { scalesimTopologyReader } from './gemm/index.js';
import { llmWorkloadReader } from './llm/index.js';
import { reramLayerListReader } from './layers/index.js';
import { reramTopologyReader } from './layers/topology.js';
import { deconvLayerListReader } from './layers/deconv-driver.js';
import { aerCsvReader, nmnistReader, spikeGeneratorReader } from './spikes/index.js';
import { WorkloadRegistry } from './workload.js';

export * from './workload.js';
export * from './op-trace.js';
export * from './phase-tracker.js';

/** A registry holding every workload reader Helen ships. */
export function defaultWorkloads(): WorkloadRegistry {
  return new WorkloadRegistry().register(opTraceReader).register(reramTopologyReader).register(scalesimTopologyReader).register(deconvLayerListReader).register(reramLayerListReader).register(aerCsvReader).register(nmnistReader).register(spikeGeneratorReader).register(llmWorkloadReader);
}
