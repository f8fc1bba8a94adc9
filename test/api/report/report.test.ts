import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRunReport, renderHtmlReport, utilisationTimeline, writeHtmlReport } from '../../../api/report/index.js';
import { runWithTrace } from '../../../api/trace/record.js';
import type { RunReport } from '../../../api/run.js';
import { errorOf } from '../../support/helen-error.js';

const ARCH = 'architectures/examples/demo-chip.yaml';
const OPS = 'workloads/examples/demo-ops.jsonl';
const dir = (): string => mkdtempSync(join(tmpdir(), 'helen-report-'));
const demo = (trace: string): RunReport => runWithTrace({ architecture: ARCH, workload: OPS }, { file: trace });

/** Busy ps a timeline implies for a component: Σ fraction × the part of the bin inside the trace. */
function busyPs(t: ReturnType<typeof utilisationTimeline>, component: string): number {
  const row = t.components.find((c) => c.component === component)!;
  return row.busy.reduce(
    (s, f, i) => s + f * (Math.min(t.end_ps, t.start_ps + (i + 1) * t.bin_ps) - (t.start_ps + i * t.bin_ps)),
    0,
  );
}

describe('utilisation over time from a trace', () => {
  it('bins the busy signals of a VCD and of a JSONL recording identically, adding up to the report busy time', () => {
    const d = dir();
    const report = demo(join(d, 'demo.vcd'));
    demo(join(d, 'demo.jsonl'));
    const vcd = utilisationTimeline(join(d, 'demo.vcd'), { bins: 57, endHintPs: report.time_ps });
    const jsonl = utilisationTimeline(join(d, 'demo.jsonl'), { bins: 57, endHintPs: report.time_ps });
    expect(vcd.components).toEqual(jsonl.components);
    expect(vcd).toMatchObject({ start_ps: 0, end_ps: 114_000, bin_ps: 2000 });
    for (const [path, c] of Object.entries(report.components)) expect(busyPs(vcd, path)).toBeCloseTo(c.busy_ps, 6);
    // pe[0] computes from 34 to 74 ns: bins 17..36 of 2 ns are fully busy, the rest idle.
    const pe0 = vcd.components.find((c) => c.component === 'chip.pe[0]')!.busy;
    expect(pe0.map((f, i) => (f === 1 ? i : -1)).filter((i) => i >= 0)).toEqual(
      Array.from({ length: 20 }, (_, k) => 17 + k),
    );
    expect(pe0.filter((f) => f !== 0 && f !== 1)).toEqual([]);
  });

  it('widens its bins when the trace outlasts the hint, keeping the totals', () => {
    const d = dir();
    const report = demo(join(d, 'demo.jsonl'));
    const t = utilisationTimeline(join(d, 'demo.jsonl'), { bins: 8, endHintPs: 10_000 });
    expect(t.bin_ps).toBe((10_000 / 8) * 16); // doubled four times: 8 bins of 1.25 ns cannot hold 114 ns
    expect(t.components[0]!.busy.length).toBeLessThanOrEqual(8);
    for (const [path, c] of Object.entries(report.components)) expect(busyPs(t, path)).toBeCloseTo(c.busy_ps, 6);
  });
});

describe('the HTML report page', () => {
  it('is deterministic, self-contained, and embeds the run report it was made from', () => {
    const d = dir();
    const report = demo(join(d, 'demo.vcd'));
    const html = renderHtmlReport(report);
    expect(renderHtmlReport(report)).toBe(html);
    expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//); // nothing fetched from anywhere
    expect(html).toContain("default-src 'none'");
    const embedded = /<script type="application\/json" id="helen-run-report">(.*?)<\/script>/s.exec(html)![1]!;
    expect(JSON.parse(embedded)).toEqual(report);
    expect(html).toContain('id="timeline-note"'); // no trace given: says how to get one
  });

  it('escapes names, so an architecture called </script><b> stays text', () => {
    const d = dir();
    const report = { ...demo(join(d, 'demo.vcd')), architecture: '</script><b>x</b>' };
    const html = renderHtmlReport(report);
    expect(html).not.toContain('<b>x</b>');
    expect(html).toContain('&lt;/script&gt;&lt;b&gt;x&lt;/b&gt;');
    const embedded = /<script type="application\/json" id="helen-run-report">(.*?)<\/script>/s.exec(html)![1]!;
    expect(JSON.parse(embedded).architecture).toBe('</script><b>x</b>');
  });

  it('is written atomically, with utilisation over time from a VCD, and the same bins from a Perfetto JSON trace', () => {
    const d = dir();
    const report = demo(join(d, 'demo.vcd'));
    const out = join(d, 'out', 'report.html');
    expect(writeHtmlReport(out, report, { traceFile: join(d, 'demo.vcd') })).toEqual({ file: out, timeline: true });
    expect(readdirSync(join(d, 'out'))).toEqual(['report.html']);
    expect(readFileSync(out, 'utf8')).toContain('id="chart-utilisation-over-time"');
    demo(join(d, 'demo.json'));
    expect(writeHtmlReport(join(d, 'p.html'), report, { traceFile: join(d, 'demo.json') })).toEqual({
      file: join(d, 'p.html'),
      timeline: true,
    });
    const bins = (f: string) => utilisationTimeline(join(d, f), { bins: 57, endHintPs: report.time_ps }).components;
    expect(bins('demo.json')).toEqual(bins('demo.vcd'));
  });
});

describe('reading a saved run result', () => {
  it('reads the --json output, and the --out directory or its report.json', () => {
    const d = dir();
    const report = demo(join(d, 'demo.vcd'));
    writeFileSync(join(d, 'report.json'), JSON.stringify(report, null, 2) + '\n');
    expect(readRunReport(join(d, 'report.json'))).toEqual(report);
    expect(readRunReport(d)).toEqual(report);
  });

  it('locates broken JSON by line and column, and names a missing or mistyped field', () => {
    const d = dir();
    const f = join(d, 'bad.json');
    writeFileSync(f, '{\n  "architecture": "x",\n  "cycles": 12,,\n}\n');
    const e = errorOf(() => readRunReport(f));
    expect(e.location).toMatchObject({ file: f, line: 3, column: 16 }); // the second comma
    expect(e.message).toContain('helen run --json');
    const report = demo(join(d, 'demo.vcd'));
    writeFileSync(
      f,
      JSON.stringify({
        ...report,
        components: { ...report.components, 'chip.sram': { ...report.components['chip.sram'], utilisation: 'high' } },
      }),
    );
    expect(errorOf(() => readRunReport(f)).format()).toBe(
      `${f}: components["chip.sram"].utilisation: expected a number; is this the output of "helen run --json"? [E_REPORT_INPUT]`,
    );
    const { phases: _, ...noPhases } = report;
    writeFileSync(f, JSON.stringify(noPhases));
    expect(errorOf(() => readRunReport(f)).location).toMatchObject({ path: 'phases' });
    expect(errorOf(() => readRunReport(join(d, 'missing.json'))).code).toBe('E_REPORT_INPUT');
  });
});
