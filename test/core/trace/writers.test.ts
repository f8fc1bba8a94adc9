import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HelenError, Simulator, type SignalValue } from '../../../core/index.js';
import { JsonlTraceSource } from '../../../core/trace/jsonl-reader.js';
import { psToUsText } from '../../../core/trace/perfetto-writer.js';
import { recordTrace } from '../../../core/trace/recorder.js';
import { TraceFilter } from '../../../core/trace/trace-filter.js';
import { createTraceWriter } from '../../../core/trace/trace-formats.js';
import type { TraceMeta } from '../../../core/trace/trace-sink.js';
import { VcdTraceSource } from '../../../core/trace/vcd-reader.js';
import { checkPerfetto } from './perfetto-checker.js';
import { playProgram, programArb, type Step } from './random-model.js';
import { checkVcd } from './vcd-checker.js';

const META: TraceMeta = {
  architecture: 'random',
  timescalePs: 1000,
  startPs: 0,
  mainClock: { name: 'clk', periodNumPs: 1000, periodDen: 1, phasePs: 0 },
};

function record(steps: Step[], file: string, meta: TraceMeta = META): void {
  const { sim, endPs } = playProgram(steps);
  const rec = recordTrace(sim.trace, new TraceFilter(createTraceWriter(file, meta)));
  sim.run();
  rec.close(endPs);
}

const dir = (): string => mkdtempSync(join(tmpdir(), 'helen-trace-'));

describe('VCD writer', () => {
  it('property: every VCD written from a random model passes the strict checker, with every variable but unknown reals in $dumpvars', () => {
    const d = dir();
    fc.assert(
      fc.property(programArb, (steps) => {
        const f = join(d, 'r.vcd');
        record(steps, f);
        const c = checkVcd(readFileSync(f, 'utf8'));
        for (const v of c.vars) if (v.type !== 'real') expect(c.dumpvars.has(v.id)).toBe(true);
        expect(readdirSync(d)).toEqual(['r.vcd']); // temporary body and header files are gone
      }),
      { numRuns: 60 },
    );
  });

  it('property: the same program gives identical bytes in every format', () => {
    const d = dir();
    fc.assert(
      fc.property(programArb, (steps) => {
        for (const ext of ['vcd', 'json', 'jsonl']) {
          record(steps, join(d, `a.${ext}`));
          record(steps, join(d, `b.${ext}`));
          expect(readFileSync(join(d, `a.${ext}`), 'utf8')).toBe(readFileSync(join(d, `b.${ext}`), 'utf8'));
        }
      }),
      { numRuns: 20 },
    );
  });

  it('writes the header, scopes, widths, initial values and coalesced changes exactly; an end between ns edges turns the timescale to 1 ps', () => {
    const f = join(dir(), 't.vcd');
    record(
      [
        { dtPs: 0, at: 2, action: { kind: 'bit', signal: 'busy', value: 1 } },
        { dtPs: 2000, at: 2, action: { kind: 'bit', signal: 'busy', value: 0 } },
        { dtPs: 0, at: 2, action: { kind: 'bit', signal: 'busy', value: 1 } }, // back-to-back job: no glitch in the waveform
        { dtPs: 1000, at: 1, action: { kind: 'int', signal: 'occupancy', value: 37 } },
        { dtPs: 0, at: 5, action: { kind: 'state', signal: 'state', value: 'mvm' } },
      ],
      f,
    );
    expect(readFileSync(f, 'utf8')).toBe(
      [
        '$version Helen trace writer $end',
        '$comment helen {"architecture":"random","mainClock":{"name":"clk","periodNumPs":1000,"periodDen":1,"phasePs":0},"string_vars":["$"]} $end',
        '$timescale 1ps $end',
        '$scope module chip $end',
        '$scope module pe[0] $end',
        '$var wire 1 ! busy $end',
        '$upscope $end',
        '$scope module mem $end',
        '$var wire 6 " occupancy $end',
        '$upscope $end',
        '$scope module pe[1] $end',
        '$scope module alu $end',
        '$var real 64 % v_mem $end',
        '$upscope $end',
        '$upscope $end',
        '$upscope $end',
        '$scope module io $end',
        '$var real 64 # v_mem $end',
        '$var wire 32 $ state $end',
        '$upscope $end',
        '$enddefinitions $end',
        '#0',
        '$dumpvars',
        '1!',
        'b0 "',
        'r-0.5 #',
        `b${[...Buffer.from('idle')]
          .map((b) => b.toString(2).padStart(8, '0'))
          .join('')
          .replace(/^0+/, '')} $`,
        '$end',
        '#3000',
        'b100101 "',
        `b${[...Buffer.from('mvm')]
          .map((b) => b.toString(2).padStart(8, '0'))
          .join('')
          .replace(/^0+/, '')} $`,
        '#3500',
      ].join('\n') + '\n',
    );
  });
});

