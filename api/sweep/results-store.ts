import { appendFileSync, existsSync, readFileSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { checkOutputTarget, ensureDir, outputError, writeFileAtomic } from '../output.js';
import type { PointResult } from './types.js';

/** File names inside a sweep's output folder. */
export const RESULTS_JSONL = 'results.jsonl';
export const RESULTS_CSV = 'results.csv';

/** How the sweep's output folder is named in the errors of its writes. */
export const SWEEP_OUT = { option: '--out' };

/**
 * The results of a sweep on disk. `results.jsonl` is the record: one row per
 * line, appended with a single write; a crash can only tear the last line, and
 * opening the store cuts such a tail off (that point simply runs again).
 * `results.csv` is derived from it and always rewritten whole, atomically.
 */
export class ResultsStore {
  readonly dir: string;
  private readonly rows = new Map<string, PointResult>();

  private constructor(dir: string) {
    this.dir = dir;
  }

  /** Opens (creating if needed) the output folder and reads the rows already there. */
  static open(dir: string): ResultsStore {
    const file = join(dir, RESULTS_JSONL);
    try {
      checkOutputTarget(file, SWEEP_OUT);
      ensureDir(dir);
    } catch (e) {
      throw outputError(e, dir, SWEEP_OUT);
    }
    const store = new ResultsStore(dir);
    if (!existsSync(file)) return store;
    const text = readFileSync(file, 'utf8');
    let good = 0;
    for (let start = 0; start < text.length;) {
      const end = text.indexOf('\n', start);
      if (end < 0) break;
      const row = parseRow(text.slice(start, end));
      if (row) store.rows.set(row.key, row);
      good = end + 1;
      start = end + 1;
    }
    // Only a tail without its newline can be torn by a crash; cut it so the next append starts a clean line.
    if (good < text.length) truncateSync(file, Buffer.byteLength(text.slice(0, good)));
    return store;
  }

  has(key: string): boolean {
    return this.rows.has(key);
  }

  get(key: string): PointResult | undefined {
    return this.rows.get(key);
  }

  /** Every row read or appended (the latest per key). */
  all(): PointResult[] {
    return [...this.rows.values()];
  }

  /** Appends one row as a single line (one write call, so rows never interleave). */
  append(row: PointResult): void {
    const file = join(this.dir, RESULTS_JSONL);
    try {
      appendFileSync(file, JSON.stringify(row) + '\n');
    } catch (e) {
      throw outputError(e, file, SWEEP_OUT);
    }
    this.rows.set(row.key, row);
  }

  /** Rewrites results.csv with the rows of the given keys that are done, in point order. */
  writeCsv(keys: readonly string[], paths: readonly string[], metrics: readonly string[]): void {
    const rows = keys
      .map((k) => this.rows.get(k))
      .filter((r): r is PointResult => r !== undefined)
      .sort((a, b) => a.index - b.index);
    const header = ['index', 'key', 'status', ...paths, ...metrics, 'wall_s', 'worker', 'error'];
    const lines = [header.map(csvField).join(',')];
    for (const r of rows) {
      lines.push(
        [
          r.index,
          r.key,
          r.status,
          ...paths.map((p) => r.params[p]),
          ...metrics.map((m) => r.metrics[m]),
          r.wall_s,
          r.worker,
          r.error,
        ]
          .map(csvField)
          .join(','),
      );
    }
    writeFileAtomic(join(this.dir, RESULTS_CSV), lines.join('\n') + '\n', SWEEP_OUT);
  }
}

function parseRow(line: string): PointResult | undefined {
  try {
    const row = JSON.parse(line) as PointResult;
    return typeof row?.key === 'string' && (row.status === 'ok' || row.status === 'error') ? row : undefined;
  } catch {
    return undefined;
  }
}

/** RFC 4180: quote fields holding a comma, quote or line break; numbers print exactly as JSON does. */
export function csvField(v: unknown): string {
  if (v === undefined || v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
