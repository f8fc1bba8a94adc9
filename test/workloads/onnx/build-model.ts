import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onnx, type Onnx } from '../../../workloads/onnx/proto.js';

/** An attribute value: a whole number (INT), a list (INTS), a string (STRING), `{ f }` (FLOAT), `{ t }` (TENSOR). */
export type AttrValue = number | number[] | string | { f: number } | { t: Onnx.ITensorProto };

/** A node of a test model. */
export interface NodeSpec {
  op: string;
  name?: string;
  inputs: string[];
  outputs: string[];
  attrs?: Record<string, AttrValue>;
}

/** A test model: graph inputs (dims: numbers, or strings for dynamic dims), float initializers, nodes. */
export interface ModelSpec {
  inputs: { name: string; dims?: (number | string)[] }[];
  initializers?: { name: string; dims: number[]; values?: number[] }[];
  nodes: NodeSpec[];
  metadata?: Record<string, string>;
}

const TYPE = onnx.AttributeProto.AttributeType;

function attribute(name: string, v: AttrValue): Onnx.IAttributeProto {
  if (typeof v === 'number') return { name, type: TYPE.INT, i: v };
  if (typeof v === 'string') return { name, type: TYPE.STRING, s: Buffer.from(v) };
  if (Array.isArray(v)) return { name, type: TYPE.INTS, ints: v };
  if ('f' in v) return { name, type: TYPE.FLOAT, f: v.f };
  return { name, type: TYPE.TENSOR, t: v.t };
}

/** A float tensor with the given values, or deterministic ones (i·0.01 − 0.5) when none are given. */
export function floatTensor(name: string, dims: number[], values?: number[]): Onnx.ITensorProto {
  const n = dims.reduce((a, b) => a * b, 1);
  return { name, dims, dataType: 1, floatData: values ?? Array.from({ length: n }, (_, i) => (i % 100) * 0.01 - 0.5) };
}

/** The ModelProto of `spec` (opset 13), as protobuf bytes. */
export function buildModel(spec: ModelSpec): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 13 }],
    producerName: 'helen-test',
    graph: {
      name: 'test',
      input: spec.inputs.map((i) => ({
        name: i.name,
        type: {
          tensorType: {
            elemType: 1,
            ...(i.dims
              ? { shape: { dim: i.dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } }
              : {}),
          },
        },
      })),
      initializer: (spec.initializers ?? []).map((t) => floatTensor(t.name, t.dims, t.values)),
      node: spec.nodes.map((n) => ({
        opType: n.op,
        ...(n.name ? { name: n.name } : {}),
        input: n.inputs,
        output: n.outputs,
        attribute: Object.entries(n.attrs ?? {}).map(([k, v]) => attribute(k, v)),
      })),
      output: [],
    },
    metadataProps: Object.entries(spec.metadata ?? {}).map(([key, value]) => ({ key, value })),
  });
  return onnx.ModelProto.encode(model).finish();
}

/** A fresh temporary folder for test files. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'helen-onnx-'));
}

/** Writes `spec` (or raw bytes) as `<dir>/<name>.onnx` and returns the path. */
export function writeModel(dir: string, name: string, spec: ModelSpec | Uint8Array): string {
  const file = join(dir, `${name}.onnx`);
  writeFileSync(file, spec instanceof Uint8Array ? spec : buildModel(spec));
  return file;
}
