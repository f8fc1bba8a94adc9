import { HelenError, issueOperation, type Component, type Elaboration, type Operation } from '../../../core/index.js';
import type { PhaseReport, PrepareProgress, WorkloadDriver, WorkloadSummary } from '../../../core/index.js';
import type { NetLayer, Network } from '../../../workloads/layers/network.js';
import type { Controller, StreamJob, StreamPart, StreamStats } from '../controller.js';
import type { Ima } from '../ima.js';
import { planLayers, type LayerPlan, type MatrixLayer } from '../mapping.js';
import { tileMatrix } from '../mvm.js';
import { reramChip, type MeshRouter } from './hardware.js';
import { layerMatrix, neededFraction, poolVectors } from './layer-matrix.js';
import { layerPhases, type Span } from './spans.js';
import { reramSummary } from './summary.js';
import { checkLayerValues, type ValueReport, type ValuesSpec } from './values.js';

export { layerMatrix } from './layer-matrix.js';

/** The run-time state of one phase (programming or a layer). */
export interface LayerRun extends Span {
  layer: NetLayer | undefined;
  plan: LayerPlan | undefined;
  tiles: Component[];
  jobs: { ctrl: Controller; job: StreamJob }[];
  stats: StreamStats;
  /** Fraction of the layer's vectors delivered (the slowest part's). */
  fraction: number;
  partFractions: number[];
  waiters: { need: number; go: () => void }[];
  done: boolean;
}

/**
 * Refuses layers the tile controllers cannot stream: a deconv layer needs the
 * deconvolution driver, so its message names the missing controller; a matmul
 * multiplies two activations, which stationary crossbar weights cannot hold.
 */
export function checkStreamedLayers(net: Network, model: Elaboration): void {
  for (const l of net.layers) {
    if (l.kind === 'matmul')
      throw new HelenError(
        'E_WORKLOAD',
        `layer ${l.name} is a matmul (activation × activation, ${l.M}×${l.K} · ${l.K}×${l.N}): ReRAM crossbars hold stationary weights, so an operand that changes with every input would mean reprogramming the cells per input; run it on a systolic or other digital architecture`,
        l.loc,
      );
    if (l.kind === 'deconv')
      throw new HelenError(
        'E_WORKLOAD',
        `layer ${l.name} is a deconv layer: a deconv layer list needs exactly one reram.deconv_controller naming the mapping; ${model.spec.name} has none`,
        l.loc,
      );
    if (l.kind !== 'conv' && l.kind !== 'fc' && l.kind !== 'pool' && l.kind !== 'add' && l.kind !== 'matrix')
      throw new HelenError(
        'E_WORKLOAD',
        `layer ${(l as NetLayer).name}: kind "${(l as { kind: string }).kind}" is not run by the ReRAM layer driver`,
        (l as NetLayer).loc,
      );
  }
}

/**
 * Runs a network on a ReRAM chip. Every conv/fc layer's weights are mapped onto
 * IMAs once (ISAAC-style, replicated where IMAs are left over) and programmed in
 * a first `program` phase. Each layer is then handed to the controllers of the
 * tiles holding it, which stream its vectors through buffer, bus, IMAs and
 * activation units; outputs go over the mesh to the tiles of the next layer.
 * With the controllers' `pipelining: layer` a layer's chunks start as soon as
 * the previous layer has delivered the inputs they need; with `none` a layer
 * starts when the previous one has finished.
 */
export class ReramLayerDriver implements WorkloadDriver {
  readonly runs: LayerRun[] = [];
  readonly program: LayerRun;
  readonly pipelining: 'layer' | 'none';
  operationsIssued = 0;
  private readonly tileIndex = new Map<Component, number>();
  private readonly ctrlOf = new Map<Component, Controller>();
  private readonly routers: MeshRouter[];
  /** Each router's mesh: a transfer charges the routers on its path, so its energy is measured over all of them. */
  private readonly meshOf = new Map<Component, readonly Component[]>();
  private readonly imas: Ima[];
  private started = 0;
  /** Errors of the layers checked through the crossbar value model (the layer list's `values:`). */
  values: ValueReport[] = [];

