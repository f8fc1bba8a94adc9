import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultSession } from '../../../../api/session.js';
import { runSimulation } from '../../../../api/run.js';
import { chooseDriver, elaborate, loadArchitecture, type Component } from '../../../../core/index.js';
import { aerCsvReader } from '../../../../workloads/spikes/index.js';
import { errorOf } from '../../../support/helen-error.js';

const dir = mkdtempSync(join(tmpdir(), 'helen-snn-driver-'));
const SPIKES = 'workloads/examples/spikes-small.csv';

/** An architecture file of neuromorphic components only. */
function arch(name: string, components: string): string {
  const f = join(dir, `${name}.yaml`);
  writeFileSync(f, `name: ${name}\nclock: 1GHz\ncomponents:\n${components}`);
  return f;
}

const session = defaultSession();
const model = (file: string, seed = 1) =>
  elaborate(loadArchitecture(file, { registry: session.registry }), { registry: session.registry, seed });

describe('the snn-spikes driver', () => {
  it('runs a spike stream on a model with a spike input, and only there', () => {
    const w = aerCsvReader.read(SPIKES);
    expect(chooseDriver(session, w, model('architectures/snn-small.yaml')).name).toBe('snn-spikes');
    const none = arch('no-input', '  pop:\n    type: neuromorphic.lif_population\n    params: { size: 4 }\n');
    const e = errorOf(() => runSimulation({ architecture: none, workload: SPIKES }));
    expect(e.code).toBe('E_DRIVER');
    expect(e.message).toMatch(/nothing in no-input can run a spikes workload: snn-spikes/);
  });

  it('a model with two spike inputs is refused, naming both', () => {
    const two = arch(
      'two-inputs',
      '  a:\n    type: neuromorphic.spike_input\n    params: { size: 16 }\n  b:\n    type: neuromorphic.spike_input\n    params: { size: 16 }\n',
    );
    const e = errorOf(() => runSimulation({ architecture: two, workload: SPIKES }));
    expect(e.message).toMatch(/exactly one neuromorphic.spike_input; two-inputs found 2: a, b/);
  });

  it('every neuromorphic type declares exactly the statistics its instances create', () => {
    for (const file of [
      'architectures/snn-small.yaml',
      'architectures/snn-memristor.yaml',
      'architectures/snn-temporal.yaml',
    ]) {
      const m = model(file);
      for (const c of m.sim.components as Component[]) {
        if (!c.type.startsWith('neuromorphic.')) continue;
        const declared = Object.keys(session.registry.require(c.type).statistics ?? {});
        // Link counters (`out.sent`, …) belong to the ports; per-neuron counters are declared once as `spikes[j]`.
        const created = [
          ...new Set(
            [...c.stats.counters.keys()].filter((n) => !n.includes('.')).map((n) => n.replace(/\[\d+\]$/, '[j]')),
          ),
        ];
        expect(
          created.every((n) => declared.includes(n)),
          `${file} ${c.path}: ${created.join(', ')} vs ${declared.join(', ')}`,
        ).toBe(true);
        expect(
          declared.filter((n) => n !== 'spikes[j]').every((n) => created.includes(n)),
          `${c.path}`,
        ).toBe(true);
      }
    }
  });

  it('per-neuron counters are declared by their pattern', () => {
    const m = model('architectures/snn-small.yaml');
    const pop = (m.sim.components as Component[]).find((c) => c.type === 'neuromorphic.lif_population')!;
    expect(Object.keys(pop.declaration?.statistics ?? {})).toContain('spikes[j]');
  });
});
