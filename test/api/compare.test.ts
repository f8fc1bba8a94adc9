import { describe, expect, it } from 'vitest';
import { compareArchitectures } from '../../api/compare.js';
import { RUN_STAGES, type RunStage } from '../../api/run.js';

const STAGES: readonly RunStage[] = RUN_STAGES;

describe('compareArchitectures tells the progress of both runs, A then B', () => {
  it('every stage of A, then every stage of B', () => {
    const seen: string[] = [];
    compareArchitectures('architectures/examples/demo-chip.yaml', 'architectures/examples/demo-chip-fast.yaml', {
      workload: 'workloads/examples/demo-ops.jsonl',
      onProgress: (p, run) => {
        const key = `${run} ${p.stage}`;
        if (seen.at(-1) !== key) seen.push(key);
      },
    });
    expect(seen).toEqual([...STAGES.map((s) => `A ${s}`), ...STAGES.map((s) => `B ${s}`)]);
  });
});
