import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runWithTrace } from '../../../api/trace/record.js';
import { checkVcd } from '../../core/trace/vcd-checker.js';

const ARCH = 'architectures/examples/demo-chip.yaml';
const OPS = 'workloads/examples/demo-ops.jsonl';
const dir = (): string => mkdtempSync(join(tmpdir(), 'helen-trace-counters-'));

/** The last value of every (component, signal) in a JSONL trace. */
function lastValues(file: string): Map<string, number> {
  const last = new Map<string, number>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line) continue;
    const e = JSON.parse(line) as { type: string; c?: string; s?: string; v?: number };
    if (e.type === 'signal') last.set(`${e.c}|${e.s}`, e.v!);
  }
  return last;
}

describe('statistics counters in traces (--trace-counters)', () => {
  it('every non-zero counter of the run report ends the trace at its reported value', () => {
    const f = join(dir(), 'demo.jsonl');
    const report = runWithTrace({ architecture: ARCH, workload: OPS }, { file: f, counters: true });
    const last = lastValues(f);
    let checked = 0;
    for (const [path, c] of Object.entries(report.components)) {
      for (const [name, value] of Object.entries(c.counters)) {
        if (typeof value !== 'number' || value === 0) continue;
        expect(last.get(`${path}|${name}`), `${path}.${name}`).toBe(value);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('are not recorded unless asked for, and leave the report unchanged', () => {
    const d = dir();
    const plain = runWithTrace({ architecture: ARCH, workload: OPS }, { file: join(d, 'plain.jsonl') });
    const names = new Set([...lastValues(join(d, 'plain.jsonl')).keys()].map((k) => k.split('|')[1]));
    expect([...names].sort()).toEqual(['busy', 'out_credits', 'out_waiting']);
    const counted = runWithTrace({ architecture: ARCH, workload: OPS }, { file: join(d, 'c.jsonl'), counters: true });
    expect({ ...counted, wall_s: 0, events_per_s: 0 }).toEqual({ ...plain, wall_s: 0, events_per_s: 0 });
  });

  it('make a strict VCD, counter names with dots included', () => {
    const f = join(dir(), 'demo.vcd');
    runWithTrace({ architecture: ARCH, workload: OPS }, { file: f, counters: true });
    const c = checkVcd(readFileSync(f, 'utf8'));
    expect(c.vars.some((v) => v.scope === 'chip.pe[0]' && v.name === 'ops')).toBe(true);
    expect(c.vars.some((v) => v.name.includes('blocked_ps'))).toBe(true);
  });
});
