import { yamlHasTopLevelKey, type WorkloadReader } from '../../core/index.js';
import type { LayersWorkload } from '../layers/index.js';
import { readTimeloopProblem } from './problem.js';

export * from './problem.js';
export * from './shapes.js';
export * from './writer.js';

/** Timeloop problem specifications: a YAML file with a top-level `problem:` key, read as a layer list. */
export const timeloopProblemReader: WorkloadReader<LayersWorkload> = {
  format: 'timeloop-problem',
  description:
    'Timeloop problem (problem: { shape, instance }): a CNN layer as a conv layer, a GEMM as an fc layer; several --- documents, one layer each',
  produces: 'layers',
  extensions: ['.yaml', '.yml'],
  recognises: (head) => yamlHasTopLevelKey(head, 'problem'),
  read: (file) => ({ kind: 'layers', file, network: readTimeloopProblem(file), values: undefined }),
};
