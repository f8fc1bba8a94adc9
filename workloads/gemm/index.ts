import type { NeutralWorkload, WorkloadReader } from '../../core/index.js';
import { readTopology, topologyForm, type GemmLayer } from './topology-csv.js';

export * from './conv.js';
export * from './topology-csv.js';

/** A list of GEMM (or convolution-as-GEMM) layers, run one after another: SCALE-Sim's topology in neutral form. */
export interface GemmLayersWorkload extends NeutralWorkload {
  readonly kind: 'gemm-layers';
  /** The layers in file order. */
  readonly layers: readonly GemmLayer[];
}

/**
 * SCALE-Sim topology CSVs (GEMM `Layer, M, N, K,` or conv form). A .csv file
 * is recognised when its header is a topology header.
 */
export const scalesimTopologyReader: WorkloadReader<GemmLayersWorkload> = {
  format: 'scalesim-topology',
  description: 'SCALE-Sim topology CSV (GEMM "Layer, M, N, K," or conv form), one phase per layer',
  produces: 'gemm-layers',
  extensions: ['.csv'],
  recognises: (head) => topologyForm(head.split(/\r?\n/)[0] ?? '') !== undefined,
  read: (file) => ({ kind: 'gemm-layers', file, layers: readTopology(file).layers }),
};
