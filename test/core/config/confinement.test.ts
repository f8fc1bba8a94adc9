import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { defaultSession } from '../../../api/session.js';
import { validateFiles } from '../../../api/validate.js';
import type { HelenError } from '../../../core/index.js';

// Files an architecture names (includes, weights_file) are read only from its
// own folder tree and from folders the user allows (--allow-dir). Real paths
// are compared, so a symbolic link cannot lead out of the tree; and no message
// repeats more than a short excerpt of a file, so a secret reached by mistake
// is never printed.

const base = mkdtempSync(join(tmpdir(), 'helen-confine-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** What must never appear in a message: the tail of each secret file. */
const SECRET = 'SECRET-7f3a9c-DO-NOT-PRINT';
const secretDir = join(base, 'secret');
mkdirSync(secretDir);
// A passwd-like file: valid YAML (one long scalar), so reading it would echo it in "expected a mapping, got …".
writeFileSync(join(secretDir, 'passwd'), `root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:${SECRET}\n`);
writeFileSync(join(secretDir, 'secret.csv'), `api_key=${SECRET}\n`);
writeFileSync(join(secretDir, 'ok.csv'), '1,2,3\n4,5,6\n');
// A long first line: only the first ~80 characters of it may be quoted.
writeFileSync(join(secretDir, 'long.csv'), `${'x'.repeat(100)}${SECRET}\n`);
writeFileSync(join(secretDir, 'long.yaml'), `${'y'.repeat(100)}${SECRET}\n`);

const HEAD = 'name: c\nclock: 1GHz\n';
const PE = 'type: generic.unit\n';

/** An architecture whose one synapse array reads `weights` (written on line 10, at column WEIGHTS_COLUMN). */
const snn = (weights: string) => `name: wf
clock: 1GHz
components:
  snn:
    type: generic.group
    children:
      input: { type: neuromorphic.spike_input, params: { size: 2 } }
      w:
        type: neuromorphic.synapse_array
        ${PARAMS}${weights} }
      out: { type: neuromorphic.lif_population, params: { size: 3 } }
    connections:
      - { from: input.out, to: w.pre }
      - { from: w.post, to: out.in }
`;
const PARAMS = 'params: { rows: 2, cols: 3, c_syn_ff: 10, weights_file: ';
const WEIGHTS_COLUMN = 9 + PARAMS.length;

let caseNo = 0;

/** Writes `files` (first is the root; a value `{ link }` makes a symbolic link to that target) and validates the root. */
function validate(
  files: Record<string, string | { link: string }>,
  options: { allow?: string[]; set?: Record<string, string> } = {},
): { file: string; ok: boolean; problems: HelenError[] } {
  const dir = join(base, `case${caseNo++}`);
  for (const [name, content] of Object.entries(files)) {
    const abs = join(dir, name);
    mkdirSync(dirname(abs), { recursive: true });
    if (typeof content === 'string') writeFileSync(abs, content);
    else symlinkSync(content.link, abs);
  }
  const session = defaultSession();
  for (const d of options.allow ?? []) session.allowDir(d);
  const file = join(dir, Object.keys(files)[0]!);
  const overrides = options.set ? new Map(Object.entries(options.set)) : undefined;
  const [r] = validateFiles([file], { session, overrides });
  return { file, ok: r!.ok, problems: r!.problems };
}

type Case = {
  name: string;
  files: Record<string, string | { link: string }>;
  allow?: string[];
  set?: Record<string, string>;
  /** Expected: ok, or the first problem's code, line, column and message. */
  expect: 'ok' | { code: string; line?: number; column?: number; message: RegExp };
};

const cases: Case[] = [
  {
    name: 'a top-level include through a symbolic link to a passwd-like file outside the tree is refused',
    files: {
      'arch.yaml': HEAD + 'include: parts/users.yaml\n',
      'parts/users.yaml': { link: join(secretDir, 'passwd') },
    },
    expect: {
      code: 'E_INCLUDE_OUTSIDE',
      line: 3,
      column: 10,
      message: /^include "parts\/users\.yaml" leaves the architecture's folder .* through a symbolic link to .*passwd/,
    },
  },
  {
    name: 'a component-level include through a symbolic link outside the tree is refused',
    files: {
      'arch.yaml': HEAD + 'components:\n  u:\n    include: pe.yaml\n',
      'pe.yaml': { link: join(secretDir, 'passwd') },
    },
    expect: { code: 'E_INCLUDE_OUTSIDE', line: 5, column: 14, message: /through a symbolic link/ },
  },
  {
    name: 'an include through a linked folder that leads outside the tree is refused',
    files: { 'arch.yaml': HEAD + 'include: [ext/passwd]\n', ext: { link: secretDir } },
    expect: { code: 'E_INCLUDE_OUTSIDE', line: 3, column: 11, message: /through a symbolic link/ },
  },
  {
    name: 'an include by absolute path outside the tree is refused without reading it',
    files: { 'arch.yaml': HEAD + `include: ${join(secretDir, 'passwd')}\n` },
    expect: { code: 'E_INCLUDE_OUTSIDE', line: 3, column: 10, message: /leaves the architecture's folder/ },
  },
  {
    name: 'a symbolic link inside the tree that points inside the tree works (file and folder)',
    files: {
      'arch.yaml': HEAD + 'components:\n  a: { include: alias.yaml }\n  b: { include: same/pe.yaml }\n',
      'parts/pe.yaml': PE,
      'alias.yaml': { link: 'parts/pe.yaml' },
      same: { link: 'parts' },
    },
    expect: 'ok',
  },
  {
    name: 'an include cycle through a symbolic link is still refused',
    files: { 'arch.yaml': HEAD + 'include: again.yaml\n', 'again.yaml': { link: 'arch.yaml' } },
    expect: { code: 'E_INCLUDE_CYCLE', line: 3, column: 10, message: /^include cycle: / },
  },
  {
    name: 'an include outside the tree is read from a folder allowed with --allow-dir, quoting at most a short excerpt',
    files: { 'arch.yaml': HEAD + `include: ${join(secretDir, 'long.yaml')}\n` },
    allow: [secretDir],
    expect: { code: 'E_TYPE', line: 1, column: 1, message: /^an architecture file must be a mapping .*y…"$/ },
  },
  {
    name: 'weights_file outside the tree is refused at the parameter',
    files: { 'arch.yaml': snn('../secret/secret.csv') },
    expect: {
      code: 'E_FILE_OUTSIDE',
      line: 10,
      column: WEIGHTS_COLUMN,
      message: /^weights_file "\.\.\/secret\/secret\.csv" leaves/,
    },
  },
  {
    name: 'weights_file through a symbolic link outside the tree is refused',
    files: { 'arch.yaml': snn('w.csv'), 'w.csv': { link: join(secretDir, 'secret.csv') } },
    expect: { code: 'E_FILE_OUTSIDE', line: 10, column: WEIGHTS_COLUMN, message: /through a symbolic link/ },
  },
  {
    name: 'weights_file from --set outside the tree is refused',
    files: { 'arch.yaml': snn('""') },
    set: { 'snn.w.weights_file': join(secretDir, 'secret.csv') },
    expect: { code: 'E_FILE_OUTSIDE', message: /^weights_file ".*secret\.csv" leaves/ },
  },
  {
    name: 'weights_file outside the tree is read from a folder allowed with --allow-dir',
    files: { 'arch.yaml': snn(join(secretDir, 'ok.csv')) },
    allow: [secretDir],
    expect: 'ok',
  },
  {
    name: 'a weights file that fails to parse is quoted by a short excerpt only',
    files: { 'arch.yaml': snn(join(secretDir, 'long.csv')) },
    allow: [secretDir],
    expect: { code: 'E_VALUE', line: 1, column: 1, message: /^expected a number, got "x{80}…"$/ },
  },
  {
    name: 'a key file inside the tree that fails to parse is quoted by a short excerpt only',
    files: { 'arch.yaml': snn('key.csv'), 'key.csv': `api_key=${'k'.repeat(90)}${SECRET}\n` },
    expect: { code: 'E_VALUE', line: 1, column: 1, message: /^expected a number, got "api_key=k+…"$/ },
  },
];

describe('confinement of the files an architecture names', () => {
  it.each(cases)('$name', (c) => {
    const r = validate(c.files, { allow: c.allow, set: c.set });
    for (const p of r.problems) {
      expect(p.format()).not.toContain(SECRET);
      expect(p.format()).not.toMatch(/\n\s+at /);
    }
    if (c.expect === 'ok') {
      expect(r.problems.map((p) => p.format())).toEqual([]);
      return;
    }
    expect(r.ok).toBe(false);
    const p = r.problems[0]!;
    expect(p.code, p.format()).toBe(c.expect.code);
    if (c.expect.line !== undefined) expect(p.location?.line, p.format()).toBe(c.expect.line);
    if (c.expect.column !== undefined) expect(p.location?.column, p.format()).toBe(c.expect.column);
    expect(p.message).toMatch(c.expect.message);
  });

  it('an allowed folder that does not exist is refused by name', () => {
    expect(() => defaultSession().allowDir(join(base, 'nowhere'))).toThrowError(
      /--allow-dir ".*nowhere": no such folder/,
    );
  });

  it('helen --allow-dir DIR lets the CLI read a weights file from DIR, and without it refuses (E_FILE_OUTSIDE)', () => {
    const dir = join(base, 'cli');
    mkdirSync(dir);
    const arch = join(dir, 'arch.yaml');
    writeFileSync(arch, snn(join(secretDir, 'ok.csv')));
    const helen = (...args: string[]) =>
      spawnSync(process.execPath, ['bin/helen.js', ...args], { encoding: 'utf8', timeout: 30_000 });
    const refused = helen('validate', arch);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(
      new RegExp(
        `arch\\.yaml:10:${WEIGHTS_COLUMN}: .*weights_file .* leaves the architecture's folder.*\\[E_FILE_OUTSIDE\\]`,
      ),
    );
    const allowed = helen('validate', '--allow-dir', secretDir, arch);
    expect(allowed.stderr).toBe('');
    expect(allowed.status).toBe(0);
  });
});
