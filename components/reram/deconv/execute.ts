import type { Rng } from '../../../core/index.js';
import { MappedMatrix, type MvmConfig } from '../mvm.js';
import { planDeconv, type DeconvPlan } from './plan.js';
import { mapAt, weightAt, type DeconvWeights, type FeatureMap } from './reference.js';
import { phaseBlocks, phaseTaps, type DeconvMapping, type DeconvShape } from './shape.js';
import type { MvmBound } from '../clip-bound.js';

/** The output of a mapping computed through the crossbar value model, and the work it took. */
export interface DeconvRun {
  plan: DeconvPlan;
  output: FeatureMap;
  /** Driven rows × columns over every MVM (zeros driven by zero insertion count). */
  macs: number;
  /** Input vectors multiplied. */
  vectors: number;
  /** Partial outputs added into the map after the crossbars (padding-free). */
  overlapAdds: number;
  /** Partial outputs dropped outside the map (padding-free). */
  cropped: number;
  /** ADC conversions of the value model. */
  conversions: number;
  /** Per output (same order as `output.data`), the sum of the bounds of the MVM outputs it is made of; only when a bound was given. */
  bound?: number[];
}

// The bound is injected (see `matrixClipBound`) so that this module stays a pure value model.
export type { MvmBound };

/** One multiplied vector: the column outputs and, when asked for, their bounds. */
interface Product {
  out: number[];
  bound: readonly number[] | undefined;
}

/** Counts and programmed matrices shared by the three executions. */
class Executor {
  macs = 0;
  vectors = 0;
  conversions = 0;
  constructor(
    private readonly config: MvmConfig,
    private readonly rng: Rng | undefined,
    private readonly boundOf: MvmBound | undefined,
  ) {}

  program(rows: number, cols: number, weight: (r: number, c: number) => number): MappedMatrix {
    const w = Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => weight(r, c)));
    return new MappedMatrix(w, this.config, this.rng);
  }

  /** Multiplies one vector; `driven` rows are those the data flow actually feeds. */
  multiply(m: MappedMatrix, x: number[], driven: number): Product {
    const r = m.multiply(x, this.rng);
    this.macs += driven * m.weights[0]!.length;
    this.vectors++;
    this.conversions += r.conversions;
    return { out: r.outputs, bound: this.boundOf?.(m.weights, x) };
  }
}

/**
 * Runs a transposed convolution under `mapping` through DACs, crossbars, ADCs
 * and shift-and-add (`MappedMatrix`, the IMA's value model): with ideal devices
 * and enough ADC bits the output equals `transposedConv` exactly. With `bound`,
 * each output also gets the bound of its error: that of its MVM column (zero
 * insertion, RED) or the sum over the partial outputs added into it (padding-free).
 */
