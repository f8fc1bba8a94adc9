import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../../api/run.js';
import { HelenError } from '../../../core/index.js';
import {
  batchingPolicy,
  servingSummary,
  type BatchingPolicyName,
  type LlmRequest,
  type RequestResult,
  type StepShape,
} from '../../../workloads/llm/index.js';

const ARCH = 'architectures/llm-accelerator.yaml';
const GPT2 = join(process.cwd(), 'workloads/examples/llm-gpt2.config.json');

/**
 * A stand-in for the engine, to exercise the policies on many traces: a pass
 * costs a fixed overhead (weights read once) plus work per token and per
 * attended position, so batching is cheaper than serving one by one.
 */
function passPs(s: StepShape): number {
  const attended = s.contexts ? s.contexts.reduce((a, b) => a + b, 0) : s.context * s.batch;
  return 1_000_000 + 2_000 * s.batch * s.tokens + 10 * attended * s.tokens;
}

interface Served {
  results: readonly RequestResult[];
  steps: StepShape[];
  endPs: number;
  /** A request whose completion time changed after it was first set. */
  rewritten: number;
}

/** Runs a policy to the end on `passPs`. */
function serve(policy: BatchingPolicyName, requests: LlmRequest[], maxBatch: number): Served {
  const p = batchingPolicy(policy, requests, maxBatch, true);
  const steps: StepShape[] = [];
  const completion = new Map<number, number>();
  let rewritten = 0;
  let now = 0;
  for (let guard = 0; guard < 1e6; guard++) {
    const a = p.next(now);
    if (a.kind === 'done') return { results: p.results, steps, endPs: now, rewritten };
    if (a.kind === 'idle') {
      expect(a.untilPs).toBeGreaterThan(now);
      now = a.untilPs;
      continue;
    }
    steps.push(a.step.shape);
    now += passPs(a.step.shape);
    p.stepDone(now);
    for (const r of p.results) {
      if (r.completionPs === 0) continue;
      const was = completion.get(r.index);
      if (was !== undefined && was !== r.completionPs) rewritten++;
      completion.set(r.index, r.completionPs);
    }
  }
  throw new Error('the policy did not finish');
}

const loc = { file: 'trace.csv', line: 1 };
/** Bursts of requests: a few arrivals close together, then a gap. */
const burstyTrace = fc
  .array(
    fc.record({
      gapPs: fc.integer({ min: 0, max: 400_000_000 }),
      size: fc.integer({ min: 1, max: 6 }),
      prompts: fc.array(fc.integer({ min: 1, max: 600 }), { minLength: 6, maxLength: 6 }),
      generated: fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 6, maxLength: 6 }),
    }),
    { minLength: 1, maxLength: 5 },
  )
  .map((bursts) => {
    const reqs: LlmRequest[] = [];
    let t = 0;
    for (const b of bursts) {
      t += b.gapPs;
      for (let i = 0; i < b.size; i++)
        reqs.push({ arrivalPs: t + i * 1000, contextTokens: b.prompts[i]!, generatedTokens: b.generated[i]!, loc });
    }
    return reqs;
  });

const meanTtft = (s: Served): number => servingSummary(s.results, s.endPs).ttftMeanPs;

