// Timeloop problem specifications (`problem: { shape, instance }`) as layers of Helen's neutral layer list.
import { basename, extname } from '../../core/io/path.js';
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Node, type YAMLMap } from 'yaml';
import { HelenError, readUserTextFile, type SourceLocation } from '../../core/index.js';
import { nodeLocation, throwYamlSyntaxError } from '../yaml-located.js';
import { outputSize, type ConvLayer, type FcLayer, type LayerList } from '../layers/layer-list.js';
import {
  CNN_COEFFICIENTS,
  CNN_DIMENSIONS,
  CNN_EXTRAS,
  GEMM_DIMENSIONS,
  INSTANCE_KEYS,
  shapeOfName,
  type ProblemShape,
} from './shapes.js';

/** Keys of `problem:`. */
const PROBLEM_KEYS = ['version', 'shape', 'instance'];

/** Top-level keys of a Timeloop input that describe hardware or mapping, not the workload: left to Timeloop. */
export const TIMELOOP_OTHER_SECTIONS = [
  'architecture',
  'arch',
  'mapping',
  'mapper',
  'mapspace',
  'mapspace_constraints',
  'constraints',
  'sparse_optimizations',
  'components',
  'compound_components',
  'model',
  'variables',
  'globals',
  'ERT',
  'ART',
];

/** A problem file larger than this is not a problem specification. */
const MAX_PROBLEM_BYTES = 4 * 1024 * 1024;

/** Reads `key` of a map node (undefined when absent). */
function child(map: YAMLMap, key: string): Node | undefined {
  return map.get(key, true) as Node | undefined;
}

/**
 * Reads a Timeloop problem file: one YAML document (or several, `---`
 * separated, one layer each) with `problem: { shape, instance }`. A CNN layer
 * shape becomes a conv layer, a GEMM shape an fc layer; Timeloop problems carry
 * no activation (`none`) and no name (the file's name, `_2`, `_3`… for later
 * documents). The batch is the CNN layers' N (all equal). Every problem is a
 * HelenError with file, line, column and key.
 */
export function readTimeloopProblem(file: string, shown: string = file): LayerList {
  return timeloopProblemFromText(readUserTextFile(file, shown, MAX_PROBLEM_BYTES, 'a Timeloop problem'), shown);
}

/** As readTimeloopProblem, from the file's text. */
export function timeloopProblemFromText(text: string, file: string): LayerList {
  const lc = new LineCounter();
  const at = (node: Node | null | undefined, path: string): SourceLocation => nodeLocation(lc, file, node, path);
  const template = text.indexOf('{{');
  if (template >= 0) {
    const before = text.slice(0, template).split('\n');
    throw new HelenError('E_WORKLOAD', 'this is a Jinja template (timeloopfe); render it to plain YAML first', {
      file,
      line: before.length,
      column: before.at(-1)!.length + 1,
    });
  }
  const docs = parseAllDocuments(text, { lineCounter: lc });
  const stem = basename(file, extname(file));
  const layers: (ConvLayer | FcLayer)[] = [];
  let batch: { n: number; at: SourceLocation } | undefined;
  docs.forEach((doc, i) => {
    throwYamlSyntaxError(doc, file);
    const root = doc.contents as Node | null;
    if (root === null && docs.length > 1) return;
    const where = docs.length > 1 ? `document ${i + 1}: ` : '';
    if (!isMap(root))
      throw new HelenError(
        'E_WORKLOAD',
        `${where}a Timeloop problem is a mapping with "problem: { shape, instance }"`,
        at(root, ''),
      );
    for (const pair of root.items) {
      const key = String((pair.key as Node & { toJSON(): unknown }).toJSON?.() ?? pair.key);
      if (key !== 'problem' && !TIMELOOP_OTHER_SECTIONS.includes(key))
        throw new HelenError(
          'E_WORKLOAD',
          `${where}unknown top-level key "${key}"; a Timeloop problem file has "problem:" (architecture, mapping, … are left to Timeloop)`,
          at(pair.key as Node, key),
        );
    }
    const problem = child(root, 'problem');
    if (!isMap(problem))
      throw new HelenError(
        'E_WORKLOAD',
        `${where}"problem" must be a mapping with "shape" and "instance"`,
        at(problem ?? root, 'problem'),
      );
    const name = docs.length > 1 && i > 0 ? `${stem}_${i + 1}` : stem;
    const layer = readProblem(problem, name, at);
    layers.push(layer.layer);
    if (layer.batch) {
      if (batch && batch.n !== layer.batch.n)
        throw new HelenError(
          'E_WORKLOAD',
          `${where}N (batch) is ${layer.batch.n} here but ${batch.n} in an earlier document (line ${batch.at.line}); a layer list has one batch`,
          layer.batch.at,
        );
      batch ??= layer.batch;
    }
  });
  if (!layers.length)
    throw new HelenError('E_WORKLOAD', 'expected a Timeloop problem: problem: { shape, instance }', {
      file,
      line: 1,
      column: 1,
    });
  return { name: stem, batch: batch?.n ?? 1, layers };
}

