import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HelenError, type SignalValue } from '../../../core/index.js';
import { recordTrace } from '../../../core/trace/recorder.js';
import { TraceFilter } from '../../../core/trace/trace-filter.js';
import { createTraceWriter, openTraceSource } from '../../../core/trace/trace-formats.js';
import type { TraceMeta, TraceSink } from '../../../core/trace/trace-sink.js';
import { PerfettoTraceSource } from '../../../core/trace/perfetto-reader.js';
import { convertTrace } from '../../../api/trace/transform.js';
import { checkPerfetto } from './perfetto-checker.js';
import { playProgram, programArb, type Step } from './random-model.js';

const META: TraceMeta = {
  architecture: 'random',
  timescalePs: 1000,
  startPs: 0,
  mainClock: { name: 'clk', periodNumPs: 1000, periodDen: 1, phasePs: 0 },
};
const dir = (): string => mkdtempSync(join(tmpdir(), 'helen-perfetto-read-'));

function record(steps: Step[], file: string): void {
  const { sim, endPs } = playProgram(steps);
  const rec = recordTrace(sim.trace, new TraceFilter(createTraceWriter(file, META)));
  sim.run();
  rec.close(endPs);
}

/** What a trace says, in a form every format keeps. */
interface Content {
  /** Per signal: its values over time, with repeats and same-instant overwrites folded (bits as 0/1). */
  changes: Map<string, [number, SignalValue][]>;
  spans: string[];
  endPs: number;
}

function contentOf(file: string): Content {
  const src = openTraceSource(file);
  const changes = new Map<string, [number, SignalValue][]>();
  const spans: string[] = [];
  let endPs = -1;
  const add = (key: string, t: number, value: SignalValue): void => {
    const v = typeof value === 'boolean' ? Number(value) : value;
    const list = changes.get(key) ?? [];
    changes.set(key, list);
    const last = list.at(-1);
    if (last && last[0] === t) list.pop();
    if (list.length && list.at(-1)![1] === v) return;
    list.push([t, v]);
  };
  const sink: TraceSink = {
    declare: (d) =>
      d.initial !== undefined ? add(`${d.component}.${d.signal}`, src.meta.startPs, d.initial) : undefined,
    signal: (c) => add(`${c.component}.${c.signal}`, c.timePs, c.value),
    span: (e) => void spans.push(`${e.timePs} ${e.component} ${e.phase} ${e.name} ${JSON.stringify(e.args ?? null)}`),
    close: (t) => void (endPs = t),
    abort: () => {},
  };
  src.replay(sink);
  return {
    changes: new Map([...changes].filter(([, l]) => l.length).sort(([a], [b]) => (a < b ? -1 : 1))),
    spans,
    endPs,
  };
}

