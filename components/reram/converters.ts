/**
 * An ADC as a converter: the analog column value `x` (in unit-cell steps) is
 * divided by the step `lsb`, rounded to the nearest code, and clipped to
 * 0 … 2^bits − 1. Values above full scale saturate, so too few bits give wrong
 * results rather than silently exact ones.
 */
export function adcCode(x: number, bits: number, lsb: number): number {
  const top = 2 ** bits - 1;
  const code = Math.round(x / lsb);
  return code < 0 ? 0 : code > top ? top : code;
}

/** The largest column value an ADC of `bits` and step `lsb` reports without clipping. */
export function adcFullScale(bits: number, lsb: number): number {
  return (2 ** bits - 1) * lsb;
}

/** The step that makes an ADC of `bits` cover column values up to `maxColumnValue` (full-scale sizing). */
export function fullScaleLsb(bits: number, maxColumnValue: number): number {
  return Math.max(1, maxColumnValue) / (2 ** bits - 1);
}

/** DAC cycles that feed one `inputBits`-wide unsigned input with a `dacBits` DAC. */
export function dacCycles(inputBits: number, dacBits: number): number {
  return Math.ceil(inputBits / dacBits);
}
