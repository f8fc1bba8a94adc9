import { opTraceReader } from './op-trace.js';
import { scalesimTopologyReader } from './gemm/index.js';
import { llmWorkloadReader } from './llm/index.js';
import { reramLayerListReader } from './layers/index.js';
import { aerCsvReader } from './spikes/index.js';
import { WorkloadRegistry } from './workload.js';

export * from './workload.js';
export * from './op-trace.js';
export * from './phase-tracker.js';
export * from './line-reader.js';

/** A registry holding every workload reader Helen ships. */
export function defaultWorkloads(): WorkloadRegistry {
  return new WorkloadRegistry().register(opTraceReader).register(scalesimTopologyReader).register(reramLayerListReader).register(aerCsvReader).register(llmWorkloadReader);
}
