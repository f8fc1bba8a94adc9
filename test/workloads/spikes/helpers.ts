import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HelenError } from '../../../core/index.js';
import type { AddressEvent, SpikeSource } from '../../../workloads/spikes/index.js';

const dir = mkdtempSync(join(tmpdir(), 'helen-spikes-'));

/** Writes `content` to a fresh temporary file named `name`. */
export function tempFile(name: string, content: string | Uint8Array): string {
  const f = join(dir, name);
  writeFileSync(f, content);
  return f;
}

/** A temporary path (not created). */
export function tempPath(name: string): string {
  return join(dir, name);
}

/** Every event of a source. */
export function drain(source: SpikeSource): AddressEvent[] {
  const out: AddressEvent[] = [];
  for (let e = source.next(); e; e = source.next()) out.push(e);
  return out;
}

/** The HelenError `f` throws (fails the test when it throws nothing or something else). */
export function errorOf(f: () => unknown): HelenError {
  try {
    f();
  } catch (e) {
    if (e instanceof HelenError) return e;
    throw e;
  }
  throw new Error('expected a HelenError');
}
