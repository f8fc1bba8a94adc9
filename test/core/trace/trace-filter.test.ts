import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HelenError } from '../../../core/index.js';
import { globMatcher, globToRegExp } from '../../../core/trace/glob.js';
import { recordTrace } from '../../../core/trace/recorder.js';
import { TraceFilter, type TraceSelection } from '../../../core/trace/trace-filter.js';
import { createTraceWriter, openTraceSource } from '../../../core/trace/trace-formats.js';
import type { TraceMeta } from '../../../core/trace/trace-sink.js';
import { checkPerfetto } from './perfetto-checker.js';
import { playProgram, programArb, type Step } from './random-model.js';
import { checkVcd } from './vcd-checker.js';

const META: TraceMeta = { architecture: 'random', timescalePs: 1000, startPs: 0 };

function recordFiltered(steps: Step[], file: string, sel: TraceSelection): void {
  const { sim, endPs } = playProgram(steps);
  const rec = recordTrace(
    sim.trace,
    new TraceFilter(createTraceWriter(file, { ...META, startPs: sel.fromPs ?? 0 }), sel),
  );
  sim.run();
  rec.close(endPs);
}

/** What `helen trace slice` does: read a full trace, filter it, write it. */
function slice(input: string, output: string, sel: TraceSelection): void {
  const src = openTraceSource(input);
  src.replay(
    new TraceFilter(
      createTraceWriter(output, { ...src.meta, startPs: Math.max(src.meta.startPs, sel.fromPs ?? 0) }),
      sel,
    ),
  );
}

const selectionArb: fc.Arbitrary<TraceSelection> = fc
  .record({
    components: fc.subarray(['chip.pe*', 'io', 'chip.**', 'chip.pe[1]', 'chip.mem', '*']),
    signals: fc.subarray(['busy', 'v_*', 'state', '*cy', 'count']),
    fromPs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 40_000 })),
    span: fc.option(fc.integer({ min: 1, max: 40_000 }), { nil: undefined }),
  })
  .map(({ span, ...s }) => (span === undefined ? s : { ...s, toPs: s.fromPs + span }));

