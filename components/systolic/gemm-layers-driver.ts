import {
  componentsOfType,
  HelenError,
  issueOperation,
  locateOperationError,
  PhaseTracker,
  type DriverType,
  type Elaboration,
  type PhaseReport,
  type WorkloadDriver,
} from '../../core/index.js';
import type { GemmLayer, GemmLayersWorkload } from '../../workloads/gemm/index.js';
import { systolicArray, type SystolicArray } from './array.js';

/** The one array of the model that runs the layers; a model with several is an error naming them. */
function gemmTarget(model: Elaboration, file: string): SystolicArray {
  const arrays = componentsOfType(model.sim.components, systolicArray);
  if (arrays.length !== 1) {
    const found = arrays.length ? `found ${arrays.length}: ${arrays.map((c) => c.path).join(', ')}` : 'found none';
    throw new HelenError(
      'E_WORKLOAD',
      `a layer list runs on exactly one ${systolicArray.type} component; ${model.spec.name} ${found}`,
      { file },
    );
  }
  return arrays[0]!;
}

/** GEMM layer lists (SCALE-Sim topologies) on a model's one systolic.array. */
export const systolicGemmLayersDriver: DriverType<GemmLayersWorkload> = {
  name: 'systolic-gemm-layers',
  description:
    "GEMM layers one after another as `gemm` operations on the model's one systolic.array, one phase per layer",
  accepts: 'gemm-layers',
  fits: (model) => componentsOfType(model.sim.components, systolicArray).length > 0,
  open: (w, model) => new LayerDriver(w.layers, gemmTarget(model, w.file), model),
};

/** Runs layers one after another, each a `gemm` operation in a phase named after the layer. */
export class LayerDriver implements WorkloadDriver {
  private readonly tracker: PhaseTracker;
  private next = 0;
  private inFlight = false;
  operationsIssued = 0;

  constructor(
    private readonly layers: readonly GemmLayer[],
    private readonly target: SystolicArray,
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
      issueOperation(
        this.target,
        { id: layer.name, name: 'gemm', args: { M: layer.M, N: layer.N, K: layer.K }, phase: layer.name },
        () => {
          this.inFlight = false;
          this.model.sim.schedule(0, this.issueNext);
        },
      );
    } catch (e) {
      throw locateOperationError(e, () => layer.loc);
    }
  };
}
