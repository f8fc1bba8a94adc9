// The RED study (docs/red.md): every benchmark deconv layer on the zero-insertion baseline
// and on RED (and padding-free), through `compareArchitectures` — the function behind
// `helen compare` — plus a sweep of stride × kernel size for the chart.
//   npm run build && node dist/bench/red-study.js            # rewrites docs/red.md's table and docs/img/red-speedup.svg
//   node dist/bench/red-study.js --check                      # prints the table, writes nothing
import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { compareArchitectures } from '../api/compare.js';
import { writeFileAtomic } from '../api/output.js';
import { readLayerList, type DeconvLayer } from '../workloads/layers/layer-list.js';
import { logLineChart } from './red-chart.js';
import { useNodeFileSystem } from '../api/node-file-system.js';

// A script run with node, not through api/index.js or the CLI: Helen reads files through Node's file system.
useNodeFileSystem();

/** The published headline (Fan et al., DATE 2019): speed-up and energy reduction over the zero-padding baseline. */
export const PUBLISHED = { speedup: [3.69, 31.15], energyReduction: [0.08, 0.8836] } as const;

/** The architectures of the study. */
export const STUDY_ARCHITECTURES = {
  zeroInsertion: 'architectures/zero-insertion.yaml',
  paddingFree: 'architectures/padding-free.yaml',
  red: 'architectures/red.yaml',
};

/** The benchmark workloads, in the order of the table. */
export const STUDY_WORKLOADS = ['dcgan', 'dcgan-tf', 'fcn8s', 'cyclegan', 'pix2pix'].map(
  (w) => `workloads/examples/deconv-${w}.yaml`,
);

/** One benchmark layer: its shape and RED's (and padding-free's) gains over zero insertion. */
export interface StudyRow {
  workload: string;
  layer: string;
  shape: string;
  kernel: number;
  stride: number;
  /** Zero-insertion and RED cycles and energies. */
  cyclesZi: number;
  cyclesRed: number;
  energyZiPj: number;
  energyRedPj: number;
  /** time(ZI) / time(RED), exactly as `helen compare` reports it. */
  speedup: number;
  /** 1 − energy(RED)/energy(ZI). */
  energyReduction: number;
  /** The same two figures for padding-free over zero insertion. */
  speedupPf: number;
  energyReductionPf: number;
}

/** Runs every layer of `workloads` on the three architectures (one compare per workload and pair). */
export function redStudy(workloads: readonly string[] = STUDY_WORKLOADS, arch = STUDY_ARCHITECTURES): StudyRow[] {
  const rows: StudyRow[] = [];
  for (const w of workloads) {
    const layers = new Map(
      readLayerList(w)
        .layers.filter((l): l is DeconvLayer => l.kind === 'deconv')
        .map((l) => [l.name, l]),
    );
    const red = compareArchitectures(arch.zeroInsertion, arch.red, { workload: w });
    const pf = new Map(
      compareArchitectures(arch.zeroInsertion, arch.paddingFree, { workload: w }).phases.map((p) => [p.name, p]),
    );
    for (const p of red.phases) {
      const l = layers.get(p.name)!;
      const q = pf.get(p.name)!;
      rows.push({
        workload: basename(w, '.yaml').replace(/^deconv-/, ''),
        layer: p.name,
        shape: `${l.input.join('×')} → ${l.outChannels}`,
        kernel: l.kernel,
        stride: l.stride,
        cyclesZi: p.a.cycles,
        cyclesRed: p.b.cycles,
        energyZiPj: p.a.energy_pj,
        energyRedPj: p.b.energy_pj,
        speedup: p.speedup,
        energyReduction: p.energy_reduction,
        speedupPf: q.speedup,
        energyReductionPf: q.energy_reduction,
      });
    }
  }
  return rows;
}

