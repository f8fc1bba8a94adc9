import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utilisationTimeline } from '../../../api/report/timeline.js';
import { traceAt, traceSignals, traceStats, traceSummary } from '../../../api/trace/inspect.js';
import { runWithTrace } from '../../../api/trace/record.js';
import { convertTrace, sliceTrace } from '../../../api/trace/transform.js';
import { recordTrace } from '../../../core/trace/recorder.js';
import { TraceFilter } from '../../../core/trace/trace-filter.js';
import { createTraceWriter } from '../../../core/trace/trace-formats.js';
import { playProgram, programArb } from '../../core/trace/random-model.js';

const ARCH = 'architectures/examples/demo-chip.yaml';
const OPS = 'workloads/examples/demo-ops.jsonl';
const FORMATS = ['vcd', 'json', 'jsonl'] as const;
const dir = (): string => mkdtempSync(join(tmpdir(), 'helen-api-formats-'));

/** The demo run recorded once per format. */
function demo(): { files: Record<(typeof FORMATS)[number], string>; endPs: number } {
  const d = dir();
  const files = { vcd: join(d, 'demo.vcd'), json: join(d, 'demo.json'), jsonl: join(d, 'demo.jsonl') };
  let endPs = 0;
  for (const f of FORMATS) endPs = runWithTrace({ architecture: ARCH, workload: OPS }, { file: files[f] }).time_ps;
  return { files, endPs };
}

describe('every helen trace action reads the three formats', () => {
  it('at gives the same values on .vcd, .json and .jsonl of the demo run at every cycle, and the same open operations on .json and .jsonl', () => {
    const { files, endPs } = demo();
    let busySeen = 0;
    for (let cycle = 0; cycle * 1000 <= endPs; cycle++) {
      const [vcd, json, jsonl] = FORMATS.map((f) => traceAt(files[f], `${cycle}cycles`));
      expect(json!.values, `cycle ${cycle}`).toEqual(jsonl!.values);
      expect(vcd!.values, `cycle ${cycle}`).toEqual(jsonl!.values);
      expect(json!.open_spans, `cycle ${cycle}`).toEqual(jsonl!.open_spans);
      expect(vcd!.cycle).toBe(cycle);
      busySeen += jsonl!.values.filter((v) => v.signal === 'busy' && v.value === 1).length;
    }
    expect(busySeen).toBeGreaterThan(50); // the comparison saw units at work, not only idle ones
  });

  it('summary, signals and stats of the .json equal those of the .jsonl (kinds read from otherData)', () => {
    const { files } = demo();
    const { file: _a, format: fa, ...json } = traceSummary(files.json);
    const { file: _b, format: fb, ...jsonl } = traceSummary(files.jsonl);
    expect([fa, fb]).toEqual(['json', 'jsonl']);
    expect(json).toEqual(jsonl);
    expect(traceSignals(files.json)).toEqual(traceSignals(files.jsonl));
    // VCD has no kinds, only widths: ints are written at least 2 bits wide so they read back as ints.
    const kinds = (f: string) => traceSignals(f).map((s) => `${s.component}.${s.signal}:${s.kind}`);
    expect(kinds(files.vcd)).toEqual(kinds(files.jsonl));
    expect(kinds(files.vcd)).toContain('chip.pe[0].out_waiting:int');
    const q = { from: '34cycles', to: '96cycles' };
    expect(traceStats(files.json, q)).toEqual(traceStats(files.jsonl, q));
    expect(
      traceStats(files.json, q).signals.find((s) => s.component === 'chip.pe[0]' && s.signal === 'busy')!.high_pct,
    ).toBeCloseTo((100 * 40) / 62, 9);
  });

  it("the report's utilisation over time reads the .json into the same bins as the .vcd and the .jsonl", () => {
    const { files, endPs } = demo();
    const [vcd, json, jsonl] = FORMATS.map((f) => utilisationTimeline(files[f], { endHintPs: endPs, bins: 57 }));
    const { source: _a, ...a } = json!;
    const { source: _b, ...b } = jsonl!;
    const { source: _c, ...c } = vcd!;
    expect(a).toEqual(b);
    expect(a).toEqual(c);
    expect(a.components.some((r) => r.busy.some((x) => x > 0))).toBe(true);
  });

  it('slice and convert take a .json: a window of the Perfetto file equals the same window of the JSONL', () => {
    const { files } = demo();
    const d = dir();
    const sel = { components: ['chip.pe*'], from: '30cycles', to: '90cycles' };
    sliceTrace(files.json, join(d, 'a.jsonl'), sel);
    sliceTrace(files.jsonl, join(d, 'b.jsonl'), sel);
    convertTrace(join(d, 'a.jsonl'), join(d, 'a.json'));
    expect(traceStats(join(d, 'a.json'))).toEqual(traceStats(join(d, 'b.jsonl')));
    expect(traceAt(join(d, 'a.json'), '40cycles')).toEqual(traceAt(join(d, 'b.jsonl'), '40cycles'));
  });

  it('property: at gives the same known values on all three formats of a random model, and the same open spans on .json and .jsonl', () => {
    const d = dir();
    fc.assert(
      fc.property(programArb, fc.double({ min: 0, max: 1, noNaN: true }), (steps, where) => {
        const { endPs } = playProgram(steps);
        for (const f of FORMATS) {
          const { sim } = playProgram(steps);
          const rec = recordTrace(
            sim.trace,
            new TraceFilter(
              createTraceWriter(join(d, `r.${f}`), { architecture: 'random', timescalePs: 1000, startPs: 0 }),
            ),
          );
          sim.run();
          rec.close(endPs);
        }
        const t = `${Math.floor(where * endPs)}ps`;
        // Unknown values differ only in which signals are listed: VCD and Perfetto list every
        // signal of the file, JSONL those declared or seen by then.
        const known = (f: string) =>
          traceAt(join(d, `r.${f}`), t)
            .values.filter((v) => v.value !== null)
            .map((v) => `${v.component}.${v.signal}=${String(v.value)}`)
            .sort();
        expect(known('json')).toEqual(known('jsonl'));
        expect(known('vcd')).toEqual(known('jsonl'));
        expect(traceAt(join(d, 'r.json'), t).open_spans).toEqual(traceAt(join(d, 'r.jsonl'), t).open_spans);
      }),
      { numRuns: 50 },
    );
  });

  it('helen trace FILE.json at and summary work from the command line', () => {
    if (!existsSync('dist/cli/main.js')) return; // built by `npm test`
    const { files } = demo();
    const at = (f: string) =>
      spawnSync(process.execPath, ['bin/helen.js', 'trace', f, 'at', '40cycles'], { encoding: 'utf8' });
    const [json, jsonl] = [at(files.json), at(files.jsonl)];
    expect(json.status, json.stderr).toBe(0);
    expect(json.stdout).toBe(jsonl.stdout);
    expect(json.stdout).toContain('chip.pe[0] doing compute');
    const s = spawnSync(process.execPath, ['bin/helen.js', 'trace', files.json, 'summary'], { encoding: 'utf8' });
    expect(s.status).toBe(0);
    expect(s.stdout).toContain('demo-chip (json)');
  });
});