  constructor(
    readonly net: Network,
    readonly model: Elaboration,
    file: string,
    valuesSpec?: ValuesSpec,
    progress?: PrepareProgress,
  ) {
    const chip = reramChip(model, file);
    this.imas = chip.imas;
    if (this.imas.length === 0)
      throw new HelenError('E_WORKLOAD', `a layer list runs on reram.ima components; ${model.spec.name} has none`, {
        file,
      });
    chip.tiles.forEach((t, i) => {
      this.tileIndex.set(t.tile, i);
      this.ctrlOf.set(t.tile, t.controller);
    });
    this.routers = chip.routers;
    for (const r of this.routers) this.meshOf.set(r, r.meshNodes);
    this.pipelining = chip.tiles[0]!.controller.pipelining;
    checkStreamedLayers(net, model);
    const first = this.imas[0]!;
    const cfg = first.mvmConfig;
    const crossbarsPerIma = first.crossbarCount;
    const matrices = net.layers.map((l) => layerMatrix(l, net.batch)).filter((m): m is MatrixLayer => m !== undefined);
    let plans: LayerPlan[];
    try {
      plans = planLayers(matrices, (r, c) => tileMatrix(r, c, cfg), crossbarsPerIma, this.imas.length);
    } catch (e) {
      if (e instanceof HelenError) throw new HelenError(e.code, e.message, { file });
      throw e;
    }
    const byName = new Map(plans.map((p) => [p.layer.name, p]));
    if (valuesSpec) this.values = checkLayerValues(matrices, cfg, valuesSpec, progress);
    this.program = this.newRun('program', undefined, undefined);
    let lastTiles: Component[] = [first.parent!];
    net.layers.forEach((l, i) => {
      const plan = byName.get(l.name);
      const run = this.newRun(l.name, l, plan);
      const perTile = new Map<Component, StreamPart[]>();
      if (plan) {
        for (const part of plan.parts) {
          if (part.vectors === 0) continue;
          const ima = this.imas[part.ima]!;
          const list = perTile.get(ima.parent!) ?? [];
          list.push({ kind: 'mvm', ima, rows: part.rows, cols: part.cols, vectors: part.vectors });
          perTile.set(ima.parent!, list);
        }
      } else if (l.kind === 'pool' || l.kind === 'add') {
        // Digital layers run where the previous layer's outputs land, shared out among those tiles.
        const outputs = poolVectors(l, net.batch);
        lastTiles.forEach((tile, k) => {
          const share = Math.floor(outputs / lastTiles.length) + (k < outputs % lastTiles.length ? 1 : 0);
          if (share === 0) return;
          if (l.kind === 'pool')
            perTile.set(tile, [{ kind: 'pool', window: l.kernel, channels: l.input[2], vectors: share }]);
          else {
            if (!this.ctrlOf.get(tile)!.adderUnits)
              throw new HelenError(
                'E_WORKLOAD',
                `layer ${l.name} is an add, but ${this.ctrlOf.get(tile)!.path} names no adder units (its "adder" parameter) to sum the operands`,
                l.loc,
              );
            perTile.set(tile, [{ kind: 'add', channels: l.input[2], vectors: share }]);
          }
        });
      }
      run.tiles = [...perTile.keys()];
      if (run.tiles.length) lastTiles = run.tiles;
      let partNo = 0;
      for (const [tile, parts] of perTile) {
        const base = partNo;
        partNo += parts.length;
        run.jobs.push({ ctrl: this.ctrlOf.get(tile)!, job: this.job(run, i, tile, parts, base) });
      }
      run.partFractions = new Array<number>(partNo).fill(0);
      this.runs.push(run);
    });
  }

  private newRun(name: string, layer: NetLayer | undefined, plan: LayerPlan | undefined): LayerRun {
    return {
      name,
      layer,
      plan,
      tiles: [],
      jobs: [],
      stats: { stallCycles: 0, dependencyCycles: 0, chunks: 0 },
      fraction: 0,
      partFractions: [],
      waiters: [],
      done: false,
      energyPj: 0,
      operations: 0,
    };
  }

  /** The stream job of layer `i` on `tile`: its parts and the hooks tying it to the previous and next layers. */
  private job(run: LayerRun, i: number, tile: Component, parts: StreamPart[], base: number): StreamJob {
    const l = run.layer!;
    let turn = 0;
    return {
      layer: l.name,
      parts,
      activation: 'activation' in l && l.activation !== 'none',
      waitForInputs: (fraction, go) => {
        const need = neededFraction(l, fraction, this.net.batch);
        // An add also reads the output of its `from` layer: it waits for both producers.
        const producers = [this.runs[i - 1], l.kind === 'add' ? this.runs.find((r) => r.name === l.from) : undefined];
        const waitAll = (k: number): void => {
          if (k === producers.length) return go();
          const p = producers[k];
          if (!p || p.fraction >= need - 1e-12) waitAll(k + 1);
          else p.waiters.push({ need, go: () => waitAll(k + 1) });
        };
        waitAll(0);
      },
      progress: (part, done) => this.progress(run, base + part, done / parts[part]!.vectors),
      deliver: (bytes, done) => {
        // Outputs go to the tiles of each layer that reads them (the next one, and adds naming this one in `from`),
        // in turn among each reader's tiles, written once per tile; the last layer keeps them.
        const k = turn++;
        const dests = new Set(
          this.readersOf(i).map((reader) => {
            const tiles = reader && reader.tiles.length ? reader.tiles : [tile];
            return tiles[k % tiles.length]!;
          }),
        );
        let open = dests.size;
        for (const dest of dests) {
          const write = () =>
            this.issue(
              run,
              this.ctrlOf.get(dest)!.tileBuffer,
              { id: `${l.name}.store`, name: 'write', args: { bytes } },
              () => --open === 0 && done(),
            );
          const from = this.routerOf(tile);
          const to = this.routerOf(dest);
          if (dest === tile || !from || !to) write();
          else
            this.issue(run, from, { id: `${l.name}.noc`, name: 'transfer', args: { bytes, to: to.meshIndex } }, write);
        }
      },
      issue: (target, op, done) => this.issue(run, target, op, done),
    };
  }

