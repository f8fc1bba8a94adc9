import { afterAll, expect } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { validateFiles } from '../../../api/validate.js';
import type { HelenError } from '../../../core/errors.js';

// Shared by the loader error tests (loader-errors, include-errors, error-reporting).
// The contract for user mistakes: one message per problem, each with
// file, line, column, YAML path and what was expected; all problems of a file
// in one run; never a stack trace. Each case pins the exact position so a
// regression that blames the wrong line or column fails here.

export const HEAD = 'name: x\nclock: 1GHz\n';

/** Indented template text → YAML (so cases read like the files they stand for; line 1 is the first line). */
export function yaml(strings: TemplateStringsArray): string {
  const lines = strings.raw.join('').replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n');
}

/**
 * A fresh temporary folder for one test file, removed after it (a factory, not module state: test files share the
 * module cache), and `problemsOf`, which writes one case into it and validates it.
 */
export function errorSandbox(): {
  tmp: string;
  problemsOf: (
    files: string | Record<string, string>,
    overrides?: Record<string, string>,
  ) => { file: string; problems: HelenError[] };
} {
  const tmp = mkdtempSync(join(tmpdir(), 'helen-errors-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  let caseNo = 0;
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
  return { tmp, problemsOf };
}

export type Expected = { code: string; line?: number; column?: number; path?: string; message: RegExp; file?: string };

/** Exactly these problems, in this order; `file` defaults to the root. */
export function expectProblems(actual: { file: string; problems: HelenError[] }, expected: Expected[]): void {
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
