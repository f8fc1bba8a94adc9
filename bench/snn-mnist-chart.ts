// The conductance-levels × variation sweep of the MNIST spiking classifier as an SVG: accuracy against energy per
// inference without leakage (the neurons' leakage over the presentation, the same at every point, would hide the rest).

/** The sweep's result columns the chart reads (helen sweep results.csv). */
export const SWEEP_COLUMNS = {
  levels: 'snn.w.levels',
  variation: 'snn.w.variation',
  accuracy: 'workload_summary.metrics.accuracy.value',
  energyPj: 'workload_summary.metrics.dynamic_energy_per_inference.value',
} as const;

const COLOURS = ['#4e79a7', '#f28e2b', '#e15759', '#59a14f', '#b07aa1', '#9c755f', '#76b7b2'];
const W = 680;
const H = 420;
const M = { left: 64, right: 170, top: 36, bottom: 48 };
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** One finished sweep point. */
export interface SweepPoint {
  levels: number;
  variation: number;
  accuracy: number;
  energyPj: number;
}

/** The finished points of a sweep's results.csv (fields are plain numbers and words: no quoting). */
export function sweepPoints(csv: string): SweepPoint[] {
  const [header, ...lines] = csv.trim().split('\n');
  const cols = header!.split(',');
  const at = (name: string) => {
    const k = cols.indexOf(name);
    if (k < 0) throw new Error(`results.csv has no column ${name} (columns: ${cols.join(', ')})`);
    return k;
  };
  const [s, l, v, a, e] = [
    'status',
    SWEEP_COLUMNS.levels,
    SWEEP_COLUMNS.variation,
    SWEEP_COLUMNS.accuracy,
    SWEEP_COLUMNS.energyPj,
  ].map(at);
  return lines
    .map((line) => line.split(','))
    .filter((f) => f[s!] === 'ok')
    .map((f) => ({
      levels: Number(f[l!]),
      variation: Number(f[v!]),
      accuracy: Number(f[a!]),
      energyPj: Number(f[e!]),
    }));
}

/**
 * Accuracy (%) against energy per inference (pJ), one line per variation through its
 * levels, each point labelled with its levels. Depends only on the CSV (no dates).
 */
export function sweepChart(csv: string): string {
  const points = sweepPoints(csv);
  const xs = points.map((p) => p.energyPj);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const pad = Math.max(1e-9, (x1 - x0) * 0.05);
  const px = (x: number) => M.left + ((x - x0 + pad) / (x1 - x0 + 2 * pad)) * (W - M.left - M.right);
  const py = (y: number) => H - M.bottom - (y / 100) * (H - M.top - M.bottom);
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="20" text-anchor="middle" font-size="14">MNIST on memristor synapses: accuracy vs energy (levels × variation)</text>`,
  ];
  for (let y = 0; y <= 100; y += 10)
    out.push(
      `<line x1="${M.left}" x2="${W - M.right}" y1="${py(y).toFixed(1)}" y2="${py(y).toFixed(1)}" stroke="#ddd"/>`,
      `<text x="${M.left - 6}" y="${(py(y) + 4).toFixed(1)}" text-anchor="end">${y} %</text>`,
    );
  for (let k = 0; k <= 4; k++) {
    const x = x0 + ((x1 - x0) * k) / 4;
    out.push(`<text x="${px(x).toFixed(1)}" y="${H - M.bottom + 16}" text-anchor="middle">${x.toPrecision(3)}</text>`);
  }
  out.push(
    `<line x1="${M.left}" x2="${W - M.right}" y1="${H - M.bottom}" y2="${H - M.bottom}" stroke="black"/>`,
    `<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${H - M.bottom}" stroke="black"/>`,
    `<text x="${(M.left + W - M.right) / 2}" y="${H - 10}" text-anchor="middle">energy per inference without leakage (pJ)</text>`,
    `<text transform="translate(16 ${(M.top + H - M.bottom) / 2}) rotate(-90)" text-anchor="middle">held-out accuracy</text>`,
  );
  const variations = [...new Set(points.map((p) => p.variation))].sort((a, b) => a - b);
  variations.forEach((v, i) => {
    const c = COLOURS[i % COLOURS.length]!;
    const pts = points.filter((p) => p.variation === v).sort((a, b) => a.levels - b.levels);
    const label = `variation ${Number((v * 100).toPrecision(6))} %`;
    out.push(`<g class="series" data-label="${esc(label)}">`);
    out.push(
      `<polyline fill="none" stroke="${c}" stroke-width="2" points="${pts.map((p) => `${px(p.energyPj).toFixed(1)},${py(100 * p.accuracy).toFixed(1)}`).join(' ')}"/>`,
    );
    for (const p of pts)
      out.push(
        `<circle cx="${px(p.energyPj).toFixed(1)}" cy="${py(100 * p.accuracy).toFixed(1)}" r="3" fill="${c}" data-x="${p.energyPj}" data-y="${p.accuracy}"><title>${p.levels} levels, ${esc(label)}: ${(100 * p.accuracy).toFixed(1)} %, ${p.energyPj.toFixed(3)} pJ</title></circle>`,
        `<text x="${(px(p.energyPj) + 4).toFixed(1)}" y="${(py(100 * p.accuracy) - 4).toFixed(1)}" font-size="9" fill="${c}">${p.levels}</text>`,
      );
    out.push('</g>');
    const ly = M.top + 10 + i * 20;
    out.push(
      `<line x1="${W - M.right + 12}" x2="${W - M.right + 32}" y1="${ly}" y2="${ly}" stroke="${c}" stroke-width="2"/>`,
      `<text x="${W - M.right + 38}" y="${ly + 4}">${esc(label)}</text>`,
    );
  });
  out.push(
    `<text x="${W - M.right + 12}" y="${M.top + 20 + variations.length * 20}" font-size="10">labels: conductance levels</text>`,
    '</svg>',
  );
  return out.join('\n') + '\n';
}
