import fc from 'fast-check';
import { defineProperties, type ComponentCheck, type ObservedRun } from '../../core/verify/index.js';

/** Keeps generated accesses within every capacity while still spanning several cycles of transfer. */
const MAX_GENERATED_BYTES = 256;

const num = (v: unknown, fallback = 0): number => (typeof v === 'number' ? v : fallback);

/** Conservation shared by every serial server: each issued operation is reported done once, never twice, never dropped. */
export const completesExactlyOnce: ComponentCheck = {
  name: 'every operation completes exactly once',
  kind: 'conservation',
  schedule: 'concurrent',
  maxOperations: 6,
  check: (run) => {
    const bad = run.operations.find((o) => o.completions !== 1);
    return bad ? `${bad.id} (${bad.op} ${JSON.stringify(bad.args)}) completed ${bad.completions} times` : undefined;
  },
};

/** The first operation whose cycles differ from `expected`, described. */
function firstWrongTiming(
  run: ObservedRun,
  expected: (args: Record<string, unknown>, op: string) => number | undefined,
  rule: string,
): string | undefined {
  for (const o of run.operations) {
    const want = expected(o.args, o.op);
    if (want !== undefined && o.cycles !== want)
      return `${o.id} (${o.op} ${JSON.stringify(o.args)}) took ${o.cycles} cycles alone; ${rule} gives ${want}`;
  }
  return undefined;
}

/** generic.unit: compute bursts (sends depend on the wiring, so the verifier probes them instead). */
export const genericUnitProperties = defineProperties({
  operations: {
    compute: () =>
      fc.record(
        { count: fc.integer({ min: 1, max: 8 }), cycles: fc.integer({ min: 1, max: 16 }) },
        { requiredKeys: ['count'] },
      ),
  },
  checks: [
    completesExactlyOnce,
    {
      name: 'a compute op alone takes count × cycles_per_op cycles (or its cycles argument)',
      kind: 'timing',
      check: (run) =>
        firstWrongTiming(
          run,
          (a) =>
            a['cycles'] !== undefined ? num(a['cycles']) : num(a['count'], 1) * num(run.params['cycles_per_op'], 1),
          'count × cycles_per_op',
        ),
    },
    {
      name: 'the ops counter equals the sum of the counts',
      kind: 'conservation',
      schedule: 'concurrent',
      check: (run) => {
        const want = run.operations.reduce((s, o) => s + num(o.args['count'], 1), 0);
        const got = run.report.components[run.path]?.counters['ops'];
        return got === want ? undefined : `ops counter is ${got}, the operations asked for ${want}`;
      },
    },
  ],
});

/** generic.memory: reads and writes of up to MAX_GENERATED_BYTES (and never beyond its capacity). */
export const genericMemoryProperties = defineProperties({
  operations: {
    read: (p) =>
      fc.record({
        bytes: fc.integer({ min: 1, max: Math.max(1, Math.min(num(p['capacity'], 1), MAX_GENERATED_BYTES)) }),
      }),
    write: (p) =>
      fc.record({
        bytes: fc.integer({ min: 1, max: Math.max(1, Math.min(num(p['capacity'], 1), MAX_GENERATED_BYTES)) }),
      }),
  },
  checks: [
    completesExactlyOnce,
    {
      name: 'an access alone takes latency_cycles + ceil(bytes / bytes_per_cycle) cycles',
      kind: 'timing',
      check: (run) =>
        firstWrongTiming(
          run,
          (a) => num(run.params['latency_cycles']) + Math.ceil(num(a['bytes']) / num(run.params['bytes_per_cycle'], 1)),
          'latency_cycles + ceil(bytes / bytes_per_cycle)',
        ),
    },
    {
      name: 'bytes read and written equal bytes requested',
      kind: 'conservation',
      schedule: 'concurrent',
      check: (run) => {
        const counters = run.report.components[run.path]?.counters ?? {};
        for (const [op, counter] of [
          ['read', 'bytes_read'],
          ['write', 'bytes_written'],
        ] as const) {
          const want = run.operations.filter((o) => o.op === op).reduce((s, o) => s + num(o.args['bytes']), 0);
          if (counters[counter] !== want)
            return `${counter} is ${counters[counter]}, the ${op}s asked for ${want} bytes`;
        }
        return undefined;
      },
    },
  ],
});
