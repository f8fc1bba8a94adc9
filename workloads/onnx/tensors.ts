import { HelenError, type SourceLocation } from '../../core/index.js';
import { DATA_TYPE, int64, type Onnx } from './proto.js';

/** A constant tensor of the graph (an initializer, a Constant node's value, a weight declared by shape only). */
export interface ConstantTensor {
  dims: number[];
  /** Its values as floats, row-major; undefined when the file gives the shape only. */
  values: Float32Array | undefined;
}

/** Elements of a tensor of shape `dims`. */
export function elements(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

/**
 * A TensorProto as a constant: FLOAT, DOUBLE, INT32 and INT64 data, inline or
 * raw (little-endian). Data stored outside the file (external data) is read as
 * shape only. A data length that does not match the dims is an error at `at`.
 */
export function readTensor(t: Onnx.ITensorProto, at: SourceLocation): ConstantTensor {
  const dims = (t.dims ?? []).map(int64);
  if (dims.some((d) => !Number.isSafeInteger(d) || d < 0))
    throw new HelenError('E_WORKLOAD', `tensor "${t.name ?? ''}" has invalid dims [${dims.join(', ')}]`, at);
  const n = elements(dims);
  const type = t.dataType ?? 0;
  if (t.dataLocation === 1 && (t.rawData?.length ?? 0) === 0) return { dims, values: undefined };
  const raw = t.rawData && t.rawData.length > 0 ? t.rawData : undefined;
  const size = BYTES[type];
  if (raw && size !== undefined && raw.byteLength !== n * size)
    throw new HelenError(
      'E_WORKLOAD',
      `tensor "${t.name ?? ''}" has ${raw.byteLength} bytes of raw data but its dims [${dims.join(', ')}] need ${n * size}`,
      at,
    );
  let values: Float32Array;
  if (type === DATA_TYPE.FLOAT)
    values = raw ? fromRaw(raw, 4, (v, o) => v.getFloat32(o, true)) : Float32Array.from(t.floatData ?? []);
  else if (type === DATA_TYPE.DOUBLE)
    values = raw ? fromRaw(raw, 8, (v, o) => v.getFloat64(o, true)) : Float32Array.from(t.doubleData ?? []);
  else if (type === DATA_TYPE.INT64)
    values = raw
      ? fromRaw(raw, 8, (v, o) => Number(v.getBigInt64(o, true)))
      : Float32Array.from((t.int64Data ?? []).map(int64));
  else if (type === DATA_TYPE.INT32)
    values = raw ? fromRaw(raw, 4, (v, o) => v.getInt32(o, true)) : Float32Array.from(t.int32Data ?? []);
  else
    throw new HelenError(
      'E_WORKLOAD',
      `tensor "${t.name ?? ''}" has data type ${type}; Helen reads FLOAT, DOUBLE, INT32 and INT64 tensors`,
      at,
    );
  if (values.length !== n)
    throw new HelenError(
      'E_WORKLOAD',
      `tensor "${t.name ?? ''}" has ${values.length} values but its dims [${dims.join(', ')}] need ${n}`,
      at,
    );
  return { dims, values };
}

/** Bytes per element of raw data, by data type. */
const BYTES: Record<number, number> = {
  [DATA_TYPE.FLOAT]: 4,
  [DATA_TYPE.DOUBLE]: 8,
  [DATA_TYPE.INT64]: 8,
  [DATA_TYPE.INT32]: 4,
};

function fromRaw(raw: Uint8Array, size: number, get: (v: DataView, offset: number) => number): Float32Array {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const out = new Float32Array(Math.floor(raw.byteLength / size));
  for (let i = 0; i < out.length; i++) out[i] = get(view, i * size);
  return out;
}