  /** The runs reading layer `i`'s outputs: the next layer (undefined for the last: it keeps them) and any add naming it in `from`. */
  private readersOf(i: number): (LayerRun | undefined)[] {
    const name = this.net.layers[i]!.name;
    const adds = this.runs.filter((r, j) => j > i + 1 && r.layer?.kind === 'add' && r.layer.from === name);
    return [this.runs[i + 1], ...adds];
  }

  /** The mesh router serving `tile` (routers are spread evenly over the tiles, in order). */
  private routerOf(tile: Component): MeshRouter | undefined {
    const r = this.routers.length;
    if (r === 0) return undefined;
    return this.routers[Math.floor((this.tileIndex.get(tile)! * r) / this.tileIndex.size)];
  }

  /** Issues `op` for `run`, measuring the energy it charges (everything a unit charges, it charges on acceptance). */
  private issue(run: LayerRun, target: Component, op: Operation, done: () => void): void {
    const scope = this.meshOf.get(target) ?? [target];
    const before = dynamicPj(scope);
    run.startPs ??= this.model.sim.nowPs;
    run.operations++;
    this.operationsIssued++;
    issueOperation(target, { ...op, phase: run.name }, done);
    run.energyPj += dynamicPj(scope) - before;
  }

  private progress(run: LayerRun, part: number, fraction: number): void {
    const old = run.partFractions[part]!;
    run.partFractions[part] = fraction;
    if (old > run.fraction) return;
    let min = 1;
    for (const f of run.partFractions) if (f < min) min = f;
    if (min <= run.fraction) return;
    run.fraction = min;
    const ready = run.waiters.filter((w) => w.need <= min + 1e-12);
    if (ready.length === 0) return;
    run.waiters = run.waiters.filter((w) => w.need > min + 1e-12);
    for (const w of ready) w.go();
  }

  get finished(): boolean {
    return this.runs.every((r) => r.done) && this.program.done;
  }

  start(): void {
    this.model.sim.scheduleAt(this.model.sim.nowPs, () => this.programAll());
  }

  /** Writes every mapped weight rectangle into its IMA, all IMAs at once. */
  private programAll(): void {
    const parts = this.runs.flatMap((r) => r.plan?.parts ?? []);
    let open = parts.length;
    const finish = () => {
      this.program.endPs = this.model.sim.nowPs;
      this.program.done = true;
      this.startLayers();
    };
    if (open === 0) {
      this.program.startPs = this.model.sim.nowPs;
      finish();
      return;
    }
    for (const p of parts)
      this.issue(
        this.program,
        this.imas[p.ima]!,
        { id: 'program', name: 'program', args: { rows: p.rows, cols: p.cols } },
        () => --open === 0 && finish(),
      );
  }

  private startLayers(): void {
    if (this.pipelining === 'layer') while (this.started < this.runs.length) this.startRun(this.runs[this.started++]!);
    else if (this.started < this.runs.length) this.startRun(this.runs[this.started++]!);
  }

  private startRun(run: LayerRun): void {
    let open = run.jobs.length;
    const finish = () => {
      run.startPs ??= this.model.sim.nowPs;
      run.endPs = this.model.sim.nowPs;
      run.done = true;
      run.fraction = 1;
      for (const w of run.waiters.splice(0)) w.go();
      if (this.pipelining === 'none') this.startLayers();
    };
    if (open === 0) {
      this.model.sim.schedule(0, finish);
      return;
    }
    for (const { ctrl, job } of run.jobs) ctrl.run(job, run.stats, () => --open === 0 && finish());
  }

  phases(): PhaseReport[] {
    return layerPhases(this.model, [this.program, ...this.runs]);
  }

  fraction(): number {
    const all = this.runs.length + 1;
    return ((this.program.done ? 1 : 0) + this.runs.reduce((a, r) => a + r.fraction, 0)) / all;
  }

  outstanding(): string[] {
    return [this.program, ...this.runs]
      .filter((r) => !r.done)
      .map((r) => `layer ${r.name} (${(100 * r.fraction).toFixed(1)}% delivered)`);
  }

  summary(): WorkloadSummary {
    return reramSummary(this);
  }
}

function dynamicPj(scope: readonly Component[]): number {
  let e = 0;
  for (const c of scope) for (const d of c.walk()) e += d.energy.dynamicPj;
  return e;
}
