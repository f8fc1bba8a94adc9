// What `helen verify` checks on every cim.sram_macro: random GEMMs against the closed form.
import { actionEnergyPj, completesExactlyOnce, defineProperties, energyClose, fc, firstWrongTiming } from 'helen';
import { gemmCost } from './timing.js';

/** Up to three tiles along K and N: partial and whole tiles, still a few hundred cycles a case. */
const TILES_PER_DIMENSION = 3;

/**
 * The geometry of the macro under check, from its parameters (canonical units).
 * @param {Readonly<Record<string, unknown>>} p
 */
function geometry(p) {
  return {
    rows: Number(p['rows']),
    columns: Number(p['columns']),
    input_bits: Number(p['input_bits']),
    mac_latency: Number(p['mac_latency']),
    row_write_cycles: Number(p['row_write_cycles']),
  };
}

/**
 * The cost of one observed gemm.
 * @param {Readonly<Record<string, unknown>>} p the macro's parameters
 * @param {Readonly<Record<string, unknown>>} a the operation's arguments
 */
const costOf = (p, a) => gemmCost(geometry(p), Number(a['M']), Number(a['N']), Number(a['K']));

/** cim.sram_macro: GEMMs of random shapes, from part of one tile to several tiles each way. */
export const sramMacroProperties = defineProperties({
  operations: {
    gemm: (p) =>
      fc.record({
        M: fc.integer({ min: 1, max: 16 }),
        N: fc.integer({ min: 1, max: TILES_PER_DIMENSION * Number(p['columns']) }),
        K: fc.integer({ min: 1, max: TILES_PER_DIMENSION * Number(p['rows']) }),
      }),
  },
  checks: [
    completesExactlyOnce(),
    {
      name: 'a gemm alone takes ceil(K/rows)·ceil(N/columns)·(rows·row_write_cycles + M·input_bits·mac_latency) cycles',
      kind: 'timing',
      check: (run) => firstWrongTiming(run, (a) => costOf(run.params, a).cycles, 'the closed form'),
    },
    {
      name: 'macs count M·N·K per gemm and the mac energy is macs × energy_per_mac',
      kind: 'conservation',
      schedule: 'concurrent',
      check: (run) => {
        const want = run.operations.reduce((sum, o) => sum + costOf(run.params, o.args).macs, 0);
        const got = run.report.components[run.path]?.counters['macs'];
        if (got !== want) return `macs counter is ${got}; the gemms asked for ${want}`;
        const energy = actionEnergyPj(run, 'mac');
        const expected = want * Number(run.params['energy_per_mac']);
        return energyClose(energy, expected)
          ? undefined
          : `mac energy is ${energy} pJ; ${want} MACs × energy_per_mac is ${expected} pJ`;
      },
    },
  ],
});
