// The result panes: key figures, downloads, the comparison table.
import type { ComparisonReport, RunReport } from '../api/index.js';
import { formatTimePs } from '../core/kernel/time.js';
import { esc, formatAreaMm2, formatEnergyPj, groupDigits } from '../core/report/format.js';

/** The run's headline figures as a table (ids on the cells let tests and users find them). */
export function figuresTable(r: RunReport): string {
  const rows: [string, string, string][] = [
    ['architecture', 'Architecture', esc(r.architecture)],
    ['workload', 'Workload', esc(r.workload)],
    ['cycles', 'Cycles', groupDigits(r.cycles)],
    ['time', 'Simulated time', formatTimePs(r.time_ps)],
    ['energy', 'Energy', formatEnergyPj(r.energy_pj)],
    ['area', 'Area', formatAreaMm2(r.area_mm2)],
    ['events', 'Events', groupDigits(r.events)],
    ['operations', 'Operations', groupDigits(r.operations)],
    ['stop', 'Ended', esc(r.stop.reason)],
    ['wall', 'Wall time', `${(r.wall_s * 1000).toFixed(0)} ms`],
  ];
  return `<table>${rows.map(([id, name, v]) => `<tr><th>${name}</th><td id="figure-${id}">${v}</td></tr>`).join('')}</table>`;
}

/** Phase-by-phase comparison of two architectures, as `helen compare` prints it. */
export function comparisonTable(c: ComparisonReport): string {
  const ratio = (x: number): string => (Number.isFinite(x) ? `${x.toFixed(2)}×` : '–');
  const pct = (x: number): string => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : '–');
  const row = (p: ComparisonReport['total'], total = false): string =>
    `<tr${total ? ' id="comparison-total"' : ''}><th>${esc(p.name)}</th><td>${formatTimePs(p.a.time_ps)}</td><td>${formatTimePs(p.b.time_ps)}</td><td class="speedup">${ratio(p.speedup)}</td><td>${formatEnergyPj(p.a.energy_pj)}</td><td>${formatEnergyPj(p.b.energy_pj)}</td><td class="reduction">${pct(p.energy_reduction)}</td></tr>`;
  return `<h2>A = ${esc(c.architecture_a)}, B = ${esc(c.architecture_b)} on ${esc(c.workload)}</h2>
<table><tr><th>phase</th><th>time A</th><th>time B</th><th>speed-up</th><th>energy A</th><th>energy B</th><th>energy saved</th></tr>
${c.phases.map((p) => row(p)).join('')}${row(c.total, true)}</table>`;
}

/** A link that downloads `content` as `name`. */
export function downloadLink(name: string, content: string, type: string, label: string): HTMLAnchorElement {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([content], { type }));
  a.download = name;
  a.textContent = label;
  return a;
}

/** Opens a Perfetto JSON trace in ui.perfetto.dev (its documented postMessage handshake: PING until PONG). */
export function openInPerfetto(trace: string, title: string): void {
  const origin = 'https://ui.perfetto.dev';
  const win = window.open(origin);
  if (!win) return;
  const buffer = new TextEncoder().encode(trace).buffer;
  const ping = setInterval(() => win.postMessage('PING', origin), 100);
  const onMessage = (e: MessageEvent): void => {
    if (e.source !== win || e.data !== 'PONG') return;
    clearInterval(ping);
    window.removeEventListener('message', onMessage);
    win.postMessage({ perfetto: { buffer, title, fileName: 'helen-trace.json' } }, origin);
  };
  window.addEventListener('message', onMessage);
  setTimeout(() => clearInterval(ping), 20_000);
}
