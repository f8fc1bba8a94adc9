import {
  HelenError,
  PhaseTracker,
  componentsOfType,
  issueOperation,
  type Component,
  type Elaboration,
} from '../../../core/index.js';
import type { PhaseReport, PrepareProgress, WorkloadDriver, WorkloadSummary } from '../../../core/index.js';
import type { DeconvLayer, LayerList } from '../../../workloads/layers/layer-list.js';
import type { Network } from '../../../workloads/layers/network.js';
import { reramShiftAdd } from '../digital-units.js';
import type { Ima } from '../ima.js';
import { deconvControllers, reramChip } from '../layers/hardware.js';
import { tileMatrix } from '../mvm.js';
import type { DeconvController } from './controller.js';
import { planDeconv, rowsIn, type DeconvPlan } from './plan.js';
import { copyShare, placeUnits, type PlacementUnit, type UnitPlacement } from './placement.js';
import { checkDeconvValues, type DeconvValueCheck } from './value-check.js';
import type { DeconvValuesSpec } from './values-spec.js';

/** The registered type of the buffer RED's zero-skipping data flow uses (a memory-family part, named by the controller). */
const BUFFER_TYPE = 'memory.buffer';

/** One operation of a phase: where it goes and what it asks. */
export interface PlannedOp {
  target: Component;
  name: string;
  args: Record<string, unknown>;
}

/** Per-tile traffic of one layer, in bytes or operations. */
interface TileWork {
  /** Input bytes per (copy, first row) group: the largest consumer, since a group's IMAs take one broadcast. */
  groups: Map<string, number>;
  /** Partial-sum bytes leaving the tile's IMAs. */
  outBytes: number;
  /** Column outputs of the IMAs holding a matrix's first rows (final values before overlap-add). */
  firstRowOutputs: number;
}

/** The shape of a deconv layer. */
export function layerShape(l: DeconvLayer) {
  return {
    inH: l.input[0],
    inW: l.input[1],
    inC: l.input[2],
    outC: l.outChannels,
    kernel: l.kernel,
    stride: l.stride,
    padding: l.padding,
    outputPadding: l.outputPadding,
  };
}

/** The layers of `net`, which must all be deconv layers (anything else is refused, located at the layer). */
export function deconvLayers(net: Network): DeconvLayer[] {
  return net.layers.map((l) => {
    if (l.kind !== 'deconv')
      throw new HelenError(
        'E_WORKLOAD',
        `the deconv driver runs deconv layers only; "${l.name}" is a ${l.kind} layer`,
        l.loc,
      );
    return l;
  });
}

/** Splits `total` over weights in proportion, largest remainders first, so the parts add up exactly. */
function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0) return weights.map(() => 0);
  const exact = weights.map((w) => (total * w) / sum);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) if (left-- > 0) out[i]!++;
  return out;
}

/**
 * Runs a list of deconv layers on a ReRAM chip under the mapping its
 * `reram.deconv_controller` names. Every layer is a phase. Its matrices
 * (zero insertion: the rotated kernel; padding-free: the kernel as C_in × K²·C_out;
 * RED: s² phase sub-kernels) are placed on IMAs; each IMA streams its vectors as
 * `mvm` operations, one per class of rows driven (RED skips rows whose input is
 * outside the map), so time comes from the IMA pipelines. Tiles move inputs from
 * eDRAM (RED: into the zero-skipping buffer, which then broadcasts each window
 * once to all phase crossbars), write partial sums, add overlapping partial
 * outputs (padding-free, on the overlap adder) and apply the activation.
 */
export class DeconvLayerDriver implements WorkloadDriver {
  private readonly tracker: PhaseTracker;
  /** The operations of every layer, in issue order (read by tests and tools). */
  readonly phasesOps: { name: string; ops: PlannedOp[] }[];
  /** Plans of the layers, for the summary. */
  readonly plans: DeconvPlan[] = [];
  /** Value errors of the first layers under the architecture's mapping (the layer list's `values:`); empty without it. */
  readonly values: DeconvValueCheck[] = [];
  /** Each tile's buffer, bus and activation units: the ones its controller names. */
  private readonly tileUnits = new Map<Component, { edram: Component; bus: Component; act: Component | undefined }>();
  private next = 0;
  private pending = 0;
  operationsIssued = 0;

