import { readFileSync } from '../../core/io/fs.js';
import { basename } from '../../core/io/path.js';
import { HelenError, type ReaderOptions, type WorkloadReader } from '../../core/index.js';
import type { LayersWorkload } from '../layers/index.js';
import { GraphWalk, SHAPE_ONLY_WEIGHTS_KEY } from './graph.js';
import { ONNX_OPERATORS } from './operators.js';
import { ONNX_READER_OPTIONS, parseOnnxOptions } from './options.js';
import { decodeModel } from './proto.js';

/** Reads an ONNX model file into a layer list, with the weights it carries and what it skipped. */
export function readOnnx(file: string, options?: ReaderOptions): LayersWorkload {
  const parsed = parseOnnxOptions(options);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new HelenError('E_WORKLOAD', `cannot read the file: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, {
      file,
    });
  }
  const model = decodeModel(bytes, file);
  const graph = model.graph!;
  const shapeOnly = (model.metadataProps ?? []).find((p) => p.key === SHAPE_ONLY_WEIGHTS_KEY)?.value ?? '';
  const walk = new GraphWalk(graph, file, parsed, new Set(shapeOnly.split(',').filter((s) => s !== '')));
  walk.run(ONNX_OPERATORS);
  if (walk.layers.length === 0)
    throw new HelenError(
      'E_WORKLOAD',
      `the graph has no node Helen maps to a layer (${Object.keys(ONNX_OPERATORS).join(', ')})`,
      { file, path: 'graph.node' },
    );
  const notes = [...walk.skipped.map((s) => `skipped on purpose (--ignore-op): ${s}`), ...walk.notes];
  return {
    kind: 'layers',
    file,
    network: { name: graph.name || basename(file, '.onnx'), batch: walk.batch, layers: walk.layers },
    values: parsed.values,
    ...(walk.weights.size ? { weights: walk.weights } : {}),
    ...(walk.skipped.length ? { skipped: walk.skipped } : {}),
    ...(notes.length ? { notes } : {}),
  };
}

/**
 * ONNX models (`.onnx`): the layers a ModelProto's graph describes, its
 * initializers as weights. Every `.onnx` file is claimed: the content of a
 * binary file is not sniffed as text, and the reader's own messages say what
 * is wrong with a file that is not ONNX.
 */
export const onnxReader: WorkloadReader<LayersWorkload> = {
  format: 'onnx',
  description:
    'ONNX model (protobuf): Conv, ConvTranspose, Gemm, MatMul, pools and Add become layers; Relu/Sigmoid, biases and BatchNormalization fold in; initializers are the weights',
  produces: 'layers',
  extensions: ['.onnx'],
  options: ONNX_READER_OPTIONS,
  read: readOnnx,
};
