/** What one request experienced. */
export interface RequestResult {
  /** Position of the request in the workload (0 = first line of the trace). */
  index: number;
  arrivalPs: number;
  /** Prompt tokens. */
  contextTokens: number;
  generatedTokens: number;
  /** When prefill gave the first token; undefined until then. */
  firstTokenPs?: number;
  /** Time to first token: prefill end − arrival (queueing included). */
  ttftPs: number;
  /** Time per output token after the first: (completion − first token) / (generated − 1); 0 for one token. */
  tpotPs: number;
  /** When the last token was produced; 0 until then. */
  completionPs: number;
}

/** True once the request has produced all its tokens. */
export function completed(r: RequestResult): boolean {
  // A step always takes time, so a served request never completes at 0.
  return r.completionPs > 0;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Aggregate serving figures of a run, over the requests that completed. */
export interface ServingSummary {
  /** Requests that completed. */
  requests: number;
  /** Tokens they generated. */
  tokens: number;
  ttftMeanPs: number;
  ttftP50Ps: number;
  ttftP99Ps: number;
  /** Mean TPOT over requests that generated more than one token. */
  tpotMeanPs: number;
  tpotP50Ps: number;
  tpotP99Ps: number;
  /** End-to-end latency (completion − arrival). */
  latencyP50Ps: number;
  latencyP99Ps: number;
  /** Generated tokens / run time. */
  tokensPerS: number;
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const sorted = (xs: number[]): number[] => xs.sort((a, b) => a - b);

/** Means and percentiles over completed requests; `endPs` is the run's end. */
export function servingSummary(results: readonly RequestResult[], endPs: number): ServingSummary {
  const done = results.filter(completed);
  const ttft = sorted(done.map((r) => r.ttftPs));
  const tpot = sorted(done.filter((r) => r.generatedTokens > 1).map((r) => r.tpotPs));
  const latency = sorted(done.map((r) => r.completionPs - r.arrivalPs));
  const tokens = done.reduce((a, r) => a + r.generatedTokens, 0);
  return {
    requests: done.length,
    tokens,
    ttftMeanPs: mean(ttft),
    ttftP50Ps: percentile(ttft, 50),
    ttftP99Ps: percentile(ttft, 99),
    tpotMeanPs: mean(tpot),
    tpotP50Ps: percentile(tpot, 50),
    tpotP99Ps: percentile(tpot, 99),
    latencyP50Ps: percentile(latency, 50),
    latencyP99Ps: percentile(latency, 99),
    tokensPerS: endPs > 0 ? tokens / (endPs * 1e-12) : 0,
  };
}
