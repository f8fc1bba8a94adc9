import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../../api/run.js';
import { defaultSession } from '../../../api/session.js';
import { chooseReader } from '../../../core/index.js';
import { readLayerList, type Layer, type LayersWorkload } from '../../../workloads/layers/index.js';

const bare = (l: Layer) => ({ ...l, loc: undefined });

describe('Timeloop problems as workloads', () => {
  it('a file with top-level problem: is read by the timeloop-problem reader into the layers of the equivalent layer list', () => {
    const problems = 'workloads/examples/timeloop-cnn-small.yaml';
    const session = defaultSession();
    const reader = chooseReader(session, problems);
    expect(reader.format).toBe('timeloop-problem');
    const workload = reader.read(problems) as LayersWorkload;
    const listFile = join(mkdtempSync(join(tmpdir(), 'helen-timeloop-')), 'timeloop-cnn-small.yaml');
    writeFileSync(
      listFile,
      [
        'batch: 1',
        'layers:',
        '  - { name: timeloop-cnn-small, type: conv, input: [32, 32, 3], out_channels: 16, kernel: 3, padding: 1, activation: none }',
        '  - { name: timeloop-cnn-small_2, type: conv, input: [32, 32, 16], out_channels: 32, kernel: 3, padding: 1, activation: none }',
      ].join('\n') + '\n',
    );
    const list = readLayerList(listFile);
    expect(workload.network.batch).toBe(list.batch);
    expect(workload.network.layers.map(bare)).toEqual(list.layers.map(bare));
  });

  it('runs on a ReRAM chip through helen run, one phase per problem', () => {
    const r = runSimulation({
      architecture: 'architectures/isaac-small.yaml',
      workload: 'workloads/examples/timeloop-cnn-small.yaml',
    });
    expect(r.stop.reason).toBe('completed');
    expect(r.phases.map((p) => p.name)).toEqual(['program', 'timeloop-cnn-small', 'timeloop-cnn-small_2']);
    expect(r.phases[1]!.cycles).toBeGreaterThan(0);
  });
});
