import type { StepShape } from './lower.js';
import type { LlmRequest } from './request-trace.js';
import type { RequestResult } from './serving.js';

/** How requests are grouped into forward passes. */
export const BATCHING_POLICIES = ['static', 'continuous'] as const;
/** One of BATCHING_POLICIES. */
export type BatchingPolicyName = (typeof BATCHING_POLICIES)[number];

/** One forward pass to run, and the phase it is reported in. */
export interface ServingStep {
  shape: StepShape;
  phase: string;
}

/** What the engine should do next. */
export type ServingAction = { kind: 'step'; step: ServingStep } | { kind: 'idle'; untilPs: number } | { kind: 'done' };

/**
 * Decides the forward passes of a serving run. The driver alternates
 * `next(now)` and, after a step has run, `stepDone(now)`; the policy records
 * every request's TTFT, TPOT and completion in `results` (admission order,
 * which is arrival order).
 */
export interface BatchingPolicy {
  next(nowPs: number): ServingAction;
  stepDone(nowPs: number): void;
  readonly results: readonly RequestResult[];
  /** Requests admitted so far. */
  readonly admitted: number;
}

function admit(r: LlmRequest, index: number): RequestResult {
  return {
    index,
    arrivalPs: r.arrivalPs,
    contextTokens: r.contextTokens,
    generatedTokens: r.generatedTokens,
    ttftPs: 0,
    tpotPs: 0,
    completionPs: 0,
  };
}

function firstToken(r: RequestResult, nowPs: number): void {
  r.firstTokenPs = nowPs;
  r.ttftPs = nowPs - r.arrivalPs;
  if (r.generatedTokens === 1) r.completionPs = nowPs;
}

/** Records the request's last token at `nowPs`, after `decodeSteps` decode steps. */
function finish(r: RequestResult, nowPs: number, decodeSteps: number): void {
  r.completionPs = nowPs;
  r.tpotPs = decodeSteps > 0 ? (nowPs - r.firstTokenPs!) / decodeSteps : 0;
}

/**
 * Static batching: when the engine is free, the requests that have arrived
 * (up to maxBatch) form a batch, padded to its longest prompt, which runs
 * until its longest generation is done (finished requests stay as padding);
 * later arrivals wait for the whole batch.
 */
export class StaticBatching implements BatchingPolicy {
  readonly results: RequestResult[] = [];
  admitted = 0;
  private batchIndex = 0;
  private batch:
    { reqs: RequestResult[]; prompt: number; steps: number; stepsDone: number; prefix: string } | undefined;

  constructor(
    private readonly requests: readonly LlmRequest[],
    private readonly maxBatch: number,
    private readonly traced: boolean,
  ) {}

  next(nowPs: number): ServingAction {
    const b = this.batch;
    if (b) {
      const s = b.stepsDone + 1;
      return {
        kind: 'step',
        step: {
          phase: `${b.prefix}decode`,
          shape: { stage: 'decode', tokens: 1, context: b.prompt + s, batch: b.reqs.length },
        },
      };
    }
    if (this.admitted >= this.requests.length) return { kind: 'done' };
    const first = this.requests[this.admitted]!;
    if (first.arrivalPs > nowPs) return { kind: 'idle', untilPs: first.arrivalPs };
    const reqs: RequestResult[] = [];
    while (
      this.admitted < this.requests.length &&
      reqs.length < this.maxBatch &&
      this.requests[this.admitted]!.arrivalPs <= nowPs
    ) {
      reqs.push(admit(this.requests[this.admitted]!, this.admitted));
      this.admitted++;
    }
    this.results.push(...reqs);
    const prompt = Math.max(...reqs.map((r) => r.contextTokens));
    const prefix = this.traced ? `batch[${this.batchIndex++}].` : '';
    this.batch = { reqs, prompt, steps: Math.max(...reqs.map((r) => r.generatedTokens)) - 1, stepsDone: -1, prefix };
    return {
      kind: 'step',
      step: {
        phase: `${prefix}prefill`,
        shape: { stage: 'prefill', tokens: prompt, context: prompt, batch: reqs.length },
      },
    };
  }

  stepDone(nowPs: number): void {
    const b = this.batch!;
    if (b.stepsDone < 0) for (const r of b.reqs) firstToken(r, nowPs);
    b.stepsDone++;
    for (const r of b.reqs) if (b.stepsDone > 0 && r.generatedTokens - 1 === b.stepsDone) finish(r, nowPs, b.stepsDone);
    if (b.stepsDone >= b.steps) this.batch = undefined;
  }
}

/**
 * Continuous (iteration-level) batching, as in Orca (Yu et al., OSDI 2022)
 * and vLLM: at every step boundary finished requests leave, and arrived
 * requests take the free places (up to maxBatch running), first-come
 * first-served. Newcomers get one prefill pass of their own (padded to their
 * longest prompt) before the running decode resumes, so they join the decode
 * batch at the next step; each sequence attends to its own context.
 */
export class ContinuousBatching implements BatchingPolicy {
  readonly results: RequestResult[] = [];
  admitted = 0;
  private joins = 0;
  private prefix = '';
  private readonly running: { r: RequestResult; tokens: number }[] = [];
  private prefilling: RequestResult[] | undefined;

  constructor(
    private readonly requests: readonly LlmRequest[],
    private readonly maxBatch: number,
    private readonly traced: boolean,
  ) {}

  next(nowPs: number): ServingAction {
    const joining: RequestResult[] = [];
    while (
      this.admitted < this.requests.length &&
      this.running.length + joining.length < this.maxBatch &&
      this.requests[this.admitted]!.arrivalPs <= nowPs
    ) {
      joining.push(admit(this.requests[this.admitted]!, this.admitted));
      this.admitted++;
    }
    if (joining.length) {
      this.results.push(...joining);
      this.prefilling = joining;
      this.prefix = this.traced ? `join[${this.joins++}].` : '';
      const prompt = Math.max(...joining.map((r) => r.contextTokens));
      return {
        kind: 'step',
        step: {
          phase: `${this.prefix}prefill`,
          shape: { stage: 'prefill', tokens: prompt, context: prompt, batch: joining.length },
        },
      };
    }
    if (this.running.length) {
      // The token being produced attends to the prompt and every token so far.
      const contexts = this.running.map((x) => x.r.contextTokens + x.tokens);
      return {
        kind: 'step',
        step: {
          phase: `${this.prefix}decode`,
          shape: { stage: 'decode', tokens: 1, context: Math.max(...contexts), batch: contexts.length, contexts },
        },
      };
    }
    if (this.admitted < this.requests.length) return { kind: 'idle', untilPs: this.requests[this.admitted]!.arrivalPs };
    return { kind: 'done' };
  }

  stepDone(nowPs: number): void {
    if (this.prefilling) {
      for (const r of this.prefilling) {
        firstToken(r, nowPs);
        if (r.generatedTokens > 1) this.running.push({ r, tokens: 1 });
      }
      this.prefilling = undefined;
      return;
    }
    for (let i = this.running.length - 1; i >= 0; i--) {
      const x = this.running[i]!;
      x.tokens++;
      if (x.tokens === x.r.generatedTokens) {
        finish(x.r, nowPs, x.tokens - 1);
        this.running.splice(i, 1);
      }
    }
  }
}

/** The policy named `name`. */
export function batchingPolicy(
  name: BatchingPolicyName,
  requests: readonly LlmRequest[],
  maxBatch: number,
  traced: boolean,
): BatchingPolicy {
  return name === 'continuous'
    ? new ContinuousBatching(requests, maxBatch, traced)
    : new StaticBatching(requests, maxBatch, traced);
}
