import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultSession } from '../../../api/session.js';
import { runSweep } from '../../../api/sweep/index.js';
import { DEMO_OPS, requireBuild, ROOT, tempDir, writeSweep } from './helpers.js';

// A sweep's points run in worker threads with sessions of their own: the
// folders the submitter allowed (--allow-dir) travel with each point, or an
// architecture that includes a shared part could be submitted but never run.

describe('sweeps and --allow-dir', () => {
  beforeAll(requireBuild);

  it('an include from an allowed folder outside the architecture is refused without the folder and runs in the pool threads with it', async () => {
    const dir = tempDir();
    const shared = join(dir, 'shared');
    mkdirSync(shared);
    mkdirSync(join(dir, 'arch'));
    copyFileSync(join(ROOT, 'architectures/examples/parts/pe.yaml'), join(shared, 'pe.yaml'));
    const demo = readFileSync(join(ROOT, 'architectures/examples/demo-chip.yaml'), 'utf8');
    expect(demo).toContain('include: parts/pe.yaml');
    writeFileSync(
      join(dir, 'arch/demo.yaml'),
      demo.replace('include: parts/pe.yaml', `include: ${join(shared, 'pe.yaml')}`),
    );
    const file = writeSweep(
      dir,
      `name: shared\narchitecture: arch/demo.yaml\nworkload: ${DEMO_OPS}\ngrid:\n  stages: [3, 4]\nmetrics: [cycles]\n`,
    );
    await expect(runSweep({ sweepFile: file, outDir: join(dir, 'refused'), workers: 1 })).rejects.toThrowError(
      /include ".*pe\.yaml" leaves the architecture's folder/,
    );
    const session = defaultSession().allowDir(shared);
    const outcome = await runSweep({ sweepFile: file, outDir: join(dir, 'out'), workers: 1, session });
    expect(outcome.rows.map((r) => [r.status, r.error ?? '', r.params['stages']])).toEqual([
      ['ok', '', 3],
      ['ok', '', 4],
    ]);
    expect(outcome.rows[0]!.metrics['cycles']).toBe(114);
  });
});
