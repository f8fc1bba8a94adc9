import { Rng } from '../../../core/index.js';
import { inputRange, weightRange } from '../encoding.js';
import { tileMatrix, type MvmConfig } from '../mvm.js';
import { matrixClipBound } from '../clip-bound.js';
import { runDeconv } from './execute.js';
import { transposedConv, type DeconvWeights, type FeatureMap } from './reference.js';
import { deconvOutput, type DeconvMapping, type DeconvShape } from './shape.js';
import { ValueTally, type ValueReport } from '../value-report.js';

/** How much of a layer the value check runs, and the seed of its data. */
export interface DeconvCheckLimits {
  /** Seed of the random weights and inputs (and of device non-idealities, if any). */
  seed: number;
  /** Most output pixels checked: the input window is the largest top-left n × n whose output has at most this many (n ≥ 1). */
  outputPixels: number;
  /** Output channels checked (at most the layer's); default: the weight columns of one crossbar (15 on ISAAC). */
  outChannels?: number;
}

/** How far one layer's outputs under a mapping, through the crossbar value model, are from the direct transposed convolution. */
export interface DeconvValueCheck extends ValueReport {
  mapping: DeconvMapping;
  /** The layer as checked: the input window, C_in capped at one crossbar's rows, the first output channels. */
  checked: DeconvShape;
}

/**
 * The part of a layer the check runs. The kernel, stride, padding and output
 * padding are the layer's, so every mapping programs the same kind of
 * matrices and streams the same kinds of vectors (border and, when the window
 * is large enough, interior). The input is its top-left n × n window, n as
 * large as the output-pixel cap allows: the value model's cost grows with the
 * vectors multiplied, and zero insertion multiplies one per output pixel.
 * Input channels are capped at one crossbar's rows: a crossbar then holds the
 * same rows as in the full layer whenever C_in is a multiple of the rows (one
 * tap × 128 channels on ISAAC), so its column sums, which decide ADC clipping,
 * are those of the real layer; more channels would only add identical row
 * blocks. Output channels are independent columns, so checking the first few
 * loses nothing but samples (by default one crossbar's worth, so the
 * zero-insertion and RED matrices are one crossbar wide).
 */
export function checkedShape(
  shape: DeconvShape,
  limits: Pick<DeconvCheckLimits, 'outputPixels' | 'outChannels'>,
  cfg: Pick<MvmConfig, 'rows' | 'cols' | 'bitsPerCell' | 'weightBits' | 'signed'>,
): DeconvShape {
  const outChannels = limits.outChannels ?? tileMatrix(1, 1, cfg).weightsPerCrossbar;
  const base = { ...shape, inC: Math.min(shape.inC, cfg.rows), outC: Math.min(shape.outC, outChannels) };
  const window = (n: number) => ({ ...base, inH: Math.min(shape.inH, n), inW: Math.min(shape.inW, n) });
  // An output side can be empty for a small window (padding crops it away): count it as too small, not as 0 pixels.
  const pixels = (n: number) => {
    const { outH, outW } = deconvOutput(window(n));
    return outH < 1 || outW < 1 ? 0 : outH * outW;
  };
  let n = 1;
  while (n < Math.max(shape.inH, shape.inW) && (pixels(n) === 0 || pixels(n + 1) <= limits.outputPixels)) n++;
  return window(n);
}

/**
 * Runs seeded random integer weights and inputs (the full ranges the IMA's
 * encoding accepts) of the checked part of a layer through `mapping` on the
 * crossbar value model and compares every output with the direct transposed
 * convolution. The data depend only on the seed and the layer's name, so the
 * three mappings are checked on the same numbers. Each output's error is held
 * against the ADC's clipping and rounding bound (`matrixClipBound`).
 */
export function checkDeconvValues(
  layer: string,
  mapping: DeconvMapping,
  shape: DeconvShape,
  cfg: MvmConfig,
  limits: DeconvCheckLimits,
): DeconvValueCheck {
  const s = checkedShape(shape, limits, cfg);
  const data = Rng.derive(limits.seed, `values/${layer}`);
  const [wlo, whi] = weightRange(cfg);
  const [xlo, xhi] = inputRange(cfg);
  const w: DeconvWeights = {
    kernel: s.kernel,
    inC: s.inC,
    outC: s.outC,
    data: Array.from({ length: s.kernel * s.kernel * s.inC * s.outC }, () => wlo + data.nextInt(whi - wlo + 1)),
  };
  const x: FeatureMap = {
    h: s.inH,
    w: s.inW,
    c: s.inC,
    data: Array.from({ length: s.inH * s.inW * s.inC }, () => xlo + data.nextInt(xhi - xlo + 1)),
  };
  const run = runDeconv(mapping, s, x, w, cfg, Rng.derive(limits.seed, `devices/${layer}`), matrixClipBound(cfg));
  const exact = transposedConv(s, x, w).data;
  const tally = new ValueTally(layer, run.vectors);
  exact.forEach((e, i) => tally.add(run.output.data[i]!, e, run.bound![i]!));
  return { ...tally.report(), mapping, checked: s };
}
