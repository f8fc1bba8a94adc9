import { formatTimePs } from '../kernel/time.js';

export { formatTimePs };

/** Escapes text for HTML and SVG content and attribute values. */
export function esc(text: string | number): string {
  return String(text).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/** 12345678 → "12 345 678" (thin spaces would not survive copy-paste into scripts). */
export function groupDigits(n: number): string {
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

/** pJ in the largest readable unit (the same units `helen run` prints). */
export function formatEnergyPj(pj: number): string {
  const a = Math.abs(pj);
  if (a >= 1e12) return `${(pj / 1e12).toPrecision(4)} J`;
  if (a >= 1e9) return `${(pj / 1e9).toPrecision(4)} mJ`;
  if (a >= 1e6) return `${(pj / 1e6).toPrecision(4)} uJ`;
  if (a >= 1e3) return `${(pj / 1e3).toPrecision(4)} nJ`;
  return `${pj.toPrecision(4)} pJ`;
}

/** mm² with four significant digits. */
export function formatAreaMm2(mm2: number): string {
  return `${mm2.toPrecision(4)} mm²`;
}

/** A clock frequency in GHz, MHz or Hz. */
export function formatHz(hz: number): string {
  if (hz >= 1e9) return `${+(hz / 1e9).toPrecision(6)} GHz`;
  if (hz >= 1e6) return `${+(hz / 1e6).toPrecision(6)} MHz`;
  return `${+hz.toPrecision(6)} Hz`;
}

/** A fraction (0..1) as a percentage with one decimal. */
export function formatPct(fraction: number): string {
  return `${(100 * fraction).toFixed(1)}%`;
}

/** Watts in W, mW, uW or nW. */
export function formatPowerW(w: number): string {
  const a = Math.abs(w);
  if (a >= 1 || a === 0) return `${+w.toPrecision(4)} W`;
  if (a >= 1e-3) return `${+(w * 1e3).toPrecision(4)} mW`;
  if (a >= 1e-6) return `${+(w * 1e6).toPrecision(4)} uW`;
  return `${+(w * 1e9).toPrecision(4)} nW`;
}

/** A metric's value in its unit, readable: times and energies scaled, counts grouped. */
export function formatMetricValue(value: number, unit: string): string {
  if (unit === 'ps') return formatTimePs(value);
  if (unit === 'pJ') return formatEnergyPj(value);
  const text =
    Number.isInteger(value) || Math.abs(value) >= 1000 ? groupDigits(Math.round(value)) : `${+value.toPrecision(4)}`;
  return unit ? `${text} ${unit}` : text;
}

/** A table cell: strings as they are, numbers grouped or to 4 significant digits. */
export function formatCell(v: string | number): string {
  if (typeof v === 'string') return v;
  return Number.isInteger(v) || Math.abs(v) >= 1000 ? groupDigits(Math.round(v)) : `${+v.toPrecision(4)}`;
}
