import type { RooflineViewData } from './llm/roofline-table.js';
import { PALETTE } from '../../core/index.js';
import { esc } from '../../core/index.js';
import type { ReportView } from '../../core/index.js';

const WIDTH = 760;
const HEIGHT = 440;
const LEFT = 78;
const TOP = 16;
/** A band right of the log axis for operations that moved no HBM byte (infinite intensity). */
const ONCHIP_W = 64;
const PLOT_W = WIDTH - LEFT - ONCHIP_W - 12;
const PLOT_H = HEIGHT - TOP - 58;

type Op = RooflineViewData['ops'][number];

function isRoofline(d: unknown): d is RooflineViewData {
  const r = d as RooflineViewData;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.peak_flops_per_s === 'number' &&
    r.peak_flops_per_s > 0 &&
    typeof r.hbm_bytes_per_s === 'number' &&
    r.hbm_bytes_per_s > 0 &&
    Array.isArray(r.ops) &&
    r.ops.every(
      (o) =>
        typeof o?.label === 'string' &&
        typeof o.achieved_flops_per_s === 'number' &&
        (o.intensity === null || typeof o.intensity === 'number'),
    )
  );
}

/** 1e12 → "1T", 2.5e-2 → "0.025": tick labels with SI prefixes. */
function si(v: number): string {
  const prefixes: [number, string][] = [
    [1e15, 'P'],
    [1e12, 'T'],
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (const [scale, p] of prefixes) if (v >= scale) return `${+(v / scale).toPrecision(3)}${p}`;
  return `${+v.toPrecision(3)}`;
}

const decadeBelow = (v: number): number => 10 ** Math.floor(Math.log10(v));
const decadeAbove = (v: number): number => 10 ** Math.ceil(Math.log10(v));

/** The stage of an op label (`prefill.q_proj` → `prefill`). */
function stage(label: string): string {
  const i = label.indexOf('.');
  return i < 0 ? label : label.slice(0, i);
}

/**
 * Roofline chart of an LLM run: arithmetic intensity (FLOPs per HBM byte)
 * across, achieved FLOP/s up, both logarithmic. The roof is the HBM slope
 * (bandwidth × intensity) up to the arrays' peak; a dashed roof shows the
 * vector unit's lower ceiling. One point per operation label: circles run on
 * the arrays, squares on the vector unit, coloured by stage. Operations that
 * moved no HBM byte have no finite intensity and sit in the "on chip" band.
 */
function render(data: unknown): string {
  if (!isRoofline(data)) return '<p class="note">The roofline view got data it cannot draw.</p>';
  const peak = data.peak_flops_per_s;
  const bw = data.hbm_bytes_per_s;
  const vec = data.vector_ops_per_s;
  const balance = peak / bw;
  const finite = data.ops.filter((o) => o.intensity !== null && o.intensity > 0).map((o) => o.intensity!);
  const xLo = decadeBelow(Math.min(balance, ...(vec ? [vec / bw] : []), ...finite) / 2);
  const xHi = decadeAbove(Math.max(balance, ...finite) * 2);
  const achieved = data.ops.map((o) => o.achieved_flops_per_s).filter((v) => v > 0);
  const yHi = decadeAbove(peak * 1.5);
  const yLo = Math.min(decadeBelow(Math.min(xLo * bw, ...(vec ? [vec] : []), ...achieved) / 1.5), yHi / 100);
  const x = (i: number): number => LEFT + (Math.log10(i / xLo) / Math.log10(xHi / xLo)) * PLOT_W;
  const y = (v: number): number => TOP + PLOT_H - (Math.log10(Math.max(v, yLo) / yLo) / Math.log10(yHi / yLo)) * PLOT_H;
  const xy = (i: number, v: number): string => `${x(i).toFixed(1)} ${y(v).toFixed(1)}`;
  const roof = (top: number): string => {
    const ridge = top / bw;
    const pts = [xy(xLo, Math.min(top, xLo * bw))];
    if (ridge > xLo && ridge < xHi) pts.push(xy(ridge, top));
    pts.push(xy(xHi, top));
    return `M${pts.join('L')}`;
  };
  const parts: string[] = [];
  // Grid and ticks, one per decade.
  for (let d = xLo; d <= xHi * 1.001; d *= 10) {
    parts.push(
      `<line x1="${x(d).toFixed(1)}" x2="${x(d).toFixed(1)}" y1="${TOP}" y2="${TOP + PLOT_H}" class="grid" stroke="#e3e7ed"/>`,
    );
    parts.push(
      `<text x="${x(d).toFixed(1)}" y="${TOP + PLOT_H + 16}" text-anchor="middle" class="tick">${esc(si(d))}</text>`,
    );
  }
  for (let d = yLo; d <= yHi * 1.001; d *= 10) {
    parts.push(
      `<line x1="${LEFT}" x2="${LEFT + PLOT_W + ONCHIP_W}" y1="${y(d).toFixed(1)}" y2="${y(d).toFixed(1)}" class="grid" stroke="#e3e7ed"/>`,
    );
    parts.push(
      `<text x="${LEFT - 6}" y="${(y(d) + 4).toFixed(1)}" text-anchor="end" class="tick">${esc(si(d))}</text>`,
    );
  }
  const band = LEFT + PLOT_W;
  parts.push(
    `<rect x="${band + 4}" y="${TOP}" width="${ONCHIP_W - 4}" height="${PLOT_H}" fill="#f5f7fa"/>`,
    `<text x="${band + ONCHIP_W / 2 + 2}" y="${TOP + 14}" text-anchor="middle" class="tick">on chip</text>`,
    `<line x1="${LEFT}" x2="${band + ONCHIP_W}" y1="${TOP + PLOT_H}" y2="${TOP + PLOT_H}" class="axis" stroke="#555"/>`,
    `<line x1="${LEFT}" x2="${LEFT}" y1="${TOP}" y2="${TOP + PLOT_H}" class="axis" stroke="#555"/>`,
    `<text x="${LEFT + PLOT_W / 2}" y="${HEIGHT - 22}" text-anchor="middle" class="label">arithmetic intensity (FLOP per HBM byte)</text>`,
    `<text x="16" y="${TOP + PLOT_H / 2}" text-anchor="middle" class="label" transform="rotate(-90 16 ${TOP + PLOT_H / 2})">achieved FLOP/s</text>`,
    `<path id="roof" class="roof" d="${roof(peak)}" fill="none" stroke="#222" stroke-width="2" data-peak="${peak}" data-bandwidth="${bw}" data-balance="${balance}"><title>roof: min(${esc(si(peak))}FLOP/s, intensity × ${esc(si(bw))}B/s); balance ${balance.toFixed(1)} FLOP/B</title></path>`,
    `<text x="${(band - 4).toFixed(1)}" y="${(y(peak) - 6).toFixed(1)}" text-anchor="end" class="tick">arrays ${esc(si(peak))}FLOP/s · balance ${balance.toFixed(0)} FLOP/B</text>`,
  );
  if (vec) {
    parts.push(
      `<path id="vector-roof" class="roof" d="${roof(vec)}" fill="none" stroke="#777" stroke-width="1.5" stroke-dasharray="6 4" data-peak="${vec}"><title>vector unit: min(${esc(si(vec))}op/s, intensity × ${esc(si(bw))}B/s)</title></path>`,
      `<text x="${(band - 4).toFixed(1)}" y="${(y(vec) - 6).toFixed(1)}" text-anchor="end" class="tick">vector unit ${esc(si(vec))}op/s</text>`,
    );
  }
  const stages = [...new Set(data.ops.map((o) => stage(o.label)))];
  const colour = (o: Op): string => PALETTE[stages.indexOf(stage(o.label)) % PALETTE.length]!;
  data.ops.forEach((o, k) => {
    // On-chip points are spread across their band so they do not hide one another.
    const px = o.intensity !== null && o.intensity > 0 ? x(o.intensity) : band + 10 + ((k * 7) % (ONCHIP_W - 18));
    const py = y(o.achieved_flops_per_s);
    const c = colour(o);
    const mark =
      o.unit === 'vector'
        ? `<rect x="${(px - 4).toFixed(1)}" y="${(py - 4).toFixed(1)}" width="8" height="8" fill="${c}" stroke="#fff" stroke-width="0.8"/>`
        : `<circle cx="${px.toFixed(1)}" cy="${py.toFixed(1)}" r="4.5" fill="${c}" stroke="#fff" stroke-width="0.8"/>`;
    const intensity = o.intensity === null ? 'on chip' : `${+o.intensity.toPrecision(4)} FLOP/B`;
    parts.push(
      `<g class="point" data-label="${esc(o.label)}" data-unit="${o.unit}" data-intensity="${o.intensity ?? ''}" data-achieved="${o.achieved_flops_per_s}" data-attainable="${o.attainable_flops_per_s}">` +
        `<title>${esc(o.label)} (${o.operations}×, ${o.unit}): ${esc(intensity)}, achieved ${esc(si(o.achieved_flops_per_s))}FLOP/s of ${esc(si(o.attainable_flops_per_s))} attainable, ${o.bound}-bound</title>${mark}</g>`,
    );
  });
  // Legend in the top-left corner, where the HBM slope leaves the plot empty.
  const legend = stages.map(
    (s, i) =>
      `<circle cx="${LEFT + 14}" cy="${TOP + 14 + i * 16}" r="4.5" fill="${PALETTE[i % PALETTE.length]}"/><text x="${LEFT + 24}" y="${TOP + 18 + i * 16}" class="tick">${esc(s)}</text>`,
  );
  const ly = TOP + 14 + stages.length * 16;
  legend.push(
    `<circle cx="${LEFT + 14}" cy="${ly}" r="4.5" fill="none" stroke="#555"/><text x="${LEFT + 24}" y="${ly + 4}" class="tick">arrays (GEMM)</text>`,
    `<rect x="${LEFT + 10}" y="${ly + 12}" width="8" height="8" fill="none" stroke="#555"/><text x="${LEFT + 24}" y="${ly + 20}" class="tick">vector unit</text>`,
  );
  parts.push(`<g class="legend">${legend.join('')}</g>`);
  const onChip = data.ops.filter((o) => o.intensity === null).length;
  return (
    `<h3>Roofline</h3>` +
    `<svg id="roofline" class="chart" role="img" aria-label="Roofline" data-points="${data.ops.length}" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" xmlns="http://www.w3.org/2000/svg"><title>Roofline</title>${parts.join('')}</svg>` +
    `<p class="note">One point per operation (summed over its occurrences): FLOPs per HBM byte across, achieved FLOP/s up, both logarithmic. ` +
    `The solid roof is min(array peak, intensity × HBM bandwidth); the dashed one the vector unit's. A point's distance below its roof is time lost to SRAM stalls, latency and tiling.` +
    `${onChip ? ` ${onChip} operation(s) moved no HBM byte and sit in the "on chip" band.` : ''}</p>`
  );
}

/** The `roofline` view of the HTML report. */
export const rooflineView: ReportView = {
  name: 'roofline',
  description:
    'roofline chart: one point per operation, arithmetic intensity against attained FLOP/s, under the machine roof',
  render,
};
