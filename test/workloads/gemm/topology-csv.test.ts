import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convToGemm } from '../../../workloads/gemm/conv.js';
import { readTopology } from '../../../workloads/gemm/topology-csv.js';
import { errorOf } from '../../support/helen-error.js';

const dir = mkdtempSync(join(tmpdir(), 'helen-topo-'));
let n = 0;
function csv(text: string): string {
  const file = join(dir, `t${n++}.csv`);
  writeFileSync(file, text);
  return file;
}

const failure = (text: string): string => errorOf(() => readTopology(csv(text), 'topo.csv')).format();

const CONV_HEADER =
  'Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n';

describe('SCALE-Sim topology CSVs', () => {
  it('reads the GEMM form, with or without the trailing comma', () => {
    const t = readTopology(csv('Layer, M, N, K,\nfc1, 10, 20, 30,\n\nfc2,1,2,3\n'));
    expect(t.form).toBe('gemm');
    expect(t.layers.map(({ name, M, N, K }) => [name, M, N, K])).toEqual([
      ['fc1', 10, 20, 30],
      ['fc2', 1, 2, 3],
    ]);
    expect(t.layers[1]!.loc.line).toBe(4);
  });

  it('lowers the conv form as SCALE-Sim does: M = output pixels, N = filters, K = window', () => {
    // 230×230, 7×7×3, 64 filters, stride 2: ofmap ceil((230 − 7 + 2) / 2) = 113 per side.
    // Second layer gives separate strides (9 fields): 9×8 input, 3×2 filter, strides 2 and 3 → 4 × 3 pixels.
    const t = readTopology(csv(CONV_HEADER + 'conv1, 230, 230, 7, 7, 3, 64, 2,\nodd, 9, 8, 3, 2, 5, 6, 2, 3,\n'));
    expect(t.form).toBe('conv');
    expect(t.layers.map(({ name, M, N, K }) => [name, M, N, K])).toEqual([
      ['conv1', 113 * 113, 64, 147],
      ['odd', 12, 6, 30],
    ]);
  });

  it('splits a depthwise ("DP") layer into one single-channel layer per channel, as SCALE-Sim does', () => {
    const t = readTopology(csv(CONV_HEADER + 'DP1, 5, 5, 3, 3, 3, 1, 1,\n'));
    expect(t.layers.map(({ name, M, N, K }) => [name, M, N, K])).toEqual([
      ['DP1Channel_0', 9, 1, 9],
      ['DP1Channel_1', 9, 1, 9],
      ['DP1Channel_2', 9, 1, 9],
    ]);
  });

  it('reports malformed files with file, line and column', () => {
    expect(failure('Name, A, B,\nx, 1, 2,\n')).toMatch(
      /^topo\.csv:1:1: the first line must be a SCALE-Sim topology header.*\[E_WORKLOAD\]$/,
    );
    expect(failure('Layer, M, N, K,\nfc1, 10, twenty, 30,\n')).toBe(
      'topo.csv:2:10: N must be a whole number ≥ 1, found "twenty" [E_WORKLOAD]',
    );
    expect(failure('Layer, M, N, K,\nfc1, 10, 0, 30,\n')).toBe(
      'topo.csv:2:10: N must be a whole number ≥ 1, found "0" [E_WORKLOAD]',
    );
    expect(failure('Layer, M, N, K,\nok, 1, 1, 1,\nfc1, 10, 20,\n')).toMatch(
      /^topo\.csv:3:10: expected 4 fields like the header "Layer, M, N, K,", found 3/,
    );
    expect(failure(CONV_HEADER + 'c, 4, 4, 5, 3, 1, 1, 1,\n')).toBe(
      'topo.csv:2:10: filter height 5 exceeds IFMAP height 4 [E_WORKLOAD]',
    );
    expect(failure('Layer, M, N, K,\n\n')).toBe('topo.csv:2: the topology has a header but no layers [E_WORKLOAD]');
    expect(failure('Layer, M, N, K,\n, 1, 2, 3,\n')).toBe('topo.csv:2:1: the layer needs a name [E_WORKLOAD]');
  });

  /** Window positions along one axis, stepping by `stride` while the window starts before `limit`. */
  const positions = (limit: number, stride: number): number => {
    let n = 0;
    for (let y = 0; y < limit; y += stride) n++;
    return n;
  };
  const side = fc.integer({ min: 1, max: 12 });
  const small = fc.integer({ min: 1, max: 4 });
  const layer = fc.tuple(side, side, side, side, small, small, small, small).map(([h, w, fh, fw, ch, nf, sh, sw]) => ({
    ifmapH: h,
    ifmapW: w,
    filterH: Math.min(fh, h),
    filterW: Math.min(fw, w),
    channels: ch,
    filters: nf,
    strideH: sh,
    strideW: sw,
  }));

  it('property: M counts the window positions SCALE-Sim counts: the last window may overhang the edge by up to stride − 1', () => {
    fc.assert(
      fc.property(layer, (l) => {
        const g = convToGemm(l);
        const rows = positions(l.ifmapH - l.filterH + l.strideH, l.strideH);
        const cols = positions(l.ifmapW - l.filterW + l.strideW, l.strideW);
        expect([g.ofmapH, g.ofmapW, g.M]).toEqual([rows, cols, rows * cols]);
        expect(g.M * g.N * g.K).toBe(rows * cols * l.filters * l.channels * l.filterH * l.filterW);
      }),
      { numRuns: 300 },
    );
  });

  it('property: when the stride divides (ifmap − filter), that is the textbook valid convolution', () => {
    fc.assert(
      fc.property(layer, (l) => {
        fc.pre((l.ifmapH - l.filterH) % l.strideH === 0 && (l.ifmapW - l.filterW) % l.strideW === 0);
        const g = convToGemm(l);
        expect(g.ofmapH).toBe((l.ifmapH - l.filterH) / l.strideH + 1);
        expect(g.ofmapW).toBe((l.ifmapW - l.filterW) / l.strideW + 1);
      }),
      { numRuns: 200 },
    );
  });
});
