import { chooseDriver, chooseReader } from '../../../../core/index.js';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorOf } from '../../../support/helen-error.js';
import { runSimulation } from '../../../../api/run.js';
import { defaultSession } from '../../../../api/session.js';
import { elaborate, loadArchitecture } from '../../../../core/index.js';
import { closedFormMacs, DECONV_MAPPINGS } from '../../../../components/reram/deconv/shape.js';
import { DeconvLayerDriver, layerShape } from '../../../../components/reram/deconv/driver.js';
import { readLayerList, type DeconvLayer } from '../../../../workloads/layers/layer-list.js';

const SMALL = 'test/components/reram/fixtures/deconv-small.yaml';
const ARCH = {
  zero_insertion: 'architectures/zero-insertion.yaml',
  padding_free: 'architectures/padding-free.yaml',
  red: 'architectures/red.yaml',
} as const;
// A 4-tile chip keeps elaboration fast; every small layer fits on it.
const SMALL_CHIP = new Map([['tiles', '4']]);

const formatted = (f: () => unknown): string => errorOf(f).format();

function driverFor(arch: string, file: string) {
  const session = defaultSession();
  const model = elaborate(loadArchitecture(arch, { registry: session.registry }), {
    registry: session.registry,
    seed: 1,
    overrides: SMALL_CHIP,
  });
  return new DeconvLayerDriver(readLayerList(file), model, file);
}

