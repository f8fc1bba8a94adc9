// The `cim_gemm_bars` report view: one bar per GEMM, its length the GEMM's cycles.
import { PALETTE, esc } from 'helen';

/** The key the driver's summary puts the view's data under. */
export const VIEW_NAME = 'cim_gemm_bars';

const WIDTH = 640;
const LABEL_W = 120;
const BAR_H = 18;
const GAP = 6;

/**
 * The data the driver gives the view.
 * @typedef {{ gemms: { name: string, cycles: number, macs: number, macros: number }[] }} BarsData
 */

/**
 * Whether `d` is data this view can draw (a report file may come from another version).
 * @param {unknown} d
 * @returns {d is BarsData}
 */
function isBarsData(d) {
  const g = /** @type {BarsData | null} */ (d)?.gemms;
  return (
    Array.isArray(g) &&
    g.every((x) => typeof x?.name === 'string' && typeof x.cycles === 'number' && typeof x.macs === 'number')
  );
}

/**
 * One bar per GEMM, scaled to the longest, labelled with its cycles and MACs per cycle.
 * @param {unknown} data
 */
function render(data) {
  if (!isBarsData(data)) return '<p class="note">The GEMM bars view got data it cannot draw.</p>';
  const longest = Math.max(1, ...data.gemms.map((g) => g.cycles));
  const plotW = WIDTH - LABEL_W - 150;
  const height = data.gemms.length * (BAR_H + GAP) + GAP;
  const bars = data.gemms.map((g, i) => {
    const y = GAP + i * (BAR_H + GAP);
    const w = Math.max(1, (g.cycles / longest) * plotW);
    const rate = g.cycles ? (g.macs / g.cycles).toFixed(1) : '0';
    return (
      `<g class="gemm" data-name="${esc(g.name)}" data-cycles="${g.cycles}">` +
      `<title>${esc(g.name)}: ${g.cycles} cycles on ${g.macros} macro(s), ${rate} MACs/cycle</title>` +
      `<text x="${LABEL_W - 6}" y="${y + BAR_H - 5}" text-anchor="end" class="tick">${esc(g.name)}</text>` +
      `<rect x="${LABEL_W}" y="${y}" width="${w.toFixed(1)}" height="${BAR_H}" fill="${PALETTE[i % PALETTE.length]}"/>` +
      `<text x="${(LABEL_W + w + 6).toFixed(1)}" y="${y + BAR_H - 5}" class="tick">${g.cycles} cycles · ${rate} MACs/cycle</text></g>`
    );
  });
  return (
    `<h3>GEMMs on the CIM macros</h3>` +
    `<svg id="${VIEW_NAME}" class="chart" role="img" aria-label="cycles per GEMM" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" xmlns="http://www.w3.org/2000/svg">${bars.join('')}</svg>` +
    `<p class="note">One bar per GEMM of the list, in order: its cycles (weight writes and bit-serial compute, the slowest macro's share).</p>`
  );
}

/** @type {import('helen').ReportView} */
export const gemmBarsView = {
  name: VIEW_NAME,
  description: 'one bar per GEMM of a gemm-list run: its cycles and MACs per cycle',
  render,
};
