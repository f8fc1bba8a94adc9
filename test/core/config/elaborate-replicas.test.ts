import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultRegistry } from '../../support/session.js';
import { elaborate, loadArchitecture, type Component } from '../../../core/index.js';

const registry = defaultRegistry();
const file = join(mkdtempSync(join(tmpdir(), 'helen-replicas-')), 't.yaml');

/** A group of `n` units whose `cycles_per_op` is written as `expr`, elaborated with `overrides`. */
function cyclesPerOp(n: number, expr: string, overrides: [string, string][] = []): number[] {
  const yaml = `name: t\nclock: 1GHz\nparams: { k: 3 }\ncomponents:\n  chip:\n    type: generic.group\n    children:\n      pe:\n        type: generic.unit\n        count: ${n}\n        params: { cycles_per_op: "${expr}" }\n`;
  writeFileSync(file, yaml);
  const model = elaborate(loadArchitecture(file, { registry }), { registry, overrides: new Map(overrides) });
  return Array.from(
    { length: n },
    (_, i) => ((model.sim.component(`chip.pe[${i}]`) as Component).params as { cycles_per_op: number }).cycles_per_op,
  );
}

describe('parameters of replicated bodies', () => {
  it('property: a parameter naming index takes each replica’s own value; an index-free one is the same in every replica', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 5 }), (n, a) => {
        expect(cyclesPerOp(n, `index * ${a} + k`)).toEqual(Array.from({ length: n }, (_, i) => i * a + 3));
        expect(cyclesPerOp(n, `${a} * k`)).toEqual(Array.from({ length: n }, () => a * 3));
      }),
      { numRuns: 30 },
    );
  });

  it('an override of one replica changes that replica only, and a variable override changes them all', () => {
    expect(cyclesPerOp(4, 'k', [['chip.pe[2].cycles_per_op', '9']])).toEqual([3, 3, 9, 3]);
    expect(cyclesPerOp(4, 'k', [['k', '5']])).toEqual([5, 5, 5, 5]);
  });
});
