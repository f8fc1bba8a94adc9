import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HelenError } from '../../../core/index.js';
import { errorOf } from '../../support/helen-error.js';
import { BufferedFile, TRACE_OUTPUT } from '../../../core/trace/buffered-file.js';
import {
  checkOutputTarget,
  ensureDir,
  outputError,
  TEMP_PREFIX,
  writeFileAtomic,
} from '../../../core/io/output-file.js';

const tempDir = (): string => mkdtempSync(join(tmpdir(), 'helen-out-'));

/** A system error as node:fs throws it. */
function errno(code: string, path?: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: something failed`), { code, ...(path ? { path } : {}) });
}

/** Hidden temporary files left in `dir`. */
const temps = (dir: string): string[] => readdirSync(dir).filter((f) => f.startsWith(TEMP_PREFIX));

describe('outputError: every system error of a write is a located, typed error naming the file and the option', () => {
  it.each([
    ['EACCES', /permission denied/],
    ['EPERM', /not permitted/],
    ['EEXIST', /in the way/],
    ['EISDIR', /is a folder/],
    ['ENOSPC', /no space left/],
    ['EDQUOT', /quota/],
    ['ENOTDIR', /is not a folder/],
    ['EROFS', /read-only/],
    ['ENOENT', /does not exist/],
    ['EIO', /input\/output/],
    ['EWHATEVER', /something failed/],
  ])('%s', (code, reason) => {
    const e = outputError(errno(code, '/some/where/out.txt'), '/some/where/out.txt', { option: '--out' });
    expect(e).toBeInstanceOf(HelenError);
    const h = e as HelenError;
    expect(h.code).toBe('E_OUTPUT');
    expect(h.location?.file).toBe('/some/where/out.txt');
    expect(h.message).toMatch(/^--out: cannot write this file: /);
    expect(h.message).toMatch(reason);
    expect(h.message).toContain(`(${code})`);
  });

  it('keeps a caller’s code (traces stay E_TRACE_IO) and never names the hidden temporary file', () => {
    const h = outputError(errno('ENOSPC', `/d/${TEMP_PREFIX}12-t.vcd`), '/d/t.vcd', TRACE_OUTPUT) as HelenError;
    expect(h.code).toBe('E_TRACE_IO');
    expect(h.format()).not.toContain(TEMP_PREFIX);
  });

  it('passes HelenErrors and bugs (errors without an errno code) through unchanged', () => {
    const helen = new HelenError('E_X', 'x');
    const bug = new TypeError('x is undefined');
    expect(outputError(helen, 'f')).toBe(helen);
    expect(outputError(bug, 'f')).toBe(bug);
  });
});

describe('writeFileAtomic on targets it cannot write: an error naming the file and option, the target untouched, no temporary file left', () => {
  const cases: [string, (dir: string) => string, RegExp][] = [
    [
      'a folder',
      (dir) => {
        mkdirSync(join(dir, 'taken'));
        return join(dir, 'taken');
      },
      /it is a folder \(EISDIR\)/,
    ],
    [
      'a path through a regular file',
      (dir) => {
        writeFileSync(join(dir, 'file'), 'keep');
        return join(dir, 'file', 'sub', 'out.txt');
      },
      /file is not a folder \(ENOTDIR\)/,
    ],
    [
      'a named pipe (reading it would block; renaming onto it would replace it)',
      (dir) => {
        const fifo = join(dir, 'fifo');
        expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
        return fifo;
      },
      /named pipe \(FIFO\)/,
    ],
    [
      'a full disk (the temporary file is a link to /dev/full)',
      (dir) => {
        symlinkSync('/dev/full', join(dir, `${TEMP_PREFIX}${process.pid}-out.txt`));
        return join(dir, 'out.txt');
      },
      /no space left on the device \(ENOSPC\)/,
    ],
  ];
  it.each(cases)('%s', (_what, make, reason) => {
    const dir = tempDir();
    const target = make(dir);
    const before = readdirSync(dir).filter((f) => !f.startsWith(TEMP_PREFIX));
    const e = errorOf(() => writeFileAtomic(target, 'content', { option: '--report' }));
    expect(e.code).toBe('E_OUTPUT');
    expect(e.format()).toMatch(new RegExp(`^${target}: --report: cannot write this file: `));
    expect(e.message).toMatch(reason);
    expect(temps(dir)).toEqual([]);
    expect(readdirSync(dir)).toEqual(before);
    if (existsSync(join(dir, 'file'))) expect(readFileSync(join(dir, 'file'), 'utf8')).toBe('keep');
    if (existsSync(join(dir, 'fifo'))) expect(statSync(join(dir, 'fifo')).isFIFO()).toBe(true);
  });

  it('a character device is refused before anything is written (it would be replaced by a regular file)', () => {
    const e = errorOf(() => checkOutputTarget('/dev/null', { option: '--spikes-out' }));
    expect(e.message).toMatch(/--spikes-out: .*character device/);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it('a trace on a full disk fails with E_TRACE_IO naming the trace, not a raw ENOSPC', () => {
    const dir = tempDir();
    symlinkSync('/dev/full', join(dir, 'full.tmp'));
    const out = new BufferedFile(join(dir, 'full.tmp'), join(dir, 'trace.vcd'));
    out.write('x'.repeat(1000));
    const e = errorOf(() => out.close());
    expect(e.code).toBe('E_TRACE_IO');
    expect(e.format()).toContain(`${join(dir, 'trace.vcd')}: trace output: cannot write this file: no space left`);
  });
});

describe('ensureDir', () => {
  it('creates missing folders level by level and accepts existing ones', () => {
    const dir = tempDir();
    ensureDir(join(dir, 'a', 'b', 'c'));
    ensureDir(join(dir, 'a', 'b', 'c'));
    expect(statSync(join(dir, 'a', 'b', 'c')).isDirectory()).toBe(true);
  });

  it('fails (instead of looping forever as a recursive mkdir does) where a folder cannot be created: /proc/x, refused within 10 s', () => {
    // In a child process with a timeout: the old recursive mkdir never returns, which would freeze this test.
    // Core reaches files through the installed file system: a bare script installs Node's, as api/ does.
    const script = `Promise.all([import('${join(process.cwd(), 'dist/api/node-file-system.js')}'), import('${join(process.cwd(), 'dist/core/io/output-file.js')}')]).then(([{ useNodeFileSystem }, { ensureDir }]) => {
      useNodeFileSystem();
      try { ensureDir('/proc/helen-test/x'); console.log('created'); } catch (e) { console.log(e.code); }
    });`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 10_000 });
    expect(r.signal).toBeNull();
    expect(r.stdout.trim()).toMatch(/^E(NOENT|ACCES|PERM)$/);
  });
});
