import { didYouMean, HelenError } from '../../core/index.js';
import type { RunReport } from '../run.js';

/** Top-level RunReport fields a metric may start with; wall_s and events_per_s vary run to run, so they are not metrics. */
export const METRIC_ROOTS = [
  'architecture',
  'workload',
  'seed',
  'cycles',
  'main_clock_hz',
  'time_ps',
  'energy_pj',
  'area_mm2',
  'events',
  'operations',
  'stop',
  'energy_by_action_pj',
  'components',
  'phases',
  'workload_summary',
] as const;

/** Why a metric path is unusable, or undefined when it is fine. */
export function checkMetricPath(path: string): string | undefined {
  const root = path.split('.')[0]!;
  if (root === 'wall_s' || root === 'events_per_s')
    return `"${root}" is not deterministic; every row records the point's wall time as wall_s anyway`;
  if ((METRIC_ROOTS as readonly string[]).includes(root)) return undefined;
  const hint = didYouMean(root, METRIC_ROOTS) ?? METRIC_ROOTS.find((r) => root.length >= 3 && r.startsWith(root));
  return `"${root}" is not a field of the run report${hint ? `; did you mean "${hint}"?` : ''} (fields: ${METRIC_ROOTS.join(', ')})`;
}

/**
 * The value at a dotted path in a run report. Component names contain dots
 * (`components.chip.tile[0].energy_pj`), so at each object the longest key that
 * matches the following segments wins; a list of named entries (`phases`) is
 * indexed by name (`phases.conv1.cycles`).
 */
export function readMetric(report: RunReport, path: string): number | string {
  const segments = path.split('.');
  let node: unknown = report;
  let i = 0;
  while (i < segments.length) {
    if (Array.isArray(node)) {
      const name = segments[i]!;
      const found = node.find((item) => (item as { name?: unknown })?.name === name);
      if (found === undefined)
        throw missing(
          path,
          segments.slice(0, i).join('.'),
          node.map((item) => String((item as { name?: unknown })?.name)),
        );
      node = found;
      i++;
      continue;
    }
    if (node === null || typeof node !== 'object') throw missing(path, segments.slice(0, i).join('.'), []);
    const obj = node as Record<string, unknown>;
    let j = segments.length;
    while (j > i && !Object.hasOwn(obj, segments.slice(i, j).join('.'))) j--;
    if (j === i) throw missing(path, segments.slice(0, i).join('.'), Object.keys(obj));
    node = obj[segments.slice(i, j).join('.')];
    i = j;
  }
  if (typeof node === 'number' || typeof node === 'string') return node;
  throw new HelenError(
    'E_METRIC',
    `metric "${path}" is not a number or text (it is a ${Array.isArray(node) ? 'list' : typeof node}); name a field inside it`,
  );
}

function missing(path: string, at: string, keys: string[]): HelenError {
  const shown = keys.slice(0, 12).join(', ') + (keys.length > 12 ? ', …' : '');
  return new HelenError(
    'E_METRIC',
    `metric "${path}": nothing at this path after "${at || '(report)'}"${shown ? ` (there: ${shown})` : ''}`,
  );
}