describe('trace filters', () => {
  it('property: filtering commutes with recording (JSONL bytes equal; VCD value changes equal; Perfetto bytes equal via JSONL)', () => {
    const d = mkdtempSync(join(tmpdir(), 'helen-filter-'));
    fc.assert(
      fc.property(programArb, selectionArb, (steps, sel) => {
        recordFiltered(steps, join(d, 'full.jsonl'), {});
        recordFiltered(steps, join(d, 'live.jsonl'), sel);
        slice(join(d, 'full.jsonl'), join(d, 'after.jsonl'), sel);
        expect(readFileSync(join(d, 'after.jsonl'), 'utf8')).toBe(readFileSync(join(d, 'live.jsonl'), 'utf8'));

        recordFiltered(steps, join(d, 'live.json'), sel);
        slice(join(d, 'full.jsonl'), join(d, 'after.json'), sel);
        expect(readFileSync(join(d, 'after.json'), 'utf8')).toBe(readFileSync(join(d, 'live.json'), 'utf8'));
        checkPerfetto(readFileSync(join(d, 'live.json'), 'utf8'));

        recordFiltered(steps, join(d, 'full.vcd'), {});
        recordFiltered(steps, join(d, 'live.vcd'), sel);
        slice(join(d, 'full.vcd'), join(d, 'after.vcd'), sel);
        const live = checkVcd(readFileSync(join(d, 'live.vcd'), 'utf8'));
        const after = checkVcd(readFileSync(join(d, 'after.vcd'), 'utf8'));
        // By value: a signal whose window holds only whole values is an int in the live file but a
        // real in the slice when the full run gave it 0.5 elsewhere.
        expect(after.numeric.filter((l) => !/=x$/.test(l)).sort()).toEqual(
          live.numeric.filter((l) => !/=x$/.test(l)).sort(),
        );
        expect(after.times.map((t) => t * after.unitPs)).toEqual(live.times.map((t) => t * live.unitPs));
      }),
      { numRuns: 80 },
    );
  });

  it('a window starts with the state at "from": last values and re-opened spans, closed at "to"', () => {
    const seen: string[] = [];
    const f = new TraceFilter(
      {
        declare: () => {},
        signal: (c) => seen.push(`${c.timePs} ${c.component}.${c.signal}=${c.value}`),
        span: (e) => seen.push(`${e.timePs} ${e.component} ${e.phase} ${e.name}`),
        close: (t) => seen.push(`close ${t}`),
        abort: () => {},
      },
      { fromPs: 100, toPs: 200, components: ['a'] },
    );
    f.signal({ timePs: 10, component: 'a', signal: 'n', value: 1 });
    f.signal({ timePs: 20, component: 'b', signal: 'n', value: 9 });
    f.span({ timePs: 30, component: 'a', name: 'op', phase: 'begin' });
    f.signal({ timePs: 50, component: 'a', signal: 'n', value: 2 });
    f.signal({ timePs: 150, component: 'a.child', signal: 'n', value: 3 });
    f.span({ timePs: 250, component: 'a', name: 'op', phase: 'end' });
    f.close(300);
    expect(seen).toEqual(['100 a.n=2', '100 a begin op', '150 a.child.n=3', '200 a end op', 'close 200']);
  });

  it('a span that ends exactly where the window opens is not re-opened there', () => {
    const seen: string[] = [];
    const f = new TraceFilter(
      {
        declare: () => {},
        signal: (c) => seen.push(`${c.timePs} ${c.component}.${c.signal}=${c.value}`),
        span: (e) => seen.push(`${e.timePs} ${e.component} ${e.phase} ${e.name}`),
        close: (t) => seen.push(`close ${t}`),
        abort: () => {},
      },
      { fromPs: 100, toPs: 200 },
    );
    f.span({ timePs: 30, component: 'a', name: 'outer', phase: 'begin' });
    f.span({ timePs: 40, component: 'a', name: 'inner', phase: 'begin' });
    f.span({ timePs: 100, component: 'a', name: 'inner', phase: 'end' });
    f.signal({ timePs: 100, component: 'a', signal: 'n', value: 1 });
    f.span({ timePs: 100, component: 'b', name: 'op', phase: 'begin' });
    f.close(150);
    // `outer` was still open at 100, so it is; `inner` ended there, so it is not.
    expect(seen).toEqual([
      '100 a begin outer',
      '100 a.n=1',
      '100 b begin op',
      '150 a end outer',
      '150 b end op',
      'close 150',
    ]);
  });

  it('refuses spans that do not nest, time that goes back and empty windows', () => {
    const sink = { declare() {}, signal() {}, span() {}, close() {}, abort() {} };
    const f = new TraceFilter(sink);
    f.span({ timePs: 0, component: 'a', name: 'x', phase: 'begin' });
    expect(() => f.span({ timePs: 1, component: 'a', name: 'y', phase: 'end' })).toThrow(HelenError);
    expect(() => f.signal({ timePs: 1, component: 'a', signal: 's', value: 1 })).not.toThrow();
    const g = new TraceFilter(sink);
    g.signal({ timePs: 5, component: 'a', signal: 's', value: 1 });
    expect(() => g.signal({ timePs: 4, component: 'a', signal: 's', value: 1 })).toThrow(/went back/);
    expect(() => new TraceFilter(sink, { fromPs: 10, toPs: 10 })).toThrow(/window is empty/);
  });
});

describe('globs', () => {
  it('match within one level with *, across levels with **, and take brackets literally', () => {
    expect(globToRegExp('chip.pe[1]').test('chip.pe[1]')).toBe(true);
    expect(globToRegExp('chip.pe[1]').test('chip.pe1')).toBe(false);
    expect(globToRegExp('chip.*').test('chip.pe[0]')).toBe(true);
    expect(globToRegExp('chip.*').test('chip.pe[0].alu')).toBe(false);
    expect(globToRegExp('chip.**').test('chip.pe[0].alu')).toBe(true);
    expect(globToRegExp('v_?').test('v_m')).toBe(true);
  });

  it("select a component's whole subtree when asked to", () => {
    const m = globMatcher(['chip.pe[1]'], true);
    expect(m('chip.pe[1].alu')).toBe(true);
    expect(m('chip.pe[10]')).toBe(false);
    expect(m('chip')).toBe(false);
    expect(globMatcher([], true)('anything')).toBe(true);
  });
});
