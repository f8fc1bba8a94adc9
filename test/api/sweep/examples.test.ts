import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultSession } from '../../../api/session.js';
import { loadSweepFile, runPoint, sweepPoints } from '../../../api/sweep/index.js';
import { ROOT } from './helpers.js';

const SWEEPS = join(ROOT, 'sweeps');

describe('shipped example sweeps', () => {
  const files = readdirSync(SWEEPS).filter((f) => f.endsWith('.yaml'));

  it.each(files)('%s loads and expands to points whose first one runs', (f) => {
    const { tasks } = sweepPoints(loadSweepFile(join(SWEEPS, f)));
    expect(tasks.length).toBeGreaterThan(1);
    const row = runPoint(tasks[0]!, { session: defaultSession() });
    expect(row.error ?? '').toBe('');
    expect(row.status).toBe('ok');
  });

  it('llm-decode: decode time falls as HBM bandwidth rises (128×128), and 128×128 arrays decode no slower than 64×64 (1.2 TB/s)', () => {
    const { tasks } = sweepPoints(loadSweepFile(join(SWEEPS, 'llm-decode.yaml')));
    const session = defaultSession();
    const decode = (rows: number, bw: string): number => {
      const t = tasks.find((x) => x.params['chip.mxu.rows'] === rows && x.params['chip.hbm.bandwidth'] === bw)!;
      return runPoint(t, { session }).metrics['phases.decode.time_ps'] as number;
    };
    expect(decode(128, '600GB/s')).toBeGreaterThan(decode(128, '3200GB/s'));
    expect(decode(64, '1200GB/s')).toBeGreaterThanOrEqual(decode(128, '1200GB/s'));
  });
});
