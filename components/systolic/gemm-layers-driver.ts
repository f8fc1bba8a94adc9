import {
  componentsOfType,
  HelenError,
  issueOperation,
  locateOperationError,
  PhaseTracker,
  type Component,
  type DriverType,
  type Elaboration,
  type PhaseReport,
  type SourceLocation,
  type WorkloadDriver,
  type WorkloadSummary,
} from '../../core/index.js';
import type { GemmLayersWorkload } from '../../workloads/gemm/index.js';
import { systolicArray, type SystolicArray } from './array.js';

/** The one array of the model that runs the layers; a model with several is an error naming them. */
export function gemmTarget(model: Elaboration, file: string): SystolicArray {
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
  open: (w, model) =>
    new LayerDriver(
      w.layers.map((l) => ({ name: l.name, loc: l.loc, ops: [{ name: 'gemm', args: { M: l.M, N: l.N, K: l.K } }] })),
      gemmTarget(model, w.file),
      model,
    ),
};

/** An operation of a layer step, by the name the target declares it under. */
export interface StepOperation {
  name: string;
  args: Record<string, unknown>;
}

/** One layer as a phase: the operations it issues to the target, one after another (none: a zero-cycle phase). */
export interface LayerStep {
  name: string;
  /** Where the layer is written, for errors raised when it runs. */
  loc: SourceLocation;
  ops: StepOperation[];
}

/**
 * Runs layers one after another, each in a phase named after the layer whose
 * operations are issued to the target in turn (a GEMM list on an array, GEMM
 * and vector operations on an engine).
 */
export class LayerDriver implements WorkloadDriver {
  private readonly tracker: PhaseTracker;
  private next = 0;
  private inFlight: StepOperation | undefined;
  operationsIssued = 0;
  /** Family-specific results, when the driver was given them (`report`). */
  readonly summary?: () => WorkloadSummary;

  constructor(
    private readonly steps: readonly LayerStep[],
    private readonly target: Component,
    private readonly model: Elaboration,
    report?: () => WorkloadSummary,
  ) {
    this.tracker = new PhaseTracker(model);
    if (report) this.summary = report;
  }

  get finished(): boolean {
    return this.next >= this.steps.length && !this.inFlight;
  }

  start(): void {
    this.model.sim.scheduleAt(this.model.sim.nowPs, this.issueNext);
  }

  phases(): PhaseReport[] {
    return this.tracker.phases();
  }

  fraction(): number {
    return this.steps.length ? this.next / this.steps.length : 1;
  }

  outstanding(): string[] {
    const l = this.steps[this.next - 1];
    return this.inFlight && l ? [`${this.inFlight.name}@${this.target.path} (${l.loc.file}:${l.loc.line})`] : [];
  }

  private readonly issueNext = (): void => {
    const step = this.steps[this.next];
    if (!step) {
      this.tracker.end();
      return;
    }
    this.next++;
    this.tracker.begin(step.name);
    this.issueOp(step, 0);
  };

  private issueOp(step: LayerStep, i: number): void {
    const op = step.ops[i];
    if (!op) {
      this.inFlight = undefined;
      this.model.sim.schedule(0, this.issueNext);
      return;
    }
    this.tracker.countOperation();
    this.operationsIssued++;
    this.inFlight = op;
    try {
      issueOperation(this.target, { id: step.name, name: op.name, args: op.args, phase: step.name }, () =>
        this.model.sim.schedule(0, () => this.issueOp(step, i + 1)),
      );
    } catch (e) {
      throw locateOperationError(e, () => step.loc);
    }
  }
}
