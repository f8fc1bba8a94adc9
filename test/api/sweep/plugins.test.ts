import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultSession } from '../../../api/session.js';
import { loadSweepFile, LocalPool, runSweep, sweepPoints } from '../../../api/sweep/index.js';
import { demoSweep, requireBuild, ROOT, tempDir } from './helpers.js';

const TOY = join(ROOT, 'test/fixtures/plugins/toy.js');

describe('plug-ins in sweeps', () => {
  beforeAll(requireBuild);

  it('pool threads load the plug-ins they are given from their modules', async () => {
    const { tasks } = sweepPoints(loadSweepFile(join(ROOT, 'test/fixtures/plugins/toy-sweep.yaml')));
    const equipped = new LocalPool({ workers: 1, plugins: [{ name: 'helen-toy', source: TOY }] });
    const bare = new LocalPool({ workers: 1 });
    const misnamed = new LocalPool({ workers: 1, plugins: [{ name: 'helen-toy-renamed', source: TOY }] });
    try {
      expect((await equipped.run(tasks[1]!)).metrics).toEqual({
        cycles: 14,
        energy_pj: 10.5,
        'components.counter.counters.ticks': 7,
      });
      expect((await bare.run(tasks[1]!)).error).toMatch(/no reader takes \.toy files/);
      const row = await misnamed.run(tasks[1]!);
      expect([row.status, row.error_code, row.error]).toEqual([
        'error',
        'E_PLUGIN',
        `${TOY} no longer provides plug-in "helen-toy-renamed" [E_PLUGIN]`,
      ]);
    } finally {
      await Promise.all([equipped.close(), bare.close(), misnamed.close()]);
    }
  });

  it('a plug-in added without its module cannot reach the threads: said before any point runs', async () => {
    const session = defaultSession().use({ name: 'made-in-a-script', register: () => {} });
    const dir = tempDir();
    await expect(runSweep({ sweepFile: demoSweep(dir), outDir: join(dir, 'out'), session })).rejects.toMatchObject({
      code: 'E_PLUGIN',
      message: expect.stringContaining('plug-in "made-in-a-script" was added without the module it comes from'),
    });
  });
});
