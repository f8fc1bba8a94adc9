import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { elaborate, HelenError, HelenErrors, loadArchitecture } from '../../../core/index.js';
import { defaultRegistry } from '../../support/session.js';

// The contract under test: whatever the input, the loader and elaborator either
// build a model or throw HelenError(s) whose every problem is typed and located.
// Anything else (TypeError, RangeError, out of memory, a hang) is a bug.

const registry = defaultRegistry();
const workDir = mkdtempSync(join(tmpdir(), 'helen-fuzz-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** Generous for one case on a slow CI core; a hang or a runaway expansion takes far longer. */
const CASE_BUDGET_MS = 2000;
/**
 * HELEN_FUZZ_SCALE=20 digs deeper locally (without shrinking, which re-runs slow
 * cases many times); the default keeps the file well under 30 s on 2 cores.
 */
const SCALE = Number(process.env.HELEN_FUZZ_SCALE ?? 1);
const runs = (n: number) => ({ numRuns: Math.max(1, Math.round(n * SCALE)), endOnFailure: SCALE > 1 });

const DEMO = readFileSync('architectures/examples/demo-chip.yaml', 'utf8');
const PE = readFileSync('architectures/examples/parts/pe.yaml', 'utf8');

function assertLocated(p: unknown): void {
  expect(p).toBeInstanceOf(HelenError);
  const e = p as HelenError;
  expect(e.code).toMatch(/^E_[A-Z_]+$/);
  const loc = e.location;
  expect(loc?.file, e.format()).toBeTruthy();
  // `--set` problems have no line; everything else comes from a file and must be pinned in it.
  if (loc?.file !== '--set') {
    expect(loc?.line, e.format()).toBeGreaterThanOrEqual(1);
    expect(loc?.column, e.format()).toBeGreaterThanOrEqual(1);
  }
  expect(e.format()).not.toMatch(/\n\s+at /);
}

/** Writes `files` (the first is the root; `{ link }` makes a symbolic link) under `sub`, loads and elaborates; returns what happened. */
function outcome(
  sub: string,
  files: Record<string, string | { link: string }>,
  overrides?: ReadonlyMap<string, string>,
): { kind: 'model'; components: number } | { kind: 'errors'; problems: HelenError[] } {
  const base = join(workDir, sub);
  rmSync(base, { recursive: true, force: true });
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(base, name)), { recursive: true });
    if (typeof text === 'string') writeFileSync(join(base, name), text);
    else symlinkSync(text.link, join(base, name));
  }
  const t0 = performance.now();
  try {
    const model = elaborate(loadArchitecture(join(base, Object.keys(files)[0]!), { registry }), {
      registry,
      overrides,
    });
    return { kind: 'model', components: model.sim.components.length };
  } catch (e) {
    if (!(e instanceof HelenError)) throw e;
    const problems = e instanceof HelenErrors ? e.problems : [e];
    expect(problems.length).toBeGreaterThan(0);
    problems.forEach(assertLocated);
    return { kind: 'errors', problems };
  } finally {
    expect(performance.now() - t0).toBeLessThan(CASE_BUDGET_MS);
  }
}

