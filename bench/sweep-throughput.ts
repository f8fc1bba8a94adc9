// Sweep throughput: the same many short points run one by one in this thread,
// then by `runSweep` on a pool of worker threads (thread start-up, result rows
// and CSV included), RUNS times alternately; prints the medians and their ratio.
//   npm run build && node dist/bench/sweep-throughput.js [POINTS=600] [OPS_PER_POINT=5000] [WORKERS=2] [RUNS=3]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultSession } from '../api/session.js';
import { loadSweepFile, runPoint, runSweep, sweepPoints } from '../api/sweep/index.js';
import { useNodeFileSystem } from '../api/node-file-system.js';

// A script run with node, not through api/index.js or the CLI: Helen reads files through Node's file system.
useNodeFileSystem();

const [points = 600, opsPerPoint = 5000, workers = 2, runs = 3] = process.argv.slice(2).map(Number);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const root = resolve(fileURLToPath(import.meta.url), '../../..');
const dir = mkdtempSync(join(tmpdir(), 'helen-sweep-bench-'));
try {
  const ops = [JSON.stringify({ phase: 'compute' })];
  for (let i = 0; i < opsPerPoint; i++)
    ops.push(JSON.stringify({ to: `chip.pe[${i % 2}]`, op: 'compute', count: 1 + (i % 3) }));
  writeFileSync(join(dir, 'ops.jsonl'), ops.join('\n') + '\n');
  // Points differ only in a link width this trace never uses: equal work per point, distinct keys.
  writeFileSync(
    join(dir, 'sweep.yaml'),
    `name: throughput
architecture: ${join(root, 'architectures/examples/demo-chip.yaml')}
workload: ${join(dir, 'ops.jsonl')}
grid:
  link_bytes_per_cycle: { from: 1, to: ${points}, step: 1 }
metrics: [cycles, energy_pj]
`,
  );
  const file = join(dir, 'sweep.yaml');
  const { tasks } = sweepPoints(loadSweepFile(file));
  const session = defaultSession();
  runPoint(tasks[0]!, { session }); // warm the JIT for the sequential baseline too

  const sequentialRuns: number[] = [];
  const poolRuns: number[] = [];
  for (let run = 0; run < runs; run++) {
    let t0 = performance.now();
    const sequential = tasks.map((t) => runPoint(t, { session }));
    sequentialRuns.push((performance.now() - t0) / 1000);

    t0 = performance.now();
    const pooled = await runSweep({ sweepFile: file, outDir: join(dir, `out-${run}`), workers });
    poolRuns.push((performance.now() - t0) / 1000);

    const same = pooled.rows.every((r, i) => JSON.stringify(r.metrics) === JSON.stringify(sequential[i]!.metrics));
    if (pooled.failed) throw new Error(`points failed: ${pooled.errors[0]?.error}`);
    if (!same) throw new Error('pooled results differ from the one-by-one run');
  }
  const sequentialS = median(sequentialRuns);
  const pooledS = median(poolRuns);
  const result = {
    points: tasks.length,
    ops_per_point: opsPerPoint,
    workers,
    runs,
    one_by_one_runs_s: sequentialRuns.map((x) => Number(x.toFixed(3))),
    pool_runs_s: poolRuns.map((x) => Number(x.toFixed(3))),
    one_by_one_s: Number(sequentialS.toFixed(3)),
    pool_s: Number(pooledS.toFixed(3)),
    one_by_one_points_per_s: Number((tasks.length / sequentialS).toFixed(1)),
    pool_points_per_s: Number((tasks.length / pooledS).toFixed(1)),
    speedup: Number((sequentialS / pooledS).toFixed(2)),
  };
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
