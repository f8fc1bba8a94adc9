import { opTraceReader } from './op-trace.js';
import { llmWorkloadReader } from './llm/index.js';
import { reramLayerListReader } from './layers/index.js';
import { deconvLayerListReader } from './layers/deconv-driver.js';
import { aerCsvReader, nmnistReader, spikeGeneratorReader } from './spikes/index.js';
import { legacyPlugin } from './legacy.js';

export * from './op-trace.js';

/** MIGRATION ONLY: the old parse-and-drive readers, until each family registers its own drivers. */
export const legacyWorkloads = legacyPlugin('helen-legacy-workloads', [opTraceReader, deconvLayerListReader, reramLayerListReader, aerCsvReader, nmnistReader, spikeGeneratorReader, llmWorkloadReader], (r, file) => r === reramLayerListReader && deconvLayerListReader.matches(file));
