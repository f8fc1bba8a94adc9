import { deconvOutput, type DeconvShape } from './shape.js';

/** A feature map, channel-last: value (h, w, c) at index (h·W + w)·C + c. */
export interface FeatureMap {
  h: number;
  w: number;
  c: number;
  data: number[];
}

/** Transposed-convolution weights, index ((kh·K + kw)·C_in + ci)·C_out + co (PyTorch's [C_in][C_out][K][K] reordered). */
export interface DeconvWeights {
  kernel: number;
  inC: number;
  outC: number;
  data: number[];
}

/** Weight (kh, kw, ci, co). */
export function weightAt(w: DeconvWeights, kh: number, kw: number, ci: number, co: number): number {
  return w.data[((kh * w.kernel + kw) * w.inC + ci) * w.outC + co]!;
}

/** Value (h, w, c) of a map. */
export function mapAt(m: FeatureMap, h: number, w: number, c: number): number {
  return m.data[(h * m.w + w) * m.c + c]!;
}

/**
 * The direct definition: y[o] = Σ x[i]·w[k] over every pair with o = s·i + k − p
 * inside the output, per axis. Integer arithmetic, exact while sums stay below 2^53.
 */
export function transposedConv(shape: DeconvShape, x: FeatureMap, w: DeconvWeights): FeatureMap {
  const { outH, outW } = deconvOutput(shape);
  const { kernel: K, stride: s, padding: p, inC, outC } = shape;
  const y = new Array<number>(outH * outW * outC).fill(0);
  for (let ih = 0; ih < shape.inH; ih++) {
    for (let iw = 0; iw < shape.inW; iw++) {
      for (let kh = 0; kh < K; kh++) {
        const oh = s * ih + kh - p;
        if (oh < 0 || oh >= outH) continue;
        for (let kw = 0; kw < K; kw++) {
          const ow = s * iw + kw - p;
          if (ow < 0 || ow >= outW) continue;
          for (let ci = 0; ci < inC; ci++) {
            const v = mapAt(x, ih, iw, ci);
            if (v === 0) continue;
            const base = (oh * outW + ow) * outC;
            for (let co = 0; co < outC; co++) y[base + co] += v * weightAt(w, kh, kw, ci, co);
          }
        }
      }
    }
  }
  return { h: outH, w: outW, c: outC, data: y };
}
