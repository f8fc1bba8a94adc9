import { closeSync, openSync, readSync } from 'node:fs';

/**
 * Whether a YAML file has `key:` at top level within its first 64 KiB. Readers
 * of YAML workloads use it to claim their files without parsing whole traces.
 */
export function yamlHasTopLevelKey(file: string, key: string): boolean {
  if (!/\.ya?ml$/i.test(file)) return false;
  try {
    const fd = openSync(file, 'r');
    try {
      const buf = Buffer.alloc(65536);
      const n = readSync(fd, buf, 0, buf.length, 0);
      return new RegExp(`^${key}\\s*:`, 'm').test(buf.toString('utf8', 0, n));
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}
