import { componentsOfType, type Component, type Elaboration } from '../../../core/index.js';
import type { WorkloadMetric, WorkloadSummary, WorkloadTable } from '../../../core/index.js';
import { subtreeAreaMm2, subtreePeakPowerMw } from '../power.js';
import type { ReramLayerDriver } from './driver.js';
import { reramTiles } from './hardware.js';

/** Energy classes of the report, by action name; leakage is split into on-chip and off-chip-link static power. */
const ACTION_CLASS: Readonly<Record<string, string>> = {
  adc_conversion: 'ADC',
  sample_hold: 'ADC',
  dac_conversion: 'DAC',
  crossbar_read: 'crossbar',
  cell_write: 'crossbar programming',
  read: 'buffers',
  write: 'buffers',
  bus_bit: 'interconnect',
  flit_hop: 'interconnect',
  link_bit: 'interconnect',
  dram_transfer: 'interconnect',
  shift_add: 'digital',
  activation: 'digital',
  pooling: 'digital',
};

/** Area classes by component type. */
const TYPE_CLASS: Readonly<Record<string, string>> = {
  'reram.adc': 'ADC',
  'reram.sample_hold': 'ADC',
  'reram.dac': 'DAC',
  'reram.crossbar': 'crossbar',
  'memory.buffer': 'buffers',
  'memory.dram': 'buffers',
  'interconnect.bus': 'interconnect',
  'interconnect.router': 'interconnect',
  'interconnect.link': 'off-chip link',
  'reram.shift_add': 'digital',
  'reram.activation': 'digital',
  'reram.pooling': 'digital',
};

const CLASS_ORDER = [
  'ADC',
  'DAC',
  'crossbar',
  'crossbar programming',
  'buffers',
  'interconnect',
  'digital',
  'other',
  'leakage (on chip)',
  'off-chip link static',
  'off-chip link',
];

/** ISAAC (ISCA 2016, Table 6): the 12 IMAs of a tile, a tile with its quarter router, the 168-tile chip. */
const ISAAC = {
  imas: { mw: 289, mm2: 0.157, count: 12 },
  tile: { mw: 330, mm2: 0.372 },
  chip: { mw: 65_800, mm2: 85.4, tiles: 168 },
};

const pct = (part: number, whole: number) => (whole > 0 ? Number(((100 * part) / whole).toFixed(2)) : 0);

/** Energy by class (pJ) over the whole run. */
export function energyByClass(components: readonly Component[], elapsedPs: number): Map<string, number> {
  const out = new Map<string, number>();
  const add = (k: string, v: number) => v && out.set(k, (out.get(k) ?? 0) + v);
  for (const c of components) {
    for (const a of c.energy.actions.values()) add(ACTION_CLASS[a.name] ?? 'other', a.energyPj);
    add(c.type === 'interconnect.link' ? 'off-chip link static' : 'leakage (on chip)', c.energy.leakagePj(elapsedPs));
  }
  return out;
}

function sorted(m: Map<string, number>): [string, number][] {
  const rank = (k: string) => (CLASS_ORDER.includes(k) ? CLASS_ORDER.indexOf(k) : CLASS_ORDER.length);
  return [...m].sort((a, b) => rank(a[0]) - rank(b[0]));
}