describe('batching policies on a stand-in engine', () => {
  it('property: under both policies every request is admitted once and completes once, after its first token, with TTFT ≥ one prefill', () => {
    fc.assert(
      fc.property(
        burstyTrace,
        fc.integer({ min: 1, max: 8 }),
        fc.constantFrom<BatchingPolicyName>('static', 'continuous'),
        (reqs, maxBatch, policy) => {
          const s = serve(policy, reqs, maxBatch);
          expect(s.results.map((r) => r.index)).toEqual(reqs.map((_, i) => i));
          expect(s.rewritten).toBe(0);
          for (const r of s.results) {
            expect(r.completionPs).toBeGreaterThanOrEqual(r.firstTokenPs!);
            expect(r.ttftPs).toBeGreaterThanOrEqual(
              passPs({ stage: 'prefill', tokens: r.contextTokens, context: r.contextTokens, batch: 1 }),
            );
          }
          for (const step of s.steps) expect(step.batch).toBeLessThanOrEqual(maxBatch);
        },
      ),
    );
  });

  it('property: continuous batching decodes exactly the tokens asked for (Σ decode batch = Σ (generated − 1)), static at least as many', () => {
    fc.assert(
      fc.property(burstyTrace, fc.integer({ min: 1, max: 8 }), (reqs, maxBatch) => {
        const decoded = (s: Served): number =>
          s.steps.filter((x) => x.stage === 'decode').reduce((a, x) => a + x.batch, 0);
        const wanted = reqs.reduce((a, r) => a + r.generatedTokens - 1, 0);
        expect(decoded(serve('continuous', reqs, maxBatch))).toBe(wanted);
        expect(decoded(serve('static', reqs, maxBatch))).toBeGreaterThanOrEqual(wanted);
      }),
    );
  });

  it('property: with one request the two policies run the same passes and give the same TTFT, TPOT and completion', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2000 }),
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 0, max: 1e9 }),
        (prompt, generated, at) => {
          const reqs = [{ arrivalPs: at, contextTokens: prompt, generatedTokens: generated, loc }];
          const a = serve('static', reqs, 4);
          const b = serve('continuous', reqs, 4);
          expect(b.steps.map(passPs)).toEqual(a.steps.map(passPs));
          expect(b.results).toEqual(a.results);
        },
      ),
    );
  });

  // With fewer places than requests this is not a theorem: fast-check finds
  // traces (max_batch 2; a short request, two long ones and two one-token ones
  // arriving together) where continuous staggers the long ones and its mean
  // TTFT is slightly worse. With a place for every request it held on 50 000
  // random traces.
  it('property: with a place for every request (max_batch ≥ requests), continuous batching never gives a worse mean TTFT than static on bursty traces', () => {
    fc.assert(
      fc.property(burstyTrace, fc.integer({ min: 0, max: 4 }), (reqs, spare) => {
        const maxBatch = reqs.length + spare;
        expect(meanTtft(serve('continuous', reqs, maxBatch))).toBeLessThanOrEqual(
          meanTtft(serve('static', reqs, maxBatch)),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('a burst that arrives while a batch decodes: continuous batching starts it at the next step, static after the whole batch', () => {
    const reqs: LlmRequest[] = [
      { arrivalPs: 0, contextTokens: 200, generatedTokens: 40, loc },
      { arrivalPs: 5_000_000, contextTokens: 100, generatedTokens: 5, loc },
      { arrivalPs: 5_001_000, contextTokens: 120, generatedTokens: 5, loc },
    ];
    const [s, c] = [serve('static', reqs, 4), serve('continuous', reqs, 4)];
    const pairArrivalPs = reqs[1]!.arrivalPs; // during the first request's decode
    expect(s.results[1]!.firstTokenPs).toBeGreaterThanOrEqual(s.results[0]!.completionPs);
    expect(c.results[1]!.firstTokenPs).toBeLessThan(c.results[0]!.completionPs);
    expect(c.results[1]!.firstTokenPs! - pairArrivalPs).toBeLessThan(
      3 * passPs({ stage: 'prefill', tokens: 120, context: 120, batch: 2 }),
    );
    expect(meanTtft(c)).toBeLessThan(meanTtft(s));
  });
});

describe('batching on architectures/llm-accelerator.yaml (GPT-2, small prompts)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'helen-batching-'));
  const workload = (name: string, body: string): string => {
    const f = join(dir, name);
    writeFileSync(f, `llm:\n  model: ${GPT2}\n${body}`);
    return f;
  };
  // Two bursts: three requests, then two more while the first batch still decodes.
  writeFileSync(
    join(dir, 'bursty.csv'),
    'TIMESTAMP,ContextTokens,GeneratedTokens\n0.000,64,12\n0.0001,32,3\n0.0002,96,6\n0.003,48,8\n0.0031,80,5\n',
  );
  const run = (policy: string) =>
    runSimulation({
      architecture: ARCH,
      workload: workload(`${policy}.yaml`, `  requests: bursty.csv\n  max_batch: 3\n  batching: ${policy}\n`),
    });

  it('one request: static and continuous give the same phases, times and serving figures', () => {
    const one = (policy: string) =>
      runSimulation({
        architecture: ARCH,
        workload: workload(`one-${policy}.yaml`, `  prompt_tokens: 40\n  generated_tokens: 6\n  batching: ${policy}\n`),
      });
    const [a, b] = [one('static'), one('continuous')];
    expect(b.phases).toEqual(a.phases);
    expect(b.time_ps).toBe(a.time_ps);
    expect(b.workload_summary!.metrics).toEqual(
      a.workload_summary!.metrics.map((m) =>
        m.name === 'requests' ? { ...m, description: m.description.replace('static', 'continuous') } : m,
      ),
    );
  });

  it('a bursty trace: every request completes once under both policies, and continuous has the lower or equal mean TTFT', () => {
    const [s, c] = [run('static'), run('continuous')];
    const metric = (r: typeof s, name: string) => r.workload_summary!.metrics.find((m) => m.name === name)!.value;
    for (const r of [s, c]) {
      expect(metric(r, 'requests')).toBe(5);
      const rows = r.workload_summary!.tables.find((t) => t.id === 'requests')!.rows;
      expect(rows.map((x) => x[0])).toEqual([0, 1, 2, 3, 4]);
      expect(r.components['chip']!.counters['ops_below_roofline']).toBe(0);
    }
    expect(metric(c, 'ttft_mean')).toBeLessThanOrEqual(metric(s, 'ttft_mean'));
    expect(c.phases.some((p) => p.name.startsWith('join['))).toBe(true);
  });

  it('a batching policy other than static or continuous is a located error', () => {
    const f = workload('bad.yaml', '  prompt_tokens: 8\n  batching: dynamic\n');
    let err: unknown;
    try {
      runSimulation({ architecture: ARCH, workload: f });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(HelenError);
    expect((err as HelenError).format()).toMatch(/bad\.yaml:4:13: .*batching must be one of static, continuous/);
  });
});
