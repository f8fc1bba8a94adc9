import { adcFullScale } from './converters.js';
import { columnsPerWeight, inputSlices, offsetColumnCoef, weightColumnCoefs, weightLevels } from './encoding.js';
import { tileMatrix, type MvmConfig } from './mvm.js';

/** Per output of an MVM of `weights` by `x`, the most an ideal-device crossbar pipeline can be off. */
export type MvmBound = (weights: readonly (readonly number[])[], x: readonly number[]) => readonly number[];

/**
 * The clipping-and-rounding error bound of an ideal-device MVM: every
 * conversion loses at most its column's excess over full scale (clipping) plus
 * half a step when a step is more than one level (rounding), times the
 * shift-and-add factor that conversion is added with. Made for many vectors of
 * the same matrices: each matrix's cell levels are sliced once, and a row block
 * whose inputs cannot lift any column above full scale (Σ DAC codes × the top
 * cell level ≤ full scale) skips the per-column sums. A direct per-column
 * reference in test/components/reram/clip-bound-reference.ts (checked by deconv/value-check.test.ts) keeps it honest.
 */
export function matrixClipBound(cfg: MvmConfig): MvmBound {
  const cpw = columnsPerWeight(cfg);
  const coefs = weightColumnCoefs(cfg);
  const top = adcFullScale(cfg.adcBits, cfg.adcLsb);
  const half = cfg.adcLsb > 1 ? cfg.adcLsb / 2 : 0;
  const topLevel = 2 ** cfg.bitsPerCell - 1;
  const slices = inputSlices(cfg);
  const offsetCoef = cfg.signed === 'offset' ? Math.abs(offsetColumnCoef(cfg)) : 0;
  const levelsOf = new WeakMap<readonly (readonly number[])[], Float64Array>();
  const levels = (w: readonly (readonly number[])[]): Float64Array => {
    let l = levelsOf.get(w);
    if (l) return l;
    const cols = w[0]!.length;
    l = new Float64Array(w.length * cols * cpw);
    for (let r = 0; r < w.length; r++)
      for (let j = 0; j < cols; j++) l.set(weightLevels(w[r]![j]!, cfg), (r * cols + j) * cpw);
    levelsOf.set(w, l);
    return l;
  };
  return (w, x) => {
    const rows = w.length;
    const cols = w[0]!.length;
    const t = tileMatrix(rows, cols, cfg);
    const lv = levels(w);
    const bound = new Array<number>(cols).fill(0);
    const xs = new Float64Array(rows);
    const col = new Float64Array(cols * cpw);
    for (const s of slices) {
      // inputSliceValue with integer shifts: inputs are integers of at most 24 bits, so >> is floor(x / 2^shift) for negatives too.
      const mask = (1 << s.bits) - 1;
      for (let r = 0; r < rows; r++) xs[r] = (x[r]! >> s.shift) & mask;
      // Loss per conversion of a column that stays within full scale: rounding only.
      const roundLoss = coefs.reduce((a, c) => a + Math.abs(s.coef * c), 0) * half;
      for (let rb = 0; rb < t.rowBlocks; rb++) {
        const r0 = rb * t.rowsPerCrossbar;
        const r1 = Math.min(rows, r0 + t.rowsPerCrossbar);
        let offsetSum = 0;
        for (let r = r0; r < r1; r++) offsetSum += xs[r]!;
        const offsetLoss = Math.abs(s.coef) * offsetCoef * (Math.max(0, offsetSum - top) + half);
        if (offsetSum * topLevel <= top) {
          for (let j = 0; j < cols; j++) bound[j]! += roundLoss + offsetLoss;
          continue;
        }
        col.fill(0);
        for (let r = r0; r < r1; r++) {
          const d = xs[r]!;
          if (d === 0) continue;
          const base = r * cols * cpw;
          for (let c = 0; c < cols * cpw; c++) col[c]! += d * lv[base + c]!;
        }
        for (let j = 0; j < cols; j++) {
          let b = offsetLoss;
          for (let p = 0; p < cpw; p++)
            b += Math.abs(s.coef * coefs[p]!) * (Math.max(0, col[j * cpw + p]! - top) + half);
          bound[j]! += b;
        }
      }
    }
    return bound;
  };
}
