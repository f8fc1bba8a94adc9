import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSweepFile, runSweep, type PointExecutor } from '../../../api/sweep/index.js';
import { HelenError, HelenErrors } from '../../../core/index.js';
import { DEMO_ARCH, DEMO_OPS, tempDir, writeSweep } from './helpers.js';

// A sweep's `name` names its output folder (sweep-results/NAME): it is a file
// name, never a path, so a sweep file cannot make Helen write outside it.

const body = `architecture: ${DEMO_ARCH}\nworkload: ${DEMO_OPS}\ngrid:\n  stages: [3, 4]\nmetrics: [cycles]\n`;

/** An executor that must never be asked to run anything. */
const noRuns: PointExecutor = {
  capacity: 1,
  run: () => Promise.reject(new Error('a refused sweep ran a point')),
  close: () => Promise.resolve(),
};

describe('sweep names', () => {
  it.each([
    ['../../../../elsewhere/x', /it holds a path separator/],
    ['..', /names a folder, not a file/],
    ['a/b', /path separator/],
    ['a\\b', /path separator/],
    ['a\0b', /NUL character/],
    ['/etc', /path separator/],
  ])('name %j is refused at its line and column in the sweep file', (name, why) => {
    // Double-quoted (JSON escapes are YAML escapes); the column is the text's, after the quote.
    const file = writeSweep(tempDir(), `# a sweep\nname: ${JSON.stringify(name)}\n${body}`);
    let caught: unknown;
    try {
      loadSweepFile(file);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(HelenError);
    const problems = caught instanceof HelenErrors ? caught.problems : [caught as HelenError];
    expect(problems).toHaveLength(1);
    expect(problems[0]!.code).toBe('E_VALUE');
    expect(problems[0]!.location).toMatchObject({ file, line: 2, column: 8 });
    expect(problems[0]!.message).toMatch(/^name ".*" cannot name the output folder: /);
    expect(problems[0]!.message).toMatch(why);
  });

  it('a plain name is kept', () => {
    expect(loadSweepFile(writeSweep(tempDir(), `name: adc-sweep.v2\n${body}`)).name).toBe('adc-sweep.v2');
  });

  it('name: ../../../../elsewhere/x writes nothing outside the output folder', async () => {
    const root = tempDir();
    const cwd = join(root, 'a', 'b', 'c', 'd');
    mkdirSync(cwd, { recursive: true });
    const file = writeSweep(cwd, `name: ../../../../elsewhere/x\n${body}`);
    await expect(
      runSweep({ sweepFile: file, outDir: (spec) => join(cwd, 'sweep-results', spec.name), executor: noRuns }),
    ).rejects.toThrowError(/name "\.\.\/\.\.\/\.\.\/\.\.\/elsewhere\/x" cannot name the output folder/);
    expect(existsSync(join(root, 'elsewhere'))).toBe(false);
    expect(readdirSync(root)).toEqual(['a']);
    expect(readdirSync(cwd)).toEqual(['sweep.yaml']);
  });
});