type At = (node: Node | null | undefined, path: string) => SourceLocation;

/** One `problem:` mapping as a layer, and the batch (N) it names. */
function readProblem(
  problem: YAMLMap,
  name: string,
  at: At,
): { layer: ConvLayer | FcLayer; batch?: { n: number; at: SourceLocation } } {
  for (const pair of problem.items) {
    const key = String((pair.key as Node & { toJSON(): unknown }).toJSON?.() ?? pair.key);
    if (!PROBLEM_KEYS.includes(key))
      throw new HelenError(
        'E_WORKLOAD',
        `unknown key "${key}" in problem; known: ${PROBLEM_KEYS.join(', ')}`,
        at(pair.key as Node, `problem.${key}`),
      );
  }
  const instance = child(problem, 'instance');
  if (!isMap(instance))
    throw new HelenError(
      'E_WORKLOAD',
      '"problem.instance" must be a mapping of dimension sizes, e.g. { R: 3, S: 3, P: 56, … }',
      at(instance ?? problem, 'problem.instance'),
    );
  const keys = new Map<string, { value: Node; key: Node }>();
  for (const pair of instance.items) {
    const key = String((pair.key as Node & { toJSON(): unknown }).toJSON?.() ?? pair.key);
    keys.set(canonicalKey(key), { value: pair.value as Node, key: pair.key as Node });
  }
  const shape = readShape(problem, keys, at);
  const known = INSTANCE_KEYS[shape];
  for (const [key, { key: keyNode }] of keys) {
    if (Object.hasOwn(known, key)) continue;
    const why =
      key === 'densities'
        ? 'sparse densities (Sparseloop) are not modelled'
        : key === 'G'
          ? 'grouped convolutions (G) are not read'
          : `unknown dimension "${key}" for a ${shape === 'cnn' ? 'CNN layer' : 'GEMM'} problem; known: ${Object.keys(known).join(', ')}`;
    throw new HelenError('E_WORKLOAD', why, at(keyNode, `problem.instance.${key}`));
  }
  const num = (key: string, min: number, fallback: number): number => {
    const entry = keys.get(key);
    if (!entry) return fallback;
    const v: unknown = isScalar(entry.value) ? entry.value.value : undefined;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min)
      throw new HelenError(
        'E_WORKLOAD',
        `"${key}" (${known[key]}) must be a whole number ≥ ${min}, got ${JSON.stringify(isScalar(entry.value) ? entry.value.value : entry.value?.toJSON?.())}`,
        at(entry.value, `problem.instance.${key}`),
      );
    return v;
  };
  const loc = at(instance, 'problem.instance');
  const where = (key: string): SourceLocation => {
    const e = keys.get(key);
    return e ? at(e.value, `problem.instance.${key}`) : loc;
  };
  if (shape === 'gemm') {
    const layer: FcLayer = {
      kind: 'fc',
      name,
      inFeatures: num('K', 1, 1),
      outFeatures: num('N', 1, 1),
      rows: num('M', 1, 1),
      activation: 'none',
      loc,
    };
    return { layer };
  }
  if (keys.has('M') && keys.has('K'))
    throw new HelenError(
      'E_WORKLOAD',
      'give the output channels once, as M (v0.4) or K (older files), not both',
      where('K'),
    );
  const [R, S, P, Q, C, N] = (['R', 'S', 'P', 'Q', 'C', 'N'] as const).map((k) => num(k, 1, 1)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const outChannels = keys.has('K') ? num('K', 1, 1) : num('M', 1, 1);
  const [wStride, hStride] = [num('Wstride', 1, 1), num('Hstride', 1, 1)];
  for (const d of ['Wdilation', 'Hdilation'])
    if (num(d, 1, 1) !== 1)
      throw new HelenError(
        'E_WORKLOAD',
        `"${d}" must be 1: dilated convolutions are not read (Helen's conv layer has none)`,
        where(d),
      );
  if (R !== S)
    throw new HelenError(
      'E_WORKLOAD',
      `the kernel must be square (R = S): Helen's conv layer has one kernel size, got R=${R}, S=${S}`,
      where('S'),
    );
  if (wStride !== hStride)
    throw new HelenError(
      'E_WORKLOAD',
      `the strides must be equal (Wstride = Hstride): Helen's conv layer has one stride, got ${wStride} and ${hStride}`,
      where('Hstride'),
    );
  const [wPad, hPad] = [num('Wpad', 0, 0), num('Hpad', 0, 0)];
  if (wPad !== hPad)
    throw new HelenError(
      'E_WORKLOAD',
      `the paddings must be equal (Wpad = Hpad): Helen's conv layer has one padding, got ${wPad} and ${hPad}`,
      where('Hpad'),
    );
  // Timeloop's projection: input width = P·Wstride + R (less one each), height likewise from Q and S.
  const extent = (out: number, key: 'H' | 'W'): number => {
    const implied = (out - 1) * wStride + R - 2 * wPad;
    if (!keys.has(key)) {
      if (implied < 1)
        throw new HelenError(
          'E_WORKLOAD',
          `padding ${wPad} leaves no input for ${key === 'H' ? 'Q' : 'P'}=${out}`,
          where(`${key}pad`),
        );
      return implied;
    }
    const given = num(key, 1, 1);
    const produced = outputSize(given, R, wStride, wPad);
    if (produced !== out)
      throw new HelenError(
        'E_WORKLOAD',
        `${key}=${given} gives ${produced} outputs with kernel ${R}, stride ${wStride} and padding ${wPad}, but ${key === 'H' ? 'Q' : 'P'}=${out}`,
        where(key),
      );
    return given;
  };
  const layer: ConvLayer = {
    kind: 'conv',
    name,
    input: [extent(Q, 'H'), extent(P, 'W'), C],
    outChannels,
    kernel: R,
    stride: wStride,
    padding: wPad,
    activation: 'none',
    loc,
  };
  return { layer, batch: { n: N, at: where('N') } };
}

