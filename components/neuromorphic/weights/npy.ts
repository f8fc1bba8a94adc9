import { excerpt, HelenError } from '../../../core/index.js';

/** A NumPy array as read from a `.npy` file: its shape and its values, widened to float64, C order. */
export interface NpyArray {
  /** Dimensions, outermost first (`[rows, cols]` for a matrix). */
  shape: number[];
  /** The values in C (row-major) order. */
  data: Float64Array;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** Element readers for the dtypes we accept: little-endian (or byte-sized) floats and integers. */
const READERS: Readonly<Record<string, { bytes: number; read: (v: DataView, at: number) => number }>> = {
  f4: { bytes: 4, read: (v, at) => v.getFloat32(at, true) },
  f8: { bytes: 8, read: (v, at) => v.getFloat64(at, true) },
  i1: { bytes: 1, read: (v, at) => v.getInt8(at) },
  u1: { bytes: 1, read: (v, at) => v.getUint8(at) },
  i2: { bytes: 2, read: (v, at) => v.getInt16(at, true) },
  u2: { bytes: 2, read: (v, at) => v.getUint16(at, true) },
  i4: { bytes: 4, read: (v, at) => v.getInt32(at, true) },
  u4: { bytes: 4, read: (v, at) => v.getUint32(at, true) },
  i8: { bytes: 8, read: (v, at) => Number(v.getBigInt64(at, true)) },
  u8: { bytes: 8, read: (v, at) => Number(v.getBigUint64(at, true)) },
};

/**
 * Parses a NumPy `.npy` file (format versions 1.0, 2.0 and 3.0) holding a
 * little-endian float32/float64 or (un)signed integer array in C order. The
 * header is a Python dict literal; we read its three keys with patterns rather
 * than evaluate it, so an unexpected header is an error, never code.
 */
export function parseNpy(bytes: Uint8Array, file: string): NpyArray {
  const bad = (what: string): HelenError =>
    new HelenError('E_FILE', `${file}: not a readable .npy file: ${what}`, { file });
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b))
    throw bad('it does not start with the \\x93NUMPY magic');
  const major = bytes[6]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLen: number;
  let headerAt: number;
  if (major === 1) {
    headerLen = view.getUint16(8, true);
    headerAt = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw bad('truncated header');
    headerLen = view.getUint32(8, true);
    headerAt = 12;
  } else {
    throw bad(`format version ${major}.${bytes[7]} (1.0, 2.0 and 3.0 are supported)`);
  }
  if (headerAt + headerLen > bytes.length) throw bad('truncated header');
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(
    bytes.subarray(headerAt, headerAt + headerLen),
  );
  const descr = /['"]descr['"]\s*:\s*['"]([^'"]*)['"]/.exec(header)?.[1];
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined)
    throw bad(`header lacks descr, fortran_order or shape: ${excerpt(header.trim())}`);
  if (fortran === 'True')
    throw new HelenError(
      'E_FILE',
      `${file}: Fortran-order arrays are not supported; save with np.ascontiguousarray(a)`,
      { file },
    );
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => {
      const n = Number(s.replace(/L$/, ''));
      if (!Number.isSafeInteger(n) || n < 0) throw bad(`shape entry "${excerpt(s)}"`);
      return n;
    });
  const order = descr[0];
  const kind = descr.slice(1);
  const reader = READERS[kind];
  const littleOrByte =
    order === '<' || (order === '|' && reader?.bytes === 1) || (order === '=' && reader?.bytes === 1);
  if (!reader || !littleOrByte) {
    throw new HelenError(
      'E_FILE',
      `${file}: unsupported dtype "${excerpt(descr)}"; use little-endian float32/float64 or integers ('<f4', '<f8', '<i4', …), e.g. a.astype('<f8')`,
      { file },
    );
  }
  const count = shape.reduce((a, b) => a * b, 1);
  const dataAt = headerAt + headerLen;
  if (dataAt + count * reader.bytes > bytes.length) {
    throw bad(
      `shape (${shape.join(', ')}) of ${descr} needs ${count * reader.bytes} data bytes, the file has ${bytes.length - dataAt}`,
    );
  }
  const data = new Float64Array(count);
  for (let k = 0; k < count; k++) data[k] = reader.read(view, dataAt + k * reader.bytes);
  return { shape, data };
}

/** Encodes a float64 C-order array as a version 1.0 `.npy` file (tests and the demo's trainer write weights with it). */
export function encodeNpy(shape: readonly number[], data: ArrayLike<number>): Uint8Array {
  let header = `{'descr': '<f8', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  // Pad so the data starts on a 64-byte boundary, as NumPy does; the header ends with a newline.
  const unpadded = 10 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + data.length * 8);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  const view = new DataView(out.buffer);
  view.setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  for (let k = 0; k < data.length; k++) view.setFloat64(10 + header.length + k * 8, data[k]!, true);
  return out;
}
