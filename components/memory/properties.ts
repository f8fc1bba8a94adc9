import fc from 'fast-check';
import {
  actionEnergyPj,
  completesExactlyOnce,
  cyclesOf,
  defineProperties,
  energyClose,
  firstWrongTiming,
  type ObservedRun,
} from '../../core/verify/index.js';

/** Keeps generated accesses within every shipped capacity while still spanning many accesses of a narrow buffer. */
const MAX_GENERATED_BYTES = 512;

/** DRAM transfers up to a few KiB: long enough for bandwidth, not latency, to dominate. */
const MAX_GENERATED_DRAM_BYTES = 4096;

const num = (v: unknown): number => Number(v);

const accessArbitrary = (max: number) => fc.record({ bytes: fc.integer({ min: 1, max: Math.max(1, max) }) });

/** Bytes the operations named `op` asked for. */
function requested(run: ObservedRun, op?: string): number {
  return run.operations.filter((o) => op === undefined || o.op === op).reduce((s, o) => s + num(o.args['bytes']), 0);
}

/** memory.buffer: reads and writes up to MAX_GENERATED_BYTES, never beyond the capacity. */
export const memoryBufferProperties = defineProperties({
  operations: {
    read: (p) => accessArbitrary(Math.min(num(p['capacity']), MAX_GENERATED_BYTES)),
    write: (p) => accessArbitrary(Math.min(num(p['capacity']), MAX_GENERATED_BYTES)),
  },
  checks: [
    completesExactlyOnce(),
    {
      name: 'an access alone takes latency_cycles + ceil(ceil(bytes·8 / width_bits) / banks) cycles',
      kind: 'timing',
      check: (run) => {
        const p = run.params;
        return firstWrongTiming(
          run,
          (a) =>
            num(p['latency_cycles']) +
            Math.ceil(Math.ceil((num(a['bytes']) * 8) / num(p['width_bits'])) / num(p['banks'])),
          'latency_cycles + ceil(accesses / banks)',
        );
      },
    },
    {
      name: 'bytes read and written equal bytes requested, and each access of width_bits is charged once',
      kind: 'conservation',
      schedule: 'concurrent',
      check: (run) => {
        const counters = run.report.components[run.path]?.counters ?? {};
        for (const [op, counter, energy] of [
          ['read', 'bytes_read', 'read_energy'],
          ['write', 'bytes_written', 'write_energy'],
        ] as const) {
          const want = requested(run, op);
          if (counters[counter] !== want)
            return `${counter} is ${counters[counter]}, the ${op}s asked for ${want} bytes`;
          const accesses = run.operations
            .filter((o) => o.op === op)
            .reduce((s, o) => s + Math.ceil((num(o.args['bytes']) * 8) / num(run.params['width_bits'])), 0);
          const pj = accesses * num(run.params[energy]);
          if (!energyClose(actionEnergyPj(run, op), pj))
            return `${op} energy is ${actionEnergyPj(run, op)} pJ; ${accesses} accesses at ${run.params[energy]} pJ make ${pj} pJ`;
        }
        return undefined;
      },
    },
  ],
});

/** memory.dram: transfers up to MAX_GENERATED_DRAM_BYTES. */
export const memoryDramProperties = defineProperties({
  operations: {
    read: () => accessArbitrary(MAX_GENERATED_DRAM_BYTES),
    write: () => accessArbitrary(MAX_GENERATED_DRAM_BYTES),
  },
  checks: [
    completesExactlyOnce(),
    {
      name: 'a transfer alone takes ceil((latency + ceil(bytes / bandwidth)) / clock period) cycles',
      kind: 'timing',
      check: (run) =>
        firstWrongTiming(
          run,
          (a) =>
            cyclesOf(
              run,
              num(run.params['latency']) + Math.ceil((num(a['bytes']) * 1e12) / num(run.params['bandwidth'])),
            ),
          'latency + bytes / bandwidth',
        ),
    },
    {
      name: 'bytes transferred equal bytes requested, at energy_per_bit each bit',
      kind: 'conservation',
      schedule: 'concurrent',
      check: (run) => {
        const want = requested(run);
        const got = run.report.components[run.path]?.counters['bytes'];
        if (got !== want) return `bytes counter is ${got}, the transfers asked for ${want}`;
        const pj = want * 8 * num(run.params['energy_per_bit']);
        return energyClose(actionEnergyPj(run, 'dram_transfer'), pj)
          ? undefined
          : `transfer energy is ${actionEnergyPj(run, 'dram_transfer')} pJ; ${want} bytes make ${pj} pJ`;
      },
    },
  ],
});