describe('deconv layers in layer lists', () => {
  it('reports a bad output_padding, an unknown key and too much padding at their file, line and column', () => {
    expect(formatted(() => readLayerList('test/components/reram/fixtures/deconv-bad-opad.yaml'))).toMatch(
      /deconv-bad-opad\.yaml:3:104: layers\[0\]\.output_padding: "output_padding" must be smaller than the stride \(2\), got 2/,
    );
    expect(formatted(() => readLayerList('test/components/reram/fixtures/deconv-bad-key.yaml'))).toMatch(
      /deconv-bad-key\.yaml:3:88: layers\[0\]\.dilation: unknown key "dilation" for a deconv layer/,
    );
    expect(formatted(() => readLayerList('test/components/reram/fixtures/deconv-bad-padding.yaml'))).toMatch(
      /deconv-bad-padding\.yaml:4:16: layers\[0\]\.padding: "padding" must be at most kernel − 1 = 2/,
    );
  });

  it('deconv and conv lists are both read by the layer-list reader; the model picks the driver: reram-deconv on red, reram-layers on isaac-small', () => {
    const s = defaultSession();
    expect(chooseReader(s, SMALL).format).toBe('layer-list');
    expect(chooseReader(s, 'workloads/examples/cnn-small.yaml').format).toBe('layer-list');
    const workload = chooseReader(s, SMALL).read(SMALL);
    const model = (arch: string, overrides = new Map<string, string>()) =>
      elaborate(loadArchitecture(arch, { registry: s.registry }), { registry: s.registry, seed: 1, overrides });
    expect(chooseDriver(s, workload, model(ARCH.red, SMALL_CHIP)).name).toBe('reram-deconv');
    expect(chooseDriver(s, workload, model('architectures/isaac-small.yaml')).name).toBe('reram-layers');
    // A systolic array takes layer lists through its own driver; a chip with neither names every candidate.
    expect(chooseDriver(s, workload, model('architectures/systolic-os-32.yaml')).name).toBe('systolic-layers');
    expect(formatted(() => chooseDriver(s, workload, model('architectures/examples/demo-chip.yaml')))).toMatch(
      /nothing in .* can run a layers workload: .*reram-layers .*reram-deconv.*systolic-layers/,
    );
    // The two exclude each other (a reram.deconv_controller decides), so a second driver that fits is what makes a model ambiguous: the error names both.
    const both = defaultSession().use({
      name: 'test-layers',
      register: (t) =>
        t.addDriver({
          name: 'any-layers',
          description: 'fits anything',
          accepts: 'layers',
          fits: () => true,
          open: () => {
            throw new Error('not opened');
          },
        }),
    });
    expect(formatted(() => chooseDriver(both, workload, model(ARCH.red, SMALL_CHIP)))).toMatch(
      /both "reram-deconv" \(helen-reram\) and "any-layers" \(test-layers\) could run this layers workload/,
    );
  });

  it('an architecture without a reram.deconv_controller is refused, naming the missing component', () => {
    expect(formatted(() => runSimulation({ architecture: 'architectures/isaac-small.yaml', workload: SMALL }))).toMatch(
      /needs exactly one reram\.deconv_controller/,
    );
  });

  it('for every mapping, the mvm operations the driver issues multiply exactly the closed-form MAC count of each layer', () => {
    const layers = readLayerList(SMALL).layers as DeconvLayer[];
    for (const m of DECONV_MAPPINGS) {
      const d = driverFor(ARCH[m], SMALL);
      d.phasesOps.forEach((phase, i) => {
        const macs = phase.ops
          .filter((o) => o.name === 'mvm')
          .reduce(
            (a, o) => a + (o.args['rows'] as number) * (o.args['cols'] as number) * (o.args['count'] as number),
            0,
          );
        expect(macs, `${m} ${phase.name}`).toBe(closedFormMacs(layerShape(layers[i]!), m));
      });
    }
  });

  it('runs every mapping to completion, one phase per layer; RED beats zero insertion in time and energy on every strided layer', () => {
    const runs = Object.fromEntries(
      DECONV_MAPPINGS.map((m) => [m, runSimulation({ architecture: ARCH[m], workload: SMALL, overrides: SMALL_CHIP })]),
    );
    for (const m of DECONV_MAPPINGS) {
      expect(runs[m]!.stop.reason).toBe('completed');
      expect(runs[m]!.phases.map((p) => p.name)).toEqual(['s1', 's2', 's2odd', 's4']);
    }
    for (const i of [1, 2, 3]) {
      expect(runs.red!.phases[i]!.time_ps).toBeLessThan(runs.zero_insertion!.phases[i]!.time_ps);
      expect(runs.red!.phases[i]!.energy_pj).toBeLessThan(runs.zero_insertion!.phases[i]!.energy_pj);
    }
    // The units each mapping adds are the ones that work: RED's buffer, padding-free's overlap adders.
    const energyOf = (r: (typeof runs)[string], name: string) =>
      Object.entries(r!.components)
        .filter(([path]) => path.endsWith(`.${name}`))
        .reduce((a, [, c]) => a + c.energy_pj, 0);
    expect(energyOf(runs.red, 'zsb')).toBeGreaterThan(0);
    expect(energyOf(runs.padding_free, 'ola')).toBeGreaterThan(0);
  });

  it('a zero-skip buffer too small for the line buffer loses input reuse: RED then reads more from eDRAM and spends more energy', () => {
    const big = runSimulation({ architecture: ARCH.red, workload: SMALL, overrides: SMALL_CHIP });
    const tiny = runSimulation({
      architecture: ARCH.red,
      workload: SMALL,
      overrides: new Map([...SMALL_CHIP, ['zsb_bytes', '16B']]),
    });
    const edram = (r: typeof big) =>
      Object.entries(r.components)
        .filter(([path]) => path.endsWith('.edram'))
        .reduce((a, [, c]) => a + c.energy_pj, 0);
    expect(edram(tiny)).toBeGreaterThan(edram(big));
    expect(tiny.energy_pj).toBeGreaterThan(big.energy_pj);
  });

  it('the driver is deterministic: two runs give identical phases', () => {
    const a = runSimulation({ architecture: ARCH.red, workload: SMALL, overrides: SMALL_CHIP });
    const b = runSimulation({ architecture: ARCH.red, workload: SMALL, overrides: SMALL_CHIP });
    expect(b.phases).toEqual(a.phases);
  });
});

describe('the RED study command', () => {
  it('its per-layer speed-ups and energy reductions are exactly those `helen compare --json` prints', async () => {
    if (!existsSync('dist/cli/main.js')) throw new Error('dist/ is missing: build first (npm run build)');
    const { redStudy, studyMarkdown } = await import('../../../../bench/red-study.js');
    const rows = redStudy([SMALL]);
    const cli = spawnSync(
      process.execPath,
      ['bin/helen.js', 'compare', ARCH.zero_insertion, ARCH.red, SMALL, '--json'],
      { encoding: 'utf8' },
    );
    expect(cli.status, cli.stderr).toBe(0);
    const phases = (JSON.parse(cli.stdout) as { phases: { name: string; speedup: number; energy_reduction: number }[] })
      .phases;
    expect(rows.map((r) => r.layer)).toEqual(phases.map((p) => p.name));
    rows.forEach((r, i) => {
      expect(r.speedup).toBe(phases[i]!.speedup);
      expect(r.energyReduction).toBe(phases[i]!.energy_reduction);
    });
    const md = studyMarkdown(rows);
    const lo = Math.min(...rows.map((r) => r.speedup));
    expect(md).toContain(`${lo.toFixed(2)}×`);
    expect(md).toContain('3.69× – 31.15×');
  });
});
