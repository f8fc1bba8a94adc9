import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultSession } from '../../../../api/session.js';
import { runSimulation } from '../../../../api/run.js';
import {
  LlmDriver,
  REQUEST_ROWS_CAP,
  ROOFLINE_COLUMNS,
  SystolicEngine,
  systolicLlmDriver,
  type RooflineViewData,
} from '../../../../components/systolic/index.js';
import { elaborate, loadArchitecture, type Elaboration } from '../../../../core/index.js';
import { formatRunReport } from '../../../../cli/format.js';
import { llmWorkloadReader } from '../../../../workloads/llm/index.js';
import type { WorkloadSummary } from '../../../../core/index.js';

const ARCH = 'architectures/llm-accelerator.yaml';
const GPT2 = join(process.cwd(), 'workloads/examples/llm-gpt2.config.json');
const dir = mkdtempSync(join(tmpdir(), 'helen-llm-summary-'));
writeFileSync(
  join(dir, 'trace.csv'),
  'TIMESTAMP,ContextTokens,GeneratedTokens\n0,64,9\n0.0001,32,1\n0.002,48,4\n0.0021,100,7\n0.01,20,3\n',
);
const WORKLOAD = join(dir, 'gpt2.yaml');
writeFileSync(WORKLOAD, `llm:\n  model: ${GPT2}\n  requests: trace.csv\n  max_batch: 2\n  batching: continuous\n`);

/** Runs the workload with the driver in hand, to compare its summary with its per-request results. */
function drive(workload: string): { driver: LlmDriver; model: Elaboration; summary: WorkloadSummary } {
  const session = defaultSession();
  const model = elaborate(loadArchitecture(ARCH, { registry: session.registry }), {
    registry: session.registry,
    seed: 1,
  });
  const driver = systolicLlmDriver.open(llmWorkloadReader.read(workload), model) as LlmDriver;
  driver.start();
  model.sim.run({});
  driver.phases();
  return { driver, model, summary: driver.summary() };
}

const nearestRank = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)]!;
};

describe('LLM workload summary', () => {
  const { driver, model, summary } = drive(WORKLOAD);
  const metric = (name: string): number => summary.metrics.find((m) => m.name === name)!.value;
  const results = driver.results;

  it('TTFT, TPOT, latency and throughput metrics agree with the per-request results', () => {
    expect(results.length).toBe(5);
    const ttft = results.map((r) => r.ttftPs);
    const tpot = results.filter((r) => r.generatedTokens > 1).map((r) => r.tpotPs);
    const latency = results.map((r) => r.completionPs - r.arrivalPs);
    expect(metric('requests')).toBe(results.length);
    expect(metric('ttft_mean')).toBe(Math.round(ttft.reduce((a, b) => a + b) / ttft.length));
    expect(metric('ttft_p50')).toBe(nearestRank(ttft, 50));
    expect(metric('ttft_p99')).toBe(Math.max(...ttft));
    expect(metric('tpot_mean')).toBe(Math.round(tpot.reduce((a, b) => a + b) / tpot.length));
    expect(metric('tpot_p99')).toBe(Math.round(Math.max(...tpot)));
    expect(metric('latency_p50')).toBe(nearestRank(latency, 50));
    const tokens = results.reduce((a, r) => a + r.generatedTokens, 0);
    expect(metric('throughput')).toBeCloseTo(tokens / (model.sim.nowPs * 1e-12), 6);
    for (const r of results) {
      // TPOT is the decode time spread over the tokens after the first.
      if (r.generatedTokens > 1)
        expect(r.tpotPs * (r.generatedTokens - 1)).toBeCloseTo(r.completionPs - r.firstTokenPs!, 3);
      expect(r.firstTokenPs! - r.arrivalPs).toBe(r.ttftPs);
    }
  });

  it('the requests table has one row per request, in arrival order, with the same TTFT and TPOT', () => {
    const t = summary.tables.find((x) => x.id === 'requests')!;
    expect(t.rows.length).toBe(Math.min(REQUEST_ROWS_CAP, results.length));
    t.rows.forEach((row, i) => {
      const r = results[i]!;
      expect(row[0]).toBe(r.index);
      expect((row[t.columns.indexOf('TTFT ms')] as number) * 1e9).toBeCloseTo(r.ttftPs, 0);
      expect((row[t.columns.indexOf('TPOT ms')] as number) * 1e9).toBeCloseTo(r.tpotPs, 0);
    });
  });

  it('the roofline table has a row per operation label plus one per stage, none above its roof, and the view one point per label', () => {
    const engine = (model.sim.components as unknown[]).find((c): c is SystolicEngine => c instanceof SystolicEngine)!;
    const t = summary.tables.find((x) => x.id === 'roofline')!;
    expect(t.columns).toEqual(ROOFLINE_COLUMNS);
    const labels = [...engine.byLabel.keys()];
    expect(t.rows.map((r) => r[0])).toEqual([...labels, 'prefill (all ops)', 'decode (all ops)']);
    const col = (name: string) => t.columns.indexOf(name);
    for (const row of t.rows) {
      const achieved = row[col('achieved TFLOP/s')] as number;
      const attainable = row[col('attainable TFLOP/s')] as number;
      expect(achieved).toBeLessThanOrEqual(attainable * (1 + 1e-12));
      expect(row[col('of roof %')] as number).toBeCloseTo((100 * achieved) / attainable, 6);
      const intensity = row[col('FLOP/B')];
      if (typeof intensity === 'number' && !String(row[0]).endsWith('(all ops)'))
        expect(row[col('bound')]).toBe(intensity < (row[col('balance FLOP/B')] as number) ? 'memory' : 'compute');
    }
    const view = summary.views!['roofline'] as RooflineViewData;
    expect(view.ops.map((o) => o.label)).toEqual(labels);
    expect(JSON.parse(JSON.stringify(view))).toEqual(view);
  });

  it('the text summary of a real small run prints TTFT, TPOT, throughput, the roofline table and the requests', () => {
    const r = runSimulation({ architecture: ARCH, workload: WORKLOAD });
    const text = formatRunReport(r);
    expect(text).toMatch(/ttft_mean\s+\d/);
    expect(text).toMatch(/tpot_p99\s+\d/);
    expect(text).toMatch(/throughput\s+[\d. ]+ tokens\/s/);
    expect(text).toMatch(/roofline \(arrays [\d.]+ TFLOP\/s/);
    expect(text).toMatch(
      /decode\.q_proj\s+\d[\d ]*\s+[\d.e-]+\s+[\d.e-]+\s+[\d.]+\s+[\d.]+\s+[\d.e-]+\s+[\d.e-]+\s+memory/,
    );
    expect(text).toContain('requests:');
    expect(r.workload_summary).toEqual(summary);
  });
});
