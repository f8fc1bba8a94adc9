import { describe, expect, it } from 'vitest';
import { HelenError, type ReaderOptions } from '../../../core/index.js';
import { readOnnx } from '../../../workloads/onnx/index.js';
import { onnx } from '../../../workloads/onnx/proto.js';
import { buildModel, tempDir, writeModel, type ModelSpec, type NodeSpec } from './build-model.js';

const dir = tempDir();

/** A one-conv model on a 1×3×8×8 input with weights [4, 3, 3, 3], with `node` changed. */
function convModel(node: Partial<NodeSpec>, more: Partial<ModelSpec> = {}): ModelSpec {
  return {
    inputs: [{ name: 'x', dims: [1, 3, 8, 8] }],
    initializers: [{ name: 'w', dims: [4, 3, 3, 3] }],
    nodes: [
      { op: 'Conv', name: 'conv1', inputs: ['x', 'w'], outputs: ['y'], attrs: { kernel_shape: [3, 3] }, ...node },
    ],
    ...more,
  };
}

const good = buildModel(convModel({}));

/** Malformed files and graphs: each one HelenError, with the place (path) and the message expected. */
const cases: { name: string; file: ModelSpec | Uint8Array; path?: string; message: RegExp; options?: ReaderOptions }[] =
  [
    { name: 'empty file', file: new Uint8Array(), message: /the file is empty/ },
    {
      name: 'truncated protobuf',
      file: good.slice(0, good.length - 7),
      message: /not a complete ONNX model.*truncated/,
    },
    {
      name: 'not protobuf (YAML text)',
      file: new TextEncoder().encode('name: x\nlayers: []\n'),
      message: /not a complete ONNX model/,
    },
    {
      name: 'missing graph',
      file: onnx.ModelProto.encode({ irVersion: 8 }).finish(),
      path: 'graph',
      message: /has no graph/,
    },
    {
      name: 'node referencing an unknown tensor',
      file: convModel({ inputs: ['x', 'nope'] }),
      path: 'graph.node[0] (Conv "conv1")',
      message: /input 1 "nope" is not a graph input, an initializer or the output of an earlier node/,
    },
    {
      name: 'shape mismatch (input channels vs weights)',
      file: convModel({}, { inputs: [{ name: 'x', dims: [1, 5, 8, 8] }] }),
      path: 'graph.node[0] (Conv "conv1")',
      message: /shape mismatch: the input has 5 channels but the weights \[4, 3, 3, 3\] expect 3/,
    },
    {
      name: 'wrong attribute type',
      file: convModel({ attrs: { kernel_shape: 3 } }),
      path: 'graph.node[0] (Conv "conv1")',
      message: /attribute "kernel_shape" must be INTS, got INT/,
    },
    {
      name: 'non-square kernel',
      file: convModel({ attrs: { kernel_shape: [3, 1] } }, { initializers: [{ name: 'w', dims: [4, 3, 3, 1] }] }),
      path: 'graph.node[0] (Conv "conv1")',
      message: /kernel 3×1 is not square/,
    },
    {
      name: 'asymmetric padding',
      file: convModel({ attrs: { pads: [1, 1, 0, 0] } }),
      path: 'graph.node[0] (Conv "conv1")',
      message: /pads \[1, 1, 0, 0\] are not symmetric/,
    },
    {
      name: 'grouped convolution',
      file: convModel({ attrs: { group: 3 } }),
      message: /group 3 .* is not supported/,
    },
    {
      name: 'unsupported operator',
      file: convModel({}, {}),
      message: /operator "Softmax" is not supported .*--ignore-op Softmax/,
      path: 'graph.node[1] (Softmax "prob")',
    },
    {
      name: 'initializer with too few values',
      file: convModel({}, { initializers: [{ name: 'w', dims: [4, 3, 3, 3], values: [1, 2] }] }),
      path: 'graph.initializer[0] "w"',
      message: /has 2 values but its dims \[4, 3, 3, 3\] need 108/,
    },
    {
      name: 'dynamic dimension without --input-shape',
      file: convModel({}, { inputs: [{ name: 'x', dims: ['N', 3, 8, 8] }] }),
      path: 'graph.input[0] "x"',
      message: /dimension 0 of input "x" is dynamic \("N"\); give the shape with --input-shape, e.g. x=1x3x8x8/,
    },
    {
      name: 'add of a graph input and a layer output',
      file: convModel({ attrs: { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }, outputs: ['y'] }, {}),
      path: 'graph.node[1] (Add "res")',
      message: /is a graph input; an add layer adds the outputs of two layers/,
    },
    {
      name: '--input-shape naming no input',
      file: convModel({}),
      options: { 'input-shape': ['image=1x3x8x8'] },
      path: undefined,
      message: /the model has no input "image"; its inputs: x/,
    },
    {
      name: '--input-shape that is not a shape',
      file: convModel({}),
      options: { 'input-shape': ['1x3xA'] },
      message: /"1x3xA" is not a shape/,
    },
    {
      name: '--ignore-op that is not an operator',
      file: convModel({}),
      options: { 'ignore-op': ['Soft max'] },
      message: /"Soft max" is not an operator type/,
    },
    {
      name: '--values that is not true, false or key=value pairs',
      file: convModel({}),
      options: { values: ['layers'] },
      message: /"layers" is not true, false or key=value pairs/,
    },
  ];
// Two cases need a second node.
const softmax = cases.find((c) => c.name === 'unsupported operator')!.file as ModelSpec;
softmax.nodes.push({ op: 'Softmax', name: 'prob', inputs: ['y'], outputs: ['p'] });
const add = cases.find((c) => c.name.startsWith('add of'))!.file as ModelSpec;
add.inputs[0]!.dims = [1, 3, 8, 8];
add.initializers = [{ name: 'w', dims: [3, 3, 3, 3] }];
add.nodes.push({ op: 'Add', name: 'res', inputs: ['x', 'y'], outputs: ['s'] });

describe('ONNX reader: malformed files and graphs', () => {
  it.each(cases)('$name → one located HelenError', ({ name, file, path, message, options }) => {
    const f = writeModel(dir, name.replace(/\W/g, '_'), file);
    let caught: unknown;
    try {
      readOnnx(f, options);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(HelenError);
    const e = caught as HelenError;
    expect(e.message).toMatch(message);
    if (options) expect(e.location?.file).toMatch(/^--/);
    else expect(e.location?.file).toBe(f);
    if (path !== undefined) expect(e.location?.path).toBe(path);
    expect(e.format()).not.toMatch(/\n\s+at /);
  });
});
