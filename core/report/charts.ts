import { esc, formatTimePs } from './format.js';

/** One bar of a bar chart. */
export interface Bar {
  label: string;
  value: number;
  /** Text after the bar (the formatted value, a share). */
  text: string;
  /** CSS colour; the palette's next colour when absent. */
  colour?: string;
}

/** Colours that stay distinguishable side by side and in greyscale print. */
export const PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
];

const WIDTH = 760;
const LABEL_W = 230;
const TEXT_W = 150;
const ROW_H = 22;

/**
 * A horizontal bar chart as inline SVG. Bars scale to `max` (the largest
 * value by default; 1 for fractions) so that charts of shares are comparable.
 * Each row carries `data-label`/`data-value` so scripts and tests can read
 * the numbers back without parsing the drawing.
 */
export function barChart(id: string, title: string, bars: Bar[], max?: number): string {
  const top = Math.max(max ?? 0, ...bars.map((b) => b.value));
  const barW = WIDTH - LABEL_W - TEXT_W;
  const height = bars.length * ROW_H + 8;
  const rows = bars.map((b, i) => {
    const y = 4 + i * ROW_H;
    const w = top > 0 ? Math.max(b.value > 0 ? 1 : 0, (b.value / top) * barW) : 0;
    const colour = b.colour ?? PALETTE[i % PALETTE.length]!;
    return (
      `<g class="row" data-label="${esc(b.label)}" data-value="${b.value}">` +
      `<title>${esc(b.label)}: ${esc(b.text)}</title>` +
      `<text x="${LABEL_W - 8}" y="${y + 15}" text-anchor="end" class="label">${esc(clip(b.label, 34))}</text>` +
      `<rect x="${LABEL_W}" y="${y + 3}" width="${w.toFixed(2)}" height="${ROW_H - 6}" fill="${colour}" class="bar"/>` +
      `<text x="${LABEL_W + w + 6}" y="${y + 15}" class="value">${esc(b.text)}</text></g>`
    );
  });
  return svg(id, title, WIDTH, height, rows.join(''));
}

/** One phase in the phase strip. */
export interface PhaseBox {
  name: string;
  start_ps: number;
  end_ps: number;
}

/** The phases as consecutive boxes on a time axis: where the time went, at a glance. */
export function phaseStrip(id: string, phases: PhaseBox[], startPs: number, endPs: number): string {
  const span = Math.max(1, endPs - startPs);
  const x = (t: number): number => ((t - startPs) / span) * WIDTH;
  const boxes = phases.map((p, i) => {
    const x0 = x(p.start_ps);
    const w = Math.max(1, x(p.end_ps) - x0);
    const label =
      w > 7 * p.name.length
        ? `<text x="${(x0 + w / 2).toFixed(2)}" y="24" text-anchor="middle" class="on-bar">${esc(p.name)}</text>`
        : '';
    return (
      `<g class="phase" data-label="${esc(p.name)}"><title>${esc(p.name)}: ${esc(formatTimePs(p.end_ps - p.start_ps))} from ${esc(formatTimePs(p.start_ps))}</title>` +
      `<rect x="${x0.toFixed(2)}" y="6" width="${w.toFixed(2)}" height="28" fill="${PALETTE[i % PALETTE.length]}"/>${label}</g>`
    );
  });
  return svg(id, 'Phases over time', WIDTH, 58, boxes.join('') + axis(startPs, endPs, 36, 0, WIDTH));
}

/** One row of a heat map: a component's busy fraction per time bin (null: outside the recorded window). */
export interface HeatRow {
  label: string;
  cells: (number | null)[];
}

/**
 * Utilisation over time as a heat map: one row per component, one column per
 * time bin, darker when busier; phase boundaries drawn as vertical lines.
 */
export function heatMap(
  id: string,
  rows: HeatRow[],
  startPs: number,
  binPs: number,
  marks: { atPs: number; label: string }[],
): string {
  const bins = Math.max(1, ...rows.map((r) => r.cells.length));
  const plotW = WIDTH - LABEL_W;
  const cellW = plotW / bins;
  const endPs = startPs + bins * binPs;
  const x = (t: number): number => LABEL_W + ((t - startPs) / (endPs - startPs)) * plotW;
  const body = rows.map((r, i) => {
    const y = 4 + i * 16;
    const cells = r.cells
      .map((f, j) =>
        f === null || f <= 0
          ? ''
          : `<rect x="${(LABEL_W + j * cellW).toFixed(2)}" y="${y}" width="${(cellW + 0.3).toFixed(2)}" height="14" fill="${heat(f)}"><title>${esc(r.label)} ${esc(formatTimePs(startPs + j * binPs))}: ${(100 * f).toFixed(1)}% busy</title></rect>`,
      )
      .join('');
    return `<g class="row" data-label="${esc(r.label)}"><text x="${LABEL_W - 8}" y="${y + 11}" text-anchor="end" class="label">${esc(clip(r.label, 34))}</text><rect x="${LABEL_W}" y="${y}" width="${plotW}" height="14" class="track"/>${cells}</g>`;
  });
  const plotH = 4 + rows.length * 16;
  const lines = marks
    .filter((m) => m.atPs > startPs && m.atPs < endPs)
    .map(
      (m) =>
        `<line x1="${x(m.atPs).toFixed(2)}" x2="${x(m.atPs).toFixed(2)}" y1="0" y2="${plotH}" class="mark"><title>${esc(m.label)}</title></line>`,
    );
  return svg(
    id,
    'Utilisation over time',
    WIDTH,
    plotH + 24,
    body.join('') + lines.join('') + axis(startPs, endPs, plotH + 2, LABEL_W, WIDTH),
  );
}

/** White (idle) to the palette's blue (always busy). */
function heat(f: number): string {
  const c = Math.min(1, Math.max(0, f));
  const mix = (a: number, b: number): number => Math.round(a + (b - a) * c);
  return `rgb(${mix(230, 33)},${mix(238, 84)},${mix(246, 150)})`;
}

function axis(startPs: number, endPs: number, y: number, x0: number, x1: number): string {
  const ticks = 5;
  const parts = [`<line x1="${x0}" x2="${x1}" y1="${y}" y2="${y}" class="axis"/>`];
  for (let i = 0; i <= ticks; i++) {
    const x = x0 + ((x1 - x0) * i) / ticks;
    const t = Math.round(startPs + ((endPs - startPs) * i) / ticks);
    const anchor = i === 0 ? 'start' : i === ticks ? 'end' : 'middle';
    parts.push(
      `<line x1="${x}" x2="${x}" y1="${y}" y2="${y + 4}" class="axis"/><text x="${x}" y="${y + 16}" text-anchor="${anchor}" class="tick">${esc(formatTimePs(t))}</text>`,
    );
  }
  return parts.join('');
}

function svg(id: string, title: string, w: number, h: number, body: string): string {
  return `<svg id="${esc(id)}" class="chart" role="img" aria-label="${esc(title)}" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" xmlns="http://www.w3.org/2000/svg"><title>${esc(title)}</title>${body}</svg>`;
}

function clip(s: string, n: number): string {
  return s.length <= n ? s : `…${s.slice(s.length - n + 1)}`;
}
