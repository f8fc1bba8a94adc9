import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { helen } from '../support/cli.js';
import { defaultSession } from '../../api/session.js';
import { formatsDoc } from '../../cli/commands/list.js';

const STACK = /\n\s+at .+:\d+:\d+/;

describe('SCALE-Sim .cfg files on the command line', () => {
  beforeAll(() => {
    if (!existsSync('dist/cli/main.js')) throw new Error('dist/ is missing: the test command builds first (npm test)');
  });

  it('export --scalesim-cfg writes the array of a YAML architecture, with --set applied', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'helen-export-')), 'out.cfg');
    const r = helen(
      'export',
      'architectures/systolic-os-32.yaml',
      '--scalesim-cfg',
      out,
      '--set',
      'chip.array.rows=16',
    );
    expect(r.code).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toMatch(/^ArrayHeight : 16$/m);
    expect(text).toMatch(/^Dataflow : os$/m);
  });

  it('run on a .cfg lists the keys it does not model in the summary', () => {
    const run = helen('run', 'architectures/examples/scalesim-os-32.cfg', 'workloads/examples/scalesim-gemm.csv');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'not modelled (architecture file):\n  architectures/examples/scalesim-os-32.cfg:12:1: IfmapSramSzkB = 64',
    );
  });

  it('a malformed .cfg is a located error without a stack trace', () => {
    const bad = join(mkdtempSync(join(tmpdir(), 'helen-cfg-')), 'bad.cfg');
    writeFileSync(
      bad,
      readFileSync('architectures/examples/scalesim-os-32.cfg', 'utf8').replace('Dataflow : os', 'Dataflow : rs'),
    );
    const r = helen('run', bad, 'workloads/examples/scalesim-gemm.csv');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `${bad}:19:12: architecture_presets.Dataflow: "Dataflow" must be os, ws, is (lower case, no comment on the line), got "rs" [E_CONFIG]\n`,
    );
    expect(r.stderr).not.toMatch(STACK);
  });

  it('list --formats names the .cfg architecture format, its plug-in, and that it can be written', () => {
    expect(formatsDoc(defaultSession()).architectures).toEqual([
      {
        format: 'scalesim-cfg',
        extensions: ['.cfg'],
        writes: true,
        plugin: 'helen-systolic',
        description: expect.stringMatching(/^SCALE-Sim v2 configuration/),
      },
    ]);
  });
});
