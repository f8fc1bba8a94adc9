import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportTimeloop } from '../../api/export.js';
import { readLayerList } from '../../workloads/layers/index.js';
import { readTimeloopProblem } from '../../workloads/timeloop/problem.js';

describe('exportTimeloop', () => {
  it('writes every conv and fc layer as a problem that reads back to the same shape, and names the layers it skips', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'helen-export-')), 'cnn.yaml');
    const r = exportTimeloop({ workload: 'workloads/examples/cnn-small.yaml', out });
    const original = readLayerList('workloads/examples/cnn-small.yaml').layers;
    const kept = original.filter((l) => l.kind === 'conv' || l.kind === 'fc');
    expect(r.layers).toBe(kept.length);
    expect(r.skipped).toEqual(
      original.filter((l) => l.kind !== 'conv' && l.kind !== 'fc').map((l) => `${l.name} (${l.kind})`),
    );
    const back = readTimeloopProblem(out).layers;
    expect(back.map((l) => l.kind)).toEqual(kept.map((l) => l.kind));
    back.forEach((l, i) => {
      const k = kept[i]!;
      if (l.kind === 'conv' && k.kind === 'conv')
        expect([l.input, l.outChannels, l.kernel, l.stride, l.padding]).toEqual([
          k.input,
          k.outChannels,
          k.kernel,
          k.stride,
          k.padding,
        ]);
      if (l.kind === 'fc' && k.kind === 'fc')
        expect([l.inFeatures, l.outFeatures]).toEqual([k.inFeatures, k.outFeatures]);
    });
  });

  it('refuses a list with no conv or fc layer, naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'helen-export-'));
    const workload = join(dir, 'pool-only.yaml');
    writeFileSync(workload, 'layers:\n  - { name: p, type: pool, input: [8, 8, 4], kernel: 2 }\n');
    expect(() => exportTimeloop({ workload, out: join(dir, 'x.yaml') })).toThrow(/no conv or fc layer/);
    expect(existsSync(join(dir, 'x.yaml'))).toBe(false);
  });
});
