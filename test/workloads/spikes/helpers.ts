import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressEvent, SpikeSource } from '../../../workloads/spikes/index.js';
export { errorOf } from '../../support/helen-error.js';

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
