import {
  componentsOfType,
  HelenError,
  PhaseTracker,
  type DriverType,
  type Elaboration,
  type PhaseReport,
  type WorkloadDriver,
  type WorkloadSummary,
} from '../../../core/index.js';
import {
  batchingPolicy,
  lowerHead,
  lowerLayer,
  servingSummary,
  type BatchingPolicy,
  type LlmOp,
  type LlmWorkload,
  type RequestResult,
  type StepShape,
} from '../../../workloads/llm/index.js';
import { systolicEngine, type SystolicEngine } from '../engine.js';
import { SERVING_COUNTERS } from './serving-counters.js';
import { llmSummary } from './summary.js';

/** The one engine of a model; none or several is an error naming them (`what` runs on it). */
export function findLlmEngine(model: Elaboration, file: string, what = 'an LLM workload'): SystolicEngine {
  const found = componentsOfType(model.sim.components, systolicEngine);
  if (found.length !== 1) {
    throw new HelenError(
      'E_WORKLOAD',
      `${what} runs on exactly one ${systolicEngine.type}; ${model.spec.name} has ${found.length}${found.length ? `: ${found.map((c) => c.path).join(', ')}` : ''}`,
      { file },
    );
  }
  return found[0]!;
}

/** LLM serving workloads on a model's one systolic.engine. */
export const systolicLlmDriver: DriverType<LlmWorkload> = {
  name: 'systolic-llm',
  description:
    "LLM serving: each forward pass lowered to gemm and vector operations on the model's one systolic.engine, phases prefill and decode",
  accepts: 'llm',
  fits: (model) => componentsOfType(model.sim.components, systolicEngine).length > 0,
  open: (w, model) => new LlmDriver(w, findLlmEngine(model, w.file), model, w.fromTrace),
};

/**
 * Hands one lowered operation to the engine through its typed methods: the
 * lowering builds valid arguments, so the per-operation argument check of
 * `issueOperation` would only cost time (tens of thousands per run).
 */
function issueTo(engine: SystolicEngine, op: LlmOp, label: string, done: () => void): void {
  if (op.kind === 'gemm')
    engine.gemm({ M: op.M, N: op.N, K: op.K, count: op.count, a_kind: op.a, b_kind: op.b, c_kind: op.c, label }, done);
  else engine.vectorOp({ elements: op.elements, ops_per_element: op.opsPerElement, count: op.count, label }, done);
}

/**
 * Serves the requests: a batching policy (workloads/llm/batching.ts, `static` or
 * `continuous`) picks each forward pass; the driver lowers it and issues its
 * operations to the engine one at a time, then asks for the next. Phases:
 * `prefill` and `decode` (a trace adds `batch[i].` or `join[i].`, and `idle`).
 */
export class LlmDriver implements WorkloadDriver {
  operationsIssued = 0;
  private readonly tracker: PhaseTracker;
  private readonly policy: BatchingPolicy;
  private done = false;
  private inFlight: string | undefined;

  constructor(
    private readonly w: LlmWorkload,
    private readonly target: SystolicEngine,
    private readonly model: Elaboration,
    traced: boolean,
  ) {
    this.tracker = new PhaseTracker(model);
    this.policy = batchingPolicy(w.batching, w.requests, w.maxBatch, traced);
  }

  /** Per-request results, in arrival order, as far as they are served. */
  get results(): readonly RequestResult[] {
    return this.policy.results;
  }

  get finished(): boolean {
    return this.done;
  }

  start(): void {
    this.model.sim.scheduleAt(this.model.sim.nowPs, this.advance);
  }

  phases(): PhaseReport[] {
    return this.tracker.phases();
  }

  fraction(): number {
    return this.policy.admitted / this.w.requests.length;
  }

  outstanding(): string[] {
    return this.inFlight ? [`${this.inFlight}@${this.target.path}`] : [];
  }

  summary(): WorkloadSummary {
    const t = this.target;
    return llmSummary(this.results, this.model.sim.nowPs, this.w.batching, {
      byLabel: t.byLabel,
      roofline: t.roofline,
    });
  }

  private readonly advance = (): void => {
    const sim = this.model.sim;
    const a = this.policy.next(sim.nowPs);
    if (a.kind === 'done') {
      this.tracker.end();
      this.publish();
      this.done = true;
      return;
    }
    if (a.kind === 'idle') {
      if (this.tracker.currentName !== 'idle') this.tracker.begin('idle');
      sim.scheduleAt(a.untilPs, this.advance);
      return;
    }
    if (this.tracker.currentName !== a.step.phase) this.tracker.begin(a.step.phase);
    this.runStep(a.step.shape, () => {
      this.policy.stepDone(sim.nowPs);
      this.advance();
    });
  };

  /** Issues every operation of one forward pass, one after another, then calls `then`. */
  private runStep(step: StepShape, then: () => void): void {
    const layer = lowerLayer(this.w.model, step);
    const head = lowerHead(this.w.model, step);
    const total = layer.length * this.w.model.numLayers + head.length;
    let i = 0;
    const issue = (): void => {
      if (i >= total) {
        this.inFlight = undefined;
        then();
        return;
      }
      const li = Math.floor(i / layer.length);
      const op =
        li < this.w.model.numLayers ? layer[i % layer.length]! : head[i - layer.length * this.w.model.numLayers]!;
      const id = li < this.w.model.numLayers ? `${step.stage}.layer[${li}].${op.label}` : `${step.stage}.${op.label}`;
      i++;
      this.inFlight = id;
      this.operationsIssued++;
      this.tracker.countOperation();
      issueTo(this.target, op, `${step.stage}.${op.label}`, issue);
    };
    issue();
  }

  /** Serving figures as counters of the engine (they appear in `helen run --json`). */
  private publish(): void {
    const s = servingSummary(this.results, this.model.sim.nowPs);
    const values: Record<keyof typeof SERVING_COUNTERS, number> = {
      requests: s.requests,
      ttft_mean_ps: Math.round(s.ttftMeanPs),
      ttft_p50_ps: s.ttftP50Ps,
      ttft_p99_ps: s.ttftP99Ps,
      tpot_mean_ps: Math.round(s.tpotMeanPs),
      tpot_p50_ps: Math.round(s.tpotP50Ps),
      tpot_p99_ps: Math.round(s.tpotP99Ps),
      tokens_per_s: s.tokensPerS,
    };
    for (const [name, [description, unit]] of Object.entries(SERVING_COUNTERS)) {
      this.target.stats.counter(name, description, unit).value = values[name as keyof typeof SERVING_COUNTERS];
    }
  }
}
