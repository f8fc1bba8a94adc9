import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { traceAt, traceSummary } from '../../../api/trace/inspect.js';
import { runWithTrace } from '../../../api/trace/record.js';
import { errorOf } from '../../support/helen-error.js';

const ARCH = 'architectures/examples/demo-chip.yaml';
const OPS = 'workloads/examples/demo-ops.jsonl';

/** The demo run's trace in `ext`'s format, as lines. */
function demoLines(ext: string): string[] {
  const file = join(mkdtempSync(join(tmpdir(), 'helen-trace-nonsense-')), `demo${ext}`);
  runWithTrace({ architecture: ARCH, workload: OPS }, { file });
  return readFileSync(file, 'utf8').split('\n');
}

/** Index of the last line matching `re`. */
function lastIndex(lines: string[], re: RegExp): number {
  for (let i = lines.length - 1; i >= 0; i--) if (re.test(lines[i]!)) return i;
  return -1;
}

/** Replaces the last `"ts":…` of a Perfetto trace with `ts`; returns the 1-based line changed. */
function perfettoTs(lines: string[], ts: string): number {
  const i = lastIndex(lines, /"ts":/);
  lines[i] = lines[i]!.replace(/"ts":[0-9.]+/, `"ts":${ts}`);
  return i + 1;
}

/** Replaces the last `#time` of a VCD with `stamp`. */
function vcdTime(lines: string[], stamp: string): number {
  const i = lastIndex(lines, /^#\d/);
  lines[i] = stamp;
  return i + 1;
}

interface Case {
  name: string;
  ext: '.json' | '.vcd' | '.jsonl';
  /** Spoils the lines; returns the line the error must name. */
  spoil(lines: string[]): number;
  code: string;
  message: RegExp;
  /** Refused even by a command that stops reading before the spoilt line (`at 1cycles`). */
  beforeReading?: boolean;
}

const CASES: Case[] = [
  {
    name: 'a Perfetto "ts" of 1e308 µs',
    ext: '.json',
    spoil: (l) => perfettoTs(l, '1e308'),
    code: 'E_TIME_OVERFLOW',
    message: /"ts" 1e\+308 µs is beyond the exact time range of 2\^53 ps/,
  },
  {
    name: 'a Perfetto "ts" of 10^20 µs written out in digits',
    ext: '.json',
    spoil: (l) => perfettoTs(l, '1' + '0'.repeat(20)),
    code: 'E_TIME_OVERFLOW',
    message: /"ts" 100000000000000000000 µs is beyond the exact time range/,
  },
  {
    name: 'a VCD time #1e29 (not a whole number)',
    ext: '.vcd',
    spoil: (l) => vcdTime(l, '#1e29'),
    code: 'E_TRACE_FORMAT',
    message: /bad timestamp "#1e29": expected # and a whole number/,
  },
  {
    name: 'a VCD time of 10^29 units written out in digits',
    ext: '.vcd',
    spoil: (l) => vcdTime(l, '#1' + '0'.repeat(29)),
    code: 'E_TIME_OVERFLOW',
    message: /timestamp "#10{29}" is beyond the exact time range of 2\^53 ps/,
  },
  {
    name: 'a VCD time just past 2^53 ps (in ns units)',
    ext: '.vcd',
    spoil: (l) => vcdTime(l, `#${Math.ceil(Number.MAX_SAFE_INTEGER / 1000) + 1}`),
    code: 'E_TIME_OVERFLOW',
    message: /is beyond the exact time range/,
  },
  {
    name: 'a JSON Lines trace without its close line',
    ext: '.jsonl',
    spoil: (l) => {
      l.splice(lastIndex(l, /"close"/), 1);
      return lastIndex(l, /\S/) + 1;
    },
    code: 'E_TRACE_FORMAT',
    message: /the trace ends at line \d+ without its "close" line: it was cut short/,
    beforeReading: true,
  },
  {
    name: 'a JSON Lines trace cut in the middle of a line',
    ext: '.jsonl',
    spoil: (l) => {
      l.length = lastIndex(l, /"close"/) - 3;
      l.push(l.pop()!.slice(0, 12));
      return l.length;
    },
    code: 'E_TRACE_FORMAT',
    message: /without its "close" line: it was cut short/,
    beforeReading: true,
  },
];

describe('trace files: times beyond the exact range and cut files are refused at their file and line', () => {
  it.each(CASES)('$name', ({ ext, spoil, code, message, beforeReading }) => {
    const lines = demoLines(ext);
    const line = spoil(lines);
    const file = join(mkdtempSync(join(tmpdir(), 'helen-trace-nonsense-')), `spoilt${ext}`);
    writeFileSync(file, lines.join('\n'));
    // summary reads the whole file; `at 1cycles` stops early, and still refuses a cut file.
    const reads = [() => traceSummary(file), ...(beforeReading ? [() => traceAt(file, '1cycles')] : [])];
    for (const read of reads) {
      const e = errorOf(read);
      expect(e.code).toBe(code);
      expect(e.message).toMatch(message);
      expect(e.location).toMatchObject({ file, line });
    }
  });
});

describe("another tool's Perfetto layout (read whole)", () => {
  it('a "ts" beyond the exact range is refused, naming the event by its place in traceEvents', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'helen-trace-nonsense-')), 'other.json');
    const events = [
      { ph: 'C', pid: 1, tid: 1, ts: 1, name: 'x', args: { v: 1 } },
      { ph: 'C', pid: 1, tid: 1, ts: 1e308, name: 'x', args: { v: 2 } },
    ];
    writeFileSync(file, JSON.stringify({ traceEvents: events }));
    const e = errorOf(() => traceSummary(file));
    expect(e.code).toBe('E_TIME_OVERFLOW');
    expect(e.format()).toMatch(/other\.json: traceEvents\[1\]: "ts" 1e\+308 µs is beyond the exact time range/);
  });
});
