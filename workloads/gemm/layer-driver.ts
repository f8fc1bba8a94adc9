import { HelenError, isOperationTarget, type Component, type Elaboration, type OperationTarget } from '../../core/index.js';
import { PhaseTracker } from '../../core/index.js';
import type { PhaseReport, WorkloadDriver } from '../../core/index.js';
import type { GemmLayer } from './topology-csv.js';

/** The component type that accepts `gemm` operations (registered by components/systolic; named, not imported). */
export const GEMM_TARGET_TYPE = 'systolic.array';

/** The one array of the model that runs the layers; a model with none, or several, is an error naming them. */
export function findGemmTarget(model: Elaboration, file: string): OperationTarget & Component {
  const arrays = (model.sim.components as Component[]).filter((c) => c.type === GEMM_TARGET_TYPE && isOperationTarget(c));
  if (arrays.length !== 1) {
    const found = arrays.length ? `found ${arrays.length}: ${arrays.map((c) => c.path).join(', ')}` : 'found none';
    throw new HelenError('E_WORKLOAD', `a layer list runs on exactly one ${GEMM_TARGET_TYPE} component; ${model.spec.name} ${found}`, { file });
  }
  return arrays[0] as OperationTarget & Component;
}

/** Runs layers one after another, each a `gemm` operation in a phase named after the layer. */
export class LayerDriver implements WorkloadDriver {
  private readonly tracker: PhaseTracker;
  private next = 0;
  private inFlight = false;
  operationsIssued = 0;

  constructor(
    private readonly layers: readonly GemmLayer[],
    private readonly target: OperationTarget & Component,
    private readonly model: Elaboration,
  ) {
    this.tracker = new PhaseTracker(model);
  }

  get finished(): boolean {
    return this.next >= this.layers.length && !this.inFlight;
  }

  start(): void {
    this.model.sim.scheduleAt(this.model.sim.nowPs, this.issueNext);
  }

  phases(): PhaseReport[] {
    return this.tracker.phases();
  }

  fraction(): number {
    return this.layers.length ? this.next / this.layers.length : 1;
  }

  outstanding(): string[] {
    const l = this.layers[this.next - 1];
    return this.inFlight && l ? [`gemm@${this.target.path} (${l.loc.file}:${l.loc.line})`] : [];
  }

  private readonly issueNext = (): void => {
    const layer = this.layers[this.next];
    if (!layer) {
      this.tracker.end();
      return;
    }
    this.next++;
    this.tracker.begin(layer.name);
    this.tracker.countOperation();
    this.operationsIssued++;
    this.inFlight = true;
    try {
      this.target.acceptOperation({ id: layer.name, name: 'gemm', args: { M: layer.M, N: layer.N, K: layer.K }, phase: layer.name }, () => {
        this.inFlight = false;
        this.model.sim.schedule(0, this.issueNext);
      });
    } catch (e) {
      if (e instanceof HelenError && !e.location) throw new HelenError(e.code, e.message, layer.loc);
      throw e;
    }
  };
}
