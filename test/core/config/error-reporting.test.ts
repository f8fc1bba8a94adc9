import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateFiles } from '../../../api/validate.js';
import { formatProblem, HelenErrors } from '../../../core/errors.js';
import { errorSandbox, expectProblems, HEAD } from './errors-helpers.js';

// All problems of a file in one run, how they are formatted, and what `helen validate` prints.
// The shared contract is in errors-helpers.ts.

const { tmp, problemsOf } = errorSandbox();

describe('loader errors: reporting', () => {
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
