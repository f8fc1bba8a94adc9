import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { validateFiles } from '../../../api/validate.js';
import { formatProblem, HelenError, HelenErrors } from '../../../core/errors.js';

// The issue's contract for user mistakes: one message per problem, each with
// file, line, column, YAML path and what was expected; all problems of a file
// in one run; never a stack trace. Each case pins the exact position so a
// regression that blames the wrong line or column fails here.

const tmp = mkdtempSync(join(tmpdir(), 'helen-errors-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let caseNo = 0;

/** Indented template text → YAML (so cases read like the files they stand for; line 1 is the first line). */
function yaml(strings: TemplateStringsArray): string {
  const lines = strings.raw.join('').replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n');
}

/** Validates `files` (the first is the root; written to a fresh temp dir) and returns the root's path and the problems. */
function problemsOf(
  files: string | Record<string, string>,
  overrides?: Record<string, string>,
): { file: string; problems: HelenError[] } {
  const dir = join(tmp, String(caseNo++));
  const map = typeof files === 'string' ? { 'arch.yaml': files } : files;
  for (const [name, text] of Object.entries(map)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  const file = join(dir, Object.keys(map)[0]!);
  const [result] = validateFiles([file], { overrides: overrides && new Map(Object.entries(overrides)) });
  expect(result!.ok).toBe(false);
  return { file, problems: result!.problems };
}

type Expected = { code: string; line?: number; column?: number; path?: string; message: RegExp; file?: string };

/** Exactly these problems, in this order; `file` defaults to the root. */
function expectProblems(actual: { file: string; problems: HelenError[] }, expected: Expected[]): void {
  const where = (p: HelenError) => ({
    code: p.code,
    file: p.location?.file,
    line: p.location?.line,
    column: p.location?.column,
    path: p.location?.path,
  });
  expect(actual.problems.map(where)).toEqual(
    expected.map((e) => ({ code: e.code, file: e.file ?? actual.file, line: e.line, column: e.column, path: e.path })),
  );
  actual.problems.forEach((p, i) => {
    expect(p.message).toMatch(expected[i]!.message);
    expect(p.format()).not.toMatch(/\n\s+at /);
  });
}

const HEAD = 'name: x\nclock: 1GHz\n';

describe('loader errors: one located message per problem', () => {
  it('YAML syntax errors are located (duplicate key, unclosed flow sequence)', () => {
    expectProblems(problemsOf(HEAD + 'name: y\n'), [
      { code: 'E_YAML', line: 3, column: 1, message: /^YAML syntax: Map keys must be unique/ },
    ]);
    expectProblems(problemsOf(HEAD + 'components:\n  a: [1, 2\n'), [
      { code: 'E_YAML', line: 5, column: 1, message: /^YAML syntax: .*end with a \]/ },
    ]);
  });

  it('an unknown top-level key suggests the closest one', () => {
    expectProblems(problemsOf(HEAD + 'componets: {}\n'), [
      {
        code: 'E_UNKNOWN_KEY',
        line: 3,
        column: 1,
        path: 'componets',
        message: /^unknown key "componets" in architecture; did you mean "components"\?$/,
      },
    ]);
  });

  it('an unknown component key suggests the closest one', () => {
    expectProblems(problemsOf(HEAD + 'components:\n  u:\n    type: generic.unit\n    parms: {}\n'), [
      {
        code: 'E_UNKNOWN_KEY',
        line: 6,
        column: 5,
        path: 'components.u.parms',
        message: /^unknown key "parms" in component "u"; did you mean "params"\?$/,
      },
    ]);
  });

  it('an unknown parameter is reported at its key with a did-you-mean', () => {
    expectProblems(
      problemsOf(HEAD + 'components:\n  u:\n    type: generic.unit\n    params:\n      cycles_per_opp: 3\n'),
      [
        {
          code: 'E_UNKNOWN_KEY',
          line: 7,
          column: 7,
          path: 'components.u.params.cycles_per_opp',
          message: /^unknown parameter "cycles_per_opp" for generic\.unit; did you mean "cycles_per_op"\?$/,
        },
      ],
    );
  });

  it('an unknown component type suggests a registered one', () => {
    expectProblems(problemsOf(HEAD + 'components:\n  u:\n    type: generic.unti\n'), [
      {
        code: 'E_UNKNOWN_TYPE',
        line: 5,
        column: 11,
        path: 'components.u.type',
        message: /^unknown component type "generic\.unti"; did you mean "generic\.unit"\?$/,
      },
    ]);
  });

  it('a wrong unit names the dimension expected', () => {
    expectProblems(problemsOf(HEAD + 'components:\n  u:\n    type: generic.unit\n    params:\n      leakage: 5pJ\n'), [
      {
        code: 'E_UNIT',
        line: 7,
        column: 16,
        path: 'components.u.params.leakage',
        message: /parameter "leakage": expected a power \(e\.g\. "10mW"\), got an energy/,
      },
    ]);
  });

  it('wrong types: a mapping for a number, a boolean for a number, a word for a count', () => {
    expectProblems(
      problemsOf(HEAD + 'components:\n  u:\n    type: generic.unit\n    params:\n      cycles_per_op: {a: 1}\n'),
      [
        {
          code: 'E_TYPE',
          line: 7,
          column: 22,
          path: 'components.u.params.cycles_per_op',
          message: /expected a value for parameter "cycles_per_op", got a mapping/,
        },
      ],
    );
    expectProblems(
      problemsOf(
        HEAD +
          'components:\n  u:\n    type: generic.unit\n    count: hello\n  v:\n    type: generic.unit\n    params:\n      in_depth: true\n',
      ),
      [
        {
          code: 'E_EXPR',
          line: 6,
          column: 12,
          path: 'components.u.count',
          message: /count of "u": unknown name "hello"/,
        },
        {
          code: 'E_TYPE',
          line: 10,
          column: 17,
          path: 'components.v.params.in_depth',
          message: /parameter "in_depth": expected a number or an expression .* got boolean/,
        },
      ],
    );
  });

  it('a fraction where a whole number is needed', () => {
    expectProblems(
      problemsOf(
        HEAD +
          'components:\n  u:\n    type: generic.unit\n    params:\n      in_depth: 2.5\n  m:\n    type: generic.memory\n    params:\n      capacity: 1.5B\n',
      ),
      [
        {
          code: 'E_TYPE',
          line: 7,
          column: 17,
          path: 'components.u.params.in_depth',
          message: /parameter "in_depth": expected a whole number, got 2\.5/,
        },
        {
          code: 'E_TYPE',
          line: 11,
          column: 17,
          path: 'components.m.params.capacity',
          message: /parameter "capacity": expected a whole number of bytes, got 1\.5 bytes/,
        },
      ],
    );
  });

  it("values below the minimum: all of a component's bad values are reported, not just the first (in schema order)", () => {
    expectProblems(
      problemsOf(
        HEAD +
          'components:\n  u:\n    type: generic.unit\n    params:\n      leakage: 1pJ\n      in_depth: 0\n      energy_per_op: -1pJ\n',
      ),
      [
        { code: 'E_UNIT', line: 7, column: 16, path: 'components.u.params.leakage', message: /expected a power/ },
        {
          code: 'E_VALUE',
          line: 9,
          column: 22,
          path: 'components.u.params.energy_per_op',
          message: /^parameter "energy_per_op" of generic\.unit: Too small: expected number to be >=0 \(in pJ\)$/,
        },
        {
          code: 'E_VALUE',
          line: 8,
          column: 17,
          path: 'components.u.params.in_depth',
          message: /^parameter "in_depth" of generic\.unit: Too small: expected number to be >=1$/,
        },
      ],
    );
  });

  it('missing required values: a parameter, a component type, the name, the clock', () => {
    expectProblems(problemsOf(HEAD + 'components:\n  m:\n    type: generic.memory\n'), [
      {
        code: 'E_MISSING',
        line: 4,
        column: 3,
        path: 'components.m',
        message: /^generic\.memory needs parameter "capacity": .*\(in bytes\)$/,
      },
    ]);
    expectProblems(problemsOf(HEAD + 'components:\n  m:\n    params: {}\n'), [
      {
        code: 'E_MISSING',
        line: 4,
        column: 3,
        path: 'components.m',
        message: /^component "m" is missing required key "type"/,
      },
    ]);
    expectProblems(problemsOf('clock: 1GHz\n'), [
      { code: 'E_MISSING', line: 1, column: 1, message: /^missing required key "name"/ },
    ]);
    expectProblems(problemsOf('name: x\n'), [
      {
        code: 'E_MISSING',
        line: 1,
        column: 1,
        path: 'clock',
        message: /^missing required key "clock" \(the main clock, e\.g\. "1GHz"\)$/,
      },
    ]);
  });

  it('dangling connections: an unknown component and an unknown port, each with a suggestion', () => {
    const arch = yaml`
      name: x
      clock: 1GHz
      components:
        alpha:
          type: generic.unit
        beta:
          type: generic.unit
      connections:
        - from: alpah.out
          to: beta.inn
    `;
    expectProblems(problemsOf(arch), [
      {
        code: 'E_DANGLING',
        line: 9,
        column: 11,
        path: 'connections[0].from',
        message: /^dangling connection: no component "alpah"; did you mean "alpha"\?$/,
      },
      {
        code: 'E_DANGLING',
        line: 10,
        column: 9,
        path: 'connections[0].to',
        message: /^beta \(generic\.unit\) has no input port "inn"; did you mean "in"\?$/,
      },
    ]);
  });

  it('ranges of different lengths in one connection', () => {
    const arch =
      HEAD +
      'components:\n  pe:\n    type: generic.unit\n    count: 4\nconnections:\n  - from: pe[0..2].out\n    to: pe[1..2].in\n';
    expectProblems(problemsOf(arch), [
      {
        code: 'E_CONNECTION',
        line: 8,
        column: 5,
        path: 'connections[0]',
        message: /"from" names 3 ports but "to" names 2/,
      },
    ]);
  });

  it('a top-level include cycle is reported once, at the include that closes it', () => {
    const r = validateFiles(['test/fixtures/includes/cycle-a.yaml'])[0]!;
    const chain = ['cycle-a', 'cycle-b', 'cycle-a'].map((f) => `test/fixtures/includes/${f}\\.yaml`).join(' → ');
    expectProblems({ file: r.file, problems: r.problems }, [
      {
        code: 'E_INCLUDE_CYCLE',
        file: 'test/fixtures/includes/cycle-b.yaml',
        line: 4,
        column: 5,
        path: 'include[0]',
        message: new RegExp(`^include cycle: ${chain}$`),
      },
    ]);
  });

  it('a component-level include cycle is reported once, without follow-on noise', () => {
    const r = validateFiles(['test/fixtures/includes/component-cycle.yaml'])[0]!;
    expectProblems({ file: r.file, problems: r.problems }, [
      {
        code: 'E_INCLUDE_CYCLE',
        file: 'test/fixtures/includes/parts/loop-q.yaml',
        line: 3,
        column: 3,
        path: 'children.again',
        message: /^include cycle: \S+loop-p\.yaml → \S+loop-q\.yaml → \S+loop-p\.yaml$/,
      },
    ]);
  });

  it("includes may not leave the architecture's folder (relative, component-level or absolute)", () => {
    const r = validateFiles(['test/fixtures/includes/leave/arch.yaml'])[0]!;
    expectProblems({ file: r.file, problems: r.problems }, [
      {
        code: 'E_INCLUDE_OUTSIDE',
        line: 4,
        column: 10,
        path: 'include',
        message: /^include "\.\.\/outside\.yaml" leaves the architecture's folder/,
      },
      {
        code: 'E_INCLUDE_OUTSIDE',
        line: 7,
        column: 14,
        path: 'components.pe.include',
        message: /^include "\.\.\/parts\/loop-p\.yaml" leaves/,
      },
    ]);
    expectProblems(problemsOf(HEAD + 'include: /etc/hostname\n'), [
      { code: 'E_INCLUDE_OUTSIDE', line: 3, column: 10, path: 'include', message: /leaves the architecture's folder/ },
    ]);
  });

  it('a missing include is blamed on the include line', () => {
    expectProblems(problemsOf(HEAD + 'include: [nowhere.yaml]\ncomponents:\n  u:\n    include: parts/none.yaml\n'), [
      { code: 'E_FILE', line: 3, column: 11, path: 'include[0]', message: /^include "nowhere\.yaml": no such file/ },
      {
        code: 'E_FILE',
        line: 6,
        column: 14,
        path: 'components.u.include',
        message: /^include "parts\/none\.yaml": no such file/,
      },
    ]);
  });

  it('an unknown variable points at the variable itself (plain, quoted, in a range key, in a connection index)', () => {
    const arch = yaml`
      name: x
      clock: 1GHz
      params:
        stages: 3
      components:
        u:
          type: generic.unit
          count: 2 * stagse
        v:
          type: generic.unit
          params:
            energy_per_op: "2pJ * stagse"
        pe[0..stagse]:
          type: generic.unit
      connections:
        - from: v.out
          to: u[stagse-2].in
    `;
    const hint = /unknown name "stagse"; did you mean "stages"\?$/;
    expectProblems(problemsOf(arch), [
      { code: 'E_EXPR', line: 8, column: 16, path: 'components.u.count', message: hint },
      { code: 'E_EXPR', line: 12, column: 29, path: 'components.v.params.energy_per_op', message: hint },
      { code: 'E_EXPR', line: 13, column: 9, path: 'components.pe[0..stagse]', message: hint },
      { code: 'E_EXPR', line: 17, column: 11, path: 'connections[0].to', message: hint },
    ]);
  });

  it('unknown --set paths suggest a known one; a bad --set value names --set', () => {
    const arch = HEAD + 'params:\n  stages: 3\ncomponents:\n  chip:\n    type: generic.group\n';
    const r = problemsOf(arch, { 'chip.area': '2pJ', 'chp.area': '1mm2', stagse: '2' });
    expectProblems({ file: '--set', problems: r.problems }, [
      { code: 'E_UNIT', path: 'chip.area', message: /parameter "area": expected an area/ },
      { code: 'E_UNKNOWN_KEY', path: 'chp.area', message: /did you mean "chip\.area"\?$/ },
      { code: 'E_UNKNOWN_KEY', path: 'stagse', message: /did you mean "stages"\?$/ },
    ]);
    expect(r.problems[1]!.format()).toMatch(/^--set: chp\.area: .*\[E_UNKNOWN_KEY\]$/);
  });

  it('replication beyond the instance limit (range key, count, connection range) is an error, not a hang', () => {
    const arch =
      HEAD +
      'components:\n  pe[0..99999999]:\n    type: generic.unit\n  q:\n    type: generic.unit\n    count: 2000000\nconnections:\n  - from: q[0..99999999].out\n    to: q[0..99999999].in\n';
    expectProblems(problemsOf(arch), [
      {
        code: 'E_LIMIT',
        line: 4,
        column: 9,
        path: 'components.pe[0..99999999]',
        message: /^range end of "pe" is 99999999; at most 200000 instances are allowed$/,
      },
      {
        code: 'E_LIMIT',
        line: 8,
        column: 12,
        path: 'components.q.count',
        message: /^count of "q" is 2000000; at most 200000/,
      },
      { code: 'E_LIMIT', line: 10, column: 11, path: 'connections[0].from', message: /names more than 200000 ports/ },
      { code: 'E_LIMIT', line: 11, column: 9, path: 'connections[0].to', message: /names more than 200000 ports/ },
    ]);
  });

  it('several problems in one file are all reported in one run, each located (loading)', () => {
    const file = 'test/fixtures/bad/several-problems.yaml';
    const r = validateFiles([file])[0]!;
    expect(r.problems.length).toBeGreaterThanOrEqual(3);
    expectProblems({ file, problems: r.problems }, [
      { code: 'E_UNKNOWN_KEY', line: 4, column: 1, path: 'colck', message: /did you mean "clock"\?$/ },
      {
        code: 'E_UNKNOWN_TYPE',
        line: 7,
        column: 11,
        path: 'components.chip.type',
        message: /did you mean "generic\.group"\?$/,
      },
      {
        code: 'E_UNKNOWN_KEY',
        line: 12,
        column: 7,
        path: 'components.mem.params.latency_cycle',
        message: /did you mean "latency_cycles"\?$/,
      },
      { code: 'E_MISSING', line: 13, column: 3, path: 'components.pe', message: /missing required key "type"/ },
      { code: 'E_TYPE', line: 16, column: 14, path: 'connections', message: /connections expects a list/ },
      { code: 'E_MISSING', line: 1, column: 1, message: /missing required key "name"/ },
    ]);
  });

  it('several problems in one file are all reported in one run, each located (elaboration, with --set)', () => {
    const file = 'test/fixtures/bad/elaboration-problems.yaml';
    const r = validateFiles([file], { overrides: new Map([['stagse', '2']]) })[0]!;
    // odd.out (line 20) is not "dangling": odd failed to build and was already reported.
    expectProblems({ file, problems: r.problems }, [
      { code: 'E_UNIT', line: 13, column: 16, path: 'components.odd.params.leakage', message: /expected a power/ },
      { code: 'E_VALUE', line: 14, column: 17, path: 'components.odd.params.in_depth', message: />=1/ },
      { code: 'E_MISSING', line: 15, column: 3, path: 'components.mem', message: /needs parameter "capacity"/ },
      {
        code: 'E_DANGLING',
        line: 19,
        column: 9,
        path: 'connections[0].to',
        message: /has no input port "inn"; did you mean "in"\?$/,
      },
      { code: 'E_UNKNOWN_KEY', file: '--set', path: 'stagse', message: /did you mean "stages"\?$/ },
    ]);
  });

  it('format() gives file:line:col: path: message [CODE], one line per problem', () => {
    const { file, problems } = problemsOf(HEAD + 'componets: {}\ncolck: 1\n');
    expect(problems[0]!.format()).toBe(
      `${file}:3:1: componets: unknown key "componets" in architecture; did you mean "components"? [E_UNKNOWN_KEY]`,
    );
    const all = new HelenErrors(problems);
    expect(all.format().split('\n')).toEqual(problems.map((p) => p.format()));
    expect(all.format()).toMatch(
      new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:4:1: colck: .*"clock"\\? \\[E_UNKNOWN_KEY\\]$`, 'm'),
    );
    expect(formatProblem('E_X', 'msg', { file: 'f.yaml', line: 2 })).toBe('f.yaml:2: msg [E_X]');
    expect(formatProblem('E_X', 'msg')).toBe('msg [E_X]');
  });
});

// The CLI runs from dist/ (`npm test` builds first); without a build these checks are skipped, and say why.
const built = existsSync('dist/cli/main.js');
describe.skipIf(!built)(
  `helen validate (CLI)${built ? '' : ' — SKIPPED: dist/cli/main.js is missing, run `npm run build`'}`,
  () => {
    const helen = (...args: string[]) =>
      spawnSync(process.execPath, ['bin/helen.js', ...args], { encoding: 'utf8', timeout: 30_000 });

    it('exits 1 and prints every located problem to stderr, with no stack trace', () => {
      const file = 'test/fixtures/bad/several-problems.yaml';
      const r = helen('validate', file);
      expect(r.status).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(
        `${file}:4:1: colck: unknown key "colck" in architecture; did you mean "clock"? [E_UNKNOWN_KEY]`,
      );
      expect(r.stderr).toContain(
        `${file}:7:11: components.chip.type: unknown component type "generic.grup"; did you mean "generic.group"? [E_UNKNOWN_TYPE]`,
      );
      expect(r.stderr.trim().split('\n').length).toBeGreaterThanOrEqual(3);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });

    it('reports YAML syntax errors and bad --set values the same way, and accepts a good file', () => {
      const bad = join(tmp, 'cli-syntax.yaml');
      writeFileSync(bad, HEAD + 'components:\n  a: [1, 2\n');
      const r = helen('validate', bad, '--set', 'nope=1');
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/:5:1: YAML syntax: .* \[E_YAML\]/);
      expect(r.stderr).not.toMatch(/\n\s+at |internal error/);
      const ok = helen('validate', 'architectures/examples/demo-chip.yaml');
      expect(ok.status, ok.stderr).toBe(0);
    });
  },
);
