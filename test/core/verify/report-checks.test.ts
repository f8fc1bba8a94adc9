import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkEnergyAndCountersNonNegative,
  checkSubtreeSums,
  compareResults,
  fromOpTrace,
  inScope,
  opTraceArbitrary,
  toOpTrace,
  type ObservedReport,
} from '../../../core/verify/index.js';

function report(): ObservedReport {
  const c = (energy: number, subtree: number, area: number, subtreeArea: number) => ({
    energy_pj: energy,
    subtree_energy_pj: subtree,
    energy_by_action_pj: { op: energy },
    area_mm2: area,
    subtree_area_mm2: subtreeArea,
    busy_ps: 5,
    counters: { ops: 2 },
  });
  return {
    time_ps: 10,
    energy_pj: 6,
    energy_by_action_pj: { op: 6 },
    stop: { reason: 'completed', message: '' },
    components: { chip: c(1, 6, 0.5, 1.5), 'chip.pe[0]': c(2, 2, 0.5, 0.5), 'chip.pe[1]': c(3, 3, 0.5, 0.5) },
  };
}

describe('report invariants', () => {
  it('a consistent report passes both checks', () => {
    expect(checkSubtreeSums(report())).toBeUndefined();
    expect(checkEnergyAndCountersNonNegative(report())).toBeUndefined();
  });

  it('a subtree that does not add up is named', () => {
    const r = report();
    r.components['chip']!.subtree_energy_pj = 7;
    expect(checkSubtreeSums(r)).toMatch(/^chip: subtree energy 7 pJ/);
  });

  it('a negative counter is named with its component', () => {
    const r = report();
    r.components['chip.pe[1]']!.counters['ops'] = -1;
    expect(checkEnergyAndCountersNonNegative(r)).toBe('chip.pe[1] counter ops is -1');
  });

  it('results compare by value and name the first difference', () => {
    const b = report();
    b.components['chip.pe[0]']!.busy_ps = 6;
    expect(compareResults(report(), report())).toBeUndefined();
    expect(compareResults(report(), b)).toBe('components.chip.pe[0].busy_ps: 5 vs 6');
  });
});

describe('workload arbitraries', () => {
  const sources = [
    { to: 'chip.pe[0]', op: 'compute', args: fc.record({ count: fc.integer({ min: 1, max: 9 }) }) },
    { to: 'chip.sram', op: 'read', args: fc.record({ bytes: fc.integer({ min: 1, max: 64 }) }) },
  ];

  it('every generated trace reads back line for line, ids unique, `after` naming only earlier ids', () => {
    fc.assert(
      fc.property(opTraceArbitrary(sources), (lines) => {
        expect(fromOpTrace(toOpTrace(lines))).toEqual(lines);
        const seen = new Set<string>();
        for (const l of lines) {
          if ('phase' in l) continue;
          for (const d of l.after ?? []) expect(seen.has(d)).toBe(true);
          expect(seen.has(l.id)).toBe(false);
          seen.add(l.id);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('a scope covers itself, its children and its replicas, not a sibling sharing its prefix', () => {
    expect([
      inScope('chip.pe', 'chip.pe'),
      inScope('chip.pe[2].x', 'chip.pe'),
      inScope('chip.pe.y', 'chip.pe'),
      inScope('chip.pes', 'chip.pe'),
    ]).toEqual([true, true, true, false]);
  });
});
