// Tracing overhead and memory: the same synthetic model run with tracing off
// and recorded to each format, each case in its own process so peak RSS is its own.
//   node dist/bench/trace-overhead.js [JOBS=200000] [UNITS=64] [--format off,vcd,jsonl,json]
// Each job publishes 4 changes, so JOBS = 2.5·10⁷ records 10⁸ changes; `--format off,vcd`
// keeps such a run to the most compact format (≈ 0.6 GB of disk instead of ≈ 6 GB for JSONL).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Clock, Component, Simulator } from '../core/index.js';
import { recordTrace, type TraceRecording } from '../core/trace/recorder.js';
import type { TraceSink } from '../core/trace/trace-sink.js';
import { TraceFilter } from '../core/trace/trace-filter.js';
import { createTraceWriter } from '../core/trace/trace-formats.js';
import { useNodeFileSystem } from '../api/node-file-system.js';

// A script run with node, not through api/index.js or the CLI: Helen reads files through Node's file system.
useNodeFileSystem();

/** What one case measured. */
interface CaseResult {
  format: string;
  jobs: number;
  changes: number;
  events: number;
  wall_s: number;
  max_rss_mb: number;
  file_mb: number;
}

/** Units doing jobs of 1–8 cycles back to back, publishing busy, a queue occupancy and a real-valued level. */
function buildModel(units: number, jobsPerUnit: number): Simulator {
  const sim = new Simulator({ seed: 7 });
  const clock = Clock.fromPeriodPs('clk', 1000);
  for (let i = 0; i < units; i++) {
    const u = new Component(sim, `u${i}`, { clock });
    sim.trace.declare(u.path, 'level', 'real', { initial: 0 });
    let left = jobsPerUnit;
    const step = (): void => {
      u.beginBusy();
      if (sim.trace.active) sim.trace.signal(u.path, 'queue', left & 15);
      sim.scheduleCycles(clock, 1 + u.rng.nextInt(8), () => {
        u.endBusy();
        if (sim.trace.active) sim.trace.signal(u.path, 'level', (left % 100) / 64);
        if (--left > 0) sim.scheduleCycles(clock, u.rng.nextInt(2), step);
      });
    };
    sim.scheduleAt(0, step);
  }
  return sim;
}

function runCase(format: string, jobs: number, units: number): CaseResult {
  const sim = buildModel(units, Math.ceil(jobs / units));
  const dir = mkdtempSync(join(tmpdir(), 'helen-bench-trace-'));
  const file = join(dir, `t.${format}`);
  const t0 = performance.now();
  let changes = 0;
  let rec: TraceRecording | undefined;
  if (format !== 'off') {
    const writer = createTraceWriter(file, { timescalePs: 1000, startPs: 0, architecture: 'bench' });
    const counting: TraceSink = {
      ...writer,
      declare: (d) => writer.declare(d),
      span: (e) => writer.span(e),
      close: (t) => writer.close(t),
      abort: () => writer.abort(),
      signal: (c) => (changes++, writer.signal(c)),
    };
    rec = recordTrace(sim.trace, new TraceFilter(counting));
  }
  sim.run();
  rec?.close(sim.nowPs);
  const wall = (performance.now() - t0) / 1000;
  const size = rec ? statSync(file).size / 2 ** 20 : 0;
  rmSync(dir, { recursive: true, force: true });
  return {
    format,
    jobs,
    changes,
    events: sim.eventsDispatched,
    wall_s: wall,
    max_rss_mb: process.resourceUsage().maxRSS / 1024,
    file_mb: size,
  };
}

const self = fileURLToPath(import.meta.url);
if (process.argv[2] === 'case') {
  process.stdout.write(
    JSON.stringify(runCase(process.argv[3]!, Number(process.argv[4]), Number(process.argv[5]))) + '\n',
  );
} else {
  const args = process.argv.slice(2);
  const at = args.indexOf('--format');
  const formats = at >= 0 ? (args.splice(at, 2)[1] ?? '').split(',') : ['off', 'vcd', 'jsonl', 'json'];
  for (const f of formats)
    if (!['off', 'vcd', 'jsonl', 'json'].includes(f))
      throw new Error(`--format takes off, vcd, jsonl and json, comma-separated; got "${f}"`);
  const jobs = Number(args[0] ?? 200_000);
  const units = Number(args[1] ?? 64);
  for (const format of formats) {
    const r = spawnSync(process.execPath, [self, 'case', format, String(jobs), String(units)], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    process.stdout.write(r.stdout);
  }
}
