import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultRegistry, sessionWith } from '../../support/session.js';
import { elaborate, HelenErrors, loadArchitecture, MAX_INSTANCES, type Component } from '../../../core/index.js';

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

/** Elaborates `children` of one group, counting the instances its types built; the problems when it is refused. */
function countedBuild(children: string): { built: number; problems: HelenErrors['problems'] } {
  let built = 0;
  const session = sessionWith((t) => ({
    ...t,
    create: (ctx) => (built++, t.create(ctx)),
  }));
  writeFileSync(
    file,
    `name: t\nclock: 1GHz\ncomponents:\n  chip:\n    type: generic.group\n    children:\n${children}`,
  );
  try {
    const model = elaborate(loadArchitecture(file, { registry: session.registry }), { registry: session.registry });
    expect(model.sim.components).toHaveLength(built);
    return { built, problems: [] };
  } catch (e) {
    if (!(e instanceof HelenErrors)) throw e;
    return { built, problems: e.problems };
  }
}

describe('the instance limit', () => {
  const unit = (name: string, count: string, indent = 6): string =>
    `${' '.repeat(indent)}${name}:\n${' '.repeat(indent + 2)}type: generic.unit\n${' '.repeat(indent + 2)}count: ${count}\n`;
  const group = (name: string, count: string, body: string): string =>
    `      ${name}:\n        type: generic.group\n        count: ${count}\n        children:\n${body}`;
  it.each([
    { case: 'one count one past the limit', children: unit('pe', String(MAX_INSTANCES)), blamed: 'pe', line: 9 },
    {
      case: 'counts nested 1000 × 1000',
      children: group('tile', '1000', unit('pe', '1000', 10)),
      blamed: 'tile',
      line: 9,
    },
    {
      case: 'a count growing with the parent’s index',
      children: group('tile', '1000', unit('pe', 'index * 10', 10)),
      blamed: 'tile',
      line: 9,
    },
    {
      case: 'two bodies that together cross it',
      children: unit('a', '150000') + unit('b', '150000'),
      blamed: 'b',
      line: 12,
    },
  ])('$case: refused at the count before any instance is built', ({ children, blamed, line }) => {
    const { built, problems } = countedBuild(children);
    expect(built).toBe(0);
    expect(problems.map((p) => [p.code, p.location?.line, p.message])).toEqual([
      [
        'E_LIMIT',
        line,
        `with the replicas of "${blamed}" the architecture has more than ${MAX_INSTANCES} component instances, the limit`,
      ],
    ]);
  });

  it('property: below the limit, nested counts (index-free or naming index) build exactly the instances they count', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 0, max: 5 }),
        fc.boolean(),
        (tiles, pes, byIndex) => {
          const r = countedBuild(
            group('tile', String(tiles), unit('pe', byIndex ? `index + ${pes}` : String(pes), 10)),
          );
          const perTile = (i: number): number => (byIndex ? i + pes : pes);
          const expected = 1 + Array.from({ length: tiles }, (_, i) => 1 + perTile(i)).reduce((a, b) => a + b, 0);
          expect(r.problems).toEqual([]);
          expect(r.built).toBe(expected);
        },
      ),
      { numRuns: 25 },
    );
  });
});
