import { HelenError } from '../../core/index.js';

/** How signed weights are stored in non-negative conductances. */
export type SignScheme = 'differential' | 'offset';

/** How weights are laid out over cells: bits per cell, weight width, sign scheme. */
export interface WeightEncoding {
  /** Bits stored per cell (2^bits conductance levels). */
  bitsPerCell: number;
  /** Width of a signed weight, in bits. */
  weightBits: number;
  /** `differential`: a positive and a negative column per slice; `offset`: weights stored as w + 2^(weightBits-1) and one all-ones column per crossbar to subtract the offset. */
  signed: SignScheme;
}

/** How inputs are fed to the rows: width, DAC resolution, signedness. */
export interface InputEncoding {
  /** Width of an input, in bits. */
  inputBits: number;
  /** DAC resolution: input bits applied per crossbar read. */
  dacBits: number;
  /** Whether inputs are two's-complement signed (the sign bit then gets a read of its own, weighted −2^(inputBits-1)). */
  inputSigned: boolean;
}

/** One DAC cycle of an input: which bits are applied and what the resulting column sum is worth. */
export interface InputSlice {
  /** Lowest input bit applied in this cycle. */
  shift: number;
  /** Bits applied in this cycle. */
  bits: number;
  /** Factor the column sums of this cycle are multiplied by in the shift-and-add (negative for the sign bit). */
  coef: number;
}

/** Widths beyond this would let exact integer results leave the float64 mantissa. */
export const MAX_OPERAND_BITS = 24;

/** Cell slices per stored magnitude (per polarity for differential pairs). */
export function weightSlices(e: WeightEncoding): number {
  const magnitudeBits = e.signed === 'differential' ? e.weightBits - 1 : e.weightBits;
  return Math.max(1, Math.ceil(magnitudeBits / e.bitsPerCell));
}

/** Physical crossbar columns one logical weight column occupies. */
export function columnsPerWeight(e: WeightEncoding): number {
  return (e.signed === 'differential' ? 2 : 1) * weightSlices(e);
}

/** Physical columns a crossbar reserves besides weights (the offset scheme's all-ones column). */
export function reservedColumns(e: WeightEncoding): number {
  return e.signed === 'offset' ? 1 : 0;
}

/** Smallest and largest storable weight (differential pairs are symmetric: no −2^(b-1)). */
export function weightRange(e: WeightEncoding): [number, number] {
  const half = 2 ** (e.weightBits - 1);
  return [e.signed === 'differential' ? -(half - 1) : -half, half - 1];
}

/** Smallest and largest input value. */
export function inputRange(e: InputEncoding): [number, number] {
  return e.inputSigned ? [-(2 ** (e.inputBits - 1)), 2 ** (e.inputBits - 1) - 1] : [0, 2 ** e.inputBits - 1];
}

/**
 * The DAC cycles that feed one input: unsigned inputs take ceil(inputBits / dacBits)
 * cycles; signed inputs feed their sign bit alone (a DAC cannot drive a negative
 * weight), so they take 1 + ceil((inputBits − 1) / dacBits).
 */
export function inputSlices(e: InputEncoding): InputSlice[] {
  const magnitudeBits = e.inputSigned ? e.inputBits - 1 : e.inputBits;
  const slices: InputSlice[] = [];
  for (let shift = 0; shift < magnitudeBits; shift += e.dacBits) {
    slices.push({ shift, bits: Math.min(e.dacBits, magnitudeBits - shift), coef: 2 ** shift });
  }
  if (e.inputSigned) slices.push({ shift: e.inputBits - 1, bits: 1, coef: -(2 ** (e.inputBits - 1)) });
  return slices;
}

/** The DAC code of input `x` in `slice` (bits of its two's-complement pattern). */
export function inputSliceValue(x: number, slice: InputSlice): number {
  return Math.floor(x / 2 ** slice.shift) & ((1 << slice.bits) - 1);
}

/**
 * The cell levels of one weight, least significant slice first. Differential
 * pairs return [positive slices…, negative slices…]; offset returns the slices
 * of w + 2^(weightBits−1).
 */
export function weightLevels(w: number, e: WeightEncoding): number[] {
  const n = weightSlices(e);
  const mask = 2 ** e.bitsPerCell;
  const slice = (m: number): number[] => {
    const out: number[] = [];
    for (let k = 0; k < n; k++) out.push(Math.floor(m / mask ** k) % mask);
    return out;
  };
  if (e.signed === 'differential') return [...slice(Math.max(w, 0)), ...slice(Math.max(-w, 0))];
  return slice(w + 2 ** (e.weightBits - 1));
}

/** Shift-and-add factor of each physical column of a weight (same order as weightLevels). */
export function weightColumnCoefs(e: WeightEncoding): number[] {
  const n = weightSlices(e);
  const pos = Array.from({ length: n }, (_, k) => 2 ** (k * e.bitsPerCell));
  return e.signed === 'differential' ? [...pos, ...pos.map((c) => -c)] : pos;
}

/** Shift-and-add factor of the offset column (the offset scheme subtracts 2^(weightBits−1) · Σ inputs). */
export function offsetColumnCoef(e: WeightEncoding): number {
  return -(2 ** (e.weightBits - 1));
}

/** Rejects encodings the model cannot represent, naming the parameter at fault. */
export function checkEncoding(w: WeightEncoding, i: InputEncoding, where: string): void {
  const bad = (name: string, msg: string): never => {
    throw new HelenError('E_PARAM', `${where}: ${name} ${msg}`);
  };
  const int = (name: string, v: number, lo: number, hi: number): void => {
    if (!Number.isInteger(v) || v < lo || v > hi) bad(name, `must be a whole number in ${lo}..${hi}, got ${v}`);
  };
  int('bits_per_cell', w.bitsPerCell, 1, 8);
  int('weight_bits', w.weightBits, 2, MAX_OPERAND_BITS);
  int('input_bits', i.inputBits, 1, MAX_OPERAND_BITS);
  int('dac_bits', i.dacBits, 1, 8);
  if (i.inputSigned && i.inputBits < 2) bad('input_bits', 'must be at least 2 for signed inputs');
}
