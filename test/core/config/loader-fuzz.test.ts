import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { fuzzSandbox, notMidSized, runs, smallInt } from './fuzz-helpers.js';

// Text, YAML token soup and mutations of the demo chip. Random architectures are in
// architecture-fuzz.test.ts, include graphs in include-fuzz.test.ts; the contract is in fuzz-helpers.ts.

const { outcome } = fuzzSandbox();

const DEMO = readFileSync('architectures/examples/demo-chip.yaml', 'utf8');
const PE = readFileSync('architectures/examples/parts/pe.yaml', 'utf8');

const deepNest = fc
  .tuple(fc.constantFrom(10, 63, 65, 200, 10_000), fc.boolean())
  .map(([n, seq]) => (seq ? '['.repeat(n) + ']'.repeat(n) : '{a: '.repeat(n) + '1' + '}'.repeat(n)));

/** A billion laughs in one flow value: 10^9 nodes if aliases were expanded naively. */
const aliasBomb = (() => {
  const levels = ['&l0 [1,1,1,1,1,1,1,1,1,1]'];
  for (let i = 1; i < 9; i++)
    levels.push(
      `&l${i} [${Array(10)
        .fill(`*l${i - 1}`)
        .join(',')}]`,
    );
  return `[${levels.join(', ')}]`;
})();

const scalarText = fc.oneof(
  fc.constantFrom(
    '1e308',
    '-1e308',
    '1e309',
    '-1',
    '0',
    '1.5',
    'NaN',
    '.nan',
    '.inf',
    '-.inf',
    '99999999',
    '1e-320',
    '0x10',
    '~',
    'null',
    'true',
    '[]',
    '{}',
    '""',
    '"\\u0000"',
    '\u202e\u200b',
    'ℵ₀',
    '🦀🦀',
    '\ud800',
    'stages * 1e308',
    'pow(2, 1024)',
    'stages / 0',
    '*nowhere',
    '&a 3',
    '&r [*r]',
    '{<<: *nowhere}',
    'generic.unti',
    'generic.group',
    'parts/pe.yaml',
    'pe.yaml',
    '../demo-chip.yaml',
    'demo-chip.yaml',
    '../../escape.yaml',
    '/etc/passwd',
    'pe[0..99999999].out',
    'pe[0..stages].in',
    'pe[stages].out',
    '5pJ',
    '5 mW',
    '1 THz',
    '0.5ps',
    '1e9 GHz',
    aliasBomb,
  ),
  smallInt.map(String),
  fc.double().filter(notMidSized).map(String),
  fc.string({ unit: 'grapheme', maxLength: 20 }).map((s) => JSON.stringify(s)),
  fc.string({ maxLength: 20 }),
  deepNest,
);

const keyText = fc.constantFrom(
  'name',
  'clock',
  'clocks',
  'params',
  'include',
  'components',
  'connections',
  'type',
  'count',
  'children',
  'from',
  'to',
  'latency',
  'depth',
  'cycles_per_opp',
  'capacity',
  'in_depth',
  'leakage',
  'pe[0..99999999]',
  'pe[0..stages]',
  'pe[stages..0]',
  '__proto__',
  'toString',
  'constructor',
  'ünïcödé',
  '"quoted key"',
  '? complex',
  '<<',
  '0',
);

type Mutation = {
  kind: 'delete' | 'duplicate' | 'swap' | 'scalar' | 'key' | 'insert';
  file: 0 | 1;
  i: number;
  j: number;
  key: string;
  value: string;
};
const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('delete', 'duplicate', 'swap', 'scalar', 'key', 'insert'),
  file: fc.constantFrom(0 as const, 0 as const, 1 as const),
  i: fc.nat(),
  j: fc.nat(),
  key: keyText,
  value: scalarText,
});

function mutate(text: string, m: Mutation): string {
  const lines = text.split('\n');
  const i = m.i % lines.length;
  const j = m.j % lines.length;
  const line = lines[i]!;
  const indent = /^\s*(- )?/.exec(line)![0].replace('- ', '  ');
  switch (m.kind) {
    case 'delete':
      lines.splice(i, 1);
      break;
    case 'duplicate':
      lines.splice(i, 0, line);
      break;
    case 'swap':
      [lines[i], lines[j]] = [lines[j]!, line];
      break;
    case 'scalar':
      lines[i] = line.includes(':') ? line.replace(/:(\s.*)?$/, `: ${m.value}`) : `${indent}${m.value}`;
      break;
    case 'key':
      lines[i] = line.replace(/^(\s*(?:- )?)[^:\s][^:]*:/, `$1${m.key}:`);
      break;
    case 'insert':
      lines.splice(i + 1, 0, `${indent}${m.key}: ${m.value}`);
      break;
  }
  return lines.join('\n');
}

const overrideArb = fc.option(
  fc
    .array(
      fc.tuple(
        fc.constantFrom(
          'stages',
          'op_energy',
          'clock',
          'params.stages',
          'chip.sram.capacity',
          'chip.pe.in_depth',
          'chip.pe[1].cycles_per_op',
          'clocks.x',
          'stagse',
          '',
        ),
        scalarText.filter((s) => s.length < 200),
      ),
      { maxLength: 3 },
    )
    .map((pairs) => new Map(pairs)),
  { nil: undefined },
);

describe('loader fuzzing', () => {
  it('the unmutated demo chip elaborates (the mutation baseline is valid)', () => {
    expect(outcome('baseline', { 'demo-chip.yaml': DEMO, 'parts/pe.yaml': PE })).toEqual({
      kind: 'model',
      components: 5,
    });
  });

  it('property: any unicode text yields a valid model or located HelenErrors', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.string({ unit: 'grapheme', maxLength: 300 }), (header, text) => {
        outcome('text', { 'a.yaml': (header ? 'name: x\nclock: 1GHz\n' : '') + text });
      }),
      runs(150),
    );
  });

  it('property: any binary text yields a valid model or located HelenErrors', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        outcome('binary', { 'a.yaml': text });
      }),
      runs(150),
    );
  });

  it('property: YAML-shaped token soup yields a valid model or located HelenErrors', () => {
    const token = fc.oneof(
      {
        weight: 3,
        arbitrary: fc.constantFrom(
          ': ',
          '\n',
          '\n  ',
          '\n    ',
          '- ',
          '[',
          ']',
          '{',
          '}',
          ', ',
          '"',
          "'",
          '# ',
          '|\n',
          '>\n',
          '---\n',
          '? ',
          '!!str ',
          '!!map ',
          '%YAML 1.2\n',
          '\t',
        ),
      },
      { weight: 2, arbitrary: keyText },
      { weight: 2, arbitrary: scalarText.filter((s) => s.length < 200) },
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 60 }), (tokens) => {
        outcome('soup', { 'a.yaml': 'name: soup\nclock: 1GHz\n' + tokens.join('') });
      }),
      runs(200),
    );
  });

  it('property: mutated demo chips (lines deleted/duplicated/swapped, odd scalars, deep nesting, alias bombs, huge ranges, --set) yield a valid model or located HelenErrors', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), overrideArb, (mutations, overrides) => {
        const texts = [DEMO, PE];
        for (const m of mutations) texts[m.file] = mutate(texts[m.file]!, m);
        outcome('mutated', { 'demo-chip.yaml': texts[0]!, 'parts/pe.yaml': texts[1]! }, overrides);
      }),
      runs(300),
    );
  });
});