/** Instance keys as the shapes spell them: the coefficient names without case (`HStride` is `Hstride`). */
function canonicalKey(key: string): string {
  const multi = [...CNN_COEFFICIENTS, ...CNN_EXTRAS].find((k) => k.length > 1 && k.toLowerCase() === key.toLowerCase());
  return multi ?? key;
}

/** The problem's shape: from `shape.name` (and its dimensions, when listed), else from the instance's keys. */
function readShape(problem: YAMLMap, keys: Map<string, unknown>, at: At): ProblemShape {
  const shape = child(problem, 'shape');
  const inferred: ProblemShape = keys.has('C') || [...keys.keys()].some((k) => 'RSPQ'.includes(k)) ? 'cnn' : 'gemm';
  if (shape === undefined) return inferred;
  let nameNode: Node | undefined = shape;
  if (isMap(shape)) nameNode = child(shape, 'name');
  const name: unknown = isScalar(nameNode) ? nameNode.value : undefined;
  if (typeof name !== 'string')
    throw new HelenError(
      'E_WORKLOAD',
      '"shape" must name the problem shape, e.g. shape: { name: CNN-Layer }',
      at(nameNode ?? shape, 'problem.shape.name'),
    );
  const kind = shapeOfName(name);
  if (!kind)
    throw new HelenError(
      'E_WORKLOAD',
      `problem shape "${name}" is not read; Helen reads CNN layer shapes (CNN-Layer, CNN_Layer, conv2D) and GEMM shapes (GEMM, gemm_ABZ)`,
      at(nameNode, 'problem.shape.name'),
    );
  const dims = isMap(shape) ? child(shape, 'dimensions') : undefined;
  if (isSeq(dims)) {
    const allowed: readonly string[] = kind === 'cnn' ? CNN_DIMENSIONS : GEMM_DIMENSIONS;
    for (const d of dims.items) {
      const v: unknown = isScalar(d) ? d.value : undefined;
      if (typeof v !== 'string' || !allowed.includes(v))
        throw new HelenError(
          'E_WORKLOAD',
          `dimension ${JSON.stringify(v ?? null)} is not one of the ${kind === 'cnn' ? 'CNN layer' : 'GEMM'} shape's (${allowed.join(', ')})`,
          at(d as Node, 'problem.shape.dimensions'),
        );
    }
  }
  return kind;
}