  constructor(
    net: LayerList,
    private readonly model: Elaboration,
    file: string,
    valuesSpec?: DeconvValuesSpec,
    progress?: PrepareProgress,
  ) {
    this.tracker = new PhaseTracker(model);
    const ctrls = deconvControllers(model);
    if (ctrls.length !== 1)
      throw new HelenError(
        'E_WORKLOAD',
        `a deconv layer list needs exactly one reram.deconv_controller naming the mapping; ${model.spec.name} has ${ctrls.length}`,
        { file },
      );
    const ctrl = ctrls[0]!.p;
    const chip = reramChip(model, file);
    const imas = chip.imas;
    if (imas.length === 0)
      throw new HelenError(
        'E_WORKLOAD',
        `deconv layers run on the reram.ima components of reram.tile components; ${model.spec.name} has none`,
        { file },
      );
    for (const t of chip.tiles)
      this.tileUnits.set(t.tile, {
        bus: t.controller.tileBus,
        edram: t.controller.tileBuffer,
        act: t.controller.activationUnits,
      });
    const first = imas[0]!;
    const cfg = first.mvmConfig;
    const crossbarsPerIma = first.crossbarCount;
    const layers = deconvLayers(net);
    for (const l of layers) this.plans.push(planDeconv(layerShape(l), ctrl.mapping));
    const units: PlacementUnit[] = this.plans.map((p, i) => ({
      name: layers[i]!.name,
      matrices: p.matrices,
      vectors:
        Math.max(1, ...p.matrices.map((_, m) => p.classes.reduce((a, c) => a + (c.matrix === m ? c.count : 0), 0))) *
        net.batch,
    }));
    const place = (us: PlacementUnit[]) =>
      placeUnits(us, (r, c) => tileMatrix(r, c, cfg), crossbarsPerIma, imas.length, ctrl.replicate);
    let placements: UnitPlacement[];
    try {
      placements = ctrl.placement === 'network' ? place(units) : units.map((u) => place([u])[0]!);
    } catch (e) {
      if (e instanceof HelenError) throw new HelenError(e.code, e.message, { file });
      throw e;
    }
    // Values are computed beside the simulation (layer shapes, mapping, the IMA's value model) and issue no operation, so timing cannot depend on them.
    if (valuesSpec) {
      const checked = layers.slice(0, valuesSpec.layers);
      checked.forEach((l, i) => {
        progress?.(i / checked.length, `checking values of ${l.name}`);
        this.values.push(checkDeconvValues(l.name, ctrl.mapping, layerShape(l), cfg, valuesSpec));
      });
    }
    const inBytes = first.inputBytes;
    this.phasesOps = layers.map((l, li) =>
      this.layerOps(l, this.plans[li]!, placements[li]!, imas, inBytes, net.batch, ctrl),
    );
  }

  private layerOps(
    l: DeconvLayer,
    plan: DeconvPlan,
    pl: UnitPlacement,
    imas: Ima[],
    inBytes: number,
    batch: number,
    ctrl: DeconvController['p'],
  ): { name: string; ops: PlannedOp[] } {
    const ops: PlannedOp[] = [];
    const perTile = new Map<Component, TileWork>();
    for (const part of pl.parts) {
      const ima = imas[part.ima]!;
      let inputRows = 0;
      let vectors = 0;
      let offset = 0;
      for (const c of plan.classes) {
        if (c.matrix !== part.matrix) continue;
        const rows = rowsIn(c.active, part.rowStart, part.rowStart + part.rows);
        const count = copyShare(offset, c.count * batch, pl.copies, part.copy);
        offset += c.count * batch;
        if (rows === 0 || count === 0) continue; // zero-skipping: crossbars whose rows are all outside the map are not read
        ops.push({ target: ima, name: 'mvm', args: { rows, cols: part.cols, count } });
        inputRows += rows * count;
        vectors += count;
      }
      const tile = ima.parent!;
      const t = perTile.get(tile) ?? { groups: new Map<string, number>(), outBytes: 0, firstRowOutputs: 0 };
      const key = `${part.copy}:${part.rowStart}`;
      t.groups.set(key, Math.max(t.groups.get(key) ?? 0, inputRows * inBytes));
      t.outBytes += vectors * part.cols * inBytes;
      if (part.rowStart === 0) t.firstRowOutputs += vectors * part.cols;
      perTile.set(tile, t);
    }
    const tiles = [...perTile.keys()];
    const works = tiles.map((t) => perTile.get(t)!);
    // Final outputs (activation) and padding-free's overlap-adds are shared out in proportion to the column outputs each tile produces.
    const share = works.map((w) => w.firstRowOutputs);
    const finals = apportion(plan.outH * plan.outW * plan.shape.outC * batch, share);
    const adds = apportion(plan.overlapAdds * batch, share);
    const s = plan.shape;
    const lineBytes = plan.lineBufferRows * s.inW * s.inC * inBytes;
    tiles.forEach((tile, i) => {
      const w = works[i]!;
      const { edram, bus, act } = this.tileUnits.get(tile)!;
      const inputBytes = [...w.groups.values()].reduce((a, b) => a + b, 0);
      let edramReadBytes = inputBytes;
      let outBytes = w.outBytes;
      if (ctrl.mapping === 'red') {
        const zsb = componentsOfType<Component>(tile.children, BUFFER_TYPE).find(
          (c) => c.name === ctrl.zero_skip_buffer,
        );
        const capacity = zsb?.params['capacity'];
        if (!zsb || typeof capacity !== 'number')
          throw new HelenError(
            'E_WORKLOAD',
            `RED's zero-skipping data flow needs a memory.buffer "${ctrl.zero_skip_buffer}" in ${tile.path} (the controller's zero_skip_buffer)`,
            l.loc,
          );
        // A line buffer of the window's input rows lets every input be fetched once and reused by every window it belongs to.
        edramReadBytes = lineBytes <= capacity ? Math.ceil(inputBytes / plan.windowsPerInput) : inputBytes;
        if (edramReadBytes > 0) ops.push({ target: zsb, name: 'write', args: { bytes: edramReadBytes } });
        if (inputBytes > 0) ops.push({ target: zsb, name: 'read', args: { bytes: inputBytes } });
      }
      if (ctrl.mapping === 'padding_free' && adds[i]! > 0) {
        const ola = componentsOfType(tile.children, reramShiftAdd).find((c) => c.name === ctrl.overlap_adder);
        if (!ola)
          throw new HelenError(
            'E_WORKLOAD',
            `padding-free deconvolution needs an overlap adder (reram.shift_add "${ctrl.overlap_adder}") in ${tile.path} (the controller's overlap_adder)`,
            l.loc,
          );
        ops.push({ target: ola, name: 'compute', args: { count: adds[i]! } });
        // Each kept partial output is a read-modify-write of the output map; cropped ones are never written.
        outBytes = adds[i]! * inBytes;
        if (edram) ops.push({ target: edram, name: 'read', args: { bytes: outBytes } });
      }
      if (edram && edramReadBytes > 0) ops.push({ target: edram, name: 'read', args: { bytes: edramReadBytes } });
      if (edram && outBytes > 0) ops.push({ target: edram, name: 'write', args: { bytes: outBytes } });
      if (bus && inputBytes + w.outBytes > 0)
        ops.push({ target: bus, name: 'transfer', args: { bytes: inputBytes + w.outBytes } });
      if (act && finals[i]! > 0 && l.activation !== 'none')
        ops.push({ target: act, name: 'compute', args: { count: finals[i]! } });
    });
    return { name: l.name, ops };
  }

