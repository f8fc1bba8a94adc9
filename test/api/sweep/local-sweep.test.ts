import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultSession } from '../../../api/session.js';
import {
  loadSweepFile,
  LocalPool,
  runPoint,
  runSweep,
  sweepPoints,
  type PointResult,
} from '../../../api/sweep/index.js';
import { demoSweep, requireBuild, tempDir, writeSweep, ROOT } from './helpers.js';

/** What must not depend on where or with whom a point ran (wall time and worker name may). */
const outcome = (r: PointResult) => ({
  key: r.key,
  index: r.index,
  params: r.params,
  status: r.status,
  metrics: r.metrics,
  error: r.error,
  error_code: r.error_code,
});

describe('local sweeps', () => {
  beforeAll(requireBuild);

  it('N points give N results, identical to running them one by one, for pools of 1 and 2 threads', async () => {
    const dir = tempDir();
    const file = demoSweep(dir);
    const { tasks } = sweepPoints(loadSweepFile(file));
    const session = defaultSession();
    const alone = tasks.map((t) => outcome(runPoint(t, { session: defaultSession() })));
    expect(alone).toHaveLength(6);
    expect(alone.every((r) => r.status === 'ok')).toBe(true);
    // stages=3 with op_energy=2pJ is the README's 114-cycle demo; 2.5pJ changes energy, not time.
    expect(alone.find((r) => r.params['stages'] === 3)!.metrics['cycles']).toBe(114);
    for (const workers of [1, 2]) {
      const res = await runSweep({ sweepFile: file, outDir: join(dir, `out-${workers}`), workers });
      expect(res.rows).toHaveLength(6);
      expect(res.ran).toBe(6);
      expect(res.rows.map(outcome)).toEqual(alone);
    }
    // And again in one shared session: reusing component types between points changes nothing.
    expect(tasks.map((t) => outcome(runPoint(t, { session })))).toEqual(alone);
  });

  it('resume skips the points already done; a torn last row is cut off and its point runs again', async () => {
    const dir = tempDir();
    const file = demoSweep(dir);
    const out = join(dir, 'out');
    const first = await runSweep({ sweepFile: file, outDir: out, workers: 2 });
    expect(first.ran).toBe(6);
    const again = await runSweep({ sweepFile: file, outDir: out, workers: 2 });
    expect(again.ran).toBe(0);
    expect(again.rows.map(outcome)).toEqual(first.rows.map(outcome));
    // Simulate a crash: keep 4 whole rows and half of the fifth.
    const jsonl = join(out, 'results.jsonl');
    const lines = readFileSync(jsonl, 'utf8').split('\n').filter(Boolean);
    writeFileSync(jsonl, lines.slice(0, 4).join('\n') + '\n' + lines[4]!.slice(0, 30));
    const resumed = await runSweep({ sweepFile: file, outDir: out, workers: 2 });
    expect(resumed.ran).toBe(2);
    expect(resumed.rows.map(outcome)).toEqual(first.rows.map(outcome));
    const after = readFileSync(jsonl, 'utf8');
    expect(after.endsWith('\n')).toBe(true);
    expect(
      after
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l).key)
        .sort(),
    ).toEqual(first.rows.map((r) => r.key).sort());
    const csv = readFileSync(join(out, 'results.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe(
      'index,key,status,stages,op_energy,cycles,energy_pj,area_mm2,phases.compute.cycles,wall_s,worker,error',
    );
    expect(csv).toHaveLength(7);
    // Garbage in the middle of the record is skipped, not fatal.
    appendFileSync(jsonl, 'not json\n');
    expect((await runSweep({ sweepFile: file, outDir: out, workers: 1 })).ran).toBe(0);
  });

  it('an invalid point is reported with its located error while the others complete', async () => {
    const dir = tempDir();
    // Crossbars of 64 need 95 IMAs for the CNN; 4 tiles hold 48: that point alone fails.
    const file = writeSweep(
      dir,
      `name: isaac
architecture: ${join(ROOT, 'architectures/isaac-small.yaml')}
workload: ${join(ROOT, 'workloads/examples/cnn-small.yaml')}
grid:
  xbar_size: [64, 128]
metrics: [cycles, energy_pj]
`,
    );
    const res = await runSweep({ sweepFile: file, outDir: join(dir, 'out'), workers: 2 });
    expect(res.rows.map((r) => r.status)).toEqual(['error', 'ok']);
    expect(res.rows[0]!.error_code).toBe('E_WORKLOAD');
    expect(res.rows[0]!.error).toMatch(
      /cnn-small\.yaml: the network's weights need 95 IMAs .* the architecture has 48 \[E_WORKLOAD\]/,
    );
    expect(res.rows[0]!.metrics).toEqual({ cycles: null, energy_pj: null });
    expect(res.rows[1]!.metrics['cycles']).toBeGreaterThan(0);
    expect(res.failed).toBe(1);
    // Errors count as done on resume unless asked to retry them.
    expect((await runSweep({ sweepFile: file, outDir: join(dir, 'out'), workers: 1 })).ran).toBe(0);
    expect((await runSweep({ sweepFile: file, outDir: join(dir, 'out'), workers: 1, retryErrors: true })).ran).toBe(1);
  });

  it('a misspelt override path fails the sweep once, at its line, before anything runs', async () => {
    const dir = tempDir();
    const file = demoSweep(dir, 'zip:\n  - chip.pe.cycles_per_opp: [1, 2]\n');
    await expect(runSweep({ sweepFile: file, outDir: join(dir, 'out'), workers: 1 })).rejects.toMatchObject({
      code: 'E_UNKNOWN_KEY',
      location: { line: 10, column: 5 },
    });
  });

  it('a bad "set" entry (misspelt path, broken expression, unknown ${…}) is reported at its line and column', async () => {
    const dir = tempDir();
    const cases: [string, string, number][] = [
      ['set:\n  chip.pe.cycles_per_opp: 2\n', 'E_UNKNOWN_KEY', 27],
      ['set:\n  chip.pe.cycles_per_op: "2 +"\n', 'E_EXPR', 27],
      ['set:\n  chip.pe.cycles_per_op: "${stagez}"\n', 'E_VALUE', 27],
    ];
    for (const [extra, code, column] of cases) {
      const file = demoSweep(dir, extra);
      await expect(runSweep({ sweepFile: file, outDir: join(dir, 'out'), workers: 1 })).rejects.toMatchObject({
        code,
        location: { file, line: 10, column },
      });
    }
  });

  it('writes the Pareto chart and summary, and the pool reports a thread crash as a row', async () => {
    const dir = tempDir();
    const res = await runSweep({ sweepFile: demoSweep(dir), outDir: join(dir, 'out'), workers: 2 });
    expect(readFileSync(join(dir, 'out', 'pareto.svg'), 'utf8')).toContain(
      `${res.rows.length} points, ${res.front.length} on the Pareto front`,
    );
    expect(readFileSync(join(dir, 'out', 'summary.txt'), 'utf8')).toMatch(/demo: 6 points, 6 ok, 0 failed/);
    const pool = new LocalPool({ workers: 1 });
    try {
      const bad = {
        ...sweepPoints(loadSweepFile(demoSweep(dir))).tasks[0]!,
        overrides: 42 as unknown as [string, string][],
      };
      const r = await pool.run(bad);
      expect(r.status).toBe('error');
      expect(r.error_code).toBe('E_INTERNAL');
    } finally {
      await pool.close();
    }
  });
});