/** The ReRAM layer run's summary: per-layer timing, energy and area by class, power roll-up, value errors. */
export function reramSummary(d: ReramLayerDriver): WorkloadSummary {
  const model = d.model;
  const comps = model.sim.components as Component[];
  const now = model.sim.nowPs;
  const cyc = (ps: number | undefined) => model.mainClock.cycleAtOrAfter(ps ?? now);
  const energy = energyByClass(comps, now);
  const total = [...energy.values()].reduce((a, b) => a + b, 0);
  const area = new Map<string, number>();
  for (const c of comps)
    if (c.areaMm2) area.set(TYPE_CLASS[c.type] ?? 'other', (area.get(TYPE_CLASS[c.type] ?? 'other') ?? 0) + c.areaMm2);
  const totalArea = [...area.values()].reduce((a, b) => a + b, 0);
  const classes = new Map<string, [number, number]>();
  for (const [k, v] of sorted(energy)) classes.set(k, [v, 0]);
  for (const [k, v] of area) classes.set(k, [classes.get(k)?.[0] ?? 0, v]);
  const ht = energy.get('off-chip link static') ?? 0;
  const phases = d.phases();
  const program = phases.find((p) => p.name === 'program');
  const layers = phases.filter((p) => p.name !== 'program');
  const inferStart = Math.min(...layers.map((p) => p.start_ps));
  const inferEnd = Math.max(...layers.map((p) => p.end_ps));
  const stall = d.runs.reduce((a, r) => a + r.stats.stallCycles, 0);
  const depStall = d.runs.reduce((a, r) => a + r.stats.dependencyCycles, 0);
  const metrics: WorkloadMetric[] = [
    {
      name: 'inference_cycles',
      value: cyc(inferEnd) - cyc(inferStart),
      unit: 'cycles',
      description: `first layer start to last layer end (pipelining: ${d.pipelining})`,
    },
    {
      name: 'inference_energy',
      value: total - (program?.energy_pj ?? 0),
      unit: 'pJ',
      description: 'run energy without the program phase',
    },
    {
      name: 'inference_energy_without_offchip_static',
      value: total - (program?.energy_pj ?? 0) - htDuring(d, now, ht),
      unit: 'pJ',
      description: 'inference energy without the off-chip link’s static power',
    },
    {
      name: 'program_cycles',
      value: program?.cycles ?? 0,
      unit: 'cycles',
      description: 'writing every mapped weight into its crossbars (once per mapping)',
    },
    {
      name: 'program_energy',
      value: program?.energy_pj ?? 0,
      unit: 'pJ',
      description: 'cell writes plus leakage while programming',
    },
    {
      name: 'energy_without_offchip_static',
      value: total - ht,
      unit: 'pJ',
      description: 'run energy without the off-chip link’s static power (HyperTransport)',
    },
    {
      name: 'stall_cycles',
      value: stall,
      unit: 'cycles',
      description: 'IMA cycles idle mid-layer waiting for inputs (buffer, bus, mesh)',
    },
    {
      name: 'dependency_wait_cycles',
      value: depStall,
      unit: 'cycles',
      description: 'chunk cycles spent waiting for the previous layer’s outputs',
    },
  ];
  const tables: WorkloadTable[] = [
    {
      id: 'reram_layers',
      title: 'layers',
      columns: [
        'layer',
        'start cycle',
        'end cycle',
        'cycles',
        'vectors',
        'IMAs',
        'copies',
        'energy pJ',
        'stall cycles',
        'dependency wait',
      ],
      rows: d.runs.map((r) => {
        const p = phases.find((q) => q.name === r.name);
        return [
          r.name,
          cyc(r.startPs),
          cyc(r.endPs),
          p?.cycles ?? 0,
          r.plan?.layer.vectors ?? r.jobs.reduce((a, j) => a + j.job.parts.reduce((b, q) => b + q.vectors, 0), 0),
          r.plan?.parts.length ?? 0,
          r.plan?.copies ?? 0,
          Number((p?.energy_pj ?? 0).toPrecision(6)),
          r.stats.stallCycles,
          r.stats.dependencyCycles,
        ];
      }),
    },
    {
      id: 'reram_energy_by_class',
      title: 'energy and area by component class',
      columns: ['class', 'energy pJ', 'energy %', 'area mm²', 'area %'],
      rows: [...classes].map(([k, [e, a]]) => [
        k,
        Number(e.toPrecision(6)),
        pct(e, total),
        Number(a.toPrecision(5)),
        pct(a, totalArea),
      ]),
    },
    rollupTable(model),
  ];
  if (d.values?.length) {
    tables.push({
      id: 'reram_values',
      title: 'values through the crossbar model vs exact integer results',
      columns: [
        'layer',
        'vectors',
        'outputs',
        'exact %',
        'max |error|',
        'mean |error|',
        'max relative',
        'bound',
        'weights',
      ],
      rows: d.values.map((v) => [
        v.layer,
        v.vectors,
        v.outputs,
        pct(v.exactOutputs, v.outputs),
        v.maxAbsError,
        Number(v.meanAbsError.toPrecision(6)),
        Number(v.maxRelError.toPrecision(4)),
        v.maxBound,
        v.weights ?? 'random',
      ]),
    });
    metrics.push({
      name: 'value_max_error',
      value: Math.max(...d.values.map((v) => v.maxAbsError)),
      unit: '',
      description: 'largest |crossbar − exact| over the checked outputs',
    });
  }
  return { metrics, tables };
}