describe('reading Perfetto JSON back', () => {
  it('property: a Perfetto trace reads back with the spans and value changes of the JSONL of the same run', () => {
    const d = dir();
    fc.assert(
      fc.property(programArb, (steps) => {
        record(steps, join(d, 'r.json'));
        record(steps, join(d, 'r.jsonl'));
        const json = contentOf(join(d, 'r.json'));
        const jsonl = contentOf(join(d, 'r.jsonl'));
        expect(json.changes).toEqual(jsonl.changes);
        expect(json.spans).toEqual(jsonl.spans);
        expect(json.endPs).toBe(jsonl.endPs);
        expect(new PerfettoTraceSource(join(d, 'r.json')).meta).toEqual(META);
      }),
      { numRuns: 60 },
    );
  });

  it('property: convert vcd → json → jsonl keeps every value change of the VCD', () => {
    const d = dir();
    fc.assert(
      fc.property(programArb, (steps) => {
        record(steps, join(d, 'a.vcd'));
        convertTrace(join(d, 'a.vcd'), join(d, 'b.json'));
        checkPerfetto(readFileSync(join(d, 'b.json'), 'utf8'));
        convertTrace(join(d, 'b.json'), join(d, 'c.jsonl'));
        const vcd = contentOf(join(d, 'a.vcd'));
        expect(contentOf(join(d, 'b.json')).changes).toEqual(vcd.changes);
        expect(contentOf(join(d, 'c.jsonl')).changes).toEqual(vcd.changes);
        expect(contentOf(join(d, 'c.jsonl')).endPs).toBe(vcd.endPs);
      }),
      { numRuns: 40 },
    );
  });

  it('property: json → json is byte-identical (kinds survive in otherData)', () => {
    const d = dir();
    fc.assert(
      fc.property(programArb, (steps) => {
        record(steps, join(d, 'a.json'));
        convertTrace(join(d, 'a.json'), join(d, 'b.jsonl'));
        convertTrace(join(d, 'b.jsonl'), join(d, 'c.json'));
        convertTrace(join(d, 'c.json'), join(d, 'd.json'));
        expect(readFileSync(join(d, 'd.json'), 'utf8')).toBe(readFileSync(join(d, 'c.json'), 'utf8'));
      }),
      { numRuns: 30 },
    );
  });

  it("keeps exact picoseconds beyond a double's digits and reads the kinds from otherData", () => {
    const d = dir();
    const f = join(d, 'big.json');
    const w = createTraceWriter(f, META);
    const t = 2 ** 53 - 3; // 9007199254.740989 µs: the float 9007199254.740989 * 1e6 is off by one
    w.declare({ component: 'u', signal: 'flag', kind: 'bit', initial: 0 });
    w.signal({ timePs: t, component: 'u', signal: 'v', value: 0 });
    w.signal({ timePs: t, component: 'u', signal: 'v', value: 0.5 });
    w.close(t);
    const seen: string[] = [];
    new PerfettoTraceSource(f).replay({
      declare: (x) => void seen.push(`declare ${x.component}.${x.signal} ${x.kind}`),
      signal: (c) => void seen.push(`${c.timePs} ${c.component}.${c.signal}=${c.value}`),
      span: () => {},
      close: (e) => void seen.push(`close ${e}`),
      abort: () => {},
    });
    expect(seen).toEqual([
      'declare u.flag bit',
      'declare u.v real',
      '0 u.flag=0',
      `${t} u.v=0`,
      `${t} u.v=0.5`,
      `close ${t}`,
    ]);
  });

  it("reads another tool's trace laid out on one line (events sorted by time, unnamed E events, counters, instants)", () => {
    const f = join(dir(), 'other.json');
    writeFileSync(
      f,
      JSON.stringify([
        { ph: 'M', pid: 7, tid: 3, name: 'thread_name', args: { name: 'cpu0' } },
        { ph: 'E', pid: 7, tid: 3, ts: 5 },
        { ph: 'B', pid: 7, tid: 3, ts: 1.5, name: 'work', args: { n: 1 } },
        { ph: 'C', pid: 7, tid: 3, ts: 2, name: 'queue', args: { depth: 4 } },
        { ph: 'i', pid: 7, tid: 3, ts: 3, name: 'state=run', s: 't' },
        { ph: 'X', pid: 7, tid: 3, ts: 3, dur: 1, name: 'skipped' },
      ]),
    );
    const c = contentOf(f);
    expect(c.spans).toEqual(['1500000 cpu0 begin work {"n":1}', '5000000 cpu0 end work null']);
    expect([...c.changes]).toEqual([
      ['cpu0.state', [[3_000_000, 'run']]],
      ['queue.depth', [[2_000_000, 4]]],
    ]);
    expect(c.endPs).toBe(5_000_000);
  });

  it('refuses what is not a trace, with the file (and line) named', () => {
    const d = dir();
    const bad = join(d, 'bad.json');
    writeFileSync(bad, '{"not": "a trace"}');
    expect(() =>
      openTraceSource(bad).replay(new TraceFilter({ declare() {}, signal() {}, span() {}, close() {}, abort() {} })),
    ).toThrow(/traceEvents/);
    record([{ dtPs: 1000, at: 2, action: { kind: 'bit', signal: 'busy', value: 1 } }], join(d, 'ok.json'));
    const lines = readFileSync(join(d, 'ok.json'), 'utf8').split('\n');
    lines.splice(2, 0, ',{"ph":"C", oops}');
    writeFileSync(join(d, 'broken.json'), lines.join('\n'));
    const err = (() => {
      try {
        openTraceSource(join(d, 'broken.json')).replay({
          declare() {},
          signal() {},
          span() {},
          close() {},
          abort() {},
        });
      } catch (e) {
        return e;
      }
    })() as HelenError;
    expect(err).toBeInstanceOf(HelenError);
    expect(err.code).toBe('E_TRACE_FORMAT');
    expect(err.location).toMatchObject({ file: join(d, 'broken.json'), line: 3 });
  });
});
