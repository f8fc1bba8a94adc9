import {
  activeTaps,
  deconvOutput,
  phaseBlocks,
  phaseTaps,
  usefulPairs,
  type DeconvMapping,
  type DeconvShape,
} from './shape.js';

/** A weight matrix a mapping programs onto crossbars: rows are inputs, columns outputs. */
export interface DeconvMatrix {
  /** `zi`, `pf`, or `phase(rh,rw)` for RED's sub-kernels. */
  name: string;
  rows: number;
  cols: number;
}

/** Half-open intervals [start, end) of a matrix's rows, in order. */
export type RowSet = readonly (readonly [number, number])[];

/** Input vectors of one matrix that drive the same rows (RED skips rows whose input lies outside the map). */
export interface WorkClass {
  /** Index into DeconvPlan.matrices. */
  matrix: number;
  /** Vectors of this class. */
  count: number;
  /** Rows the vectors drive: every row for zero insertion and padding-free. */
  active: RowSet;
}

/** How one transposed convolution runs under a mapping: what is programmed, what is streamed, what is added afterwards. */
export interface DeconvPlan {
  mapping: DeconvMapping;
  shape: DeconvShape;
  outH: number;
  outW: number;
  matrices: DeconvMatrix[];
  classes: WorkClass[];
  /** Partial outputs accumulated into the output map after the crossbars (padding-free's overlap-add). */
  overlapAdds: number;
  /** Partial outputs computed, converted and then dropped because they fall outside the output (padding-free's crop). */
  croppedPartials: number;
  /** Input rows a line buffer must hold so every input is fetched once (RED: taps of the largest phase; others 0). */
  lineBufferRows: number;
  /** Windows each input appears in, in the interior (RED's reuse factor; 1 otherwise). */
  windowsPerInput: number;
}

/** Rows of `set` inside [r0, r1). */
export function rowsIn(set: RowSet, r0 = 0, r1 = Infinity): number {
  let n = 0;
  for (const [a, b] of set) n += Math.max(0, Math.min(b, r1) - Math.max(a, r0));
  return n;
}

/** MACs of a plan: driven rows × columns, summed over every vector. */
export function planMacs(p: DeconvPlan): number {
  return p.classes.reduce((a, c) => a + c.count * rowsIn(c.active) * p.matrices[c.matrix]!.cols, 0);
}

/**
 * Zero insertion (ISAAC on the equivalent convolution): one matrix of K·K·C_in
 * rows (the kernel rotated 180°, rows ordered (a, b, ci) over the window) by
 * C_out columns; one vector per output pixel, every row driven, zeros included.
 */
function zeroInsertion(s: DeconvShape, outH: number, outW: number): Pick<DeconvPlan, 'matrices' | 'classes'> {
  const rows = s.kernel * s.kernel * s.inC;
  return {
    matrices: [{ name: 'zi', rows, cols: s.outC }],
    classes: [{ matrix: 0, count: outH * outW, active: [[0, rows]] }],
  };
}

/**
 * Padding-free: one matrix of C_in rows by K·K·C_out columns (ordered (kh, kw, co));
 * one vector per input pixel; every column is a partial output for pixel
 * (s·i + kh − p, s·i + kw − p), added to the map if inside it, dropped if not.
 */
function paddingFree(s: DeconvShape): Pick<DeconvPlan, 'matrices' | 'classes'> {
  return {
    matrices: [{ name: 'pf', rows: s.inC, cols: s.kernel * s.kernel * s.outC }],
    classes: [{ matrix: 0, count: s.inH * s.inW, active: [[0, s.inC]] }],
  };
}

/** Blocks of a phase along one axis grouped by their active tap range: "jLo,jHi" → count. */
function axisClasses(outSize: number, inSize: number, s: DeconvShape, r: number, taps: number): Map<string, number> {
  const out = new Map<string, number>();
  const [qLo, qHi] = phaseBlocks(outSize, s.stride, s.padding, r);
  for (let q = qLo; q <= qHi; q++) {
    const key = activeTaps(q, taps, inSize).join(',');
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

/**
 * RED's pixel-wise mapping: the kernel split by output phase (rh, rw) into s²
 * sub-kernels of taps k ≡ r (mod s), each its own matrix of n_h·n_w·C_in rows
 * (ordered (jh, jw, ci)) by C_out columns. Block q of a phase computes output
 * s·q + r − p from inputs q − j; rows whose input lies outside the map are not
 * driven (the zero-skipping buffer feeds only real inputs), so only useful MACs
 * are performed.
 */
function pixelWise(s: DeconvShape, outH: number, outW: number): Pick<DeconvPlan, 'matrices' | 'classes'> {
  const matrices: DeconvMatrix[] = [];
  const classes: WorkClass[] = [];
  for (let rh = 0; rh < s.stride; rh++) {
    const nh = phaseTaps(s.kernel, s.stride, rh);
    for (let rw = 0; rw < s.stride; rw++) {
      const nw = phaseTaps(s.kernel, s.stride, rw);
      // A phase without taps (r ≥ K) has only zero outputs: nothing to program or stream.
      if (nh === 0 || nw === 0) continue;
      const m = matrices.push({ name: `phase(${rh},${rw})`, rows: nh * nw * s.inC, cols: s.outC }) - 1;
      const hs = axisClasses(outH, s.inH, s, rh, nh);
      const ws = axisClasses(outW, s.inW, s, rw, nw);
      for (const [hk, hc] of hs) {
        const [ah, bh] = hk.split(',').map(Number) as [number, number];
        for (const [wk, wc] of ws) {
          const [aw, bw] = wk.split(',').map(Number) as [number, number];
          if (bh <= ah || bw <= aw) continue; // no input reaches these outputs: they stay zero
          const active: [number, number][] = [];
          for (let jh = ah; jh < bh; jh++) active.push([(jh * nw + aw) * s.inC, (jh * nw + bw) * s.inC]);
          classes.push({ matrix: m, count: hc * wc, active });
        }
      }
    }
  }
  return { matrices, classes };
}

/** The plan of a transposed convolution under `mapping`. */
export function planDeconv(shape: DeconvShape, mapping: DeconvMapping): DeconvPlan {
  const { outH, outW } = deconvOutput(shape);
  const body =
    mapping === 'zero_insertion'
      ? zeroInsertion(shape, outH, outW)
      : mapping === 'padding_free'
        ? paddingFree(shape)
        : pixelWise(shape, outH, outW);
  const useful =
    usefulPairs(shape.inH, shape.kernel, shape.stride, shape.padding, outH) *
    usefulPairs(shape.inW, shape.kernel, shape.stride, shape.padding, outW) *
    shape.outC;
  const taps0 = phaseTaps(shape.kernel, shape.stride, 0);
  return {
    mapping,
    shape,
    outH,
    outW,
    ...body,
    overlapAdds: mapping === 'padding_free' ? useful : 0,
    croppedPartials:
      mapping === 'padding_free' ? shape.inH * shape.inW * shape.kernel * shape.kernel * shape.outC - useful : 0,
    lineBufferRows: mapping === 'red' ? taps0 : 0,
    windowsPerInput: mapping === 'red' ? taps0 * taps0 : 1,
  };
}
