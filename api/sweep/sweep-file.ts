import { basename, dirname, extname, relative, resolve } from 'node:path';
import { excerpt, HelenError, HelenErrors, type SourceLocation } from '../../core/index.js';
import { fileNameProblem } from '../../core/io/file-name.js';
import { readYamlFile, type YNode } from '../../core/config/yaml-source.js';
import { readGrid, readRandom, readZip } from './axes.js';
import { checkMetricPath } from './metrics.js';
import type { Goal, ParetoSpec, SweepAxis, SweepConstraint, SweepSpec } from './types.js';
import { NodeReader } from './yaml-nodes.js';

/** Every top-level key of a sweep file (docs/sweeps.md documents each). */
export const SWEEP_KEYS = [
  'name',
  'description',
  'architecture',
  'workload',
  'format',
  'seed',
  'set',
  'grid',
  'zip',
  'random',
  'constraints',
  'metrics',
  'pareto',
  'attempts',
] as const;
const PARETO_KEYS = ['x', 'y', 'x_goal', 'y_goal'] as const;

/**
 * Loads a sweep file. Every problem is reported at once with file:line:column
 * (a HelenErrors); paths inside it are relative to the sweep file and come back
 * relative to the current directory.
 */
export function loadSweepFile(file: string): SweepSpec {
  const problems: HelenError[] = [];
  const root = readYamlFile(file, file, problems);
  if (!root) throw new HelenErrors(problems);
  const r = new NodeReader(problems);
  const top = r.map(root, 'a sweep file: a mapping with architecture, workload, grid/zip/random and metrics');
  if (!top) throw new HelenErrors(problems);
  const e = r.entries(top, SWEEP_KEYS);
  const here = dirname(resolve(file));
  const fileKey = (key: 'architecture' | 'workload'): string => {
    const node = e.get(key)?.value;
    if (!node)
      return (
        r.fail(
          'E_MISSING',
          `missing "${key}": the ${key} file every point runs (relative to this sweep file)`,
          top.loc,
        ) ?? ''
      );
    const text = r.string(node, `the ${key} file`);
    return text === undefined ? '' : relative(process.cwd(), resolve(here, text)) || '.';
  };
  const spec: SweepSpec = {
    name: readName(r, e.get('name')?.value) ?? basename(file, extname(file)),
    description: (e.get('description') && r.string(e.get('description')!.value, 'a description')) ?? '',
    file,
    architecture: fileKey('architecture'),
    workload: fileKey('workload'),
    ...readFormat(r, e.get('format')?.value),
    seed: (e.get('seed') && r.integer(e.get('seed')!.value, 'the run seed', 0)) ?? 1,
    ...readFixed(r, e.get('set')?.value),
    axes: [],
    constraints: readConstraints(r, e.get('constraints')?.value),
    metrics: readMetrics(r, e.get('metrics')?.value, top.loc),
    attempts: (e.get('attempts') && r.integer(e.get('attempts')!.value, 'attempts', 1)) ?? 3,
  };
  for (const entry of top.entries) {
    if (entry.key === 'grid') spec.axes.push(...readGrid(r, entry.value));
    if (entry.key === 'zip') spec.axes.push(...readZip(r, entry.value));
    if (entry.key === 'random') spec.axes.push(...readRandom(r, entry.value));
  }
  if (!problems.length && !spec.axes.length)
    r.fail('E_MISSING', 'nothing to sweep: add "grid", "zip" or "random"', top.loc);
  checkDistinctPaths(r, spec.axes, spec.fixed);
  const pareto = e.get('pareto')?.value;
  if (pareto) spec.pareto = readPareto(r, pareto, spec.metrics);
  if (problems.length) throw new HelenErrors(problems);
  return spec;
}

/**
 * The sweep's name names its output folder (sweep-results/NAME), so it must be
 * a file name: `../../elsewhere` would write, and overwrite, results outside it.
 */
function readName(r: NodeReader, node: YNode | undefined): string | undefined {
  const name = node && r.string(node, 'a name');
  if (node === undefined || name === undefined) return undefined;
  const why = fileNameProblem(name);
  if (why)
    return r.fail(
      'E_VALUE',
      `name "${excerpt(name)}" cannot name the output folder: ${why}; use a plain name such as adc-sweep`,
      node.loc,
    );
  return name;
}

