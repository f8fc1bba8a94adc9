import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { HelenError, loadArchitecture, type SourceLocation } from '../../core/index.js';
import { ConstraintChecker } from './constraints.js';
import type { ParamValue, PointParams, PointTask, SweepSpec } from './types.js';

/** Most points one sweep may hold (after the product, before constraints). */
export const MAX_POINTS = 1_000_000;

/** The points of a sweep, and how many the constraints removed. */
export interface SweepPoints {
  tasks: PointTask[];
  /** Points of the product that a constraint rejected. */
  skipped: number;
  /** Points equal to an earlier one (random samples can repeat); each runs once. */
  duplicates: number;
  /** Hash of the base files (architecture with its includes, and the workload). */
  baseHash: string;
}

/** JSON with object keys sorted at every level: equal values always give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    return `{${Object.keys(obj)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Hash of the content (not the names) of every file a point reads: the root
 * architecture, its includes and the workload. Moving a checkout keeps the keys;
 * editing any of those files gives new keys, so stale results are never reused.
 */
export function baseFilesHash(architecture: string, workload: string, allowDirs: readonly string[] = []): string {
  const h = createHash('sha256');
  // A file in another format (a SCALE-Sim .cfg, …) is translated whole by its reader: it has no includes.
  const architectureFiles = /\.ya?ml$/i.test(architecture)
    ? loadArchitecture(architecture, { allowDirs }).files
    : [architecture];
  for (const f of [...architectureFiles, workload]) {
    const content = readFileSync(f);
    h.update(`${content.length}:`).update(content);
  }
  return h.digest('hex').slice(0, 32);
}

/** The identity of a point: its parameters plus everything else that decides its result. */
export function pointKey(
  spec: Pick<SweepSpec, 'fixed' | 'seed' | 'metrics' | 'format'>,
  params: PointParams,
  baseHash: string,
): string {
  // The format is keyed only when named, so the keys of existing result folders stay valid.
  const text = canonicalJson({
    params,
    fixed: Object.fromEntries(spec.fixed),
    seed: spec.seed,
    metrics: spec.metrics,
    base: baseHash,
    ...(spec.format !== undefined ? { format: spec.format } : {}),
  });
  return createHash('sha256').update(text).digest('hex').slice(0, 20);
}

/** Every point of the product of the axes (first axis slowest), in order. */
export function* productPoints(spec: Pick<SweepSpec, 'axes'>): Generator<PointParams> {
  const axes = spec.axes;
  const at = axes.map(() => 0);
  if (axes.some((a) => a.tuples.length === 0)) return;
  for (;;) {
    const params: PointParams = {};
    axes.forEach((axis, i) => axis.paths.forEach((p, j) => (params[p] = axis.tuples[at[i]!]![j] as ParamValue)));
    yield params;
    let i = axes.length - 1;
    while (i >= 0 && ++at[i]! === axes[i]!.tuples.length) at[i--] = 0;
    if (i < 0) return;
  }
}

/**
 * A fixed override may name a swept value as `${path}`: component parameters are
 * not variables, so `rows * cols` cannot be written, but `${chip.array.rows} * ${chip.array.cols}` can.
 */
export function substitute(text: string, params: PointParams, loc?: SourceLocation): string {
  return text.replace(/\$\{([^}]+)\}/g, (_, path: string) => {
    const v = params[path.trim()];
    if (v === undefined)
      throw new HelenError(
        'E_VALUE',
        `"\${${path}}" in "set" is not a swept parameter (swept: ${Object.keys(params).join(', ')})`,
        loc,
      );
    return typeof v === 'number' ? `(${v})` : String(v);
  });
}

/** Number of points in the product of the axes. */
export function productSize(spec: Pick<SweepSpec, 'axes'>): number {
  return spec.axes.reduce((n, a) => n * a.tuples.length, 1);
}

/** Expands a sweep into runnable tasks, skipping points a constraint rejects. */
export function sweepPoints(spec: SweepSpec, baseHash = baseFilesHash(spec.architecture, spec.workload)): SweepPoints {
  const size = productSize(spec);
  if (size > MAX_POINTS)
    throw new HelenError(
      'E_LIMIT',
      `the sweep has ${size} points; the limit is ${MAX_POINTS} (use "random" to sample a large space)`,
      { file: spec.file, line: 1, column: 1 },
    );
  const swept = spec.axes.flatMap((a) => a.paths);
  const first = productPoints(spec).next();
  const checker = new ConstraintChecker(spec.constraints, swept, first.done ? {} : first.value);
  const tasks: PointTask[] = [];
  let index = 0;
  let skipped = 0;
  let duplicates = 0;
  const keys = new Set<string>();
  for (const params of productPoints(spec)) {
    const i = index++;
    if (!checker.accepts(params)) {
      skipped++;
      continue;
    }
    const key = pointKey(spec, params, baseHash);
    if (keys.has(key)) {
      duplicates++;
      continue;
    }
    keys.add(key);
    tasks.push({
      key,
      index: i,
      params,
      overrides: [
        ...Object.entries(params).map(([p, v]): [string, string] => [p, String(v)]),
        ...[...spec.fixed].map(([p, v]): [string, string] => [p, substitute(v, params, spec.fixedLoc.get(p))]),
      ],
      architecture: spec.architecture,
      workload: spec.workload,
      ...(spec.format !== undefined ? { format: spec.format } : {}),
      seed: spec.seed,
      metrics: spec.metrics,
      baseHash,
    });
  }
  return { tasks, skipped, duplicates, baseHash };
}
