import { describe, expect, it } from 'vitest';
import { readWorkload, type ReaderOptions } from '../../../core/index.js';
import { defaultSession } from '../../../api/session.js';
import type { LayersWorkload } from '../../../workloads/layers/index.js';
import { readOnnx } from '../../../workloads/onnx/index.js';
import { tempDir, writeModel, type ModelSpec } from './build-model.js';

const dir = tempDir();
const read = (name: string, spec: ModelSpec, options?: ReaderOptions): LayersWorkload =>
  readOnnx(writeModel(dir, name, spec), options);

const image = (c: number, hw: number, n = 1) => ({ name: 'x', dims: [n, c, hw, hw] });
const conv = (name: string, input: string, output: string, w: string, more: string[] = [], attrs = {}) => ({
  op: 'Conv',
  name,
  inputs: [input, w, ...more],
  outputs: [output],
  attrs: { kernel_shape: [3, 3], pads: [1, 1, 1, 1], ...attrs },
});

/** One case per supported operator: the model, the layers expected (partially), and more checks. */
const cases: { name: string; spec: ModelSpec; layers: object[]; check?: (w: LayersWorkload) => void }[] = [
  {
    name: 'Conv with a bias and Relu → conv (relu) with its weights in matrix layout',
    spec: {
      inputs: [image(3, 8)],
      initializers: [
        { name: 'w', dims: [4, 3, 3, 3] },
        { name: 'b', dims: [4], values: [1, 2, 3, 4] },
      ],
      nodes: [conv('c1', 'x', 'y', 'w', ['b']), { op: 'Relu', inputs: ['y'], outputs: ['z'] }],
    },
    layers: [
      {
        kind: 'conv',
        name: 'c1',
        input: [8, 8, 3],
        outChannels: 4,
        kernel: 3,
        stride: 1,
        padding: 1,
        activation: 'relu',
      },
    ],
    check: (w) => {
      const m = w.weights!.get('c1')!;
      expect([m.rows, m.cols, Array.from(m.bias!)]).toEqual([27, 4, [1, 2, 3, 4]]);
      // W[o=1][c=2][kh=0][kw=1] (flat 1·27 + 2·9 + 0·3 + 1 = 46) sits at row (0·3 + 1)·3 + 2 = 5, column 1.
      expect(m.values[5 * 4 + 1]).toBeCloseTo(46 * 0.01 - 0.5, 6);
    },
  },
  {
    name: 'ConvTranspose → deconv with stride, padding and output_padding',
    spec: {
      inputs: [image(4, 4)],
      initializers: [{ name: 'w', dims: [4, 2, 3, 3] }],
      nodes: [
        {
          op: 'ConvTranspose',
          name: 'up',
          inputs: ['x', 'w'],
          outputs: ['y'],
          attrs: { strides: [2, 2], pads: [1, 1, 1, 1], output_padding: [1, 1] },
        },
        { op: 'MaxPool', name: 'p', inputs: ['y'], outputs: ['z'], attrs: { kernel_shape: [8, 8] } },
      ],
    },
    layers: [
      { kind: 'deconv', input: [4, 4, 4], outChannels: 2, kernel: 3, stride: 2, padding: 1, outputPadding: 1 },
      { kind: 'pool', input: [8, 8, 2], kernel: 8, stride: 1 },
    ],
  },
  {
    name: 'Gemm (transB, alpha, beta) and Sigmoid → fc (sigmoid) with the batch from dim 0',
    spec: {
      inputs: [{ name: 'x', dims: [2, 6] }],
      initializers: [
        { name: 'w', dims: [3, 6] },
        { name: 'c', dims: [3], values: [1, 1, 1] },
      ],
      nodes: [
        {
          op: 'Gemm',
          name: 'fc',
          inputs: ['x', 'w', 'c'],
          outputs: ['y'],
          attrs: { transB: 1, alpha: { f: 2 }, beta: { f: 3 } },
        },
        { op: 'Sigmoid', inputs: ['y'], outputs: ['z'] },
      ],
    },
    layers: [{ kind: 'fc', name: 'fc', inFeatures: 6, outFeatures: 3, rows: 1, activation: 'sigmoid' }],
    check: (w) => {
      expect(w.network.batch).toBe(2);
      const m = w.weights!.get('fc')!;
      // Row i (input), column j (output) is alpha · W[j][i]: i = 4, j = 2 → 2 · (16·0.01 − 0.5).
      expect(m.values[4 * 3 + 2]).toBeCloseTo(2 * (16 * 0.01 - 0.5), 6);
      expect(Array.from(m.bias!)).toEqual([3, 3, 3]);
    },
  },
  {
    name: 'MatMul with weights on a sequence → fc with rows; an Add of a constant folds in as its bias',
    spec: {
      inputs: [{ name: 'x', dims: [1, 5, 8] }],
      initializers: [
        { name: 'w', dims: [8, 4] },
        { name: 'b', dims: [4], values: [0.5, 0.5, 0.5, 0.5] },
      ],
      nodes: [
        { op: 'MatMul', name: 'proj', inputs: ['x', 'w'], outputs: ['y'] },
        { op: 'Add', inputs: ['b', 'y'], outputs: ['z'] },
      ],
    },
    layers: [{ kind: 'fc', name: 'proj', inFeatures: 8, outFeatures: 4, rows: 5, activation: 'none' }],
    check: (w) => expect(Array.from(w.weights!.get('proj')!.bias!)).toEqual([0.5, 0.5, 0.5, 0.5]),
  },
  {
    name: 'MatMul of two activations → matmul (M, N, K)',
    spec: {
      inputs: [
        { name: 'x', dims: [1, 5, 8] },
        { name: 'k', dims: [1, 8, 6] },
      ],
      initializers: [{ name: 'w', dims: [8, 8] }],
      nodes: [
        { op: 'MatMul', name: 'q', inputs: ['x', 'w'], outputs: ['q'] },
        { op: 'MatMul', name: 'scores', inputs: ['q', 'k'], outputs: ['s'] },
      ],
    },
    layers: [
      { kind: 'fc', rows: 5 },
      { kind: 'matmul', name: 'scores', M: 5, N: 6, K: 8 },
    ],
  },
  {
    name: 'MaxPool after a ReLU conv; a Relu after the pool changes nothing and adds no layer',
    spec: {
      inputs: [image(3, 8)],
      initializers: [{ name: 'w', dims: [4, 3, 3, 3] }],
      nodes: [
        conv('c1', 'x', 'y', 'w'),
        { op: 'Relu', inputs: ['y'], outputs: ['r'] },
        { op: 'MaxPool', name: 'p1', inputs: ['r'], outputs: ['p'], attrs: { kernel_shape: [2, 2], strides: [2, 2] } },
        { op: 'Relu', inputs: ['p'], outputs: ['out'] },
      ],
    },
    layers: [
      { kind: 'conv', activation: 'relu' },
      { kind: 'pool', name: 'p1', input: [8, 8, 4], kernel: 2, stride: 2 },
    ],
  },
  {
    name: 'AveragePool and GlobalAveragePool → pool layers, each noted as modelled by a max pool',
    spec: {
      inputs: [image(3, 8)],
      nodes: [
        {
          op: 'AveragePool',
          name: 'avg',
          inputs: ['x'],
          outputs: ['a'],
          attrs: { kernel_shape: [2, 2], strides: [2, 2] },
        },
        { op: 'GlobalAveragePool', name: 'gap', inputs: ['a'], outputs: ['g'] },
      ],
    },
    layers: [
      { kind: 'pool', input: [8, 8, 3], kernel: 2, stride: 2 },
      { kind: 'pool', input: [4, 4, 3], kernel: 4, stride: 4 },
    ],
    check: (w) =>
      expect(w.notes).toEqual([
        expect.stringMatching(/^AveragePool "avg": modelled as a max pool/),
        expect.stringMatching(/^GlobalAveragePool "gap"/),
      ]),
  },
  {
    name: 'Add of two layer outputs → add (from: the earlier layer), its Relu folded',
    spec: {
      inputs: [image(4, 8)],
      initializers: [
        { name: 'w1', dims: [4, 4, 3, 3] },
        { name: 'w2', dims: [4, 4, 3, 3] },
      ],
      nodes: [
        conv('a', 'x', 'ya', 'w1'),
        { op: 'Relu', inputs: ['ya'], outputs: ['ra'] },
        conv('b', 'ra', 'yb', 'w2'),
        { op: 'Add', name: 'res', inputs: ['ra', 'yb'], outputs: ['s'] },
        { op: 'Relu', inputs: ['s'], outputs: ['out'] },
      ],
    },
    layers: [
      { kind: 'conv', name: 'a' },
      { kind: 'conv', name: 'b', activation: 'none' },
      { kind: 'add', name: 'res', input: [8, 8, 4], from: 'a', activation: 'relu' },
    ],
  },
  {
    name: 'BatchNormalization after a conv folds into its weights and bias (γ/√(σ²+ε) per channel)',
    spec: {
      inputs: [image(1, 4)],
      initializers: [
        { name: 'w', dims: [2, 1, 3, 3], values: Array.from({ length: 18 }, () => 1) },
        { name: 'gamma', dims: [2], values: [1, 2] },
        { name: 'beta', dims: [2], values: [0.5, -1] },
        { name: 'mean', dims: [2], values: [1, 0] },
        { name: 'var', dims: [2], values: [3, 0] },
      ],
      nodes: [
        conv('c', 'x', 'y', 'w'),
        {
          op: 'BatchNormalization',
          inputs: ['y', 'gamma', 'beta', 'mean', 'var'],
          outputs: ['b'],
          attrs: { epsilon: { f: 1 } },
        },
        { op: 'Relu', inputs: ['b'], outputs: ['r'] },
      ],
    },
    layers: [{ kind: 'conv', outChannels: 2, activation: 'relu' }],
    check: (w) => {
      const m = w.weights!.get('c')!;
      // Factors 1/√4 = 0.5 and 2/√1 = 2; biases (0 − 1)·0.5 + 0.5 = 0 and (0 − 0)·2 − 1 = −1.
      expect([m.values[0], m.values[1]]).toEqual([0.5, 2]);
      expect(Array.from(m.bias!)).toEqual([0, -1]);
    },
  },
  {
    name: 'Flatten, Reshape (shape from a Constant), Identity and Dropout change shapes only',
    spec: {
      inputs: [image(2, 4)],
      initializers: [{ name: 'w', dims: [32, 10] }],
      nodes: [
        { op: 'Identity', inputs: ['x'], outputs: ['i'] },
        { op: 'Flatten', inputs: ['i'], outputs: ['f'] },
        {
          op: 'Constant',
          inputs: [],
          outputs: ['shape'],
          attrs: { value: { t: { name: 's', dims: [3], dataType: 7, int64Data: [1, 4, -1] } } },
        },
        { op: 'Reshape', inputs: ['f', 'shape'], outputs: ['r'] },
        { op: 'Dropout', inputs: ['r'], outputs: ['d', 'mask'] },
        { op: 'Reshape', inputs: ['d', 'flat'], outputs: ['r2'] },
        { op: 'MatMul', name: 'fc', inputs: ['r2', 'w'], outputs: ['y'] },
      ],
    },
    layers: [{ kind: 'fc', name: 'fc', inFeatures: 32, outFeatures: 10, rows: 1 }],
  },
];
// The second Reshape's target, [0, 32] (0 copies the batch), as an initializer.
cases.at(-1)!.spec.initializers!.push({ name: 'flat', dims: [2], values: [0, 32] });

