import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HelenError } from '../../../core/index.js';
import { runSimulation } from '../../../api/run.js';
import { summariseSnn } from '../../../components/neuromorphic/index.js';
import { errorOf } from '../../support/helen-error.js';

const ARCH = 'architectures/snn-small.yaml';
const SPIKES = 'workloads/examples/spikes-small.csv';
const dir = mkdtempSync(join(tmpdir(), 'helen-aer-'));

function csv(name: string, text: string): string {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
}

const runError = (workload: string): HelenError => errorOf(() => runSimulation({ architecture: ARCH, workload }));

describe('AER CSV spike recordings', () => {
  it('runs the example through snn-small and accounts every input spike and synaptic operation', () => {
    const r = runSimulation({ architecture: ARCH, workload: SPIKES });
    const s = summariseSnn(r);
    const lines = 96;
    expect(r.stop.reason).toBe('completed');
    expect(s.spikes_in).toBe(lines);
    // w1 is all to all, 8 columns: every input spike is 8 SOPs; w2 adds 4 per hidden spike.
    const hidden = r.components['snn.hidden']!.counters['spikes_out']!;
    expect(s.sops).toBe(lines * 8 + hidden * 4);
    expect(s.spikes_out).toBe(hidden + r.components['snn.output']!.counters['spikes_out']!);
    expect(s.energy_per_sop_pj).toBeCloseTo(r.energy_pj / s.sops, 12);
    const again = runSimulation({ architecture: ARCH, workload: SPIKES });
    expect(again.components).toEqual(r.components);
  });

  it('round trip: every event of a recording reaches the input, same-time events as one batch', () => {
    const f = csv('rt.csv', 't_us,address\n0,3\n0,5\n0.001,3\n\n# a comment\n0.0015, 15\n');
    const r = runSimulation({ architecture: ARCH, workload: f });
    expect(r.components['snn.input']!.counters['spikes_in']).toBe(4);
    expect(r.components['snn.input']!.counters['out.sent']).toBe(3);
    expect(r.components['snn.w1']!.counters['sops']).toBe(32);
  });

  it('adaptive and hard reset give different spike trains on the same recording', () => {
    const a = runSimulation({ architecture: ARCH, workload: SPIKES });
    const h = runSimulation({
      architecture: ARCH,
      workload: SPIKES,
      overrides: new Map([
        ['snn.hidden.reset', 'hard'],
        ['snn.output.reset', 'hard'],
      ]),
    });
    expect(h.components['snn.hidden']!.counters).not.toEqual(a.components['snn.hidden']!.counters);
  });

  it.each([
    ['bad-time.csv', 't_us,address\n0,1\nabc,2\n', 3, 1, /t_us must be/],
    ['bad-addr.csv', 't_us,address\n0,1\n1,x\n', 3, 3, /address must be/],
    ['range.csv', 't_us,address\n0,16\n', 2, 3, /outside snn.input/],
    ['back.csv', 't_us,address\n2,1\n1,2\n', 3, 1, /back in time/],
    ['fields.csv', 't_us,address\n1,2,3\n', 2, 1, /two fields/],
  ])('%s gives a located error', (name, text, line, column, message) => {
    const e = runError(csv(name, text));
    expect(e.code).toBe('E_WORKLOAD');
    expect(e.location).toMatchObject({ line, column });
    expect(e.location?.file).toContain(name);
    expect(e.message).toMatch(message);
  });

  it('publishes membrane voltages as real signals only to listeners', () => {
    const seen: Array<{ component: string; value: unknown }> = [];
    let declaredReal = 0;
    runSimulation({
      architecture: ARCH,
      workload: SPIKES,
      onModel: (m) => {
        declaredReal = m.sim.trace.declarations().filter((d) => d.signal === 'v_mem' && d.kind === 'real').length;
        m.sim.trace.subscribe('signal', (s) => {
          if (s.signal === 'v_mem') seen.push({ component: s.component, value: s.value });
        });
      },
    });
    expect(declaredReal).toBe(8 + 4);
    expect(seen.length).toBeGreaterThan(0);
    expect(
      seen.every((s) => typeof s.value === 'number' && /^snn\.(hidden|output)\.neuron\[\d+\]$/.test(s.component)),
    ).toBe(true);
  });
});