/** The off-chip link's static energy over the inference (the run minus the program phase). */
function htDuring(d: ReramLayerDriver, now: number, ht: number): number {
  const p = d.program;
  const span = (p.endPs ?? 0) - (p.startPs ?? 0);
  return now > 0 ? (ht * (now - span)) / now : 0;
}

/** Peak power and area of an IMA, a tile's IMAs, a tile with its share of routers, and the chip, vs ISAAC's table. */
function rollupTable(model: Elaboration): WorkloadTable {
  const root = model.roots[0]!;
  const all = reramTiles(model).filter((t) => t.imas.length > 0);
  const imas = all.flatMap((t) => t.imas);
  const tile = all[0]!.tile;
  const tileImas = all[0]!.imas;
  const tiles = all.length;
  const routers = componentsOfType<Component>(model.sim.components, 'interconnect.router');
  const share = routers.length ? routers.length / tiles : 0;
  const routerMw = routers.length ? subtreePeakPowerMw(routers[0]!) * share : 0;
  const routerMm2 = routers.length ? subtreeAreaMm2(routers[0]!) * share : 0;
  const sum = (cs: readonly Component[], f: (c: Component) => number) => cs.reduce((a, c) => a + f(c), 0);
  const row = (level: string, mw: number, mm2: number, pub?: { mw: number; mm2: number }) => [
    level,
    Number(mw.toPrecision(6)),
    Number(mm2.toPrecision(6)),
    pub ? pub.mw : '-',
    pub ? pub.mm2 : '-',
    pub ? `${(100 * (mw / pub.mw - 1)).toFixed(2)}% / ${(100 * (mm2 / pub.mm2 - 1)).toFixed(2)}%` : '-',
  ];
  return {
    id: 'reram_power_rollup',
    title: 'peak power and area roll-up (vs ISAAC, ISCA 2016 Table 6)',
    columns: ['level', 'power mW', 'area mm²', 'ISAAC mW', 'ISAAC mm²', 'deviation power / area'],
    rows: [
      row('one IMA', subtreePeakPowerMw(imas[0]!), subtreeAreaMm2(imas[0]!)),
      row(
        `${tileImas.length} IMAs of a tile`,
        sum(tileImas, subtreePeakPowerMw),
        sum(tileImas, subtreeAreaMm2),
        tileImas.length === ISAAC.imas.count ? ISAAC.imas : undefined,
      ),
      row(
        `tile + ${share.toPrecision(3)} router`,
        subtreePeakPowerMw(tile) + routerMw,
        subtreeAreaMm2(tile) + routerMm2,
        tileImas.length === ISAAC.imas.count ? ISAAC.tile : undefined,
      ),
      row(
        `chip (${tiles} tiles)`,
        subtreePeakPowerMw(root),
        subtreeAreaMm2(root),
        tiles === ISAAC.chip.tiles ? ISAAC.chip : undefined,
      ),
    ],
  };
}