describe('VCD kinds of undeclared signals', () => {
  /** Plays `changes` (time ps, component, signal, value) on a bare simulator into a VCD and returns the file's text. */
  function vcdOf(changes: [number, string, string, SignalValue][], file: string): string {
    const sim = new Simulator({ seed: 1 });
    for (const [t, c, s, v] of changes) sim.scheduleAt(t, () => sim.trace.signal(c, s, v));
    const rec = recordTrace(sim.trace, new TraceFilter(createTraceWriter(file, META)));
    sim.run();
    rec.close(changes.at(-1)![0] + 1000);
    return readFileSync(file, 'utf8');
  }
  const changesOf = (file: string): string[] => {
    const out: string[] = [];
    new VcdTraceSource(file).replay({
      declare: (d) =>
        out.push(
          `declare ${d.component}.${d.signal} ${d.kind}${d.initial !== undefined ? ` initial ${d.initial}` : ''}`,
        ),
      signal: (c) => out.push(`${c.timePs} ${c.component}.${c.signal}=${c.value}`),
      span: () => {},
      close: () => {},
      abort: () => {},
    });
    return out;
  };

  it('widen bit → int → real as values arrive, rewriting what was already written (also across a switch to 1 ps)', () => {
    const d = dir();
    const changes: [number, string, string, SignalValue][] = [
      [0, 'u', 'v', 0], // first seen whole: an int for now
      [1000, 'u', 'v', 1],
      [2000, 'u', 'v', -2], // a negative int: 64-bit two's complement in the body
      [3000, 'u', 'flag', true], // a bit …
      [4000, 'u', 'flag', false],
      [4500, 'u', 'v', 3], // between ns edges: the body switches to 1 ps here
      [5000, 'u', 'flag', 5], // … that becomes an int
      [6000, 'u', 'v', 0.5], // … and v a real
      [7000, 'u', 'flag', 0.25], // the bit-then-int becomes a real too
    ];
    const text = vcdOf(changes, join(d, 'w.vcd'));
    const c = checkVcd(text);
    expect(c.vars.map((v) => `${v.name}:${v.type}:${v.width}`)).toEqual(['v:real:64', 'flag:real:64']);
    expect(c.timescale).toBe('1ps');
    expect(text).not.toMatch(/^b/m); // every value of both is written as a real
    expect(changesOf(join(d, 'w.vcd'))).toEqual([
      'declare u.v real initial 0', // the value at the start is in $dumpvars
      'declare u.flag real',
      '1000 u.v=1',
      '2000 u.v=-2',
      '3000 u.flag=1',
      '4000 u.flag=0',
      '4500 u.v=3',
      '5000 u.flag=5',
      '6000 u.v=0.5',
      '7000 u.flag=0.25',
    ]);
  });

  it('property: a signal first seen whole and later fractional reads back with every value it took', () => {
    const d = dir();
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: -5, max: 300 }), fc.double({ min: -4, max: 4, noNaN: true })), {
          minLength: 1,
          maxLength: 30,
        }),
        (values) => {
          const changes = values.map((v, i): [number, string, string, SignalValue] => [(i + 1) * 1000, 'u', 'v', v]);
          checkVcd(vcdOf(changes, join(d, 'p.vcd')));
          // Repeated values are coalesced away; what remains is the value sequence.
          const kept = changes
            .filter(([, , , v], i) => i === 0 || v !== changes[i - 1]![3])
            .map(([t, , , v]) => `${t} u.v=${Object.is(v, -0) ? 0 : v}`);
          expect(changesOf(join(d, 'p.vcd')).filter((l) => !l.startsWith('declare'))).toEqual(kept);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('Perfetto writer', () => {
  it('property: every JSON trace of a random model is valid, nests its slices on every track and has exact µs timestamps', () => {
    const d = dir();
    fc.assert(
      fc.property(programArb, (steps) => {
        const f = join(d, 'r.json');
        record(steps, f);
        const c = checkPerfetto(readFileSync(f, 'utf8'));
        const { endPs } = playProgram(steps);
        expect(c.maxTsUs).toBeLessThanOrEqual(endPs / 1e6);
        expect([...c.threads.values()]).toContain('chip.pe[0]');
      }),
      { numRuns: 60 },
    );
  });

  it('property: µs text is the exact decimal of the ps count and parses back to it', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), (ps) => {
        const text = psToUsText(ps);
        expect(text).toMatch(/^\d+(\.\d{1,6})?$/);
        expect(
          BigInt(text.replace('.', '').padEnd(text.includes('.') ? text.indexOf('.') + 6 : text.length + 6, '0')),
        ).toBe(BigInt(ps));
        if (ps < 2 ** 40) expect(Math.round(Number(text) * 1e6)).toBe(ps);
      }),
    );
  });
});

