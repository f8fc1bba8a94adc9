import { describe, expect, it } from 'vitest';
import { BRIAN2_BENCH, runBrian2Bench, summarise } from '../../bench/snn-brian2.js';

describe('Brian2 benchmark', () => {
  it('a shortened run gives the clock-driven loop’s spikes, through clock-driven windows, with Brian2’s statistics', () => {
    // 300 neurons (auto windows from 256), 100 inputs at 200 Hz, 30 ms: each edge reaches about 60 % of the neurons.
    const config = { ...BRIAN2_BENCH, inputs: 100, neurons: 300, pConnect: 0.3, rateHz: 200, durationPs: 3e10 };
    const r = runBrian2Bench(config);
    expect(r.first_difference).toBeUndefined();
    expect(r.identical).toBe(true);
    expect(r.output_spikes).toBeGreaterThan(100);
    expect(r.input_spikes).toBeGreaterThan(400);
    // Every neuron on every edge through the clock-driven windows: far more evaluations than inputs received.
    expect(r.evaluations).toBeGreaterThan(150 * 300);
    const s = summarise(200, [r]);
    expect(s.synaptic_events_per_cpu_s).toBeCloseTo(r.synaptic_events / r.cpu_s, -1);
    expect(s.vs_brian2_numpy! / s.vs_brian2_compiled!).toBeCloseTo(82 / 5.5, 6);
  });
});
