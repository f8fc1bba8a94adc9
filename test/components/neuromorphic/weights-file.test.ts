import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { relative } from 'node:path';
import { encodeNpy, parseNpy, type SynapseArray } from '../../../components/neuromorphic/index.js';
import { build, find, problems, tempDir, writeIn } from './yaml-helpers.js';

/** An architecture whose one synapse array (rows × cols) reads `weights` (extra params appended). */
function arch(rows: number, cols: number, weights: string, extra = ''): string {
  return `name: wf
clock: 1GHz
components:
  snn:
    type: generic.group
    children:
      input: { type: neuromorphic.spike_input, params: { size: ${rows} } }
      w:
        type: neuromorphic.synapse_array
        params:
          rows: ${rows}
          cols: ${cols}
          c_syn_ff: 10
          weights_file: ${weights}${extra}
      out: { type: neuromorphic.lif_population, params: { size: ${cols} } }
    connections:
      - { from: input.out, to: w.pre }
      - { from: w.post, to: out.in }
`;
}

/** A .npy file with a hand-written header, for dtypes and versions encodeNpy does not write. */
function rawNpy(descr: string, shape: string, data: Uint8Array, major = 1, fortran = 'False'): Uint8Array {
  const header = `{'descr': '${descr}', 'fortran_order': ${fortran}, 'shape': ${shape}, }\n`;
  const pre = major === 1 ? 10 : 12;
  const out = new Uint8Array(pre + header.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, 0]);
  const v = new DataView(out.buffer);
  if (major === 1) v.setUint16(8, header.length, true);
  else v.setUint32(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[pre + i] = header.charCodeAt(i);
  out.set(data, pre + header.length);
  return out;
}

const matrix = [
  [1.5, -2, 0],
  [0.25, 3, -1],
];

