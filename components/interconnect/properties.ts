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

/** Transfers up to a few KiB: many cycles of every shipped width, still quick to simulate. */
const MAX_GENERATED_BYTES = 4096;

/** Routes across a small mesh. */
const MAX_GENERATED_HOPS = 6;

const num = (v: unknown): number => Number(v);

const bytesArbitrary = fc.integer({ min: 1, max: MAX_GENERATED_BYTES });

/** Conservation of what a channel carries: the energy charged for `action` is `units(args)` × the per-unit energy. */
function chargedFor(
  action: string,
  perUnit: string,
  units: (a: Readonly<Record<string, unknown>>, p: Readonly<Record<string, unknown>>) => number,
  what: string,
) {
  return {
    name: `every ${what} carried is charged once: ${action} energy = ${what}s × ${perUnit}`,
    kind: 'conservation' as const,
    schedule: 'concurrent' as const,
    check: (run: ObservedRun) => {
      const n = run.operations.reduce((s, o) => s + units(o.args, run.params), 0);
      const pj = n * num(run.params[perUnit]);
      const got = actionEnergyPj(run, action);
      return energyClose(got, pj)
        ? undefined
        : `${action} energy is ${got} pJ; ${n} ${what}s at ${run.params[perUnit]} pJ make ${pj} pJ`;
    },
  };
}

/** interconnect.bus: transfers of up to MAX_GENERATED_BYTES. */
export const interconnectBusProperties = defineProperties({
  operations: { transfer: () => fc.record({ bytes: bytesArbitrary }) },
  checks: [
    completesExactlyOnce(),
    {
      name: 'a transfer alone takes ceil(bytes·8 / width_bits) + latency_cycles cycles',
      kind: 'timing',
      check: (run) =>
        firstWrongTiming(
          run,
          (a) => Math.ceil((num(a['bytes']) * 8) / num(run.params['width_bits'])) + num(run.params['latency_cycles']),
          'ceil(bits / width_bits) + latency_cycles',
        ),
    },
    chargedFor('bus_bit', 'energy_per_bit', (a) => num(a['bytes']) * 8, 'bit'),
  ],
});

/** interconnect.router: transfers of up to MAX_GENERATED_BYTES over 1–MAX_GENERATED_HOPS routers. */
export const interconnectRouterProperties = defineProperties({
  operations: {
    transfer: () => fc.record({ bytes: bytesArbitrary, hops: fc.integer({ min: 1, max: MAX_GENERATED_HOPS }) }),
  },
  checks: [
    completesExactlyOnce(),
    {
      name: 'a transfer alone takes ceil(bits / flit_bits) + hops × hop_latency_cycles cycles',
      kind: 'timing',
      check: (run) =>
        firstWrongTiming(
          run,
          (a) =>
            Math.ceil((num(a['bytes']) * 8) / num(run.params['flit_bits'])) +
            num(a['hops']) * num(run.params['hop_latency_cycles']),
          'flits + hops × hop_latency_cycles',
        ),
    },
    chargedFor(
      'flit_hop',
      'energy_per_flit',
      (a, p) => Math.ceil((num(a['bytes']) * 8) / num(p['flit_bits'])) * num(a['hops']),
      'flit-hop',
    ),
  ],
});

/** interconnect.link: transfers of up to MAX_GENERATED_BYTES. */
export const interconnectLinkProperties = defineProperties({
  operations: { transfer: () => fc.record({ bytes: bytesArbitrary }) },
  checks: [
    completesExactlyOnce(),
    {
      name: 'a transfer alone takes cycles(bytes / bandwidth) + cycles(latency)',
      kind: 'timing',
      check: (run) =>
        firstWrongTiming(
          run,
          (a) =>
            cyclesOf(run, Math.ceil((num(a['bytes']) * 1e12) / num(run.params['bandwidth']))) +
            cyclesOf(run, num(run.params['latency'])),
          'bytes / bandwidth + latency',
        ),
    },
    chargedFor('link_bit', 'energy_per_bit', (a) => num(a['bytes']) * 8, 'bit'),
  ],
});
