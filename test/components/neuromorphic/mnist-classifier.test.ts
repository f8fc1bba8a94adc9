import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runSimulation } from '../../../api/run.js';
import { tempFile } from '../../workloads/spikes/helpers.js';

const ARCH = fileURLToPath(new URL('../../../architectures/snn-mnist.yaml', import.meta.url));
const SHIPPED = fileURLToPath(new URL('../../../workloads/examples/mnist-test-spikes.yaml', import.meta.url));
/** The shipped held-out presentation cut to its first 100 digits (balanced: 10 of each class) and a shorter gap. */
const WORKLOAD = tempFile(
  'mnist-100.yaml',
  readFileSync(SHIPPED, 'utf8')
    .replace(/^first: 0$/m, 'first: 0\ncount: 100')
    .replace(/^gap: .*$/m, 'gap: 8ms'),
);

function metrics(
  set: Array<[string, string]> = [],
  onTable?: (rows: (string | number)[][]) => void,
): Record<string, number> {
  const report = runSimulation({ architecture: ARCH, workload: WORKLOAD, overrides: new Map(set) });
  onTable?.(report.workload_summary!.tables!.find((t) => t.id === 'snn_accuracy_by_class')!.rows);
  return Object.fromEntries((report.workload_summary?.metrics ?? []).map((m) => [m.name, m.value]));
}

describe('the trained MNIST classifier (architectures/snn-mnist.yaml) through the simulator', () => {
  let byClass: (string | number)[][] = [];
  const shipped = metrics([], (rows) => (byClass = rows));

  it('classifies held-out digits well above chance on memristor synapses with 2 % variation', () => {
    expect(shipped['accuracy']).toBeGreaterThan(0.8);
    // Per inference: the window's input spikes and their SOPs (10 synapses per input spike).
    expect(shipped['sops_per_inference']).toBeCloseTo(10 * shipped['spikes_in_per_inference']!, 6);
    expect(shipped['spikes_out_per_inference']).toBeGreaterThan(1);
    // The table scores the same windows: 10 of each class, as many right in all as the accuracy says.
    expect(byClass.map((row) => row[1])).toEqual(new Array(10).fill(10));
    expect(byClass.reduce((s, row) => s + (row[2] as number), 0)).toBe(Math.round(100 * shipped['accuracy']!));
    expect(shipped['silent_windows']! + shipped['tied_windows']!).toBeLessThanOrEqual(100 * (1 - shipped['accuracy']!));
  });

  it('loses accuracy when device-to-device variation is raised far enough', () => {
    const noisy = metrics([['snn.w.variation', '0.6']]);
    expect(noisy['accuracy']).toBeLessThan(shipped['accuracy']! - 0.2);
  });
});
