import { adcFullScale } from '../../../components/reram/converters.js';
import {
  columnsPerWeight,
  inputSlices,
  inputSliceValue,
  offsetColumnCoef,
  weightColumnCoefs,
  weightLevels,
} from '../../../components/reram/encoding.js';
import { tileMatrix, type MvmConfig } from '../../../components/reram/mvm.js';

// The direct, per-column form of the bound: the reference `matrixClipBound` (components/reram/clip-bound.ts) is checked against.

/**
 * Per output, the most an ideal-device MVM can be off: every conversion loses
 * at most its column's excess over full scale (clipping) plus half a step when
 * a step is more than one level (rounding), times the shift-and-add factor that
 * conversion is added with.
 */
export function clipBound(w: readonly (readonly number[])[], x: readonly number[], cfg: MvmConfig): number[] {
  const t = tileMatrix(w.length, w[0]!.length, cfg);
  const cpw = columnsPerWeight(cfg);
  const coefs = weightColumnCoefs(cfg);
  const top = adcFullScale(cfg.adcBits, cfg.adcLsb);
  const half = cfg.adcLsb > 1 ? cfg.adcLsb / 2 : 0;
  const bound = new Array<number>(w[0]!.length).fill(0);
  for (const s of inputSlices(cfg)) {
    const xs = x.map((v) => inputSliceValue(v, s));
    for (let rb = 0; rb < t.rowBlocks; rb++) {
      const r0 = rb * t.rowsPerCrossbar;
      const r1 = Math.min(w.length, r0 + t.rowsPerCrossbar);
      let offsetSum = 0;
      for (let r = r0; r < r1; r++) offsetSum += xs[r]!;
      const offsetLoss = Math.max(0, offsetSum - top) + half;
      for (let j = 0; j < w[0]!.length; j++) {
        const col = new Array<number>(cpw).fill(0);
        for (let r = r0; r < r1; r++) {
          if (xs[r] === 0) continue;
          const lv = weightLevels(w[r]![j]!, cfg);
          for (let p = 0; p < cpw; p++) col[p]! += xs[r]! * lv[p]!;
        }
        for (let p = 0; p < cpw; p++) bound[j]! += Math.abs(s.coef * coefs[p]!) * (Math.max(0, col[p]! - top) + half);
        if (cfg.signed === 'offset') bound[j]! += Math.abs(s.coef * offsetColumnCoef(cfg)) * offsetLoss;
      }
    }
  }
  return bound;
}
