import type { ParetoPoint } from './pareto.js';
import type { ParetoSpec } from './types.js';

const W = 720;
const H = 480;
const M = { left: 90, right: 24, top: 40, bottom: 64 };

/** Round tick values (1, 2, 5 × 10^k) covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, target = 6): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((f) => f * mag).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const label = (v: number): string =>
  Math.abs(v) >= 1e5 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(2) : String(Number(v.toPrecision(6)));

/**
 * A scatter of every finished point (grey) with the Pareto front (red, joined
 * as a staircase), as a standalone SVG: no scripts, fonts or network. The same
 * points always give the same bytes.
 */
export function paretoSvg(
  title: string,
  spec: ParetoSpec,
  all: readonly ParetoPoint[],
  front: readonly ParetoPoint[],
): string {
  const xs = all.map((p) => p.x);
  const ys = all.map((p) => p.y);
  const pad = (lo: number, hi: number): [number, number] =>
    hi > lo
      ? [lo - (hi - lo) * 0.05, hi + (hi - lo) * 0.05]
      : [lo - Math.abs(lo || 1) * 0.1, hi + Math.abs(hi || 1) * 0.1];
  const [x0, x1] = all.length ? pad(Math.min(...xs), Math.max(...xs)) : [0, 1];
  const [y0, y1] = all.length ? pad(Math.min(...ys), Math.max(...ys)) : [0, 1];
  const px = (x: number): number => M.left + ((x - x0) / (x1 - x0)) * (W - M.left - M.right);
  const py = (y: number): number => H - M.bottom - ((y - y0) / (y1 - y0)) * (H - M.top - M.bottom);
  const f = (n: number): string => n.toFixed(1);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="15">${esc(title)}</text>`,
    `<rect x="${M.left}" y="${M.top}" width="${W - M.left - M.right}" height="${H - M.top - M.bottom}" fill="none" stroke="#444"/>`,
  ];
  for (const t of niceTicks(x0, x1)) {
    out.push(`<line x1="${f(px(t))}" y1="${H - M.bottom}" x2="${f(px(t))}" y2="${H - M.bottom + 5}" stroke="#444"/>`);
    out.push(`<text x="${f(px(t))}" y="${H - M.bottom + 18}" text-anchor="middle">${esc(label(t))}</text>`);
  }
  for (const t of niceTicks(y0, y1)) {
    out.push(`<line x1="${M.left - 5}" y1="${f(py(t))}" x2="${M.left}" y2="${f(py(t))}" stroke="#444"/>`);
    out.push(`<text x="${M.left - 8}" y="${f(py(t) + 4)}" text-anchor="end">${esc(label(t))}</text>`);
  }
  out.push(
    `<text x="${(M.left + W - M.right) / 2}" y="${H - 18}" text-anchor="middle">${esc(`${spec.x} (${spec.xGoal === 'min' ? 'lower' : 'higher'} is better)`)}</text>`,
  );
  out.push(
    `<text transform="translate(18 ${(M.top + H - M.bottom) / 2}) rotate(-90)" text-anchor="middle">${esc(`${spec.y} (${spec.yGoal === 'min' ? 'lower' : 'higher'} is better)`)}</text>`,
  );
  for (const p of all)
    out.push(
      `<circle cx="${f(px(p.x))}" cy="${f(py(p.y))}" r="3.5" fill="#999" fill-opacity="0.7"><title>${esc(describe(p))}</title></circle>`,
    );
  if (front.length) {
    const steps: string[] = [`M${f(px(front[0]!.x))},${f(py(front[0]!.y))}`];
    for (let i = 1; i < front.length; i++) steps.push(`H${f(px(front[i]!.x))}V${f(py(front[i]!.y))}`);
    out.push(`<path d="${steps.join('')}" fill="none" stroke="#c0392b" stroke-width="1.5"/>`);
    for (const p of front)
      out.push(
        `<circle cx="${f(px(p.x))}" cy="${f(py(p.y))}" r="5" fill="#c0392b"><title>${esc(describe(p))}</title></circle>`,
      );
  }
  out.push(
    `<text x="${W - M.right}" y="${M.top - 8}" text-anchor="end" fill="#555">${all.length} points, ${front.length} on the Pareto front</text>`,
  );
  out.push('</svg>');
  return out.join('\n') + '\n';
}

function describe(p: ParetoPoint): string {
  return (
    Object.entries(p.row.params)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ') + ` → (${label(p.x)}, ${label(p.y)})`
  );
}
