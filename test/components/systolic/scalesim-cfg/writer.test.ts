import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorOf } from '../../../support/helen-error.js';
import { exportScalesimCfg } from '../../../../api/export-architecture.js';
import { runSimulation } from '../../../../api/run.js';
import { scalesimConfigFromText } from '../../../../components/systolic/index.js';

const CFG = 'architectures/examples/scalesim-os-32.cfg';
const GEMM = 'workloads/examples/scalesim-gemm.csv';

/** Every value a configuration gives: the modelled ones and each not-modelled key with its value. */
function values(text: string) {
  const c = scalesimConfigFromText(text, 'x.cfg');
  return {
    runName: c.runName,
    rows: c.rows,
    cols: c.cols,
    dataflow: c.dataflow,
    others: c.notes.map((n) => [n.key, n.value]),
  };
}

function tempFile(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'helen-cfg-')), name);
  writeFileSync(file, text);
  return file;
}

describe('systolicToScalesimCfg (helen export --scalesim-cfg)', () => {
  it('cfg → Helen → cfg gives back every value, the ones Helen does not model too', () => {
    const original = readFileSync(CFG, 'utf8');
    const written = exportScalesimCfg({ architecture: CFG });
    expect(values(written)).toEqual(values(original));
    // A different configuration (non-square, ws, other sizes, no MemoryBanks) comes back unchanged as well.
    const eyeriss = original
      .replace('ArrayHeight:    32', 'ArrayHeight: 12')
      .replace('ArrayWidth:     32', 'ArrayWidth: 14')
      .replace('Dataflow : os', 'Dataflow : ws')
      .replace(/IfmapSramSzkB: +64/, 'IfmapSramSzkB: 36')
      .replace(/MemoryBanks: +1\n/, '');
    const file = tempFile('eyeriss.cfg', eyeriss);
    expect(values(exportScalesimCfg({ architecture: file }))).toEqual(values(eyeriss));
    expect(values(eyeriss)).toMatchObject({ rows: 12, cols: 14, dataflow: 'ws' });
  });

  it('YAML → cfg → Helen gives the same cycles, per layer, in each dataflow', () => {
    for (const dataflow of ['os', 'ws', 'is']) {
      const overrides = new Map([['chip.array.dataflow', dataflow]]);
      const yaml = runSimulation({ architecture: 'architectures/systolic-os-32.yaml', workload: GEMM, overrides });
      const cfg = tempFile(
        'from-yaml.cfg',
        exportScalesimCfg({ architecture: 'architectures/systolic-os-32.yaml', overrides }),
      );
      expect(values(readFileSync(cfg, 'utf8'))).toMatchObject({
        runName: 'systolic-os-32',
        rows: 32,
        cols: 32,
        dataflow,
      });
      const back = runSimulation({ architecture: cfg, workload: GEMM });
      expect(back.phases.map((p) => p.cycles)).toEqual(yaml.phases.map((p) => p.cycles));
    }
  });

  it('writes SCALE-Sim’s defaults for the keys it requires that a YAML architecture does not give', () => {
    const written = exportScalesimCfg({ architecture: 'architectures/systolic-os-32.yaml' });
    expect(values(written).others).toEqual([
      ['IfmapSramSzkB', '256'],
      ['FilterSramSzkB', '256'],
      ['OfmapSramSzkB', '128'],
      ['IfmapOffset', '0'],
      ['FilterOffset', '10000000'],
      ['OfmapOffset', '20000000'],
      ['Bandwidth', '10'],
    ]);
    expect(written).toMatch(/\[run_presets\]\nInterfaceBandwidth : CALC\n$/);
  });

  it.each([
    [
      'architectures/llm-accelerator.yaml',
      /^architectures\/llm-accelerator\.yaml: a SCALE-Sim configuration describes one systolic array; llm-accelerator has 8: chip\.mxu\[0\], .* \[E_EXPORT\]$/,
    ],
    [
      'architectures/examples/demo-chip.yaml',
      /^architectures\/examples\/demo-chip\.yaml: .*demo-chip has none \(systolic\.array components\) \[E_EXPORT\]$/,
    ],
  ])('refuses %s, which has no single systolic array', (architecture, expected) => {
    expect(errorOf(() => exportScalesimCfg({ architecture })).format()).toMatch(expected);
  });
});
