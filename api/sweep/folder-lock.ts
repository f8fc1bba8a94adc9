import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { HelenError } from '../../core/index.js';
import { ensureDir, outputError, tempPathFor } from '../../core/io/output-file.js';

/** The lock file a sweep holds in its output folder while it writes there (hidden, beside results.jsonl). */
export const SWEEP_LOCK = '.helen-sweep.lock';

/** Who holds a folder: what the lock file says. */
export interface LockOwner {
  pid: number;
  host: string;
  /** When the owner took the lock (ISO 8601). */
  started: string;
}

/** A held lock. */
export interface FolderLock {
  readonly file: string;
  /** Gives the folder up (only if the lock file is still this one). */
  release(): void;
}

/** Lock files this process holds: a second sweep of this process into the same folder is refused too. */
const held = new Set<string>();

/**
 * Takes a sweep's output folder for this process. Two sweeps appending to one
 * results.jsonl would each run every point (each reads the folder before the
 * other has written anything), so the second one is refused with a message
 * naming the folder and the holder's pid. A lock left by a process that died
 * on this host (killed, out of memory, a power cut) is stale and taken over.
 * `options` (host, liveness test) are for tests.
 */
export function lockFolder(
  dir: string,
  options: { host?: string; alive?: (pid: number) => boolean; option?: string } = {},
): FolderLock {
  const host = options.host ?? hostname();
  const alive = options.alive ?? isAlive;
  const file = resolve(join(dir, SWEEP_LOCK));
  const mine: LockOwner = { pid: process.pid, host, started: new Date().toISOString() };
  const text = JSON.stringify(mine) + '\n';
  const request = { option: options.option ?? '--out' };
  try {
    ensureDir(dir);
  } catch (e) {
    throw outputError(e, dir, request);
  }
  for (let attempt = 0; attempt < 5; attempt++) {
    if (create(file, text, request)) {
      held.add(file);
      return {
        file,
        release: () => {
          held.delete(file);
          if (readOrUndefined(file) === text) rmSync(file, { force: true });
        },
      };
    }
    const found = readOrUndefined(file);
    if (found === undefined) continue; // Released meanwhile: try again.
    const owner = parseOwner(found);
    const stale =
      owner === undefined || (owner.host === host && (owner.pid === process.pid ? !held.has(file) : !alive(owner.pid)));
    if (!stale) throw lockedError(dir, file, owner);
    // Remove the stale lock only if it is still the one read (another sweep may have just taken it over).
    if (readOrUndefined(file) === found) rmSync(file, { force: true });
  }
  throw lockedError(dir, file, parseOwner(readOrUndefined(file) ?? ''));
}

/** Creates the lock file with its content in one step (a link of a finished file): false if one exists. */
function create(file: string, text: string, request: { option: string }): boolean {
  const tmp = tempPathFor(file);
  try {
    writeFileSync(tmp, text);
    linkSync(tmp, file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw outputError(e, file, request);
  } finally {
    rmSync(tmp, { force: true });
  }
}

function lockedError(dir: string, file: string, owner: LockOwner | undefined): HelenError {
  const who = owner ? `helen sweep (pid ${owner.pid} on ${owner.host}, since ${owner.started})` : 'helen sweep';
  return new HelenError(
    'E_SWEEP_LOCKED',
    `another ${who} is writing this output folder: two sweeps there would run every point twice; wait for it to end or choose another --out (if that process is gone, delete ${file})`,
    { file: dir },
  );
}

function readOrUndefined(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const o = JSON.parse(text) as Partial<LockOwner>;
    return Number.isInteger(o.pid) && typeof o.host === 'string'
      ? { pid: o.pid!, host: o.host, started: String(o.started ?? '?') }
      : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a process of this host is running (EPERM: it is, under another user). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
