import { mkdirSync, processId, renameSync, rmSync, statSync, writeFileSync, type FileStat as Stats } from './fs.js';
import { fileSystem } from './file-system.js';
import { basename, dirname, join } from './path.js';
import { HelenError } from '../errors.js';
/** Prefix of every temporary file Helen writes beside an output (hidden, and naming the writing process). */
export const TEMP_PREFIX = '.helen-tmp-';

let watchTempDir: (dir: string) => void = () => {};

/** Has `watch` told of every folder temporary outputs may appear in (the CLI's reaper removes them if it dies). */
export function setTempDirWatcher(watch: (dir: string) => void): void {
  watchTempDir = watch;
}

/** Who asked for an output file: named in its errors so the user knows which option to fix. */
export interface OutputRequest {
  /** The option that named the file (`--out`, `--report`, `--trace`, …). */
  option?: string;
  /** Error code (default `E_OUTPUT`; traces keep their `E_TRACE_IO`). */
  code?: string;
}

/** Why a write failed, by errno code, in words a user can act on (`p` is the path the system named). */
const REASONS: Record<string, (p: string) => string> = {
  EACCES: (p) => `permission denied on ${p}`,
  EPERM: (p) => `operation not permitted on ${p}`,
  EEXIST: (p) => `${p} is in the way: it exists and is not a folder`,
  ENOTDIR: (p) => `${p} is not a folder`,
  EISDIR: (p) => `${p} is a folder, not a file`,
  ENOSPC: () => 'no space left on the device',
  EDQUOT: () => 'disk quota exceeded',
  EROFS: (p) => `${p} is on a read-only file system`,
  ENOENT: (p) => `${p} does not exist and cannot be created there`,
  ENAMETOOLONG: () => 'the name is too long',
  ELOOP: (p) => `too many symbolic links in ${p}`,
  EIO: () => 'input/output error of the device',
  EMFILE: () => 'too many open files',
};

/** An `ErrnoException` from node:fs (a `code` such as `EACCES`), as opposed to a bug. */
function isErrno(e: unknown): e is NodeJS.ErrnoException {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string';
}

/**
 * The located, typed error for a failed write of `file`: the errno code in
 * words, the option that named the file and the file itself. A HelenError
 * passes through; anything that is not a system error (a bug) is returned as
 * it is, so it still surfaces as an internal error.
 */
export function outputError(e: unknown, file: string, request: OutputRequest = {}): unknown {
  if (e instanceof HelenError || !isErrno(e)) return e;
  const errno = e.code!;
  // The system names the temporary file or a parent folder: name the part the user chose instead.
  let where = e.path !== undefined && !basename(e.path).startsWith(TEMP_PREFIX) ? e.path : file;
  if (errno === 'ENOTDIR' || errno === 'EEXIST') where = blockingAncestor(file) ?? where;
  const reason = REASONS[errno]?.(where) ?? e.message;
  return new HelenError(request.code ?? 'E_OUTPUT', `${lead(request)}cannot write this file: ${reason} (${errno})`, {
    file,
  });
}

function lead(request: OutputRequest): string {
  return request.option ? `${request.option}: ` : '';
}

/** The first ancestor of `file` that exists and is not a folder (what makes ENOTDIR / EEXIST), if any. */
function blockingAncestor(file: string): string | undefined {
  const chain: string[] = [];
  for (let d = dirname(file); ; d = dirname(d)) {
    chain.unshift(d);
    if (dirname(d) === d) break;
  }
  for (const d of chain) {
    const st = statOrUndefined(d);
    if (!st) return undefined;
    if (!st.isDirectory()) return d;
  }
  return undefined;
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** What a non-regular file is, for the message refusing it. */
function kindOf(st: Stats): string {
  if (st.isFIFO?.()) return 'a named pipe (FIFO)';
  if (st.isCharacterDevice?.()) return 'a character device';
  if (st.isBlockDevice?.()) return 'a block device';
  if (st.isSocket?.()) return 'a socket';
  return 'not a regular file';
}

/**
 * Checks, before any work, that `file` can be written the way Helen writes
 * outputs (a temporary file beside it, renamed onto it): it is absent or a
 * regular file, and its nearest existing folder is a writable folder. A FIFO
 * or a device is refused up front, since writing there would block or the
 * rename would replace the device node; `/proc/…` fails instead of hanging.
 */
export function checkOutputTarget(file: string, request: OutputRequest = {}): void {
  const code = request.code ?? 'E_OUTPUT';
  let st: Stats | undefined;
  try {
    st = statSync(file);
  } catch (e) {
    if (!isErrno(e) || e.code !== 'ENOENT') throw outputError(e, file, request);
  }
  if (st?.isDirectory())
    throw new HelenError(code, `${lead(request)}cannot write this file: it is a folder (EISDIR)`, { file });
  if (st && !st.isFile())
    throw new HelenError(
      code,
      `${lead(request)}cannot write this file: it is ${kindOf(st)}; outputs are written to a temporary file and renamed into place, so name a regular file`,
      { file },
    );
  // The nearest folder that exists is where the missing ones (and the temporary file) will be created.
  let dir = dirname(file);
  while (!statOrUndefined(dir) && dirname(dir) !== dir) dir = dirname(dir);
  const parent = statOrUndefined(dir);
  if (parent && !parent.isDirectory())
    throw outputError(Object.assign(new Error(), { code: 'ENOTDIR' }), file, request);
  try {
    fileSystem().checkWritable(dir);
  } catch (e) {
    throw outputError(e, file, request);
  }
}

/**
 * `mkdir -p`, one level at a time. Node's recursive mkdir loops forever where
 * a folder cannot be created although its parent exists (`/proc/x`); here that
 * is an ENOENT error.
 */
export function ensureDir(dir: string): void {
  try {
    mkdirSync(dir);
    return;
  } catch (e) {
    const errno = isErrno(e) ? e.code : undefined;
    if (errno === 'EEXIST') {
      if (statSync(dir).isDirectory()) return;
      throw e;
    }
    if (errno !== 'ENOENT' || dirname(dir) === dir) throw e;
  }
  ensureDir(dirname(dir));
  try {
    mkdirSync(dir);
  } catch (e) {
    // Another process may have created it meanwhile.
    if (!(isErrno(e) && e.code === 'EEXIST' && statSync(dir).isDirectory())) throw e;
  }
}

/**
 * A temporary name beside `file`: a rename onto `file` is then atomic (same
 * folder, same file system). The name carries the process id, and the folder
 * is watched so the file is removed if the process is interrupted.
 */
export function tempPathFor(file: string, suffix = ''): string {
  const dir = dirname(file);
  watchTempDir(dir);
  return join(dir, `${TEMP_PREFIX}${processId()}-${basename(file)}${suffix}`);
}

/** Renames the finished temporary file onto its final name, removing it if that fails. */
export function commitTemp(tmp: string, file: string, request: OutputRequest = {}): void {
  try {
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw outputError(e, file, request);
  }
}

/**
 * Writes a file atomically: to a temporary name beside it, then a rename, so
 * an interrupted or failed command never leaves a truncated file behind.
 * Failures (permissions, a full disk, a folder or a device in the way) are
 * HelenErrors naming the file and `request.option`.
 */
export function writeFileAtomic(file: string, content: string | Uint8Array, request: OutputRequest = {}): void {
  checkOutputTarget(file, request);
  try {
    ensureDir(dirname(file));
  } catch (e) {
    throw outputError(e, file, request);
  }
  const tmp = tempPathFor(file);
  try {
    writeFileSync(tmp, content);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw outputError(e, file, request);
  }
  commitTemp(tmp, file, request);
}
