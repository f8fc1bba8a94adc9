import { describe, expect, it } from 'vitest';
import { DEFAULT_SNN_BENCH, FINE_GRID_SNN_BENCH, runSnnThroughput } from '../../bench/snn-throughput.js';

// Five times fewer inputs than the headline network: five times the weight keeps the neurons spiking.
const small = { inputs: 20, neurons: 100, durationPs: 2e6, weightMeanMv: 2.5 };

describe('the SNN throughput benchmark', () => {
  it('the headline network has 1000 neurons and 100 000 synapses', () => {
    expect(DEFAULT_SNN_BENCH.neurons).toBe(1000);
    expect(DEFAULT_SNN_BENCH.inputs * DEFAULT_SNN_BENCH.neurons * DEFAULT_SNN_BENCH.pConnect).toBe(100_000);
  });

  it.each([
    ['binned input', { ...DEFAULT_SNN_BENCH, ...small }],
    ['fine input', { ...FINE_GRID_SNN_BENCH, ...small }],
    ['sparse synapses', { ...DEFAULT_SNN_BENCH, ...small, pConnect: 0.3, weightMeanMv: 6 }],
  ])(
    '%s: event-driven and clock-driven evaluation give the same spikes, and SOPs are spikes × synapses per row',
    (_, c) => {
      const r = runSnnThroughput(c);
      expect(r.identical).toBe(true);
      expect(r.output_spikes).toBeGreaterThan(0);
      expect(r.input_spikes).toBeGreaterThan(0);
      if (c.pConnect === 1) expect(r.sops).toBe(r.input_spikes * c.neurons);
      else expect(r.sops).toBeLessThan(r.input_spikes * c.neurons);
      expect(r.clock_driven.evaluations).toBe(r.edges * c.neurons);
      expect(r.event_driven.evaluations).toBeLessThan(r.clock_driven.evaluations);
      expect(r.event_driven.sops_per_s).toBeGreaterThan(0);
    },
  );

  it('same seed ⇒ same network activity; another seed ⇒ another', () => {
    const c = { ...DEFAULT_SNN_BENCH, ...small };
    const a = runSnnThroughput(c),
      b = runSnnThroughput(c),
      d = runSnnThroughput({ ...c, seed: 2 });
    expect([b.input_spikes, b.output_spikes, b.sops]).toEqual([a.input_spikes, a.output_spikes, a.sops]);
    expect([d.input_spikes, d.output_spikes]).not.toEqual([a.input_spikes, a.output_spikes]);
  });
});
