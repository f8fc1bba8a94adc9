import { HelenError, isOperationTarget, type Component, type Elaboration, type Operation, type OperationTarget } from '../../core/index.js';
import { PhaseTracker } from '../phase-tracker.js';
import type { PhaseReport, WorkloadDriver } from '../workload.js';
import { lowerHead, lowerLayer, type LlmOp, type StepShape } from './lower.js';
import type { LlmWorkload } from './llm-workload.js';

/** The component type that runs lowered LLM operations (registered by components/systolic; named, not imported). */
export const LLM_TARGET_TYPE = 'systolic.engine';

/** What one request experienced. */
export interface RequestResult {
  arrivalPs: number;
  /** Time to first token: prefill end − arrival (queueing included). */
  ttftPs: number;
  /** Time per output token after the first: (completion − first token) / (generated − 1); 0 for one token. */
  tpotPs: number;
  completionPs: number;
  generatedTokens: number;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

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
 * Serves the requests with static batching: when the engine is free, the
 * requests that have arrived (up to max_batch) form a batch, padded to its
 * longest prompt and run for its longest generation: one prefill, then one
 * decode step per further token. Operations go to the engine one at a time.
 * Phases: `prefill` and `decode` (a trace adds `batch[i].` and `idle`).
 */
export class LlmDriver implements WorkloadDriver {
  /** Per-request results, in arrival order, once served. */
  readonly results: RequestResult[] = [];
  operationsIssued = 0;
  private readonly tracker: PhaseTracker;
  private nextRequest = 0;
  private batchIndex = 0;
  private done = false;
  private inFlight: string | undefined;
  private readonly traced: boolean;

  constructor(
    private readonly w: LlmWorkload,
    private readonly target: OperationTarget & Component,
    private readonly model: Elaboration,
    traced: boolean,
  ) {
    this.tracker = new PhaseTracker(model);
    this.traced = traced;
  }

  get finished(): boolean {
    return this.done;
  }

  start(): void {
    this.model.sim.scheduleAt(this.model.sim.nowPs, this.startBatch);
  }

  phases(): PhaseReport[] {
    this.tracker.end();
    return this.tracker.phases();
  }

  fraction(): number {
    return this.nextRequest / this.w.requests.length;
  }

  outstanding(): string[] {
    return this.inFlight ? [`${this.inFlight}@${this.target.path}`] : [];
  }

  private readonly startBatch = (): void => {
    const sim = this.model.sim;
    const reqs = this.w.requests;
    if (this.nextRequest >= reqs.length) {
      this.tracker.end();
      this.publish();
      this.done = true;
      return;
    }
    const first = reqs[this.nextRequest]!;
    if (first.arrivalPs > sim.nowPs) {
      this.tracker.begin('idle');
      sim.scheduleAt(first.arrivalPs, this.startBatch);
      return;
    }
    let end = this.nextRequest;
    while (end < reqs.length && end - this.nextRequest < this.w.maxBatch && reqs[end]!.arrivalPs <= sim.nowPs) end++;
    const batch = reqs.slice(this.nextRequest, end);
    this.nextRequest = end;
    const prompt = Math.max(...batch.map((r) => r.contextTokens));
    const steps = Math.max(...batch.map((r) => r.generatedTokens)) - 1;
    const prefix = this.traced ? `batch[${this.batchIndex++}].` : '';
    const results = batch.map((r) => ({ arrivalPs: r.arrivalPs, ttftPs: 0, tpotPs: 0, completionPs: 0, generatedTokens: r.generatedTokens }));
    this.results.push(...results);
    this.tracker.begin(`${prefix}prefill`);
    this.runStep({ stage: 'prefill', tokens: prompt, context: prompt, batch: batch.length }, () => {
      const firstTokenPs = sim.nowPs;
      for (const r of results) r.ttftPs = firstTokenPs - r.arrivalPs;
      const finishUpTo = (s: number): void => {
        for (const r of results) {
          if (r.generatedTokens - 1 !== s) continue;
          r.completionPs = sim.nowPs;
          r.tpotPs = s > 0 ? (sim.nowPs - firstTokenPs) / s : 0;
        }
      };
      finishUpTo(0);
      if (steps > 0) this.tracker.begin(`${prefix}decode`);
      const decode = (s: number): void => {
        if (s > steps) {
          this.startBatch();
          return;
        }
        this.runStep({ stage: 'decode', tokens: 1, context: prompt + s, batch: batch.length }, () => {
          finishUpTo(s);
          decode(s + 1);
        });
      };
      decode(1);
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
    set('requests', 'requests served', 'requests', this.results.length);
    set('ttft_mean_ps', 'mean time to first token', 'ps', Math.round(s.ttftMeanPs));
    set('ttft_p50_ps', 'median time to first token', 'ps', s.ttftP50Ps);
    set('ttft_p99_ps', '99th percentile time to first token', 'ps', s.ttftP99Ps);
    set('tpot_mean_ps', 'mean time per output token after the first', 'ps', Math.round(s.tpotMeanPs));
    set('tokens_per_s', 'generated tokens per second over the run', 'tokens/s', s.tokensPerS);
  }
}

/** Aggregate serving figures of a run. */
export interface ServingSummary {
  ttftMeanPs: number;
  ttftP50Ps: number;
  ttftP99Ps: number;
  /** Mean TPOT over requests that generated more than one token. */
  tpotMeanPs: number;
  /** Generated tokens / run time. */
  tokensPerS: number;
}

/** Means and percentiles over served requests; `endPs` is the run's end. */
export function servingSummary(results: readonly RequestResult[], endPs: number): ServingSummary {
  const ttft = results.map((r) => r.ttftPs).sort((a, b) => a - b);
  const multi = results.filter((r) => r.generatedTokens > 1);
  const tokens = results.reduce((a, r) => a + r.generatedTokens, 0);
  return {
    ttftMeanPs: ttft.reduce((a, b) => a + b, 0) / Math.max(1, ttft.length),
    ttftP50Ps: percentile(ttft, 50),
    ttftP99Ps: percentile(ttft, 99),
    tpotMeanPs: multi.reduce((a, r) => a + r.tpotPs, 0) / Math.max(1, multi.length),
    tokensPerS: endPs > 0 ? tokens / (endPs * 1e-12) : 0,
  };
}
