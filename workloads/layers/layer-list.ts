import { readFileSync } from '../../core/io/fs.js';
import { LineCounter, isMap, isSeq, parseDocument, type Node } from 'yaml';
import { HelenError, type SourceLocation } from '../../core/index.js';
import { checkDeconvShape } from './deconv-shape.js';
import { checkAddOperands } from './layer-gemm.js';
import { readValuesRequest, type ValuesRequest } from './values-block.js';
import { nodeLocation, throwYamlSyntaxError } from '../yaml-located.js';

/** A convolution: input height × width × channels, square kernel. */
export interface ConvLayer {
  kind: 'conv';
  name: string;
  input: [number, number, number];
  outChannels: number;
  kernel: number;
  stride: number;
  padding: number;
  activation: Activation;
  loc: SourceLocation;
}

/** A transposed convolution (PyTorch ConvTranspose2d): output (I−1)·stride − 2·padding + kernel + output_padding. */
export interface DeconvLayer extends Omit<ConvLayer, 'kind'> {
  kind: 'deconv';
  /** Extra output rows/columns at the bottom/right (smaller than the stride). */
  outputPadding: number;
}

/** A fully-connected (GEMM) layer: a weight matrix applied to `rows` vectors per input (tokens of a sequence; 1 for an MLP). */
export interface FcLayer {
  kind: 'fc';
  name: string;
  inFeatures: number;
  outFeatures: number;
  /** Vectors per input the weights are applied to (1 unless the input is a sequence). */
  rows: number;
  activation: Activation;
  loc: SourceLocation;
}

/** An element-wise sum of this layer's input and the output of an earlier layer (a residual connection). */
export interface AddLayer {
  kind: 'add';
  name: string;
  /** Shape of both operands and of the sum: [height, width, channels] ([1, 1, n] for vectors). */
  input: [number, number, number];
  /** The earlier layer whose output is added to this layer's input. */
  from: string;
  activation: Activation;
  loc: SourceLocation;
}

/** A product of two activations, (M×K)·(K×N), with no stored weights (attention scores, attention × values). */
export interface MatmulLayer {
  kind: 'matmul';
  name: string;
  /** Rows of the left operand and of the result. */
  M: number;
  /** Columns of the right operand and of the result. */
  N: number;
  /** The shared (reduced) dimension. */
  K: number;
  loc: SourceLocation;
}

/** A max-pooling layer over input height × width × channels. */
export interface PoolLayer {
  kind: 'pool';
  name: string;
  input: [number, number, number];
  kernel: number;
  stride: number;
  loc: SourceLocation;
}

/** Activation applied to a layer's outputs. */
export type Activation = 'relu' | 'sigmoid' | 'none';

/** Any layer of a layer list. */
export type Layer = ConvLayer | FcLayer | PoolLayer | DeconvLayer | AddLayer | MatmulLayer;

/** A parsed layer list: the network and how many inputs go through it. */
export interface LayerList {
  name: string;
  /** Inputs (images) run through the network. */
  batch: number;
  layers: Layer[];
}

/** Keys each layer kind accepts: key → one-line meaning (for error messages and docs). */
export const LAYER_KEYS: Readonly<Record<Layer['kind'], Readonly<Record<string, string>>>> = {
  conv: {
    name: 'layer name (its phase)',
    type: '"conv"',
    input: '[height, width, channels]',
    out_channels: 'filters',
    kernel: 'kernel size K (K×K)',
    stride: 'stride (1)',
    padding: 'zero padding each side (0)',
    activation: 'relu | sigmoid | none (relu)',
  },
  fc: {
    name: 'layer name (its phase)',
    type: '"fc"',
    in_features: 'inputs',
    out_features: 'outputs',
    rows: 'vectors per input, e.g. tokens of a sequence (1)',
    activation: 'relu | sigmoid | none (relu)',
  },
  add: {
    name: 'layer name (its phase)',
    type: '"add"',
    input: '[height, width, channels] of both operands',
    from: 'name of the earlier layer whose output is added',
    activation: 'relu | sigmoid | none (none)',
  },
  matmul: {
    name: 'layer name (its phase)',
    type: '"matmul"',
    m: 'rows of the left operand',
    n: 'columns of the right operand',
    k: 'the shared dimension',
  },
  deconv: {
    name: 'layer name (its phase)',
    type: '"deconv"',
    input: '[height, width, channels]',
    out_channels: 'output channels',
    kernel: 'kernel size K (K×K)',
    stride: 'stride (1)',
    padding: 'padding p removed from each side of the output (0)',
    output_padding: 'extra output rows/columns at the bottom/right, < stride (0)',
    activation: 'relu | sigmoid | none (relu)',
  },
  pool: {
    name: 'layer name (its phase)',
    type: '"pool"',
    input: '[height, width, channels]',
    kernel: 'window K (K×K)',
    stride: 'stride (K)',
  },
};