describe('ONNX reader: operators', () => {
  it.each(cases)('$name', ({ name, spec, layers, check }) => {
    const w = read(name.slice(0, 20).replace(/\W/g, '_'), spec);
    expect(w.kind).toBe('layers');
    expect(w.network.layers).toHaveLength(layers.length);
    layers.forEach((l, i) => expect(w.network.layers[i]).toMatchObject(l));
    check?.(w);
  });
});

const withSoftmax: ModelSpec = {
  inputs: [{ name: 'x', dims: ['batch', 16] }],
  initializers: [{ name: 'w', dims: [10, 16] }],
  nodes: [
    { op: 'Gemm', name: 'fc', inputs: ['x', 'w'], outputs: ['y'], attrs: { transB: 1 } },
    { op: 'Softmax', name: 'prob', inputs: ['y'], outputs: ['p'] },
  ],
};

describe('ONNX reader: options', () => {
  it('--ignore-op skips the named operators and lists them in the workload', () => {
    const w = read('softmax', withSoftmax, { 'input-shape': ['4x16'], 'ignore-op': ['LogSoftmax,Softmax'] });
    expect(w.network.layers.map((l) => l.kind)).toEqual(['fc']);
    expect(w.skipped).toEqual(['Softmax "prob" (node 1)']);
    expect(w.notes).toEqual(['skipped on purpose (--ignore-op): Softmax "prob" (node 1)']);
  });

  it('--input-shape sets a dynamic dimension (named or, with one input, unnamed)', () => {
    expect(read('shape1', withSoftmax, { 'input-shape': ['x=3x16'], 'ignore-op': ['Softmax'] }).network.batch).toBe(3);
    expect(read('shape2', withSoftmax, { 'input-shape': ['5x16'], 'ignore-op': ['Softmax'] }).network.batch).toBe(5);
  });

  it('weights declared by shape only (graph inputs named in helen.shape_only_weights) read as weights without values', () => {
    const spec: ModelSpec = {
      inputs: [image(3, 8), { name: 'w', dims: [4, 3, 3, 3] }],
      nodes: [conv('c', 'x', 'y', 'w')],
      metadata: { 'helen.shape_only_weights': 'w' },
    };
    const w = read('shape-only', spec);
    expect(w.network.layers[0]).toMatchObject({ kind: 'conv', outChannels: 4 });
    expect(w.weights).toBeUndefined();
  });

  it("--values asks for the value check as a layer list's values: does (true, or key=value pairs)", () => {
    const opts = { 'input-shape': ['1x16'], 'ignore-op': ['Softmax'] };
    expect(read('values1', withSoftmax, { ...opts, values: ['true'] }).values).toMatchObject({ form: 'defaults' });
    const w = read('values2', withSoftmax, { ...opts, values: ['layers=1,vectors=4'] });
    expect(w.values).toMatchObject({
      form: 'options',
      entries: [
        { key: 'layers', value: 1 },
        { key: 'vectors', value: 4 },
      ],
    });
    expect(read('values3', withSoftmax, { ...opts, values: ['false'] }).values).toBeUndefined();
  });
});

describe('reader options through the session', () => {
  it('a .onnx file is read by the onnx reader; an option its reader does not take is an error naming it', () => {
    const session = defaultSession();
    const onnxFile = writeModel(dir, 'via-session', withSoftmax);
    const w = readWorkload(session, onnxFile, undefined, { 'input-shape': ['2x16'], 'ignore-op': ['Softmax'] });
    expect(w.kind).toBe('layers');
    expect(() =>
      readWorkload(session, 'workloads/examples/cnn-small.yaml', undefined, { 'ignore-op': ['Softmax'] }),
    ).toThrow(/not an option of the layer-list reader, which takes none/);
  });
});
