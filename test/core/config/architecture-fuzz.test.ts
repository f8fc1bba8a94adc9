import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { fuzzSandbox, notMidSized, runs, smallInt } from './fuzz-helpers.js';

// Random architectures built as YAML documents; the contract is in fuzz-helpers.ts.

const { outcome } = fuzzSandbox();

describe('loader fuzzing: random architectures', () => {
  it('property: random architectures (component trees with random types, params, counts and connections) yield a valid model or located HelenErrors', () => {
    const value = fc.oneof(
      fc.constantFrom(
        '1',
        '4',
        '0',
        '-1',
        '2.5',
        '64KiB',
        '5pJ',
        '1mW',
        '0.1mm2',
        '10ns',
        'n',
        'n * 2',
        'index',
        'index + 1',
        'nn',
        '1e308',
        'true',
        '',
      ),
      smallInt,
      fc.double().filter(notMidSized),
      fc.boolean(),
      fc.constant(null),
      fc.constant([1, [2]]),
    );
    const name = fc.constantFrom(
      'a',
      'b',
      'pe',
      'sram',
      'chip',
      'x_1',
      'Δ',
      'pe[0..2]',
      'q[1..n]',
      'r[n..0]',
      'big[0..99999999]',
      '0bad',
      'constructor',
      '__proto__',
      'toString',
    );
    const paramKey = fc.constantFrom(
      'cycles_per_op',
      'energy_per_op',
      'in_depth',
      'area',
      'leakage',
      'capacity',
      'bytes_per_cycle',
      'latency_cycles',
      'read_energy_per_byte',
      'cycles_per_opp',
      '__proto__',
      'constructor',
    );
    const endpoint = fc
      .tuple(
        fc.constantFrom(
          'a',
          'b',
          'pe',
          'pe[0]',
          'pe[0..1]',
          'pe[n]',
          'pe[index]',
          'chip.a',
          'sram',
          'zz',
          'pe[0..99999999]',
          'q[1..n]',
        ),
        fc.constantFrom('out', 'in', 'nope'),
      )
      .map(([c, p]) => `${c}.${p}`);
    const optionKey = fc.constantFrom(
      'latency',
      'latency_cycles',
      'bytes_per_cycle',
      'depth',
      'energy_per_byte',
      'clock',
      'toString',
      'hasOwnProperty',
    );
    // Maps (not objects) so keys like __proto__ survive into the YAML text.
    const entries = <V>(k: fc.Arbitrary<string>, v: fc.Arbitrary<V>, maxLength: number) =>
      fc.uniqueArray(fc.tuple(k, v), { selector: (e) => e[0], maxLength }).map((es) => new Map<string, unknown>(es));
    const connection = fc
      .tuple(fc.option(endpoint), fc.option(endpoint), entries(optionKey, value, 2))
      .map(([from, to, opts]) => {
        const m = new Map<string, unknown>();
        if (from !== null) m.set('from', from);
        if (to !== null) m.set('to', to);
        for (const [k, v] of opts) m.set(k, v);
        return m;
      });
    const component = (depth: number): fc.Arbitrary<Map<string, unknown>> =>
      fc
        .record({
          type: fc.constantFrom<unknown>(
            'generic.unit',
            'generic.unit',
            'generic.memory',
            'generic.group',
            'generic.group',
            'generic.unti',
            7,
            null,
          ),
          count: fc.option(
            fc.oneof(
              fc.integer({ min: 0, max: 3 }),
              fc.constantFrom<unknown>('n', 'n + 1', -1, 'x', 2.5, 99_999_999, []),
            ),
            { nil: undefined },
          ),
          clock: fc.option(fc.constantFrom('main', 'slow', 'nope'), { nil: undefined }),
          params: fc.option(entries(paramKey, value, 4), { nil: undefined }),
          children:
            depth > 0 ? fc.option(entries(name, component(depth - 1), 3), { nil: undefined }) : fc.constant(undefined),
          connections: fc.option(fc.array(connection, { maxLength: 2 }), { nil: undefined }),
        })
        .map((r) => new Map(Object.entries(r).filter(([, v]) => v !== undefined)));
    const architecture = fc
      .record({
        name: fc.option(fc.constantFrom<unknown>('fuzz', 42, ''), { nil: undefined }),
        clock: fc.option(fc.constantFrom<unknown>('1GHz', '1ns', 0, 'fast', '2THz', 1e308, null, '1.5ns'), {
          nil: undefined,
        }),
        clocks: fc.option(
          entries(fc.constantFrom('slow', 'main', 'bad name'), fc.constantFrom<unknown>('100MHz', '10ns', 'x', -1), 2),
          { nil: undefined },
        ),
        params: fc.option(entries(fc.constantFrom('n', 'm', 'index'), value, 2), { nil: undefined }),
        components: fc.option(entries(name, component(2), 4), { nil: undefined }),
        connections: fc.option(fc.array(connection, { maxLength: 3 }), { nil: undefined }),
      })
      .map((r) => new Map(Object.entries(r).filter(([, v]) => v !== undefined)));
    fc.assert(
      fc.property(architecture, (arch) => {
        outcome('random', { 'a.yaml': stringify(arch) });
      }),
      runs(200),
    );
  });

  it('property: well-formed random trees always elaborate, one instance per replica', () => {
    type Node = {
      type: 'generic.group' | 'generic.unit' | 'generic.memory';
      count: number | undefined;
      children: Map<string, Node>;
    };
    const node = (depth: number): fc.Arbitrary<Node> =>
      fc.oneof(
        fc.record({
          type: fc.constantFrom('generic.unit' as const, 'generic.memory' as const),
          count: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
          children: fc.constant(new Map<string, Node>()),
        }),
        fc.record({
          type: fc.constant('generic.group' as const),
          count: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
          children:
            depth > 0
              ? fc
                  .uniqueArray(fc.tuple(fc.constantFrom('a', 'b', 'c', 'pe', 'mem'), node(depth - 1)), {
                    selector: (e) => e[0],
                    maxLength: 3,
                  })
                  .map((es) => new Map(es))
              : fc.constant(new Map<string, Node>()),
        }),
      );
    const toYaml = (n: Node): Map<string, unknown> => {
      const m = new Map<string, unknown>([['type', n.type]]);
      if (n.count !== undefined) m.set('count', n.count);
      if (n.type === 'generic.memory') m.set('params', { capacity: '1KiB' });
      if (n.children.size) m.set('children', new Map([...n.children].map(([k, c]) => [k, toYaml(c)])));
      return m;
    };
    const instances = (n: Node): number =>
      (n.count ?? 1) * (1 + [...n.children.values()].reduce((s, c) => s + instances(c), 0));
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(fc.constantFrom('top', 'chip', 'io'), node(3)), {
          selector: (e) => e[0],
          minLength: 1,
          maxLength: 2,
        }),
        (roots) => {
          const doc = new Map<string, unknown>([
            ['name', 'ok'],
            ['clock', '1GHz'],
            ['components', new Map(roots.map(([k, n]) => [k, toYaml(n)]))],
          ]);
          const r = outcome('valid', { 'a.yaml': stringify(doc) });
          expect(r).toEqual({ kind: 'model', components: roots.reduce((s, [, n]) => s + instances(n), 0) });
        },
      ),
      runs(100),
    );
  });
});
