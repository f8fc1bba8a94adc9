import onnxProto from 'onnx-proto';
import type { onnx as OnnxNamespace } from 'onnx-proto';
import { HelenError } from '../../core/index.js';

/** The protobufjs-generated ONNX messages (onnx-proto is CommonJS without named ESM exports: its default export is `module.exports`). */
export const onnx = (onnxProto as unknown as { onnx: typeof OnnxNamespace }).onnx;

/** The ONNX message types (`Onnx.IModelProto`, …). */
export type { OnnxNamespace as Onnx };

/** A protobuf int64 as protobufjs decodes it: a number, or a Long when the `long` package is present. */
export type Int64 = number | { toNumber(): number };

/** An int64 field as a number. */
export function int64(v: Int64 | null | undefined): number {
  if (v === null || v === undefined) return 0;
  return typeof v === 'number' ? v : v.toNumber();
}

/** The ONNX `TensorProto.DataType` codes the reader handles. */
export const DATA_TYPE = { FLOAT: 1, INT32: 6, INT64: 7, DOUBLE: 11 } as const;

/** The opset Helen writes and assumes when a model names none. */
export const DEFAULT_OPSET = 13;

/**
 * Decodes an ONNX file's bytes into a ModelProto. Bytes that are not a
 * protobuf ModelProto (truncated, text, another format) are one HelenError
 * naming the file, never a stack trace.
 */
export function decodeModel(bytes: Uint8Array, file: string): OnnxNamespace.ModelProto {
  if (bytes.length === 0)
    throw new HelenError('E_WORKLOAD', 'the file is empty; expected an ONNX model (a protobuf ModelProto)', { file });
  let model: OnnxNamespace.ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (e) {
    throw new HelenError(
      'E_WORKLOAD',
      `not a complete ONNX model: protobuf decoding failed (${e instanceof Error ? e.message : String(e)}); the file may be truncated or not ONNX`,
      { file },
    );
  }
  if (!model.graph)
    throw new HelenError('E_WORKLOAD', 'the model has no graph; expected an ONNX ModelProto with a graph', {
      file,
      path: 'graph',
    });
  return model;
}