/** Speed-up of RED over zero insertion for one synthetic layer per (stride, kernel): the chart's data. */
export function strideKernelSweep(
  strides: readonly number[],
  kernels: readonly number[],
  input: [number, number, number] = [16, 16, 64],
  outChannels = 64,
  arch = STUDY_ARCHITECTURES,
): { stride: number; kernel: number; speedup: number; energyReduction: number }[] {
  const dir = mkdtempSync(join(tmpdir(), 'helen-red-'));
  try {
    const layers = strides.flatMap((s) => kernels.filter((k) => k >= s).map((k) => ({ s, k, name: `s${s}k${k}` })));
    const file = join(dir, 'sweep.yaml');
    writeFileSync(
      file,
      `name: stride-kernel-sweep\nlayers:\n${layers.map((l) => `  - { name: ${l.name}, type: deconv, input: [${input.join(', ')}], out_channels: ${outChannels}, kernel: ${l.k}, stride: ${l.s} }`).join('\n')}\n`,
    );
    const c = compareArchitectures(arch.zeroInsertion, arch.red, { workload: file });
    return layers.map((l) => {
      const p = c.phases.find((x) => x.name === l.name)!;
      return { stride: l.s, kernel: l.k, speedup: p.speedup, energyReduction: p.energy_reduction };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const pct = (f: number) => `${(100 * f).toFixed(2)}%`;
const x = (f: number) => `${f.toFixed(2)}×`;

/** The study's markdown: per-layer table, measured ranges beside the published ones. */
export function studyMarkdown(rows: readonly StudyRow[]): string {
  const range = (v: number[]) => [Math.min(...v), Math.max(...v)] as const;
  const sp = range(rows.map((r) => r.speedup));
  const en = range(rows.map((r) => r.energyReduction));
  const s2 = rows.filter((r) => r.stride > 1);
  const sp2 = range(s2.map((r) => r.speedup));
  const en2 = range(s2.map((r) => r.energyReduction));
  const out = [
    '| workload | layer | input → C_out | K | s | cycles ZI | cycles RED | speed-up RED | energy saved RED | speed-up PF | energy saved PF |',
    '|---|---|---|---|---|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.workload} | ${r.layer} | ${r.shape} | ${r.kernel} | ${r.stride} | ${r.cyclesZi} | ${r.cyclesRed} | ${x(r.speedup)} | ${pct(r.energyReduction)} | ${x(r.speedupPf)} | ${pct(r.energyReductionPf)} |`,
    ),
    '',
    '| RED over zero insertion | measured, all layers | measured, stride > 1 | published (DATE 2019) |',
    '|---|---|---|---|',
    `| speed-up | ${x(sp[0])} – ${x(sp[1])} | ${x(sp2[0])} – ${x(sp2[1])} | ${x(PUBLISHED.speedup[0])} – ${x(PUBLISHED.speedup[1])} |`,
    `| energy reduction | ${pct(en[0])} – ${pct(en[1])} | ${pct(en2[0])} – ${pct(en2[1])} | ${pct(PUBLISHED.energyReduction[0])} – ${pct(PUBLISHED.energyReduction[1])} |`,
  ];
  return out.join('\n') + '\n';
}

const BEGIN = '<!-- red-study:begin (generated by `node dist/bench/red-study.js`; do not edit) -->';
const END = '<!-- red-study:end -->';

/** Replaces the generated block of `doc` (between the markers) with `table`. */
export function spliceStudy(doc: string, table: string): string {
  const a = doc.indexOf(BEGIN);
  const b = doc.indexOf(END);
  if (a < 0 || b < a) return `${doc.trimEnd()}\n\n${BEGIN}\n${table}${END}\n`;
  return `${doc.slice(0, a)}${BEGIN}\n${table}${doc.slice(b)}`;
}

function main(argv: string[]): void {
  const check = argv.includes('--check');
  const t0 = Date.now();
  const rows = redStudy();
  const table = studyMarkdown(rows);
  const sweep = strideKernelSweep([1, 2, 4, 8], [2, 3, 4, 5, 6, 8, 10, 12, 16]);
  const series = [1, 2, 4, 8].map((s) => ({
    label: `stride ${s}`,
    points: sweep.filter((p) => p.stride === s).map((p) => ({ x: p.kernel, y: p.speedup })),
  }));
  const svg = logLineChart(
    'RED over zero insertion: 16×16×64 → 64 deconv layer',
    'kernel size K',
    'speed-up (log scale)',
    series,
  );
  process.stdout.write(table + `\n(study and sweep in ${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
  if (check) return;
  writeFileAtomic('docs/red.md', spliceStudy(readFileSync('docs/red.md', 'utf8'), table));
  writeFileAtomic('docs/img/red-speedup.svg', svg);
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) main(process.argv.slice(2));
