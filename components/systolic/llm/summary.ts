import type { WorkloadMetric, WorkloadSummary, WorkloadTable } from '../../../core/index.js';
import { completed, servingSummary, type RequestResult } from '../../../workloads/llm/index.js';
import type { OpRecord, RooflineMachine } from '../roofline.js';
import { ROOFLINE_COLUMNS, rooflineRows, rooflineViewData, stageTotals, tableRow } from './roofline-table.js';

/** Most rows of the per-request table (the metrics cover every request). */
export const REQUEST_ROWS_CAP = 50;

/** What the engine knows about the operations it ran: per-label sums and its roofs. */
export interface EngineRoofline {
  byLabel: ReadonlyMap<string, OpRecord & { operations: number }>;
  roofline: RooflineMachine;
}

const ms = (ps: number): number => ps / 1e9;

/**
 * The LLM serving summary of a run: TTFT, TPOT and end-to-end latency
 * (mean and percentiles), throughput; the roofline table per operation label
 * with one total per stage; the per-request table (first REQUEST_ROWS_CAP
 * rows); and the data of the `roofline` chart.
 */
export function llmSummary(
  results: readonly RequestResult[],
  endPs: number,
  batching: string,
  engine?: EngineRoofline,
): WorkloadSummary {
  const s = servingSummary(results, endPs);
  const metrics: WorkloadMetric[] = [
    { name: 'requests', value: s.requests, unit: '', description: `requests completed (${batching} batching)` },
    {
      name: 'ttft_mean',
      value: Math.round(s.ttftMeanPs),
      unit: 'ps',
      description: 'mean time to first token (arrival to end of its prefill)',
    },
    { name: 'ttft_p50', value: s.ttftP50Ps, unit: 'ps', description: 'median time to first token' },
    { name: 'ttft_p99', value: s.ttftP99Ps, unit: 'ps', description: '99th percentile time to first token' },
    {
      name: 'tpot_mean',
      value: Math.round(s.tpotMeanPs),
      unit: 'ps',
      description: 'mean time per output token after the first',
    },
    { name: 'tpot_p50', value: Math.round(s.tpotP50Ps), unit: 'ps', description: 'median time per output token' },
    {
      name: 'tpot_p99',
      value: Math.round(s.tpotP99Ps),
      unit: 'ps',
      description: '99th percentile time per output token',
    },
    {
      name: 'latency_p50',
      value: s.latencyP50Ps,
      unit: 'ps',
      description: 'median end-to-end latency (arrival to last token)',
    },
    { name: 'latency_p99', value: s.latencyP99Ps, unit: 'ps', description: '99th percentile end-to-end latency' },
    {
      name: 'throughput',
      value: s.tokensPerS,
      unit: 'tokens/s',
      description: 'generated tokens per second over the whole run',
    },
  ];
  const tables: WorkloadTable[] = [];
  const views: Record<string, unknown> = {};
  if (engine) {
    const m = engine.roofline;
    const rows = rooflineRows(engine.byLabel, m);
    tables.push({
      id: 'roofline',
      title: `roofline (arrays ${((m.peakFlopsPerCycle * m.clockHz) / 1e12).toFixed(1)} TFLOP/s, HBM ${((m.hbmBytesPerCycle * m.clockHz) / 1e12).toFixed(2)} TB/s; per op label, then per stage)`,
      columns: ROOFLINE_COLUMNS,
      rows: [...rows, ...stageTotals(rows, m)].map((r) => tableRow(r, m)),
    });
    views['roofline'] = rooflineViewData(rows, m);
  }
  const done = results.filter(completed);
  tables.push({
    id: 'requests',
    title: done.length > REQUEST_ROWS_CAP ? `requests (first ${REQUEST_ROWS_CAP} of ${done.length})` : 'requests',
    columns: ['request', 'arrival ms', 'prompt', 'generated', 'TTFT ms', 'TPOT ms', 'latency ms'],
    rows: done
      .slice(0, REQUEST_ROWS_CAP)
      .map((r) => [
        r.index,
        ms(r.arrivalPs),
        r.contextTokens,
        r.generatedTokens,
        ms(r.ttftPs),
        ms(r.tpotPs),
        ms(r.completionPs - r.arrivalPs),
      ]),
  });
  return { metrics, tables, views };
}
