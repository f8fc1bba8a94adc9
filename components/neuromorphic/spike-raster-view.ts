import type { SpikeRasterData } from './driver/raster.js';
import { PALETTE } from '../../core/index.js';
import { esc, formatTimePs, groupDigits } from '../../core/index.js';
import type { ReportView } from '../../core/index.js';

const WIDTH = 760;
const LABEL_W = 170;
const PLOT_W = WIDTH - LABEL_W - 10;
/** Band heights: a population gets one pixel per neuron, within these bounds. */
const MIN_BAND = 24;
const MAX_BAND = 160;
const GAP = 6;

function isRaster(d: unknown): d is SpikeRasterData {
  const r = d as SpikeRasterData;
  return (
    typeof r === 'object' &&
    r !== null &&
    Array.isArray(r.populations) &&
    Array.isArray(r.population) &&
    Array.isArray(r.neuron) &&
    Array.isArray(r.time_ps) &&
    r.population.length === r.neuron.length &&
    r.neuron.length === r.time_ps.length &&
    typeof r.end_ps === 'number'
  );
}

/**
 * Spike raster of a spiking-network run: one band per population (the input
 * first), neuron index down, time across, one dot per spike. Each band is one
 * SVG path, so tens of thousands of dots stay a small file; the caption says
 * how many spikes the cap left out.
 */
function render(data: unknown): string {
  if (!isRaster(data)) return '<p class="note">The spike_raster view got data it cannot draw.</p>';
  const endPs = Math.max(1, data.end_ps, ...data.time_ps);
  const bands: { y0: number; h: number }[] = [];
  let y = 4;
  for (const p of data.populations) {
    const h = Math.min(MAX_BAND, Math.max(MIN_BAND, p.size));
    bands.push({ y0: y, h });
    y += h + GAP;
  }
  const plotH = y;
  const paths = data.populations.map(() => [] as string[]);
  for (let k = 0; k < data.time_ps.length; k++) {
    const pop = data.population[k]!;
    const band = bands[pop];
    if (!band) continue;
    const size = Math.max(1, data.populations[pop]!.size);
    const px = LABEL_W + (data.time_ps[k]! / endPs) * PLOT_W;
    const py = band.y0 + ((data.neuron[k]! + 0.5) / size) * band.h;
    paths[pop]!.push(`M${px.toFixed(1)} ${py.toFixed(1)}h1.5`);
  }
  const body: string[] = [];
  data.populations.forEach((p, i) => {
    const b = bands[i]!;
    body.push(
      `<g class="band" data-label="${esc(p.name)}" data-total="${p.total_spikes}" data-shown="${p.shown_spikes}">` +
        `<title>${esc(p.name)}: ${groupDigits(p.total_spikes)} spikes over ${groupDigits(p.size)} neurons</title>` +
        `<rect x="${LABEL_W}" y="${b.y0}" width="${PLOT_W}" height="${b.h}" fill="#f5f7fa"/>` +
        `<text x="${LABEL_W - 8}" y="${b.y0 + b.h / 2 + 4}" text-anchor="end" class="label">${esc(clip(p.name, 24))}</text>` +
        `<text x="${LABEL_W - 8}" y="${b.y0 + b.h / 2 + 16}" text-anchor="end" class="tick">${groupDigits(p.size)} neurons</text>` +
        (paths[i]!.length
          ? `<path d="${paths[i]!.join('')}" stroke="${PALETTE[i % PALETTE.length]}" stroke-width="1.5" fill="none"/>`
          : '') +
        `</g>`,
    );
  });
  const ticks: string[] = [`<line x1="${LABEL_W}" x2="${LABEL_W + PLOT_W}" y1="${plotH}" y2="${plotH}" class="axis"/>`];
  for (let i = 0; i <= 5; i++) {
    const x = LABEL_W + (PLOT_W * i) / 5;
    const anchor = i === 0 ? 'start' : i === 5 ? 'end' : 'middle';
    ticks.push(
      `<line x1="${x}" x2="${x}" y1="${plotH}" y2="${plotH + 4}" class="axis"/><text x="${x}" y="${plotH + 16}" text-anchor="${anchor}" class="tick">${esc(formatTimePs(Math.round((endPs * i) / 5)))}</text>`,
    );
  }
  const h = plotH + 24;
  const shown = data.populations.reduce((s, p) => s + p.shown_spikes, 0);
  const total = data.populations.reduce((s, p) => s + p.total_spikes, 0);
  const capped =
    shown < total
      ? ` Capped: each row shows at most its first ${groupDigits(data.cap_per_population)} spikes, ${groupDigits(shown)} of ${groupDigits(total)} in all.`
      : '';
  return (
    `<h3>Spike raster</h3>` +
    `<svg id="spike-raster" class="chart" role="img" aria-label="Spike raster" data-points="${shown}" data-total="${total}" viewBox="0 0 ${WIDTH} ${h}" width="${WIDTH}" height="${h}" xmlns="http://www.w3.org/2000/svg"><title>Spike raster</title>${body.join('')}${ticks.join('')}</svg>` +
    `<p class="note">Each dot is a spike: time across, neuron index down, one band per population (the spike input first).${capped}</p>`
  );
}

function clip(s: string, n: number): string {
  return s.length <= n ? s : `…${s.slice(s.length - n + 1)}`;
}

/** The `spike_raster` view of the HTML report. */
export const spikeRasterView: ReportView = {
  name: 'spike_raster',
  description: 'spike raster: one dot per spike, one band per population',
  render,
};