export function runDeconv(
  mapping: DeconvMapping,
  shape: DeconvShape,
  x: FeatureMap,
  w: DeconvWeights,
  config: MvmConfig,
  rng?: Rng,
  bound?: MvmBound,
): DeconvRun {
  const plan = planDeconv(shape, mapping);
  const { outH, outW } = plan;
  const { kernel: K, stride: s, padding: p, inC, outC, inH, inW } = shape;
  const y = new Array<number>(outH * outW * outC).fill(0);
  const yBound = bound ? new Array<number>(y.length).fill(0) : undefined;
  const ex = new Executor(config, rng, bound);
  const inside = (h: number, ww: number) => h >= 0 && h < inH && ww >= 0 && ww < inW;
  let overlapAdds = 0;
  let cropped = 0;
  if (mapping === 'zero_insertion') {
    // Row (a, b, ci) of the window holds the kernel rotated by 180°; the window slides over the inflated input padded by K−1−p.
    const m = ex.program(K * K * inC, outC, (r, co) => {
      const ci = r % inC;
      const ab = (r - ci) / inC;
      return weightAt(w, K - 1 - Math.floor(ab / K), K - 1 - (ab % K), ci, co);
    });
    const pad = K - 1 - p;
    for (let oh = 0; oh < outH; oh++) {
      for (let ow = 0; ow < outW; ow++) {
        const v = new Array<number>(K * K * inC).fill(0);
        for (let a = 0; a < K; a++) {
          const zh = oh + a - pad;
          if (zh < 0 || zh % s !== 0) continue;
          for (let b = 0; b < K; b++) {
            const zw = ow + b - pad;
            if (zw < 0 || zw % s !== 0 || !inside(zh / s, zw / s)) continue;
            for (let ci = 0; ci < inC; ci++) v[(a * K + b) * inC + ci] = mapAt(x, zh / s, zw / s, ci);
          }
        }
        const { out, bound: b } = ex.multiply(m, v, K * K * inC);
        const base = (oh * outW + ow) * outC;
        for (let co = 0; co < outC; co++) y[base + co] = out[co]!;
        if (yBound && b) for (let co = 0; co < outC; co++) yBound[base + co] = b[co]!;
      }
    }
  } else if (mapping === 'padding_free') {
    // Column (kh, kw, co): the contribution of one input pixel to output (s·i + kh − p, s·i + kw − p).
    const m = ex.program(inC, K * K * outC, (ci, c) => {
      const co = c % outC;
      const k = (c - co) / outC;
      return weightAt(w, Math.floor(k / K), k % K, ci, co);
    });
    for (let ih = 0; ih < inH; ih++) {
      for (let iw = 0; iw < inW; iw++) {
        const v = Array.from({ length: inC }, (_, ci) => mapAt(x, ih, iw, ci));
        const { out, bound: b } = ex.multiply(m, v, inC);
        for (let kh = 0; kh < K; kh++) {
          for (let kw = 0; kw < K; kw++) {
            const oh = s * ih + kh - p;
            const ow = s * iw + kw - p;
            const inMap = oh >= 0 && oh < outH && ow >= 0 && ow < outW;
            for (let co = 0; co < outC; co++) {
              if (!inMap) {
                cropped++;
                continue;
              }
              const col = (kh * K + kw) * outC + co;
              y[(oh * outW + ow) * outC + co] += out[col]!;
              if (yBound && b) yBound[(oh * outW + ow) * outC + co] += b[col]!;
              overlapAdds++;
            }
          }
        }
      }
    }
  } else {
    for (let rh = 0; rh < s; rh++) {
      const nh = phaseTaps(K, s, rh);
      for (let rw = 0; rw < s; rw++) {
        const nw = phaseTaps(K, s, rw);
        if (nh === 0 || nw === 0) continue;
        // Row (jh, jw, ci) of phase (rh, rw) holds tap (rh + jh·s, rw + jw·s).
        const m = ex.program(nh * nw * inC, outC, (r, co) => {
          const ci = r % inC;
          const j = (r - ci) / inC;
          return weightAt(w, rh + Math.floor(j / nw) * s, rw + (j % nw) * s, ci, co);
        });
        const [qh0, qh1] = phaseBlocks(outH, s, p, rh);
        const [qw0, qw1] = phaseBlocks(outW, s, p, rw);
        for (let qh = qh0; qh <= qh1; qh++) {
          for (let qw = qw0; qw <= qw1; qw++) {
            const v = new Array<number>(nh * nw * inC).fill(0);
            let driven = 0;
            for (let jh = 0; jh < nh; jh++) {
              for (let jw = 0; jw < nw; jw++) {
                if (!inside(qh - jh, qw - jw)) continue; // skipped: never fed
                driven += inC;
                for (let ci = 0; ci < inC; ci++) v[(jh * nw + jw) * inC + ci] = mapAt(x, qh - jh, qw - jw, ci);
              }
            }
            if (driven === 0) continue;
            const { out, bound: b } = ex.multiply(m, v, driven);
            const base = ((s * qh + rh - p) * outW + (s * qw + rw - p)) * outC;
            for (let co = 0; co < outC; co++) y[base + co] = out[co]!;
            if (yBound && b) for (let co = 0; co < outC; co++) yBound[base + co] = b[co]!;
          }
        }
      }
    }
  }
  return {
    plan,
    output: { h: outH, w: outW, c: outC, data: y },
    macs: ex.macs,
    vectors: ex.vectors,
    overlapAdds,
    cropped,
    conversions: ex.conversions,
    ...(yBound ? { bound: yBound } : {}),
  };
}
