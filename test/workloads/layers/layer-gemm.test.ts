import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorOf } from '../../support/helen-error.js';
import { layerGemm, layerOutput, readLayerList } from '../../../workloads/layers/index.js';

const dir = mkdtempSync(join(tmpdir(), 'helen-layer-gemm-'));
function list(name: string, layers: string[], batch = 1): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, `name: ${name}\nbatch: ${batch}\nlayers:\n${layers.map((l) => `  - ${l}\n`).join('')}`);
  return file;
}

const CONV = '{ name: c1, type: conv, input: [8, 8, 4], out_channels: 8, kernel: 3, padding: 1 }';

describe('layer shapes and their GEMMs (workloads/layers/layer-gemm.ts)', () => {
  it('lowers conv (im2col), deconv (zero insertion), fc (rows × batch) and matmul (once per input) to GEMMs', () => {
    const l = readLayerList(
      list(
        'lower',
        [
          '{ name: c, type: conv, input: [9, 9, 3], out_channels: 5, kernel: 3, stride: 2 }',
          '{ name: d, type: deconv, input: [4, 4, 5], out_channels: 2, kernel: 4, stride: 2, padding: 1 }',
          '{ name: f, type: fc, in_features: 32, out_features: 6, rows: 7 }',
          '{ name: m, type: matmul, m: 7, n: 7, k: 6 }',
          '{ name: p, type: pool, input: [8, 8, 2], kernel: 2 }',
        ],
        3,
      ),
    );
    const g = l.layers.map((x) => layerGemm(x, l.batch));
    // conv: 4×4 outputs of a 9×9 input, 3×3 window, stride 2.
    expect(g[0]).toEqual({ M: 16 * 3, N: 5, K: 27, count: 1, weights: true });
    // deconv: (4−1)·2 − 2 + 4 = 8 per side.
    expect(g[1]).toEqual({ M: 64 * 3, N: 2, K: 80, count: 1, weights: true });
    expect(g[2]).toEqual({ M: 21, N: 6, K: 32, count: 1, weights: true });
    expect(g[3]).toEqual({ M: 7, N: 7, K: 6, count: 3, weights: false });
    expect(g[4]).toBeUndefined();
    expect(layerOutput(l.layers[4]!).shape).toEqual([4, 4, 2]);
  });

  it('accepts an add whose operands have its shape (spatial, and fc rows counted as positions)', () => {
    const ok = readLayerList(
      list('ok', [
        CONV,
        '{ name: c2, type: conv, input: [8, 8, 8], out_channels: 8, kernel: 3, padding: 1 }',
        '{ name: a, type: add, input: [8, 8, 8], from: c1 }',
        '{ name: q, type: fc, in_features: 8, out_features: 8, rows: 64 }',
        '{ name: a2, type: add, input: [64, 1, 8], from: q }',
      ]),
    );
    expect(ok.layers.map((x) => x.kind)).toEqual(['conv', 'conv', 'add', 'fc', 'add']);
  });

  it.each([
    [
      'from has other channels',
      [
        CONV,
        '{ name: c2, type: conv, input: [8, 8, 8], out_channels: 4, kernel: 1 }',
        '{ name: a, type: add, input: [8, 8, 4], from: c1 }',
      ],
      /add a: layer c1 outputs 8×8×8 but the add's input is 8×8×4/,
      'from',
    ],
    [
      'from has another size',
      [
        CONV,
        '{ name: c2, type: conv, input: [8, 8, 8], out_channels: 8, kernel: 3 }',
        '{ name: a, type: add, input: [6, 6, 8], from: c1 }',
      ],
      /layer c1 outputs 8×8×8 but the add's input is 6×6×8/,
      'from',
    ],
    [
      'the previous layer has another shape',
      [
        CONV,
        '{ name: c2, type: conv, input: [8, 8, 8], out_channels: 8, kernel: 3 }',
        '{ name: a, type: add, input: [8, 8, 8], from: c1 }',
      ],
      /layer c2 outputs 6×6×8 but the add's input is 8×8×8/,
      'input',
    ],
  ])('refuses an add whose %s, located at the key', (_what, layers, message, key) => {
    const file = list(`bad-${key}`, layers);
    const e = errorOf(() => readLayerList(file));
    expect(e.message).toMatch(message);
    expect(e.location).toMatchObject({ file, line: 6, path: `layers[2].${key}` });
  });
});
