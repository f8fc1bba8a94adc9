import { Rng } from '../../core/index.js';
import type { YMap, YNode } from '../../core/config/yaml-source.js';
import type { ParamValue, SweepAxis } from './types.js';
import type { NodeReader } from './yaml-nodes.js';

/** Longest axis accepted; a typo in a range step must not allocate gigabytes. */
export const MAX_AXIS_VALUES = 100_000;

const RANGE_KEYS = ['values', 'from', 'to', 'step', 'count', 'factor', 'scale'] as const;
const RANDOM_KEYS = ['samples', 'seed', 'parameters'] as const;
const DRAW_KEYS = ['min', 'max', 'integer', 'scale', 'choice'] as const;

// Float steps accumulate error (0.1 + 0.2); twelve significant digits print the values the user meant.
const tidy = (v: number): number => Number(v.toPrecision(12));

/** The values of one grid entry: a list, a single value, `{values}`, or a range `{from, to, step | count [, scale] | factor}`. */
export function readValues(r: NodeReader, node: YNode, path: string): ParamValue[] | undefined {
  if (node.kind !== 'map') return r.scalarList(node, `values of ${path}`);
  const e = r.entries(node, RANGE_KEYS);
  const values = e.get('values');
  if (values) {
    if (e.size > 1) return r.fail('E_VALUE', `give either "values" or a range (from, to, …), not both`, node.loc);
    return r.scalarList(values.value, `values of ${path}`);
  }
  const from = e.get('from') && r.number(e.get('from')!.value, '"from"');
  const to = e.get('to') && r.number(e.get('to')!.value, '"to"');
  if (from === undefined || to === undefined)
    return r.fail(
      'E_MISSING',
      `a range needs "from" and "to" (numbers in the parameter's unit), and one of "step", "count" or "factor"`,
      node.loc,
    );
  const ways = (['step', 'count', 'factor'] as const).filter((k) => e.has(k));
  if (ways.length !== 1)
    return r.fail(
      'E_VALUE',
      `a range needs exactly one of "step", "count" or "factor", got ${ways.length ? ways.join(' and ') : 'none'}`,
      node.loc,
    );
  const way = ways[0]!;
  const wayNode = e.get(way)!.value;
  const scaleNode = e.get('scale')?.value;
  const scale = scaleNode ? r.string(scaleNode, 'scale: linear or log') : 'linear';
  if (scale !== 'linear' && scale !== 'log')
    return r.fail('E_VALUE', `scale must be "linear" or "log", got ${JSON.stringify(scale)}`, scaleNode!.loc);
  if (scaleNode && way !== 'count')
    return r.fail('E_VALUE', `"scale" only applies to a range with "count"`, scaleNode.loc);
  const out: number[] = [];
  const push = (v: number): boolean => (out.length < MAX_AXIS_VALUES ? (out.push(tidy(v)), true) : false);
  if (way === 'step') {
    const step = r.number(wayNode, '"step"');
    if (step === undefined) return undefined;
    if (step === 0 || Math.sign(step) !== Math.sign(to - from || step))
      return r.fail('E_VALUE', `"step" must be non-zero and go from ${from} towards ${to}`, wayNode.loc);
    const n = Math.floor((to - from) / step + 1e-9);
    for (let i = 0; i <= n; i++) if (!push(from + i * step)) break;
  } else if (way === 'count') {
    const count = r.integer(wayNode, '"count"', 1);
    if (count === undefined) return undefined;
    if (scale === 'log' && (from <= 0 || to <= 0))
      return r.fail('E_VALUE', `a log range needs positive "from" and "to"`, node.loc);
    for (let i = 0; i < count; i++) {
      const t = count === 1 ? 0 : i / (count - 1);
      if (!push(scale === 'log' ? from * (to / from) ** t : from + (to - from) * t)) break;
    }
  } else {
    const factor = r.number(wayNode, '"factor"');
    if (factor === undefined) return undefined;
    if (from <= 0 || factor <= 1 || to < from)
      return r.fail(
        'E_VALUE',
        `a "factor" range needs 0 < from ≤ to and factor > 1 (e.g. from: 64, to: 512, factor: 2)`,
        node.loc,
      );
    for (let v = from; v <= to * (1 + 1e-12); v *= factor) if (!push(v)) break;
  }
  if (out.length >= MAX_AXIS_VALUES)
    return r.fail('E_LIMIT', `the range has more than ${MAX_AXIS_VALUES} values`, node.loc);
  return out;
}

/** `grid:` — one axis per entry; the sweep takes every combination. */
export function readGrid(r: NodeReader, node: YNode): SweepAxis[] {
  const map = r.map(node, 'grid: parameter path → values');
  if (!map) return [];
  const axes: SweepAxis[] = [];
  for (const e of map.entries) {
    const values = readValues(r, e.value, e.key);
    if (values) axes.push({ paths: [e.key], tuples: values.map((v) => [v]), loc: e.keyLoc });
  }
  return axes;
}

