import { join } from 'node:path';
import { writeFileAtomic } from '../output.js';
import { paretoFront, placeRows, type ParetoPoint } from './pareto.js';
import { SWEEP_OUT } from './results-store.js';
import { paretoSvg } from './svg-chart.js';
import type { PointResult, SweepSpec } from './types.js';

/** File names of the summary inside the output folder. */
export const PARETO_SVG = 'pareto.svg';
export const SUMMARY_TXT = 'summary.txt';

/** Counts and the Pareto front of a finished (or resumed) sweep. */
export interface SweepSummary {
  /** Points the sweep holds after constraints. */
  points: number;
  ok: number;
  failed: number;
  /** Points a constraint removed. */
  skipped: number;
  /** The front over the sweep's pareto metrics, best x first (empty without `pareto`). */
  front: ParetoPoint[];
  /** Distinct error messages with how many points hit each (most frequent first). */
  errors: { error: string; count: number }[];
}

/** Summarises the rows of the sweep's points and writes pareto.svg and summary.txt atomically. */
export function summarise(
  spec: SweepSpec,
  rows: readonly PointResult[],
  skipped: number,
  outDir: string,
): SweepSummary {
  const ok = rows.filter((r) => r.status === 'ok').length;
  const counts = new Map<string, number>();
  for (const r of rows)
    if (r.status === 'error')
      counts.set(r.error ?? r.error_code ?? '?', (counts.get(r.error ?? r.error_code ?? '?') ?? 0) + 1);
  const errors = [...counts]
    .map(([error, count]) => ({ error, count }))
    .sort((a, b) => b.count - a.count || a.error.localeCompare(b.error));
  let front: ParetoPoint[] = [];
  if (spec.pareto) {
    const placed = placeRows(rows, spec.pareto);
    front = paretoFront(placed, spec.pareto);
    writeFileAtomic(
      join(outDir, PARETO_SVG),
      paretoSvg(
        `${spec.name}: Pareto front`,
        spec.pareto,
        [...placed].sort((a, b) => a.row.index - b.row.index),
        front,
      ),
      SWEEP_OUT,
    );
  }
  const summary: SweepSummary = { points: rows.length, ok, failed: rows.length - ok, skipped, front, errors };
  writeFileAtomic(join(outDir, SUMMARY_TXT), formatSummary(spec, summary), SWEEP_OUT);
  return summary;
}

/** The human summary: counts, the most common errors and the Pareto table. */
export function formatSummary(spec: SweepSpec, s: SweepSummary): string {
  const lines = [
    `${spec.name}: ${s.points} points, ${s.ok} ok, ${s.failed} failed, ${s.skipped} skipped by constraints`,
  ];
  if (s.errors.length) {
    lines.push('', 'errors:');
    for (const e of s.errors.slice(0, 5)) lines.push(`  ${e.count} × ${e.error}`);
    if (s.errors.length > 5) lines.push(`  … and ${s.errors.length - 5} more kinds (see results.csv)`);
  }
  if (spec.pareto) {
    lines.push(
      '',
      `Pareto front (${spec.pareto.x} ${spec.pareto.xGoal}, ${spec.pareto.y} ${spec.pareto.yGoal}): ${s.front.length} points`,
    );
    lines.push(...formatTable(s.front, spec));
  }
  return lines.join('\n') + '\n';
}

function formatTable(front: readonly ParetoPoint[], spec: SweepSpec): string[] {
  const paths = spec.axes.flatMap((a) => a.paths);
  const header = ['#', ...paths, spec.pareto!.x, spec.pareto!.y];
  const body = front.map((p) => [
    String(p.row.index),
    ...paths.map((k) => String(p.row.params[k])),
    fmt(p.x),
    fmt(p.y),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const row = (cells: string[]): string =>
    '  ' +
    cells.map((c, i) => (i === 0 || i > paths.length ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  return [row(header), ...body.map(row)];
}

const fmt = (v: number): string => (Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6))));
