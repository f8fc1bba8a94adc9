import type { StatisticsDecl } from '../../../core/index.js';

/** The serving figures an LLM run leaves on its engine as counters (so `helen run --json` shows them): name → [description, unit]. */
export const SERVING_COUNTERS = {
  requests: ['requests served', 'requests'],
  ttft_mean_ps: ['mean time to first token', 'ps'],
  ttft_p50_ps: ['median time to first token', 'ps'],
  ttft_p99_ps: ['99th percentile time to first token', 'ps'],
  tpot_mean_ps: ['mean time per output token after the first', 'ps'],
  tpot_p50_ps: ['median time per output token after the first', 'ps'],
  tpot_p99_ps: ['99th percentile time per output token after the first', 'ps'],
  tokens_per_s: ['generated tokens per second over the run', 'tokens/s'],
} as const satisfies Record<string, readonly [string, string]>;

/** SERVING_COUNTERS as statistics of `systolic.engine` (published only by LLM runs). */
export const SERVING_STATISTICS: StatisticsDecl = Object.fromEntries(
  Object.entries(SERVING_COUNTERS).map(([name, [description, unit]]) => [
    name,
    `${description}, set by an LLM workload (${unit})`,
  ]),
);
