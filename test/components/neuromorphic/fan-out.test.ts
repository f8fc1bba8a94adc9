import { describe, expect, it } from 'vitest';
import type { LifPopulation, SpikeInput, SynapseArray } from '../../../components/neuromorphic/index.js';
import { build, find, problems, tempDir, writeIn } from './yaml-helpers.js';

/** input → w1 → hidden; hidden.out, out[1], out[2] → w2, w3, w4; w2 → o1; w3 and w4 → o2 (in and in[1]). */
const FAN = `name: fan
clock: 1GHz
components:
  snn:
    type: generic.group
    children:
      input: { type: neuromorphic.spike_input, params: { size: 4 } }
      w1: { type: neuromorphic.synapse_array, params: { rows: 4, cols: 3, c_syn_ff: 10, weight_mean_mv: 12, weight_std_mv: 3 } }
      hidden: { type: neuromorphic.lif_population, params: { size: 3, v_th_mv: 5, fanout: 3 } }
      w2: { type: neuromorphic.synapse_array, params: { rows: 3, cols: 2, c_syn_ff: 10, weight_mean_mv: 4, weight_std_mv: 1 } }
      w3: { type: neuromorphic.synapse_array, params: { rows: 3, cols: 2, c_syn_ff: 10, weight_mean_mv: -4, weight_std_mv: 1 } }
      w4: { type: neuromorphic.synapse_array, params: { rows: 3, cols: 2, c_syn_ff: 10, weight_mean_mv: 2, weight_std_mv: 1 } }
      o1: { type: neuromorphic.lif_population, params: { size: 2, v_th_mv: 1000 } }
      o2: { type: neuromorphic.lif_population, params: { size: 2, v_th_mv: 1000, fanin: 2 } }
    connections:
      - { from: input.out, to: w1.pre }
      - { from: w1.post, to: hidden.in }
      - { from: hidden.out, to: w2.pre }
      - { from: "hidden.out[1]", to: w3.pre }
      - { from: "hidden.out[2]", to: w4.pre }
      - { from: w2.post, to: o1.in }
      - { from: w3.post, to: o2.in }
      - { from: w4.post, to: "o2.in[1]" }
`;

describe('fan-out and fan-in of populations', () => {
  it('every out[k] of a population carries every spike to its projection', () => {
    const dir = tempDir();
    const model = build(writeIn(dir, 'fan.yaml', FAN));
    const input = find<SpikeInput>(model, 'snn.input');
    for (let t = 0; t < 5; t++) model.sim.scheduleAt(t * 3000, () => input.emit(Int32Array.from([0, 1, 2, 3])));
    model.sim.run();
    const hidden = find<LifPopulation>(model, 'snn.hidden');
    const [w2, w3, w4] = ['w2', 'w3', 'w4'].map((n) => find<SynapseArray>(model, `snn.${n}`));
    const spikes = hidden.stats.counter('spikes_out').value;
    expect(spikes).toBeGreaterThan(0);
    for (const w of [w2!, w3!, w4!]) expect(w.stats.counter('pre_spikes').value).toBe(spikes);
    expect(find<LifPopulation>(model, 'snn.o1').stats.counter('synaptic_inputs').value).toBeGreaterThan(0);
    expect(find<LifPopulation>(model, 'snn.o2').stats.counter('synaptic_inputs').value).toBeGreaterThan(0);
  });

  it('fan-in: two arrays on in and in[1] act exactly like one array holding their summed weights', () => {
    // Weights on device levels (linear device, 0.5 mV/nS): step = 0.5·(38.5 − 3.08)/96 mV.
    const step = (0.5 * (38.5 - 3.08)) / 96;
    const net = (split: boolean): string => `name: fanin
clock: 1GHz
components:
  snn:
    type: generic.group
    children:
      input: { type: neuromorphic.spike_input, params: { size: 3, fanout: ${split ? 2 : 1} } }
      wa: { type: neuromorphic.synapse_array, params: { rows: 3, cols: 2, c_syn_ff: 10, weight_mean_mv: ${(split ? 30 : 50) * step} } }
${
  split
    ? `      wb: { type: neuromorphic.synapse_array, params: { rows: 3, cols: 2, c_syn_ff: 10, weight_mean_mv: ${20 * step} } }
`
    : ''
}      p: { type: neuromorphic.lif_population, params: { size: 2, v_th_mv: 8, fanin: 2 } }
    connections:
      - { from: input.out, to: wa.pre }
      - { from: wa.post, to: p.in }
${split ? '      - { from: "input.out[1]", to: wb.pre }\n      - { from: wb.post, to: "p.in[1]" }\n' : ''}`;
    const run = (split: boolean) => {
      const model = build(writeIn(tempDir(), 'n.yaml', net(split)));
      const p = find<LifPopulation>(model, 'snn.p');
      p.recordSpikes = true;
      const input = find<SpikeInput>(model, 'snn.input');
      for (const [t, a] of [
        [0, [0, 2]],
        [4000, [1]],
        [9000, [0, 1, 2]],
        [30000, [2]],
      ] as const)
        model.sim.scheduleAt(t, () => input.emit(Int32Array.from(a)));
      model.sim.run();
      return p;
    };
    const one = run(false);
    const two = run(true);
    expect(two.ins.map((q) => q.name)).toEqual(['in', 'in[1]']);
    expect(one.spikeLog.length).toBeGreaterThan(0);
    expect(two.spikeLog).toEqual(one.spikeLog);
    for (let j = 0; j < 2; j++) expect(two.bank.iMv[j]!).toBeCloseTo(one.bank.iMv[j]!, 9);
  });

  it('a port beyond the fanout is a located dangling-connection error naming the ports there are', () => {
    const dir = tempDir();
    const bad = FAN.replace('"hidden.out[2]"', '"hidden.out[3]"');
    const [p] = problems(writeIn(dir, 'fan.yaml', bad));
    expect(p!.code).toBe('E_DANGLING');
    expect(p!.message).toMatch(/no output port "out\[3\]"/);
    expect(p!.location?.line).toBe(20);
  });

  it('without fanout a second link on out is refused, as before', () => {
    const dir = tempDir();
    const bad = FAN.replace('fanout: 3', 'fanout: 1');
    const all = problems(writeIn(dir, 'fan.yaml', bad));
    expect(all.some((p) => p.code === 'E_DANGLING' && /out\[1\]/.test(p.message))).toBe(true);
  });
});
