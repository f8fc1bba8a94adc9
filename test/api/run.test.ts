import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RUN_STAGES, runSimulation, type RunProgress, type RunStage } from '../../api/run.js';
import { errorOf } from '../support/helen-error.js';

const STAGES: readonly RunStage[] = RUN_STAGES;

/** The stages in the order first told, and every update. */
function told(updates: RunProgress[]): RunStage[] {
  return [...new Set(updates.map((u) => u.stage))];
}

describe('runSimulation tells its progress from the first stage, not only while simulating', () => {
  it.each([
    {
      name: 'an op trace on the demo chip with 2,000 processing units',
      architecture: 'architectures/examples/demo-chip.yaml',
      workload: 'workloads/examples/demo-ops.jsonl',
      overrides: new Map([['stages', '2000']]),
      elaborating: '2,002 instances',
    },
    {
      name: 'a CNN on a ReRAM chip whose value checks prepare the workload',
      architecture: 'architectures/isaac-small.yaml',
      workload: 'workloads/examples/cnn-small.yaml',
      elaborating: '419 instances',
      preparing: /^checking values of conv1$/,
    },
  ])('$name', ({ architecture, workload, overrides, elaborating, preparing }) => {
    const updates: RunProgress[] = [];
    runSimulation({ architecture, workload, ...(overrides ? { overrides } : {}), onProgress: (p) => updates.push(p) });
    expect(told(updates)).toEqual(STAGES);
    // Stages never go back, and nothing but the simulation reports simulated time.
    const order = updates.map((u) => STAGES.indexOf(u.stage));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    for (const u of updates.filter((x) => x.stage !== 'simulating')) expect([u.nowPs, u.events]).toEqual([0, 0]);
    expect(updates[0]).toMatchObject({ stage: 'reading workload', detail: workload.split('/').pop() });
    expect(updates.find((u) => u.stage === 'loading architecture')?.detail).toBe(architecture.split('/').pop());
    const elab = updates.filter((u) => u.stage === 'elaborating');
    expect(elab[0]!.detail).toBe(elaborating);
    expect(elab.at(-1)!.fraction).toBe(1);
    if (preparing)
      expect(updates.some((u) => u.stage === 'preparing workload' && preparing.test(u.detail ?? ''))).toBe(true);
  });
});

describe('a time beyond the exact range raised inside the simulation names the workload record', () => {
  // pe[1] takes 5·10^12 cycles (5·10^15 ps) to consume each message: the second ends past 2^53 ps,
  // inside an event of pe[1], long after the line that sent the messages was issued.
  const overrides = new Map([['chip.pe[1].cycles_per_message', '5000000000000']]);
  it.each([
    ['the one operation running', ['{"to":"chip.pe[0]","op":"send","bytes":64,"count":3}'], 1],
    [
      'the workload file when several operations run',
      [
        '{"to":"chip.pe[0]","op":"send","bytes":64,"count":3}',
        '{"to":"chip.pe[2]","op":"compute","cycles":8000000000000}',
      ],
      undefined,
    ],
  ])('%s', (_name, lines, line) => {
    const file = join(mkdtempSync(join(tmpdir(), 'helen-run-overflow-')), 'ops.jsonl');
    writeFileSync(file, lines.join('\n') + '\n');
    const e = errorOf(() =>
      runSimulation({ architecture: 'architectures/examples/demo-chip.yaml', workload: file, overrides }),
    );
    expect(e.code).toBe('E_TIME_OVERFLOW');
    expect(e.location).toEqual(line === undefined ? { file } : { file, line });
    expect(e.message).toMatch(/beyond the exact time range of 2\^53 ps/);
  });
});
