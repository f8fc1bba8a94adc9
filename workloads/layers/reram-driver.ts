import { HelenError, isOperationTarget, type Component, type Elaboration, type OperationTarget } from '../../core/index.js';
import { Ima } from '../../components/reram/ima.js';
import { planLayers, type LayerPlan, type MatrixLayer } from '../../components/reram/mapping.js';
import { tileMatrix } from '../../components/reram/mvm.js';
import { PhaseTracker } from '../phase-tracker.js';
import type { PhaseReport, WorkloadDriver } from '../workload.js';
import { outputSize, type Layer, type LayerList } from './layer-list.js';

type Target = OperationTarget & Component;

/** One operation of a phase: where it goes and what it asks. */
interface PlannedOp {
  target: Target;
  name: string;
  args: Record<string, unknown>;
}

/** The weight matrix of a conv or fc layer (pooling has none). */
export function layerMatrix(l: Layer, batch: number): MatrixLayer | undefined {
  if (l.kind === 'fc') return { name: l.name, rows: l.inFeatures, cols: l.outFeatures, vectors: batch };
  if (l.kind === 'pool') return undefined;
  const h = outputSize(l.input[0], l.kernel, l.stride, l.padding);
  const w = outputSize(l.input[1], l.kernel, l.stride, l.padding);
  return { name: l.name, rows: l.kernel * l.kernel * l.input[2], cols: l.outChannels, vectors: h * w * batch };
}

/** A tile's child of `type` (and `name`, when given) that takes operations, if any. */
function tileUnit(tile: Component | undefined, type: string, name?: string): Target | undefined {
  return tile?.children.find((c) => c.type === type && (!name || c.name === name) && isOperationTarget(c)) as Target | undefined;
}

/**
 * Runs a layer list on a ReRAM chip: the weights of every conv/fc layer are
 * mapped onto IMAs once (ISAAC-style, replicated where IMAs are left over);
 * each layer is then a phase in which every IMA holding it streams its share
 * of the input vectors, its tile's eDRAM supplies the inputs over the tile bus
 * and takes the outputs, and the tile's activation units finish them. Pooling
 * layers run on the pooling units of the tiles of the previous layer.
 */
export class ReramLayerDriver implements WorkloadDriver {
  private readonly tracker: PhaseTracker;
  private readonly phasesOps: { name: string; ops: PlannedOp[] }[];
  private next = 0;
  private pending = 0;
  operationsIssued = 0;

  constructor(
    private readonly net: LayerList,
    private readonly model: Elaboration,
    file: string,
  ) {
    this.tracker = new PhaseTracker(model);
    const imas = (model.sim.components as Component[]).filter((c): c is Ima => c instanceof Ima);
    if (imas.length === 0) throw new HelenError('E_WORKLOAD', `a layer list runs on reram.ima components; ${model.spec.name} has none`, { file });
    const first = imas[0]!;
    const cfg = first.mvmConfig;
    const crossbarsPerIma = (first.children.find((c) => c.type === 'reram.crossbar')!.params as { units: number }).units;
    const matrices = net.layers.map((l) => layerMatrix(l, net.batch)).filter((m): m is MatrixLayer => m !== undefined);
    let plans: LayerPlan[];
    try {
      plans = planLayers(matrices, (r, c) => tileMatrix(r, c, cfg), crossbarsPerIma, imas.length);
    } catch (e) {
      if (e instanceof HelenError) throw new HelenError(e.code, e.message, { file });
      throw e;
    }
    const byName = new Map(plans.map((p) => [p.layer.name, p]));
    const inBytes = Math.ceil(first.p.input_bits / 8);
    let lastTiles: Component[] = [];
    this.phasesOps = net.layers.map((l) => {
      const ops: PlannedOp[] = [];
      const perTile = new Map<Component, { inBytes: number; outBytes: number; outputs: number }>();
      const plan = byName.get(l.name);
      if (plan) {
        for (const part of plan.parts) {
          if (part.vectors === 0) continue;
          const ima = imas[part.ima]!;
          ops.push({ target: ima, name: 'mvm', args: { rows: part.rows, cols: part.cols, count: part.vectors } });
          const tile = ima.parent!;
          const t = perTile.get(tile) ?? { inBytes: 0, outBytes: 0, outputs: 0 };
          t.inBytes += part.vectors * part.rows * inBytes;
          t.outBytes += part.vectors * part.cols * inBytes;
          t.outputs += part.vectors * part.cols;
          perTile.set(tile, t);
        }
        lastTiles = [...perTile.keys()];
      } else if (l.kind === 'pool') {
        const h = outputSize(l.input[0], l.kernel, l.stride, 0);
        const w = outputSize(l.input[1], l.kernel, l.stride, 0);
        const tiles = lastTiles.length ? lastTiles : [first.parent!];
        const outputs = h * w * l.input[2] * this.net.batch;
        tiles.forEach((tile, i) => {
          const share = Math.floor(outputs / tiles.length) + (i < outputs % tiles.length ? 1 : 0);
          if (share === 0) return;
          const pool = tileUnit(tile, 'reram.pooling');
          if (pool) ops.push({ target: pool, name: 'compute', args: { count: share * l.kernel * l.kernel } });
          perTile.set(tile, { inBytes: share * l.kernel * l.kernel * inBytes, outBytes: share * inBytes, outputs: 0 });
        });
      }
      for (const [tile, t] of perTile) {
        const edram = tileUnit(tile, 'memory.buffer', 'edram');
        const bus = tileUnit(tile, 'interconnect.bus');
        if (edram) ops.push({ target: edram, name: 'read', args: { bytes: t.inBytes } }, { target: edram, name: 'write', args: { bytes: t.outBytes } });
        if (bus) ops.push({ target: bus, name: 'transfer', args: { bytes: t.inBytes + t.outBytes } });
        const act = tileUnit(tile, 'reram.activation');
        if (act && t.outputs > 0 && l.kind !== 'pool' && l.activation !== 'none') ops.push({ target: act, name: 'compute', args: { count: t.outputs } });
      }
      return { name: l.name, ops };
    });
  }

  get finished(): boolean {
    return this.next >= this.phasesOps.length && this.pending === 0;
  }

  start(): void {
    this.model.sim.scheduleAt(this.model.sim.nowPs, this.issueNext);
  }

  phases(): PhaseReport[] {
    this.tracker.end();
    return this.tracker.phases();
  }

  fraction(): number {
    return this.phasesOps.length ? this.next / this.phasesOps.length : 1;
  }

  outstanding(): string[] {
    return this.pending > 0 ? [`${this.pending} operation(s) of layer ${this.phasesOps[this.next - 1]?.name}`] : [];
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
      o.target.acceptOperation({ id: `${phase.name}#${i}`, name: o.name, args: o.args, phase: phase.name }, () => {
        if (--this.pending === 0) this.issueNext();
      });
    });
  };
}
