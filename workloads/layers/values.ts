import { readFileSync } from 'node:fs';
import { LineCounter, isMap, parseDocument, type Node } from 'yaml';
import { HelenError, Rng } from '../../core/index.js';
import { inputRange, weightRange } from '../../components/reram/encoding.js';
import { matrixClipBound } from '../../components/reram/clip-bound.js';
import { MappedMatrix, type MvmConfig } from '../../components/reram/mvm.js';
import type { MatrixLayer } from '../../components/reram/mapping.js';

/** How far one layer's outputs through the crossbar model are from the exact integer results. */
export interface ValueReport {
  layer: string;
  vectors: number;
  outputs: number;
  /** Outputs equal to the exact result. */
  exactOutputs: number;
  maxAbsError: number;
  meanAbsError: number;
  /** Largest |error| / |exact| over outputs with a non-zero exact value. */
  maxRelError: number;
  /** Largest per-output bound the ADC's clipping (and rounding, for lsb > 1) implies. */
  maxBound: number;
  /** Whether every output's error is within its bound. */
  withinBound: boolean;
}

/** The `values:` request of a layer list: check the first `layers` matrix layers on `vectors` random input vectors each. */
export interface ValuesSpec {
  seed: number;
  layers: number;
  vectors: number;
}

/**
 * Reads the optional top-level `values:` of a layer list: `true`, or
 * `{ seed: 1, layers: 1, vectors: 8 }`. Absent or `false`: no values.
 */
export function readValuesSpec(file: string): ValuesSpec | undefined {
  const lc = new LineCounter();
  const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter: lc });
  const root = doc.contents;
  if (!isMap(root)) return undefined;
  const node = root.get('values', true) as Node | undefined;
  if (node === undefined) return undefined;
  const at = (n: Node | undefined, path: string) => {
    const pos = n?.range ? lc.linePos(n.range[0]) : undefined;
    return { file, ...(pos ? { line: pos.line, column: pos.col } : {}), path };
  };
  const v = node.toJSON();
  if (v === false) return undefined;
  const spec: ValuesSpec = { seed: 1, layers: 1, vectors: 8 };
  if (v === true) return spec;
  if (!isMap(node)) throw new HelenError('E_WORKLOAD', '"values" must be true, false or { seed, layers, vectors }', at(node, 'values'));
  for (const pair of node.items) {
    const k = String((pair.key as Node).toJSON());
    const val = (pair.value as Node | null)?.toJSON();
    if (!(k in spec)) throw new HelenError('E_WORKLOAD', `unknown key "${k}" in values; known: seed (random stream), layers (how many conv/fc layers to check), vectors (input vectors per layer)`, at(pair.key as Node, `values.${k}`));
    const min = k === 'seed' ? 0 : 1;
    if (typeof val !== 'number' || !Number.isSafeInteger(val) || val < min) throw new HelenError('E_WORKLOAD', `"${k}" must be a whole number ≥ ${min}, got ${JSON.stringify(val)}`, at(pair.value as Node, `values.${k}`));
    spec[k as keyof ValuesSpec] = val;
  }
  return spec;
}

/**
 * Runs seeded random weights and input vectors of the first `spec.layers`
 * matrix layers through the crossbar value model (the IMAs' encoding, devices
 * and ADC) and compares with the exact integer products. Each layer is checked
 * on its own inputs, so its error is its own.
 */
export function checkLayerValues(layers: readonly MatrixLayer[], cfg: MvmConfig, spec: ValuesSpec): ValueReport[] {
  const rng = new Rng(spec.seed);
  const [wlo, whi] = weightRange(cfg);
  const [xlo, xhi] = inputRange(cfg);
  return layers.slice(0, spec.layers).map((l) => {
    const w = Array.from({ length: l.rows }, () => Array.from({ length: l.cols }, () => wlo + rng.nextInt(whi - wlo + 1)));
    const m = new MappedMatrix(w, cfg, rng);
    const boundOf = matrixClipBound(cfg);
    const r: ValueReport = { layer: l.name, vectors: spec.vectors, outputs: 0, exactOutputs: 0, maxAbsError: 0, meanAbsError: 0, maxRelError: 0, maxBound: 0, withinBound: true };
    let sumErr = 0;
    for (let v = 0; v < spec.vectors; v++) {
      const x = Array.from({ length: l.rows }, () => xlo + rng.nextInt(xhi - xlo + 1));
      const got = m.multiply(x, rng).outputs;
      const bound = boundOf(w, x);
      for (let j = 0; j < l.cols; j++) {
        let exact = 0;
        for (let i = 0; i < l.rows; i++) exact += w[i]![j]! * x[i]!;
        const err = Math.abs(got[j]! - exact);
        r.outputs++;
        if (err === 0) r.exactOutputs++;
        sumErr += err;
        r.maxAbsError = Math.max(r.maxAbsError, err);
        if (exact !== 0) r.maxRelError = Math.max(r.maxRelError, err / Math.abs(exact));
        r.maxBound = Math.max(r.maxBound, bound[j]!);
        if (err > bound[j]! * (1 + 1e-9) + 1e-6) r.withinBound = false;
      }
    }
    r.meanAbsError = r.outputs ? sumErr / r.outputs : 0;
    return r;
  });
}

