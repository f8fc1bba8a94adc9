import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Session } from '../../../api/session.js';
import { verifyArchitecture } from '../../../api/verify.js';
import { sessionWith } from '../../support/session.js';
import { GenericUnit } from '../../../components/generic/unit.js';
import { defineProperties } from '../../../core/verify/index.js';

// The example of docs/verification.md, word for word apart from imports.
const myUnitProperties = defineProperties({
  operations: {
    compute: () => fc.record({ count: fc.integer({ min: 1, max: 8 }) }),
  },
  checks: [
    {
      name: 'a compute op alone takes count × cycles_per_op cycles',
      kind: 'timing',
      schedule: 'serial',
      check: (run) => {
        for (const o of run.operations) {
          const want = Number(o.args['count']) * Number(run.params['cycles_per_op']);
          if (o.cycles !== want) return `${o.id} took ${o.cycles} cycles, expected ${want}`;
        }
      },
    },
  ],
});

/** A user's session: generic.unit carries the user's properties (and, optionally, a user's own faulty model). */
function session(faulty: boolean): Session {
  return sessionWith((t) =>
    t.type !== 'generic.unit'
      ? t
      : {
          ...t,
          properties: myUnitProperties,
          ...(faulty
            ? {
                create: (ctx: ConstructorParameters<typeof GenericUnit>[0]) =>
                  new (class extends GenericUnit {
                    override compute(count: number, _cycles: number, done: () => void) {
                      super.compute(count, count * 2, done);
                    }
                  })(ctx),
              }
            : {}),
        },
  );
}

describe('a user-written property (docs/verification.md)', () => {
  it('holds on the demo chip and is listed per unit', () => {
    const r = verifyArchitecture({
      architecture: 'architectures/examples/demo-chip.yaml',
      session: session(false),
      runs: 10,
      component: 'chip.pe[0]',
    });
    expect(r.properties.filter((p) => p.component === 'chip.pe[0]').map((p) => [p.property, p.status])).toEqual([
      ['generic.unit: a compute op alone takes count × cycles_per_op cycles', 'passed'],
    ]);
  });

  it('fails, shrunk to one operation of count 1, on a unit that ignores cycles_per_op', () => {
    const r = verifyArchitecture({
      architecture: 'architectures/examples/demo-chip.yaml',
      session: session(true),
      runs: 10,
      component: 'chip.pe[0]',
      property: 'generic.unit: a compute op alone takes count × cycles_per_op cycles',
    });
    const f = r.properties[0]!.failure!;
    expect(f.message).toBe('op0 took 2 cycles, expected 4'); // demo-chip's units take 4 cycles per op
    // Shrunk to the smallest case: one op, no issue time, and the simulation seed shrunk to 1.
    expect(f.workload).toBe(
      '# helen verify counter-example: replay with --seed 1\n{"to":"chip.pe[0]","op":"compute","id":"op0","count":1}\n',
    );
    expect(f.sim_seed).toBe(1);
  });
});
