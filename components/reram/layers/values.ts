import { Rng, type PrepareProgress } from '../../../core/index.js';
import { parseLayerList } from '../../../workloads/layers/layer-list.js';
import type { ValuesRequest } from '../../../workloads/layers/values-block.js';
import type { LayerWeights } from '../../../workloads/layers/weights.js';
import { inputRange, weightRange } from '../encoding.js';
import { matrixClipBound } from '../clip-bound.js';
import { MappedMatrix, type MvmConfig } from '../mvm.js';
import type { MatrixLayer } from '../mapping.js';
import { ValueTally, type ValueReport } from '../value-report.js';
import { valuesSpec } from './values-options.js';

/** Re-exported for the driver's summary. */
export type { ValueReport };

/** The `values:` request of a layer list: check the first `layers` matrix layers on `vectors` random input vectors each. */
export interface ValuesSpec {
  seed: number;
  layers: number;
  vectors: number;
  /** Trained weights by layer name (an ONNX model's initializers): checked layers that have them use them, quantized. */
  weights?: ReadonlyMap<string, LayerWeights>;
}

/**
 * The conv/fc values check a layer list's `values:` asks for: `true`, or
 * `{ seed: 1, layers: 1, vectors: 8 }`. Absent or `false`: no values.
 */
export function layerValuesSpec(request: ValuesRequest | undefined): ValuesSpec | undefined {
  return valuesSpec<ValuesSpec, 'seed' | 'layers' | 'vectors'>(
    request,
    [
      { key: 'seed', field: 'seed', min: 0, description: 'random stream' },
      { key: 'layers', field: 'layers', min: 1, description: 'how many conv/fc layers to check' },
      { key: 'vectors', field: 'vectors', min: 1, description: 'input vectors per layer' },
    ],
    { seed: 1, layers: 1, vectors: 8 },
  );
}

/** The values check of the layer list in `file` (parses the whole list). */
export function readValuesSpec(file: string): ValuesSpec | undefined {
  return layerValuesSpec(parseLayerList(file).values);
}

/**
 * A layer's trained weights as the crossbar's integers: scaled so the largest
 * |weight| is the largest magnitude of the signed range [lo, hi], rounded
 * (symmetric per-layer quantization, no calibration).
 */
export function quantizeWeights(w: LayerWeights, lo: number, hi: number): number[][] {
  let max = 0;
  for (const v of w.values) max = Math.max(max, Math.abs(v));
  const scale = max > 0 ? Math.min(hi, -lo) / max : 0;
  return Array.from({ length: w.rows }, (_, i) =>
    Array.from({ length: w.cols }, (_, j) => Math.max(lo, Math.min(hi, Math.round(w.values[i * w.cols + j]! * scale)))),
  );
}

/**
 * Runs the weights (a layer's trained weights when `spec.weights` has them,
 * else seeded random ones) and seeded random input vectors of the first
 * `spec.layers` matrix layers through the crossbar value model (the IMAs'
 * encoding, devices and ADC) and compares with the exact integer products.
 * Each layer is checked on its own inputs, so its error is its own.
 */
export function checkLayerValues(
  layers: readonly MatrixLayer[],
  cfg: MvmConfig,
  spec: ValuesSpec,
  progress?: PrepareProgress,
): ValueReport[] {
  const rng = new Rng(spec.seed);
  const [wlo, whi] = weightRange(cfg);
  const [xlo, xhi] = inputRange(cfg);
  const checked = layers.slice(0, spec.layers);
  return checked.map((l, li) => {
    const trained = spec.weights?.get(l.name);
    const useTrained = trained !== undefined && trained.rows === l.rows && trained.cols === l.cols;
    const w = useTrained
      ? quantizeWeights(trained, wlo, whi)
      : Array.from({ length: l.rows }, () => Array.from({ length: l.cols }, () => wlo + rng.nextInt(whi - wlo + 1)));
    const m = new MappedMatrix(w, cfg, rng);
    const boundOf = matrixClipBound(cfg);
    const tally = new ValueTally(l.name, spec.vectors, useTrained ? 'trained' : 'random');
    for (let v = 0; v < spec.vectors; v++) {
      progress?.((li + v / spec.vectors) / checked.length, `checking values of ${l.name}`);
      const x = Array.from({ length: l.rows }, () => xlo + rng.nextInt(xhi - xlo + 1));
      const got = m.multiply(x, rng).outputs;
      const bound = boundOf(w, x);
      for (let j = 0; j < l.cols; j++) {
        let exact = 0;
        for (let i = 0; i < l.rows; i++) exact += w[i]![j]! * x[i]!;
        tally.add(got[j]!, exact, bound[j]!);
      }
    }
    return tally.report();
  });
}