describe('weights from a file', () => {
  it('reads JSON, wrapped JSON, CSV and .npy into the same targets, relative to the architecture file', () => {
    const dir = tempDir();
    const flat = matrix.flat();
    writeIn(dir, 'arch/data/w.json', JSON.stringify(matrix));
    writeIn(dir, 'arch/data/wrapped.json', JSON.stringify({ note: 'trained', shape: [2, 3], weights: matrix }));
    writeIn(dir, 'arch/data/w.csv', '# two rows\n1.5, -2, 0\n\n0.25,3,-1\n');
    writeIn(dir, 'arch/data/w.npy', encodeNpy([2, 3], flat));
    for (const f of ['w.json', 'wrapped.json', 'w.csv', 'w.npy']) {
      const file = writeIn(dir, `arch/${f}.yaml`, arch(2, 3, `data/${f}`, '\n          weights_scale: 2'));
      const w = find<SynapseArray>(build(relative(process.cwd(), file)), 'snn.w');
      expect([...w.targetWeightsMv]).toEqual(flat.map((x) => 2 * x));
      // Quantised to the nearest level: within half a level step of the target.
      const step = ((38.5 - 3.08) / 96) * w.mvPerNs;
      for (let k = 0; k < flat.length; k++)
        expect(Math.abs(w.effectiveWeightsMv[k]! - 2 * flat[k]!)).toBeLessThanOrEqual(step / 2 + 1e-12);
    }
  });

  it('reads little-endian float32, int32 and version 2.0 .npy files', () => {
    const f32 = new Uint8Array(new Float32Array([1.5, -2, 0, 0.25, 3, -1]).buffer);
    const i32 = new Uint8Array(new Int32Array([1, -2, 0, 4, 3, -1]).buffer);
    expect([...parseNpy(rawNpy('<f4', '(2, 3)', f32), 'a.npy').data]).toEqual(matrix.flat());
    expect([...parseNpy(rawNpy('<i4', '(2, 3)', i32, 2), 'b.npy').data]).toEqual([1, -2, 0, 4, 3, -1]);
    expect(parseNpy(rawNpy('<i4', '(2, 3)', i32, 2), 'b.npy').shape).toEqual([2, 3]);
  });

  it('property: encodeNpy then parseNpy returns the shape and every float64 bit for bit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.double({ noNaN: true }), { minLength: 36, maxLength: 36 }),
        (r, c, xs) => {
          const data = xs.slice(0, r * c);
          const back = parseNpy(encodeNpy([r, c], data), 'x.npy');
          expect(back.shape).toEqual([r, c]);
          expect([...back.data]).toEqual(data);
        },
      ),
    );
  });

  it('refuses unsupported dtypes, Fortran order, truncated data and bad magic, naming the file', () => {
    const eight = new Uint8Array(48);
    expect(() => parseNpy(rawNpy('>f8', '(2, 3)', eight), 'big.npy')).toThrow(/big\.npy: unsupported dtype ">f8"/);
    expect(() => parseNpy(rawNpy('<c16', '(2, 3)', eight), 'c.npy')).toThrow(/unsupported dtype "<c16"/);
    expect(() => parseNpy(rawNpy('<f8', '(2, 3)', eight, 1, 'True'), 'f.npy')).toThrow(/Fortran-order/);
    expect(() => parseNpy(rawNpy('<f8', '(2, 3)', eight.subarray(0, 40)), 't.npy')).toThrow(
      /needs 48 data bytes, the file has 40/,
    );
    expect(() => parseNpy(new TextEncoder().encode('1,2,3\n4,5,6\n'), 'csv.npy')).toThrow(/magic/);
  });

  it('a wrong shape is located at the weights_file key of the architecture, with both shapes', () => {
    const dir = tempDir();
    writeIn(dir, 'w.csv', '1,2,3\n4,5,6\n');
    const file = writeIn(dir, 'a.yaml', arch(3, 3, 'w.csv'));
    const [p] = problems(file);
    expect(p!.code).toBe('E_SHAPE');
    expect(p!.message).toMatch(/holds a 2×3 matrix, but the array is rows × cols = 3×3/);
    expect(p!.location?.line).toBe(14);
    expect(p!.location?.file).toContain('a.yaml');
  });

  it('a missing file or an unknown extension is located at the parameter', () => {
    const dir = tempDir();
    const missing = problems(writeIn(dir, 'a.yaml', arch(2, 3, 'nope.json')))[0]!;
    expect([missing.code, missing.location?.line]).toEqual(['E_FILE', 14]);
    writeIn(dir, 'w.txt', '1');
    expect(problems(writeIn(dir, 'b.yaml', arch(2, 3, 'w.txt')))[0]!.message).toMatch(/unknown format "\.txt"/);
  });

  it('a bad CSV cell is located at its line and column in the CSV', () => {
    const dir = tempDir();
    writeIn(dir, 'w.csv', '1,2,3\n# comment\n4, x5 ,6\n');
    const [p] = problems(writeIn(dir, 'a.yaml', arch(2, 3, 'w.csv')));
    expect(p!.code).toBe('E_VALUE');
    expect(p!.location).toMatchObject({ line: 3, column: 4 });
    expect(p!.location?.file).toMatch(/w\.csv$/);
    writeIn(dir, 'r.csv', '1,2,3\n4,5\n');
    expect(problems(writeIn(dir, 'b.yaml', arch(2, 3, 'r.csv')))[0]!.location).toMatchObject({ line: 2 });
  });

  it('JSON syntax errors and ragged rows are located in the JSON file', () => {
    const dir = tempDir();
    writeIn(dir, 'bad.json', '[[1, 2, 3],\n [4, 5 6]]');
    const [syntax] = problems(writeIn(dir, 'a.yaml', arch(2, 3, 'bad.json')));
    expect(syntax!.code).toBe('E_SYNTAX');
    expect(syntax!.location?.line).toBe(2);
    writeIn(dir, 'ragged.json', '{"shape": [2, 3],\n "weights": [\n  [1, 2, 3],\n  [4, 5]\n]}');
    const [ragged] = problems(writeIn(dir, 'b.yaml', arch(2, 3, 'ragged.json')));
    expect(ragged!.message).toMatch(/row 1 has 2 values, row 0 has 3/);
    expect(ragged!.location).toMatchObject({ line: 4, column: 3 });
    writeIn(dir, 'str.json', '[[1, 2, 3],\n [4, "5", 6]]');
    expect(problems(writeIn(dir, 'c.yaml', arch(2, 3, 'str.json')))[0]!.location).toMatchObject({ line: 2, column: 2 });
  });

  it('weights_file together with seeded normal weights is a conflict', () => {
    const dir = tempDir();
    writeIn(dir, 'w.csv', '1,2,3\n4,5,6\n');
    const [p] = problems(writeIn(dir, 'a.yaml', arch(2, 3, 'w.csv', '\n          weight_std_mv: 1')));
    expect(p!.code).toBe('E_CONFLICT');
  });

  it('a weights_file written in an included part resolves relative to the part, not the root file', () => {
    const dir = tempDir();
    writeIn(dir, 'parts/w.csv', '1,2,3\n4,5,6\n');
    writeIn(
      dir,
      'parts/w.yaml',
      'type: neuromorphic.synapse_array\nparams: { rows: 2, cols: 3, weights_file: w.csv }\n',
    );
    const file = writeIn(
      dir,
      'a.yaml',
      arch(2, 3, 'unused.csv').replace(
        / {6}w:\n {8}type: neuromorphic.synapse_array\n {8}params:\n( {10}.*\n)+/,
        '      w: { include: parts/w.yaml }\n',
      ),
    );
    const w = find<SynapseArray>(build(file), 'snn.w');
    expect([...w.targetWeightsMv]).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('--set weights_file resolves against the working directory', () => {
    const dir = tempDir();
    writeIn(dir, 'w.csv', '1,2,3\n4,5,6\n');
    const file = writeIn(dir, 'a.yaml', arch(2, 3, 'missing.csv'));
    const w = find<SynapseArray>(
      build(file, 1, new Map([['snn.w.weights_file', relative(process.cwd(), `${dir}/w.csv`)]])),
      'snn.w',
    );
    expect([...w.targetWeightsMv]).toEqual([1, 2, 3, 4, 5, 6]);
  });
  // JSON.stringify of the offending value overflowed the stack: an internal error instead of a located one.
  it.each([
    {
      case: 'a list nested 100 000 deep in a row',
      text: '[' + '['.repeat(100_000) + ']'.repeat(100_000) + ']',
      got: 'a list of 1 value',
    },
    {
      case: 'the whole file nested 100 000 deep',
      text: '['.repeat(100_000) + ']'.repeat(100_000),
      got: 'a list of 1 value',
    },
    {
      case: 'an object nested 100 000 deep in a wrapped matrix',
      text: '{"weights": [[' + '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000) + ']]}',
      got: 'an object',
    },
  ])('$case is a located E_VALUE naming what it found', ({ text, got }) => {
    const dir = tempDir();
    writeIn(dir, 'deep.json', text);
    const [p, ...rest] = problems(writeIn(dir, 'a.yaml', arch(1, 1, 'deep.json')));
    expect(rest).toEqual([]);
    expect([p!.code, p!.message]).toEqual(['E_VALUE', `row 0, column 0: expected a number, got ${got}`]);
    expect(p!.location?.file).toMatch(/deep\.json$/);
    expect(p!.location?.line).toBe(1);
  });
});
