import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runWithTrace } from '../../../api/trace/record.js';
import type { SignalValue } from '../../../core/index.js';
import { recordTrace } from '../../../core/trace/recorder.js';
import { TraceFilter } from '../../../core/trace/trace-filter.js';
import { createTraceWriter } from '../../../core/trace/trace-formats.js';
import type { TraceSink } from '../../../core/trace/trace-sink.js';
import { VcdTraceSource } from '../../../core/trace/vcd-reader.js';
import { playProgram, programArb } from './random-model.js';
import { FST2VCD, skipWithoutTools, VCD2FST } from '../../support/system-tools.js';

// GTKWave's converters are the reference for "a VCD other tools accept".
function tool(name: string, args: string[]): string {
  const r = spawnSync(name, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${name} ${args.join(' ')} failed (exit ${r.status}): ${r.stderr}`);
  return r.stdout;
}

type Changes = Map<string, [number, SignalValue][]>;

/**
 * Every signal's (time, value) list as Helen's VCD reader sees the file, in
 * the two forms the round trip can keep: fst2vcd drops Helen's `$comment` that
 * marks text signals, so text values are compared as the bit patterns VCD
 * stores them as (UTF-8 bytes, big-endian); and fst2vcd prints reals with 16
 * significant digits (`%.16g`) where Helen writes the 17 that round-trip a
 * double, so non-integers are compared at 16 digits.
 */
function valueChanges(file: string): Changes {
  const src = new VcdTraceSource(file);
  const out: Changes = new Map();
  const add = (c: string, s: string, t: number, v: SignalValue): void => {
    const key = `${c}.${s}`;
    if (!out.has(key)) out.set(key, []);
    out
      .get(key)!
      .push([
        t,
        typeof v === 'string'
          ? Number(BigInt(`0x0${Buffer.from(v).toString('hex')}`))
          : typeof v === 'number' && !Number.isInteger(v)
            ? Number(v.toPrecision(16))
            : v,
      ]);
  };
  const sink: TraceSink = {
    declare: (d) =>
      d.initial !== undefined
        ? add(d.component, d.signal, src.meta.startPs, d.initial)
        : out.has(`${d.component}.${d.signal}`) || out.set(`${d.component}.${d.signal}`, []),
    signal: (c) => add(c.component, c.signal, c.timePs, c.value),
    span: () => {},
    close: () => {},
    abort: () => {},
  };
  src.replay(sink);
  return out;
}

/** VCD → FST → VCD with GTKWave's tools; returns the FST's size and the re-emitted VCD. */
function roundTrip(vcd: string): { fstBytes: number; back: string } {
  const fst = vcd.replace(/\.vcd$/, '.fst');
  const back = vcd.replace(/\.vcd$/, '.back.vcd');
  tool('vcd2fst', [vcd, fst]);
  tool('fst2vcd', ['-o', back, fst]);
  return { fstBytes: statSync(fst).size, back };
}

const dir = (): string => mkdtempSync(join(tmpdir(), 'helen-gtkwave-'));

describe.skipIf(skipWithoutTools([VCD2FST, FST2VCD], "GTKWave's round trip of Helen's VCD"))(
  "GTKWave's vcd2fst and fst2vcd on Helen's VCD",
  () => {
    it('convert the demo run to FST and back with the same value changes', () => {
      const vcd = join(dir(), 'demo.vcd');
      const report = runWithTrace(
        { architecture: 'architectures/examples/demo-chip.yaml', workload: 'workloads/examples/demo-ops.jsonl' },
        { file: vcd },
      );
      const { fstBytes, back } = roundTrip(vcd);
      expect(fstBytes).toBeGreaterThan(0);
      const before = valueChanges(vcd);
      expect([...before.keys()].filter((k) => k.endsWith('.busy'))).toEqual([
        'chip.busy',
        'chip.sram.busy',
        'chip.pe[0].busy',
        'chip.pe[1].busy',
        'chip.pe[2].busy',
      ]);
      expect(before.get('chip.pe[0].out_credits')!.length).toBeGreaterThan(1); // link credits move
      // pe[0] computes from cycle 34 to 74 (see test/api/round-trip.test.ts).
      expect(before.get('chip.pe[0].busy')).toEqual([
        [0, 0],
        [34_000, 1],
        [74_000, 0],
      ]);
      expect(valueChanges(back)).toEqual(before);
      expect(readFileSync(back, 'utf8')).toMatch(/\$timescale\s+1ns\s+\$end/);
      expect(report.time_ps).toBe(114_000);
    });

    it('keep integers up to 41 bits, reals, text states and a 1 ps timescale of random models', () => {
      const d = dir();
      // A fixed sample: the property tests of the writers cover randomness; this
      // checks many signal kinds against the external tools in a second or two.
      const programs = fc.sample(programArb, { numRuns: 30, seed: 42 });
      programs.push([
        { dtPs: 1500, at: 1, action: { kind: 'int', signal: 'occupancy', value: 2 ** 40 + 3 } },
        { dtPs: 1000, at: 5, action: { kind: 'real', signal: 'v_mem', value: 0.1 + 0.2 } },
        { dtPs: 0, at: 5, action: { kind: 'state', signal: 'state', value: 'écrit' } },
        { dtPs: 7, at: 2, action: { kind: 'bit', signal: 'busy', value: 1 } },
      ]);
      let compared = 0;
      programs.forEach((steps, i) => {
        const vcd = join(d, `random-${i}.vcd`);
        const { sim, endPs } = playProgram(steps);
        const rec = recordTrace(
          sim.trace,
          new TraceFilter(createTraceWriter(vcd, { architecture: 'random', timescalePs: 1000, startPs: 0 })),
        );
        sim.run();
        rec.close(endPs);
        const before = valueChanges(vcd);
        expect(valueChanges(roundTrip(vcd).back), `random model ${i}`).toEqual(before);
        compared += [...before.values()].reduce((n, l) => n + l.length, 0);
      });
      expect(compared).toBeGreaterThan(200);
      // The hand-written program exercises the widths, kinds and timescale named above.
      const last = valueChanges(join(d, `random-${programs.length - 1}.vcd`));
      expect(last.get('chip.mem.occupancy')).toContainEqual([1500, 2 ** 40 + 3]);
      expect(last.get('io.v_mem')).toContainEqual([2500, 0.3]); // 0.30000000000000004 at 16 digits
      expect(readFileSync(join(d, `random-${programs.length - 1}.back.vcd`), 'utf8')).toMatch(
        /\$timescale\s+1ps\s+\$end/,
      );
    });
  },
);