/** `zip:` — a list of groups; in each group the lists advance together (equal lengths), making one axis. */
export function readZip(r: NodeReader, node: YNode): SweepAxis[] {
  const groups = node.kind === 'seq' ? node.items : [node];
  const axes: SweepAxis[] = [];
  for (const g of groups) {
    const map = r.map(g, 'a zipped group: parameter path → list of values');
    if (!map) continue;
    const columns: ParamValue[][] = [];
    const paths: string[] = [];
    for (const e of map.entries) {
      const values = readValues(r, e.value, e.key);
      if (!values) continue;
      if (columns.length && values.length !== columns[0]!.length) {
        r.fail(
          'E_VALUE',
          `every list of a zipped group must have the same length: ${paths[0]} has ${columns[0]!.length} values, ${e.key} has ${values.length}`,
          e.keyLoc,
        );
        continue;
      }
      paths.push(e.key);
      columns.push(values);
    }
    if (!paths.length) continue;
    axes.push({ paths, tuples: columns[0]!.map((_, i) => columns.map((c) => c[i]!)), loc: map.loc });
  }
  return axes;
}

type Draw = (rng: Rng) => ParamValue;

function readDraw(r: NodeReader, node: YNode, path: string): Draw | undefined {
  if (node.kind !== 'map') {
    const choices = r.scalarList(node, `choices of ${path}`);
    return choices && ((rng) => choices[rng.nextInt(choices.length)]!);
  }
  const e = r.entries(node, DRAW_KEYS);
  if (e.has('choice')) {
    if (e.size > 1) return r.fail('E_VALUE', `"choice" stands alone (it draws one of its values uniformly)`, node.loc);
    const choices = r.scalarList(e.get('choice')!.value, `choices of ${path}`);
    return choices && ((rng) => choices[rng.nextInt(choices.length)]!);
  }
  const min = e.get('min') && r.number(e.get('min')!.value, '"min"');
  const max = e.get('max') && r.number(e.get('max')!.value, '"max"');
  if (min === undefined || max === undefined)
    return r.fail('E_MISSING', `a random parameter needs "min" and "max" (or "choice: [...]")`, node.loc);
  if (!(min <= max)) return r.fail('E_VALUE', `"min" (${min}) must not exceed "max" (${max})`, node.loc);
  const integer = e.get('integer') ? r.boolean(e.get('integer')!.value, '"integer"') : false;
  const scaleNode = e.get('scale')?.value;
  const scale = scaleNode ? r.string(scaleNode, 'scale') : 'linear';
  if (scale !== 'linear' && scale !== 'log')
    return r.fail('E_VALUE', `scale must be "linear" or "log"`, scaleNode!.loc);
  if (scale === 'log' && min <= 0) return r.fail('E_VALUE', `a log-scaled parameter needs min > 0`, node.loc);
  if (integer) {
    const lo = Math.ceil(min);
    const hi = Math.floor(max);
    if (lo > hi) return r.fail('E_VALUE', `no whole number lies between ${min} and ${max}`, node.loc);
    return (rng) => lo + rng.nextInt(hi - lo + 1);
  }
  return scale === 'log'
    ? (rng) => tidy(min * (max / min) ** rng.nextFloat())
    : (rng) => tidy(min + (max - min) * rng.nextFloat());
}

/** `random:` — `samples` points drawn from a seeded stream; together they form one axis. */
export function readRandom(r: NodeReader, node: YNode): SweepAxis[] {
  const map = r.map(node, 'random: { samples, seed, parameters }');
  if (!map) return [];
  const e = r.entries(map, RANDOM_KEYS);
  const samplesNode = e.get('samples')?.value;
  const samples = samplesNode
    ? r.integer(samplesNode, '"samples"', 1)
    : r.fail('E_MISSING', `random needs "samples" (how many points to draw)`, map.loc);
  const seed = e.get('seed') ? r.integer(e.get('seed')!.value, '"seed"', 0) : 1;
  const paramsNode = e.get('parameters')?.value;
  const params = paramsNode
    ? r.map(paramsNode, 'parameters: path → { min, max, integer?, scale? } or a list of choices')
    : r.fail('E_MISSING', `random needs "parameters"`, map.loc);
  if (samples === undefined || seed === undefined || !params) return [];
  if (samples > MAX_AXIS_VALUES) return (r.fail('E_LIMIT', `at most ${MAX_AXIS_VALUES} samples`, samplesNode!.loc), []);
  const draws: { path: string; draw: Draw }[] = [];
  for (const p of (params as YMap).entries) {
    const draw = readDraw(r, p.value, p.key);
    if (draw) draws.push({ path: p.key, draw });
  }
  if (!draws.length) return [];
  // One stream for the block, drawn sample by sample in file order: the same file always gives the same points.
  const rng = new Rng(seed);
  const tuples: ParamValue[][] = [];
  for (let i = 0; i < samples; i++) tuples.push(draws.map((d) => d.draw(rng)));
  return [{ paths: draws.map((d) => d.path), tuples, loc: map.loc }];
}