describe('JSON Lines round trip and recovery', () => {
  it('property: reading a JSONL trace and writing it again gives the same bytes; VCD read back gives the same value changes', () => {
    const d = dir();
    fc.assert(
      fc.property(programArb, (steps) => {
        record(steps, join(d, 'a.jsonl'));
        const src = new JsonlTraceSource(join(d, 'a.jsonl'));
        src.replay(createTraceWriter(join(d, 'b.jsonl'), src.meta));
        expect(readFileSync(join(d, 'b.jsonl'), 'utf8')).toBe(readFileSync(join(d, 'a.jsonl'), 'utf8'));
        record(steps, join(d, 'a.vcd'));
        const vsrc = new VcdTraceSource(join(d, 'a.vcd'));
        vsrc.replay(createTraceWriter(join(d, 'b.vcd'), vsrc.meta));
        // Identifiers and the order inside one instant may differ; the value changes may not.
        expect(checkVcd(readFileSync(join(d, 'b.vcd'), 'utf8')).log.sort()).toEqual(
          checkVcd(readFileSync(join(d, 'a.vcd'), 'utf8')).log.sort(),
        );
      }),
      { numRuns: 40 },
    );
  });

  it('a failing sink leaves no file, and a cut-short JSONL trace is refused with its location', () => {
    const d = dir();
    const { sim } = playProgram([{ dtPs: 1000, at: 2, action: { kind: 'int', signal: 'occupancy', value: 3 } }]);
    const rec = recordTrace(sim.trace, new TraceFilter(createTraceWriter(join(d, 'x.vcd'), META)));
    sim.scheduleAt(2000, () => sim.trace.signal('chip.mem', 'occupancy', 0.5)); // a signal declared int cannot take 0.5
    expect(() => sim.run()).toThrow(/declare it "real"/);
    rec.abort();
    expect(readdirSync(d)).toEqual([]);

    record([{ dtPs: 1000, at: 2, action: { kind: 'int', signal: 'occupancy', value: 3 } }], join(d, 'ok.jsonl'));
    const lines = readFileSync(join(d, 'ok.jsonl'), 'utf8').trimEnd().split('\n');
    const cut = join(d, 'cut.jsonl');
    writeFileSync(cut, lines.slice(0, -1).join('\n') + '\n');
    const err = (() => {
      try {
        new JsonlTraceSource(cut).replay(new TraceFilter(createTraceWriter(join(d, 'never.jsonl'), META)));
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(HelenError);
    expect((err as HelenError).code).toBe('E_TRACE_FORMAT');
    expect((err as HelenError).location?.file).toBe(cut);
    expect(existsSync(join(d, 'never.jsonl'))).toBe(false);
  });
});
