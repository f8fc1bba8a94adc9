import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { Clock, Component, Rng, Simulator, connect } from '../../../core/index.js';
import {
  drawPattern,
  aerCsvToEdges,
  lifPopulation,
  realisedWeights,
  runLayer,
  spikeEdges,
  spikeInput,
  synapseArray,
  edgesToAerCsv,
  trainAssociation,
  vanRossumPopulation,
  type LifPopulation,
  type SpikeInput,
  type SynapseArray,
} from '../../../components/neuromorphic/index.js';
import { make } from './network-helpers.js';
import { build, find } from './yaml-helpers.js';

const RESETS = ['adaptive', 'hard', 'subtract'] as const;

describe("the surrogate-gradient trainer runs the simulator's own discrete model", () => {
  it("property: runLayer gives the simulator's spikes, edge for edge, with the weights the array realises", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e6 }),
        fc.constantFrom(...RESETS),
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 4 }), { minLength: 6, maxLength: 6 }),
        (seed, reset, delay, raw) => {
          const inputs = 6;
          const outputs = 3;
          const sim = new Simulator({ seed });
          const root = new Component(sim, 'net', { clock: Clock.fromPeriodPs('main', 1000) });
          const input = make<SpikeInput>(spikeInput, root, 'input', { size: inputs });
          const w = make<SynapseArray>(synapseArray, root, 'w', {
            rows: inputs,
            cols: outputs,
            c_syn_ff: 5,
            weight_mean_mv: 6,
            weight_std_mv: 8,
            delay_cycles: delay,
            nonlinearity_a: 30,
          });
          const neuron = {
            tau_mem: 8000,
            tau_syn: 2000,
            tau_adapt: 10_000,
            v_th_mv: 10,
            delta_theta_mv: 4,
            reset,
            v_reset_mv: -2,
          };
          const pop = make<LifPopulation>(lifPopulation, root, 'p', { size: outputs, ...neuron });
          connect(input.out, w.pre);
          connect(w.post, pop.in);
          const produced: number[][] = [[], [], []];
          pop.addSpikeListener((cycle, ns) => ns.forEach((j) => produced[j]!.push(cycle)));
          const trains = raw.map((es) => [...new Set(es)].sort((a, b) => a - b));
          const byEdge = new Map<number, number[]>();
          trains.forEach((es, i) => es.forEach((e) => byEdge.set(e, [...(byEdge.get(e) ?? []), i])));
          for (const [e, srcs] of byEdge)
            sim.scheduleAt(e * 1000, () => input.emit(Int32Array.from(srcs.sort((a, b) => a - b))));
          sim.run();
          const realised = realisedWeights(w.targetWeightsMv, w.device, w.mvPerNs);
          expect([...realised]).toEqual([...w.effectiveWeightsMv]);
          const edges = 200;
          const trace = runLayer(
            { inputs, outputs, edges },
            pop.constants,
            realised,
            trains.map((es) => es.map((e) => e + delay)),
          );
          for (let j = 0; j < outputs; j++)
            expect(spikeEdges(trace, j, edges)).toEqual(produced[j]!.filter((c) => c < edges));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('training lowers the van Rossum distance, and the same initialisation gives the same weights', () => {
    const pattern = drawPattern({
      inputs: 12,
      outputs: 2,
      inputWindowEdges: 60,
      spikesPerInput: 3,
      targetFromEdges: 10,
      targetToEdges: 60,
      spikesPerOutput: 3,
      minGapEdges: 4,
      seed: 3,
    });
    const constants = {
      tauMemPs: 8000,
      tauSynPs: 2000,
      tauAdaptPs: 10_000,
      dtPs: 1000,
      vThMv: 10,
      deltaThetaMv: 4,
      reset: 'adaptive' as const,
      vResetMv: 0,
    };
    const hw = { constants, device: { gMinNs: 3.08, gMaxNs: 38.5, levels: 97, aLtp: 0, aLtd: 0 }, mvPerNs: 1 };
    const rng = new Rng(5);
    const initialMv = Float64Array.from({ length: 24 }, () => rng.nextGaussian(1, 2));
    const task = {
      shape: { inputs: 12, outputs: 2, edges: 80 },
      inputEdges: pattern.inputEdges,
      targetEdges: pattern.targetEdges,
    };
    const opt = { epochs: 400, learningRateMv: 0.1, tauVrEdges: 5, surrogateBetaPerMv: 0.5, initialMv };
    const a = trainAssociation(task, hw, opt);
    const b = trainAssociation(task, hw, opt);
    expect(a.bestDistance).toBeLessThan(0.5 * a.distanceHistory[0]!);
    expect([...a.weightsMv]).toEqual([...b.weightsMv]);
    // The reported distance is that of the returned weights.
    const trace = runLayer(task.shape, constants, realisedWeights(a.weightsMv, hw.device, 1), task.inputEdges);
    const out = [0, 1].map((j) => spikeEdges(trace, j, 80));
    expect(vanRossumPopulation(out, task.targetEdges, 5)).toBe(a.bestDistance);
  });

  it('AER CSV written for a pattern reads back to the same edges', () => {
    const p = drawPattern({
      inputs: 5,
      outputs: 2,
      inputWindowEdges: 40,
      spikesPerInput: 2,
      targetFromEdges: 5,
      targetToEdges: 40,
      spikesPerOutput: 2,
      minGapEdges: 3,
      seed: 1,
    });
    expect(aerCsvToEdges(edgesToAerCsv(p.inputEdges, 1000, 'x'), 5, 1000)).toEqual(p.inputEdges);
    expect(aerCsvToEdges(edgesToAerCsv(p.targetEdges, 2500, 'x'), 2, 2500)).toEqual(p.targetEdges);
  });
});

describe('the shipped temporal demo', () => {
  it('for each shipped weights file the simulator reproduces the distance its trainer recorded', () => {
    const target = aerCsvToEdges(readFileSync('workloads/examples/snn-temporal-target.csv', 'utf8'), 4, 1000);
    const input = readFileSync('workloads/examples/snn-temporal-input.csv', 'utf8');
    const variants: Array<[string, Array<[string, string]>]> = [
      ['adaptive', []],
      ['hard', [['snn.output.reset', 'hard']]],
      [
        'hard-plain',
        [
          ['snn.output.reset', 'hard'],
          ['snn.output.delta_theta_mv', '0'],
        ],
      ],
    ];
    for (const [name, set] of variants) {
      const file = `architectures/parts/snn-temporal-weights-${name}.json`;
      const model = build('architectures/snn-temporal.yaml', 1, new Map([...set, ['snn.w.weights_file', file]]));
      const inp = find<SpikeInput>(model, 'snn.input');
      const trains = aerCsvToEdges(input, inp.size, 1000);
      const byEdge = new Map<number, number[]>();
      trains.forEach((es, i) => es.forEach((e) => byEdge.set(e, [...(byEdge.get(e) ?? []), i])));
      for (const [e, srcs] of byEdge)
        model.sim.scheduleAt(e * 1000, () => inp.emit(Int32Array.from(srcs.sort((a, b) => a - b))));
      const produced: number[][] = [[], [], [], []];
      find<LifPopulation>(model, 'snn.output').addSpikeListener((c, ns) => ns.forEach((j) => produced[j]!.push(c)));
      model.sim.run();
      const recorded = JSON.parse(readFileSync(file, 'utf8')).trainer_distance as number;
      expect(vanRossumPopulation(produced, target, 5)).toBe(recorded);
    }
  });
});
