import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../../api/run.js';

const dir = mkdtempSync(join(tmpdir(), 'helen-systolic-util-'));
const WORKLOAD = join(dir, 'gpt2.yaml');
writeFileSync(
  WORKLOAD,
  `llm:\n  model: ${resolve('workloads/examples/llm-gpt2.config.json')}\n  batch: 1\n  prompt_tokens: 64\n  generated_tokens: 4\n`,
);

describe('utilisation of the engine’s units (credited by the fold model)', () => {
  it('each array is busy exactly its compute cycles, and no unit is busy longer than the run', () => {
    const r = runSimulation({ architecture: 'architectures/llm-accelerator.yaml', workload: WORKLOAD });
    const periodPs = 1e12 / r.main_clock_hz;
    const arrays = Object.entries(r.components).filter(([, c]) => c.type === 'systolic.array');
    expect(arrays.length).toBe(8);
    for (const [path, c] of arrays) {
      const computeCycles = c.counters['compute_cycles'] as number;
      expect(computeCycles, path).toBeGreaterThan(0);
      // Rounded to whole ps per operation.
      expect(Math.abs(c.busy_ps - computeCycles * periodPs), path).toBeLessThanOrEqual(r.operations);
    }
    for (const [path, c] of Object.entries(r.components)) {
      expect(c.utilisation, path).toBeGreaterThanOrEqual(0);
      expect(c.utilisation, path).toBeLessThanOrEqual(1 + 1e-9);
    }
    expect(r.components['chip.hbm']!.utilisation).toBeGreaterThan(0);
    expect(r.components['chip.vmem']!.utilisation).toBeGreaterThan(0);
  });
});
