import { formatTimePs } from '../core/index.js';
import { formatCell, formatEnergyPj, formatHz, formatMetricValue, groupDigits } from '../core/index.js';
import type { ComparisonReport } from '../api/compare.js';
import type { RunReport } from '../api/run.js';
import type { WorkloadSummary } from '../core/index.js';

function table(header: string[], rows: string[][], rightAlign: boolean[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    '  ' + cells.map((c, i) => (rightAlign[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  return [line(header), ...rows.map(line)];
}

/** The readable summary `helen run` prints. */
export function formatRunReport(r: RunReport, topComponents = 12): string {
  const out: string[] = [];
  out.push(`${r.architecture} on ${r.workload} (seed ${r.seed})`);
  out.push(`  simulated  ${formatTimePs(r.time_ps)} = ${groupDigits(r.cycles)} cycles at ${formatHz(r.main_clock_hz)}`);
  out.push(`  energy     ${formatEnergyPj(r.energy_pj)}   area ${r.area_mm2.toPrecision(4)} mm²`);
  out.push(
    `  run        ${groupDigits(r.events)} events, ${groupDigits(r.operations)} operations in ${r.wall_s.toFixed(3)} s (${groupDigits(r.events_per_s)} events/s)`,
  );
  out.push(`  stop       ${r.stop.reason}${r.stop.reason === 'completed' ? '' : `: ${r.stop.message}`}`);
  for (const note of r.workload_notes ?? []) out.push(`  workload   ${note}`);
  if (r.architecture_notes?.length)
    out.push('', 'not modelled (architecture file):', ...r.architecture_notes.map((n) => `  ${n}`));
  if (r.phases.length) {
    out.push('', 'phases:');
    out.push(
      ...table(
        ['phase', 'cycles', 'time', 'energy', 'ops'],
        r.phases.map((p) => [
          p.name,
          groupDigits(p.cycles),
          formatTimePs(p.time_ps),
          formatEnergyPj(p.energy_pj),
          groupDigits(p.operations),
        ]),
        [false, true, true, true, true],
      ),
    );
  }
  if (r.workload_summary) out.push(...formatWorkloadSummary(r.workload_summary));
  const actions = Object.entries(r.energy_by_action_pj).sort((a, b) => b[1] - a[1]);
  if (actions.length) {
    out.push('', 'energy by action:');
    out.push(
      ...table(
        ['action', 'energy', 'share'],
        actions.map(([k, v]) => [
          k,
          formatEnergyPj(v),
          r.energy_pj > 0 ? `${((100 * v) / r.energy_pj).toFixed(1)}%` : '-',
        ]),
        [false, true, true],
      ),
    );
  }
  const comps = Object.entries(r.components)
    .sort((a, b) => b[1].subtree_energy_pj - a[1].subtree_energy_pj)
    .slice(0, topComponents);
  out.push('', `components (top ${comps.length} by energy, with their subtrees):`);
  out.push(
    ...table(
      ['component', 'type', 'energy', 'area mm²', 'busy'],
      comps.map(([path, c]) => [
        path,
        c.type,
        formatEnergyPj(c.subtree_energy_pj),
        c.subtree_area_mm2.toPrecision(4),
        `${(100 * c.utilisation).toFixed(1)}%`,
      ]),
      [false, false, true, true, true],
    ),
  );
  return out.join('\n') + '\n';
}

/** The family-specific part of the summary: headline metrics, then each table. */
function formatWorkloadSummary(w: WorkloadSummary): string[] {
  const out: string[] = [];
  if (w.metrics.length) {
    out.push('', 'results:');
    out.push(
      ...table(
        ['metric', 'value', 'meaning'],
        w.metrics.map((m) => [m.name, formatMetricValue(m.value, m.unit), m.description]),
        [false, true, false],
      ),
    );
  }
  for (const t of w.tables) {
    const numeric = t.columns.map((_, i) => t.rows.length > 0 && t.rows.every((row) => typeof row[i] === 'number'));
    out.push('', `${t.title}:`);
    out.push(
      ...table(
        t.columns,
        t.rows.map((row) => row.map(formatCell)),
        numeric,
      ),
    );
  }
  return out;
}

/** The table `helen compare` prints. */
export function formatComparison(c: ComparisonReport): string {
  const rows = [...c.phases, c.total].map((r) => [
    r.name,
    groupDigits(r.a.cycles),
    groupDigits(r.b.cycles),
    `${r.speedup.toFixed(2)}×`,
    formatEnergyPj(r.a.energy_pj),
    formatEnergyPj(r.b.energy_pj),
    `${(100 * r.energy_reduction).toFixed(2)}%`,
  ]);
  const out = [`A = ${c.architecture_a}, B = ${c.architecture_b}, workload ${c.workload}`, ''];
  out.push(
    ...table(['phase', 'cycles A', 'cycles B', 'speed-up B/A', 'energy A', 'energy B', 'energy saved'], rows, [
      false,
      true,
      true,
      true,
      true,
      true,
      true,
    ]),
  );
  return out.join('\n') + '\n';
}
