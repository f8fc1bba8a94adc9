import { yamlHasTopLevelKey, type NeutralWorkload, type WorkloadReader } from '../../core/index.js';
import { parseLayerList, type LayerList } from './layer-list.js';
import type { ValuesRequest } from './values-block.js';
import type { LayerWeights } from './weights.js';

export * from './deconv-shape.js';
export * from './layer-gemm.js';
export * from './layer-list.js';
export * from './network.js';
export * from './values-block.js';
export * from './weights.js';

/** A layer list (conv, deconv, fc, pool, add and matmul layers and a batch) in neutral form: what hardware runs it is a driver's business. */
export interface LayersWorkload extends NeutralWorkload {
  readonly kind: 'layers';
  /** The layers in file order, with the batch. */
  readonly network: LayerList;
  /** The file's `values:` request, as written (drivers check it against their own options). */
  readonly values: ValuesRequest | undefined;
  /** Trained weights by layer name, when the file carries them (ONNX initializers). */
  readonly weights?: ReadonlyMap<string, LayerWeights>;
  /** Nodes of the source graph the reader skipped on purpose (`--ignore-op`): `Softmax "prob" (node 7)` (also in `notes`). */
  readonly skipped?: readonly string[];
}

/** YAML layer lists: a file with a top-level `layers:` key (or `format: layer-list`). */
export const layerListReader: WorkloadReader<LayersWorkload> = {
  format: 'layer-list',
  description:
    'YAML list of conv, deconv, fc, pool, add and matmul layers with a batch, one phase per layer; optional values: asks for a check of outputs through the hardware’s value model',
  produces: 'layers',
  extensions: ['.yaml', '.yml'],
  recognises: (head) => yamlHasTopLevelKey(head, 'layers'),
  read: (file) => {
    const { list, values } = parseLayerList(file);
    return { kind: 'layers', file, network: list, values };
  },
};