/** Whether `t` names a layer kind of a layer list. */
export function isLayerKind(t: unknown): t is Layer['kind'] {
  return typeof t === 'string' && Object.hasOwn(LAYER_KEYS, t);
}

/** Output height/width of a convolution or pooling window. */
export function outputSize(inSize: number, kernel: number, stride: number, padding: number): number {
  return Math.floor((inSize + 2 * padding - kernel) / stride) + 1;
}

/**
 * Reads a layer list:
 *   name: cnn-small
 *   batch: 1
 *   layers:
 *     - { name: conv1, type: conv, input: [32, 32, 3], out_channels: 16, kernel: 3, padding: 1 }
 *     - { name: pool1, type: pool, input: [32, 32, 16], kernel: 2 }
 *     - { name: fc1, type: fc, in_features: 4096, out_features: 10, activation: none }
 * Every problem is a HelenError with file, line and column.
 */
export function readLayerList(file: string): LayerList {
  return parseLayerList(file).list;
}

/** A layer list and its `values:` request (undefined when absent or `false`), from one parse of `file`. */
export function parseLayerList(file: string): { list: LayerList; values: ValuesRequest | undefined } {
  const text = readFileSync(file, 'utf8');
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc });
  const at = (node: Node | null | undefined, path: string): SourceLocation => nodeLocation(lc, file, node, path);
  throwYamlSyntaxError(doc, file);
  const root = doc.contents;
  if (!isMap(root)) throw new HelenError('E_WORKLOAD', 'a layer list is a mapping with "layers:"', at(root, ''));
  const layersNode = root.get('layers', true) as Node | undefined;
  if (!isSeq(layersNode) || layersNode.items.length === 0)
    throw new HelenError('E_WORKLOAD', '"layers" must be a non-empty list of layers', at(layersNode ?? root, 'layers'));
  const batchNode = root.get('batch', true) as Node | undefined;
  const batch = batchNode === undefined ? 1 : whole(batchNode.toJSON(), 1, at(batchNode, 'batch'), 'batch');
  const names = new Set<string>();
  const layers = layersNode.items.map((item, i): Layer => {
    const path = `layers[${i}]`;
    if (!isMap(item))
      throw new HelenError(
        'E_WORKLOAD',
        'each layer is a mapping such as { name: conv1, type: conv, … }',
        at(item as Node, path),
      );
    const get = (key: string) => item.get(key, true) as Node | undefined;
    const val = (key: string) => get(key)?.toJSON();
    const type: unknown = val('type');
    if (!isLayerKind(type))
      throw new HelenError(
        'E_WORKLOAD',
        `"type" must be ${Object.keys(LAYER_KEYS).join(', ')}, got ${JSON.stringify(type)}`,
        at(get('type') ?? item, `${path}.type`),
      );
    for (const pair of item.items) {
      const k = String((pair.key as Node & { value?: unknown })?.toJSON?.() ?? pair.key);
      if (!(k in LAYER_KEYS[type]))
        throw new HelenError(
          'E_WORKLOAD',
          `unknown key "${k}" for a ${type} layer; known: ${Object.keys(LAYER_KEYS[type]).join(', ')}`,
          at(pair.key as Node, `${path}.${k}`),
        );
    }
    const name = String(val('name') ?? `layer${i + 1}`);
    if (names.has(name))
      throw new HelenError('E_WORKLOAD', `layer name "${name}" is used twice`, at(get('name'), `${path}.name`));
    names.add(name);
    const num = (key: string, min: number, fallback?: number) =>
      whole(val(key) ?? fallback, min, at(get(key) ?? item, `${path}.${key}`), key);
    const shape = (): [number, number, number] => {
      const v = val('input');
      if (!Array.isArray(v) || v.length !== 3)
        throw new HelenError(
          'E_WORKLOAD',
          '"input" must be [height, width, channels]',
          at(get('input') ?? item, `${path}.input`),
        );
      return v.map((x, j) => whole(x, 1, at(get('input'), `${path}.input[${j}]`), 'input')) as [number, number, number];
    };
    const activation = (fallback: Activation = 'relu'): Activation => {
      const a = val('activation') ?? fallback;
      if (a !== 'relu' && a !== 'sigmoid' && a !== 'none')
        throw new HelenError(
          'E_WORKLOAD',
          `"activation" must be relu, sigmoid or none, got ${JSON.stringify(a)}`,
          at(get('activation'), `${path}.activation`),
        );
      return a;
    };
    const loc = at(item, path);
    if (type === 'fc')
      return {
        kind: 'fc',
        name,
        inFeatures: num('in_features', 1),
        outFeatures: num('out_features', 1),
        rows: num('rows', 1, 1),
        activation: activation(),
        loc,
      };
    if (type === 'matmul') return { kind: 'matmul', name, M: num('m', 1), N: num('n', 1), K: num('k', 1), loc };
    if (type === 'add') {
      const from = val('from');
      if (typeof from !== 'string' || !names.has(from) || from === name)
        throw new HelenError(
          'E_WORKLOAD',
          `"from" must name an earlier layer, got ${JSON.stringify(from)}`,
          at(get('from') ?? item, `${path}.from`),
        );
      return { kind: 'add', name, input: shape(), from, activation: activation('none'), loc };
    }
    const input = shape();
    const kernel = num('kernel', 1);
    if (type === 'pool') return { kind: 'pool', name, input, kernel, stride: num('stride', 1, kernel), loc };
    if (type === 'deconv') {
      const d: DeconvLayer = {
        kind: 'deconv',
        name,
        input,
        outChannels: num('out_channels', 1),
        kernel,
        stride: num('stride', 1, 1),
        padding: num('padding', 0, 0),
        outputPadding: num('output_padding', 0, 0),
        activation: activation(),
        loc,
      };
      checkDeconvShape(
        {
          inH: input[0],
          inW: input[1],
          inC: input[2],
          outC: d.outChannels,
          kernel,
          stride: d.stride,
          padding: d.padding,
          outputPadding: d.outputPadding,
        },
        (key) => at(get(key) ?? item, `${path}.${key}`),
      );
      return d;
    }
    const l: ConvLayer = {
      kind: 'conv',
      name,
      input,
      outChannels: num('out_channels', 1),
      kernel,
      stride: num('stride', 1, 1),
      padding: num('padding', 0, 0),
      activation: activation(),
      loc,
    };
    if (
      outputSize(input[0], kernel, l.stride, l.padding) < 1 ||
      outputSize(input[1], kernel, l.stride, l.padding) < 1
    ) {
      throw new HelenError(
        'E_WORKLOAD',
        `a ${kernel}×${kernel} kernel does not fit a ${input[0]}×${input[1]} input with padding ${l.padding}`,
        at(get('kernel'), `${path}.kernel`),
      );
    }
    return l;
  });
  checkAddOperands(layers, (i, key) => {
    const item = layersNode.items[i] as Node;
    const node = isMap(item) ? (item.get(key, true) as Node | undefined) : undefined;
    return at(node ?? item, `layers[${i}].${key}`);
  });
  return { list: { name: String(root.get('name') ?? file), batch, layers }, values: readValuesRequest(file, root, lc) };
}

function whole(v: unknown, min: number, loc: SourceLocation, key: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min)
    throw new HelenError('E_WORKLOAD', `"${key}" must be a whole number ≥ ${min}, got ${JSON.stringify(v)}`, loc);
  return v;
}