function readFormat(r: NodeReader, node: YNode | undefined): { format?: string } {
  const format = node && r.string(node, 'a workload format name (helen list --formats)');
  return format === undefined ? {} : { format };
}

function readFixed(
  r: NodeReader,
  node: YNode | undefined,
): { fixed: Map<string, string>; fixedLoc: Map<string, SourceLocation> } {
  const fixed = new Map<string, string>();
  const fixedLoc = new Map<string, SourceLocation>();
  if (!node) return { fixed, fixedLoc };
  const map = r.map(node, 'set: parameter path → value applied to every point');
  for (const e of map?.entries ?? []) {
    const v = r.scalar(e.value, `a value for ${e.key}`);
    if (v === undefined) continue;
    fixed.set(e.key, String(v));
    fixedLoc.set(e.key, e.value.loc);
  }
  return { fixed, fixedLoc };
}

function readConstraints(r: NodeReader, node: YNode | undefined): SweepConstraint[] {
  if (!node) return [];
  const items = node.kind === 'seq' ? node.items : [node];
  const out: SweepConstraint[] = [];
  for (const item of items) {
    const text = r.string(item, 'a constraint such as "adc_bits >= log2(xbar_size) - 2"');
    if (text !== undefined) out.push({ text, loc: item.loc });
  }
  return out;
}

function readMetrics(r: NodeReader, node: YNode | undefined, where: SweepSpec['axes'][number]['loc']): string[] {
  if (!node)
    return (
      r.fail(
        'E_MISSING',
        'missing "metrics": run-report paths to collect, e.g. [cycles, energy_pj, area_mm2]',
        where,
      ) ?? []
    );
  const items = node.kind === 'seq' ? node.items : [node];
  const out: string[] = [];
  for (const item of items) {
    const path = r.string(item, 'a metric path such as cycles or phases.conv1.energy_pj');
    if (path === undefined) continue;
    const why = checkMetricPath(path);
    if (why) r.fail('E_METRIC', why, item.loc);
    else if (out.includes(path)) r.fail('E_VALUE', `metric "${path}" is listed twice`, item.loc);
    else out.push(path);
  }
  if (node.kind === 'seq' && node.items.length === 0) r.fail('E_MISSING', 'list at least one metric', node.loc);
  return out;
}

function readPareto(r: NodeReader, node: YNode, metrics: string[]): ParetoSpec | undefined {
  const map = r.map(node, 'pareto: { x: METRIC, y: METRIC }');
  if (!map) return undefined;
  const e = r.entries(map, PARETO_KEYS);
  const metric = (key: 'x' | 'y'): string | undefined => {
    const n = e.get(key)?.value;
    if (!n) return r.fail('E_MISSING', `pareto needs "${key}": one of the metrics (${metrics.join(', ')})`, map.loc);
    const m = r.string(n, 'a metric');
    if (m !== undefined && !metrics.includes(m))
      return r.fail('E_VALUE', `"${m}" is not among the metrics (${metrics.join(', ')})`, n.loc);
    return m;
  };
  const goal = (key: 'x_goal' | 'y_goal'): Goal | undefined => {
    const n = e.get(key)?.value;
    if (!n) return 'min';
    const g = r.string(n, 'min or max');
    if (g === 'min' || g === 'max') return g;
    return r.fail('E_VALUE', `${key} must be "min" or "max"`, n.loc);
  };
  const x = metric('x');
  const y = metric('y');
  const xGoal = goal('x_goal');
  const yGoal = goal('y_goal');
  if (!x || !y || !xGoal || !yGoal) return undefined;
  if (x === y) return r.fail('E_VALUE', 'pareto x and y must be two different metrics', map.loc);
  return { x, y, xGoal, yGoal };
}

function checkDistinctPaths(r: NodeReader, axes: SweepAxis[], fixed: Map<string, string>): void {
  const seen = new Set<string>();
  for (const axis of axes) {
    for (const p of axis.paths) {
      if (seen.has(p) || fixed.has(p))
        r.fail(
          'E_VALUE',
          `parameter "${p}" is swept twice (or also fixed in "set"); each path may vary in one place`,
          axis.loc,
        );
      seen.add(p);
    }
  }
}
