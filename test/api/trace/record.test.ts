import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HelenError } from '../../../core/index.js';
import { traceAt, traceStats, traceSummary, traceSignals } from '../../../api/trace/inspect.js';
import { runWithTrace } from '../../../api/trace/record.js';
import { sliceTrace } from '../../../api/trace/transform.js';
import { checkPerfetto } from '../../core/trace/perfetto-checker.js';
import { checkVcd } from '../../core/trace/vcd-checker.js';

const ARCH = 'architectures/examples/demo-chip.yaml';
const OPS = 'workloads/examples/demo-ops.jsonl';
const dir = (): string => mkdtempSync(join(tmpdir(), 'helen-api-trace-'));
const run = (file: string, extra: Partial<Parameters<typeof runWithTrace>[1]> = {}, bounds = {}) =>
  runWithTrace({ architecture: ARCH, workload: OPS, ...bounds }, { file, ...extra });

describe('recording a run', () => {
  it('writes a strict VCD of the demo chip: 1 ns timescale, one scope per component, the busy waveform the report implies', () => {
    const f = join(dir(), 'demo.vcd');
    const report = run(f);
    const c = checkVcd(readFileSync(f, 'utf8'));
    expect(c.timescale).toBe('1ns');
    // Model order; the back-pressured links pe[0] → pe[1] → pe[2] publish their credits and waiting messages.
    expect(c.vars.map((v) => `${v.scope}.${v.name}`)).toEqual([
      'chip.busy',
      'chip.sram.busy',
      'chip.pe[0].out_credits',
      'chip.pe[0].out_waiting',
      'chip.pe[0].busy',
      'chip.pe[1].out_credits',
      'chip.pe[1].out_waiting',
      'chip.pe[1].busy',
      'chip.pe[2].busy',
    ]);
    expect(c.times.at(-1)).toBe(report.cycles); // the file ends where the run ended
    // Busy time from the waveform equals the report's busy_ps for every component.
    for (const [path, comp] of Object.entries(report.components)) {
      const stats = traceStats(f, { components: [path], signals: ['busy'] }).signals.find((s) => s.component === path)!;
      expect((stats.high_pct! / 100) * report.time_ps).toBeCloseTo(comp.busy_ps, 6);
    }
  });

  it('writes a Perfetto JSON with a named track per component, nested slices and µs timestamps within the run', () => {
    const f = join(dir(), 'demo.json');
    const report = run(f);
    const c = checkPerfetto(readFileSync(f, 'utf8'));
    expect([...c.threads.values()]).toEqual(['chip', 'chip.sram', 'chip.pe[0]', 'chip.pe[1]', 'chip.pe[2]']);
    expect(c.slices).toBe(8); // read, 2 computes, 3 messages, compute, write
    expect(c.maxTsUs).toBe(report.time_ps / 1e6);
  });

  it('inspects a JSONL recording: summary, signals, the state at a cycle and busy % over a window', () => {
    const f = join(dir(), 'demo.jsonl');
    run(f);
    const s = traceSummary(f);
    expect(s).toMatchObject({
      architecture: 'demo-chip',
      main_clock_hz: 1e9,
      start_ps: 0,
      end_ps: 114_000,
      signals: 9,
    });
    expect(s.components.find((c) => c.component === 'chip.sram')).toMatchObject({
      spans: 2,
      busy_pct: (100 * 52) / 114,
    });
    expect(traceSignals(f, { components: ['chip.pe[1]'], signals: ['busy'] })).toEqual([
      { component: 'chip.pe[1]', signal: 'busy', kind: 'bit', changes: 8 },
    ]);
    const at = traceAt(f, '40cycles');
    expect(at.cycle).toBe(40);
    expect(at.values.filter((v) => v.signal === 'busy' && v.value === 1).map((v) => v.component)).toEqual([
      'chip.pe[0]',
      'chip.pe[1]',
    ]);
    expect(at.open_spans).toEqual([
      { component: 'chip.pe[0]', spans: ['compute'] },
      { component: 'chip.pe[1]', spans: ['compute'] },
    ]);
    // pe[0] computes from cycle 34 to 74: busy 40 of the 62 cycles of the compute phase.
    const st = traceStats(f, { from: '34cycles', to: '96cycles', components: ['chip.pe[0]'] });
    expect(st.components[0]!.busy_pct).toBeCloseTo((100 * 40) / 62, 9);
  });

  it('records exactly what slicing the full recording gives (same bytes), with cycles as window bounds', () => {
    const d = dir();
    run(join(d, 'full.jsonl'));
    const sel = { components: ['chip.pe*'], signals: ['busy'], from: '30cycles', to: '90cycles' };
    run(join(d, 'live.jsonl'), sel);
    sliceTrace(join(d, 'full.jsonl'), join(d, 'after.jsonl'), sel);
    expect(readFileSync(join(d, 'after.jsonl'), 'utf8')).toBe(readFileSync(join(d, 'live.jsonl'), 'utf8'));
    expect(readFileSync(join(d, 'live.jsonl'), 'utf8')).not.toContain('chip.sram');
  });

  it('a failed run leaves no trace file; a bounded run leaves a complete one; bad options create nothing', () => {
    const d = dir();
    const bad = join(d, 'bad.jsonl');
    writeFileSync(
      bad,
      '{"to": "chip.pe[0]", "op": "compute"}\n{"to": "chip.sram", "op": "read", "bytes": 999999999}\n',
    );
    expect(() => runWithTrace({ architecture: ARCH, workload: bad }, { file: join(d, 't.vcd') })).toThrow(HelenError);
    expect(readdirSync(d)).toEqual(['bad.jsonl']);

    const r = run(join(d, 'bounded.vcd'), {}, { maxTimePs: 50_000 });
    expect(r.stop.reason).toBe('max-time');
    expect(checkVcd(readFileSync(join(d, 'bounded.vcd'), 'utf8')).times.at(-1)).toBeLessThanOrEqual(50);

    expect(() => run(join(d, 'x.txt'))).toThrow(/extension chooses the format/);
    expect(() => run(join(d, 'w.vcd'), { from: '10cycles', to: '5cycles' })).toThrow(/window is empty/);
    expect(() => run(join(d, 'w.vcd'), { from: 'soon' })).toThrow(/--trace-from/);
    expect(readdirSync(d).sort()).toEqual(['bad.jsonl', 'bounded.vcd']);
  });

  it('the helen trace command prints located errors without a stack trace', () => {
    if (!existsSync('dist/cli/main.js')) return; // built by `npm test`
    const d = dir();
    const f = join(d, 'demo.vcd');
    run(f);
    const ok = spawnSync(process.execPath, ['bin/helen.js', 'trace', f, 'at', '40cycles'], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('chip.pe[0].busy = 1');
    writeFileSync(
      join(d, 'broken.jsonl'),
      '{"type":"header","format":"helen-trace","version":1,"timescalePs":1,"startPs":0}\nnot json\n{"type":"close","t_ps":0}\n',
    );
    const bad = spawnSync(process.execPath, ['bin/helen.js', 'trace', join(d, 'broken.jsonl'), 'summary'], {
      encoding: 'utf8',
    });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain(`${join(d, 'broken.jsonl')}:2: each line must be one JSON object [E_TRACE_FORMAT]`);
    expect(bad.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });
});