// Counts between ~100 and the 1e6 instance limit are legal but slow to build;
// the fuzzer wants errors and small models, not a benchmark.
const smallInt = fc.integer({ min: -3, max: 64 });
const notMidSized = (x: number) => !(Math.abs(x) > 64 && Math.abs(x) <= 1_000_000);

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

  it('property: random include graphs (top-level and component-level) report every reachable cycle, located at an include', () => {
    const N = 4;
    const graph = fc.array(fc.subarray([0, 1, 2, 3], { maxLength: 2 }), { minLength: N, maxLength: N });
    fc.assert(
      fc.property(graph, fc.boolean(), (edges, componentLevel) => {
        const reachesCycle = (() => {
          const state = new Array<number>(N).fill(0);
          const dfs = (v: number): boolean => {
            state[v] = 1;
            for (const w of edges[v]!) if (state[w] === 1 || (state[w] === 0 && dfs(w))) return true;
            state[v] = 2;
            return false;
          };
          return dfs(0);
        })();
        const files: Record<string, string> = {};
        for (let i = 0; i < N; i++) {
          const head = i === 0 ? 'name: g\nclock: 1GHz\n' : '';
          if (componentLevel) {
            const kids = edges[i]!.map((j) => `  c${j}:\n    include: f${j}.yaml\n`).join('');
            const body = `type: generic.group\n${kids ? `children:\n${kids}` : ''}`;
            files[`f${i}.yaml`] = i === 0 ? `${head}components:\n  root:\n    include: f0-body.yaml\n` : body;
            if (i === 0) files['f0-body.yaml'] = body.replace(/f0\.yaml/g, 'f0-body.yaml');
          } else {
            files[`f${i}.yaml`] =
              `${head}include: [${edges[i]!.map((j) => `f${j}.yaml`).join(', ')}]\nparams:\n  p${i}: ${i}\n`;
          }
        }
        const r = outcome('graph', files);
        const cycles = r.kind === 'errors' ? r.problems.filter((p) => p.code === 'E_INCLUDE_CYCLE') : [];
        expect(cycles.length > 0).toBe(reachesCycle);
        for (const c of cycles) expect(c.message).toMatch(/include cycle: .+ → .+/);
        if (!reachesCycle) expect(r.kind).toBe('model');
      }),
      runs(150),
    );
  });

  it('property: include chains that repeat includes (exponential expansion) and symbolic links in and out of the tree yield a model or located HelenErrors, promptly, never quoting a file outside', () => {
    const SECRET = 'SECRET-b41d-DO-NOT-PRINT';
    const outside = join(workDir, 'outside');
    mkdirSync(outside, { recursive: true });
    writeFileSync(join(outside, 'passwd'), `root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:${SECRET}\n`);
    const LEAF = 'type: generic.unit\n';
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 3 }),
        fc.boolean(),
        fc.constantFrom('none', 'inside', 'outside', 'folder-outside'),
        fc.nat(),
        (depth, fanout, componentLevel, link, linkAt) => {
          // f0 … f(depth-1) each include the next one `fanout` times; f(depth) is the leaf.
          const files: Record<string, string | { link: string }> = {};
          const next = (i: number) => Array.from({ length: fanout }, () => `f${i + 1}.yaml`);
          files['arch.yaml'] = componentLevel
            ? 'name: x\nclock: 1GHz\ncomponents:\n  top: { include: f0.yaml }\n'
            : 'name: x\nclock: 1GHz\ninclude: f0.yaml\n';
          for (let i = 0; i < depth; i++) {
            files[`f${i}.yaml`] = componentLevel
              ? `type: generic.group\nchildren: { ${next(i)
                  .map((f, k) => `c${k}: { include: ${f} }`)
                  .join(', ')} }\n`
              : `include: [${next(i).join(', ')}]\nparams: { p${i}: ${i} }\n`;
          }
          files[`f${depth}.yaml`] = componentLevel ? LEAF : `params: { leaf: 1 }\n`;
          const k = (linkAt % depth) + 1;
          const real = files[`f${k}.yaml`] as string;
          if (link === 'inside') {
            // A linked file's own includes are relative to where it really is.
            files[`real/f${k}.yaml`] = real.replaceAll(`f${k + 1}.yaml`, `../f${k + 1}.yaml`);
            files[`f${k}.yaml`] = { link: `real/f${k}.yaml` };
          } else if (link === 'outside') {
            files[`f${k}.yaml`] = { link: join(outside, 'passwd') };
          } else if (link === 'folder-outside') {
            files['ext'] = { link: outside };
            files[`f${k - 1}.yaml`] = (files[`f${k - 1}.yaml`] as string).replaceAll(`f${k}.yaml`, 'ext/passwd');
          }
          const r = outcome('expand', files);
          const problems = r.kind === 'errors' ? r.problems : [];
          for (const p of problems) expect(p.format()).not.toContain(SECRET);
          const codes = new Set(problems.map((p) => p.code));
          // Expansions up to the file that links out: the link is reached unless the budget ran out first.
          const expansionsBeforeLink = fanout ** (link === 'folder-outside' ? k : k - 1);
          if (link === 'outside' || link === 'folder-outside') {
            if (expansionsBeforeLink < 1000) expect(codes, JSON.stringify([...codes])).toContain('E_INCLUDE_OUTSIDE');
          } else if (fanout ** depth > 200_000) {
            expect(codes).toContain('E_LIMIT');
          } else if (fanout ** depth * 20 < 100_000) {
            const groups = Array.from({ length: depth + 1 }, (_, i) => fanout ** i).reduce((a, b) => a + b, 0);
            expect(r).toEqual({ kind: 'model', components: componentLevel ? groups : 0 });
          }
        },
      ),
      runs(30),
    );
  });

  it.each([
    ['component-level', true],
    ['top-level', false],
  ])(
    'thirty %s include files, each including the next twice, are refused with a located E_LIMIT within 20 s in a 256 MB heap',
    (_, componentLevel) => {
      const dir = join(workDir, `bomb-${String(componentLevel)}`);
      mkdirSync(dir, { recursive: true });
      const N = 30;
      writeFileSync(
        join(dir, 'arch.yaml'),
        componentLevel
          ? 'name: bomb\nclock: 1GHz\ncomponents:\n  top: { include: f0.yaml }\n'
          : 'name: bomb\nclock: 1GHz\ninclude: f0.yaml\n',
      );
      // Two lines each, as in the issue.
      for (let i = 0; i < N; i++) {
        const f = `f${i + 1}.yaml`;
        writeFileSync(
          join(dir, `f${i}.yaml`),
          componentLevel
            ? `type: generic.group\nchildren: { a: { include: ${f} }, b: { include: ${f} } }\n`
            : `include: [${f}, ${f}]\nparams: { p${i}: ${i} }\n`,
        );
      }
      writeFileSync(join(dir, `f${N}.yaml`), componentLevel ? 'type: generic.unit\n' : 'params: { leaf: 1 }\n');
      const r = spawnSync(
        process.execPath,
        ['--max-old-space-size=256', 'bin/helen.js', 'validate', join(dir, 'arch.yaml')],
        { encoding: 'utf8', timeout: 20_000 },
      );
      expect(r.signal, 'killed: it did not finish within 20 s').toBeNull();
      expect(r.status, r.stderr).toBe(1);
      expect(r.stderr).toMatch(
        /^\S*f\d+\.yaml:\d+:\d+: \S+: with its includes expanded .* more than \d+ YAML nodes.*\[E_LIMIT\]$/m,
      );
      expect(r.stderr).not.toMatch(/\n\s+at |heap out of memory|internal error/);
    },
    30_000,
  );
});
