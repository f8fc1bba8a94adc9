import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../api/run.js';
import { SpikeOutputs } from '../../api/spikes.js';
import { errorOf } from '../support/helen-error.js';

const dir = mkdtempSync(join(tmpdir(), 'helen-api-spikes-'));

describe('spike and weight outputs through declared output files', () => {
  it('a model none of whose types writes an output is an error naming the option, and leaves no file', () => {
    const arch = join(dir, 'input-only.yaml');
    writeFileSync(
      arch,
      'name: input-only\nclock: 1GHz\ncomponents:\n  input:\n    type: neuromorphic.spike_input\n    params: { size: 16 }\n',
    );
    const outputs = new SpikeOutputs({ spikesOut: join(dir, 's.csv'), dumpWeights: join(dir, 'w.csv') });
    const e = errorOf(() =>
      runSimulation({ architecture: arch, workload: 'workloads/examples/spikes-small.csv', onModel: outputs.onModel }),
    );
    outputs.abort();
    expect(e.code).toBe('E_USAGE');
    expect(e.message).toMatch(/--spikes-out: nothing in input-only writes "spikes"/);
    expect(existsSync(join(dir, 's.csv')) || existsSync(join(dir, 'w.csv'))).toBe(false);
  });

  it('asking for nothing opens nothing', () => {
    const outputs = new SpikeOutputs({});
    expect(outputs.wanted).toBe(false);
    runSimulation({
      architecture: 'architectures/snn-small.yaml',
      workload: 'workloads/examples/spikes-small.csv',
      onModel: outputs.onModel,
    });
    outputs.commit();
    expect(outputs.spikesWritten).toBe(0);
  });
});