  get finished(): boolean {
    return this.next >= this.phasesOps.length && this.pending === 0;
  }

  start(): void {
    this.model.sim.scheduleAt(this.model.sim.nowPs, this.issueNext);
  }

  phases(): PhaseReport[] {
    return this.tracker.phases();
  }

  fraction(): number {
    return this.phasesOps.length ? this.next / this.phasesOps.length : 1;
  }

  outstanding(): string[] {
    return this.pending > 0 ? [`${this.pending} operation(s) of layer ${this.phasesOps[this.next - 1]?.name}`] : [];
  }

  summary(): WorkloadSummary {
    const rows = this.plans.map((p, i) => [
      this.phasesOps[i]!.name,
      p.mapping,
      `${p.shape.inH}×${p.shape.inW}×${p.shape.inC} → ${p.outH}×${p.outW}×${p.shape.outC}`,
      `K${p.shape.kernel} s${p.shape.stride} p${p.shape.padding}`,
      p.matrices.length,
      p.classes.reduce((a, c) => a + c.count, 0),
      p.classes.reduce((a, c) => a + c.count * rowsIn(c.active) * p.matrices[c.matrix]!.cols, 0),
    ]);
    const summary: WorkloadSummary = {
      metrics: [],
      tables: [
        {
          id: 'deconv_layers',
          title: 'deconv layers (per input)',
          columns: ['layer', 'mapping', 'shape', 'kernel', 'matrices', 'vectors', 'MACs'],
          rows,
        },
      ],
    };
    if (this.values.length) {
      const dims = (s: DeconvValueCheck['checked']) => `${s.inH}×${s.inW}×${s.inC} → ${s.outC}`;
      summary.tables.push({
        id: 'deconv_values',
        title: 'values through the crossbar model vs the direct transposed convolution',
        columns: [
          'layer',
          'mapping',
          'checked',
          'vectors',
          'outputs',
          'exact %',
          'max |error|',
          'mean |error|',
          'max relative',
          'bound',
          'within bound',
        ],
        rows: this.values.map((v) => [
          v.layer,
          v.mapping,
          dims(v.checked),
          v.vectors,
          v.outputs,
          pct(v.exactOutputs, v.outputs),
          v.maxAbsError,
          Number(v.meanAbsError.toPrecision(6)),
          Number(v.maxRelError.toPrecision(4)),
          v.maxBound,
          v.withinBound ? 'yes' : 'NO',
        ]),
      });
      summary.metrics.push({
        name: 'value_max_error',
        value: Math.max(...this.values.map((v) => v.maxAbsError)),
        unit: '',
        description: 'largest |crossbar − exact| over the checked deconv outputs',
      });
    }
    return summary;
  }

  private readonly issueNext = (): void => {
    const phase = this.phasesOps[this.next++];
    if (!phase) {
      this.tracker.end();
      return;
    }
    this.tracker.begin(phase.name);
    this.pending = phase.ops.length;
    if (this.pending === 0) {
      this.model.sim.schedule(0, this.issueNext);
      return;
    }
    phase.ops.forEach((o, i) => {
      this.operationsIssued++;
      this.tracker.countOperation();
      issueOperation(o.target, { id: `${phase.name}#${i}`, name: o.name, args: o.args, phase: phase.name }, () => {
        if (--this.pending === 0) this.issueNext();
      });
    });
  };
}

const pct = (part: number, whole: number) => (whole > 0 ? Number(((100 * part) / whole).toFixed(2)) : 0);
