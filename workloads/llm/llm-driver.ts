import { HelenError, isOperationTarget, type Component, type Elaboration, type Operation, type OperationTarget } from '../../core/index.js';
import { PhaseTracker } from '../../core/index.js';
import { SystolicEngine } from '../../components/systolic/index.js';
import type { PhaseReport, WorkloadDriver, WorkloadSummary } from '../../core/index.js';
import { batchingPolicy, type BatchingPolicy } from './batching.js';
import { llmSummary } from './llm-summary.js';
import { lowerHead, lowerLayer, type LlmOp, type StepShape } from './lower.js';
import type { LlmWorkload } from './llm-workload.js';
import { servingSummary, type RequestResult } from './serving.js';

/** The component type that runs lowered LLM operations (registered by components/systolic; named, not imported). */
export const LLM_TARGET_TYPE = 'systolic.engine';

/** The engine of a model; none or several is an error naming them. */
export function findLlmTarget(model: Elaboration, file: string): OperationTarget & Component {
  const found = (model.sim.components as Component[]).filter((c) => c.type === LLM_TARGET_TYPE && isOperationTarget(c));
  if (found.length !== 1) {
    throw new HelenError('E_WORKLOAD', `an LLM workload runs on exactly one ${LLM_TARGET_TYPE}; ${model.spec.name} has ${found.length}${found.length ? `: ${found.map((c) => c.path).join(', ')}` : ''}`, { file });
  }
  return found[0] as OperationTarget & Component;
}

function toOperation(op: LlmOp, id: string, phase: string): Operation {
  const args = op.kind === 'gemm'
    ? { M: op.M, N: op.N, K: op.K, count: op.count, a_kind: op.a, b_kind: op.b, c_kind: op.c, label: op.label }
    : { elements: op.elements, ops_per_element: op.opsPerElement, count: op.count, label: op.label };
  return { id, name: op.kind, args, phase };
}

/**
 * Serves the requests: a batching policy (batching.ts, `static` or
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
    private readonly target: OperationTarget & Component,
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
    return llmSummary(this.results, this.model.sim.nowPs, this.w.batching, t instanceof SystolicEngine ? { byLabel: t.byLabel, roofline: t.roofline } : undefined);
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
    const phase = this.tracker.currentName ?? step.stage;
    let i = 0;
    const issue = (): void => {
      if (i >= total) {
        this.inFlight = undefined;
        then();
        return;
      }
      const li = Math.floor(i / layer.length);
      const op = li < this.w.model.numLayers ? layer[i % layer.length]! : head[i - layer.length * this.w.model.numLayers]!;
      const id = li < this.w.model.numLayers ? `${step.stage}.layer[${li}].${op.label}` : `${step.stage}.${op.label}`;
      i++;
      this.inFlight = id;
      this.operationsIssued++;
      this.tracker.countOperation();
      this.target.acceptOperation(toOperation({ ...op, label: `${step.stage}.${op.label}` }, id, phase), issue);
    };
    issue();
  }

  /** Serving figures as counters of the engine (they appear in `helen run --json`). */
  private publish(): void {
    const s = servingSummary(this.results, this.model.sim.nowPs);
    const set = (name: string, description: string, unit: string, value: number): void => {
      this.target.stats.counter(name, description, unit).value = value;
    };
    set('requests', 'requests served', 'requests', s.requests);
    set('ttft_mean_ps', 'mean time to first token', 'ps', Math.round(s.ttftMeanPs));
    set('ttft_p50_ps', 'median time to first token', 'ps', s.ttftP50Ps);
    set('ttft_p99_ps', '99th percentile time to first token', 'ps', s.ttftP99Ps);
    set('tpot_mean_ps', 'mean time per output token after the first', 'ps', Math.round(s.tpotMeanPs));
    set('tpot_p50_ps', 'median time per output token after the first', 'ps', Math.round(s.tpotP50Ps));
    set('tpot_p99_ps', '99th percentile time per output token after the first', 'ps', Math.round(s.tpotP99Ps));
    set('tokens_per_s', 'generated tokens per second over the run', 'tokens/s', s.tokensPerS);
  }
}
