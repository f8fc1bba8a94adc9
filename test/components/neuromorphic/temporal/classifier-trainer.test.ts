import { describe, expect, it } from 'vitest';
import { Rng } from '../../../../core/index.js';
import {
  spikeCounts,
  strictlyMost,
  trainClassifier,
  type ClassificationData,
  type LifConstants,
  type TrainingHardware,
} from '../../../../components/neuromorphic/index.js';

const constants: LifConstants = {
  tauMemPs: 8000,
  tauSynPs: 2000,
  tauAdaptPs: 20_000,
  dtPs: 1000,
  vThMv: 10,
  deltaThetaMv: 4,
  reset: 'adaptive',
  vResetMv: 0,
};
const hw: TrainingHardware = {
  constants,
  device: { gMinNs: 3.08, gMaxNs: 38.5, levels: 33, aLtp: 5, aLtd: 5 },
  mvPerNs: 0.5,
};

/** Three classes on 12 channels: class c lights channels 4c … 4c+3 (Bernoulli 0.4 per edge), plus a common channel noise. */
function data(samples: number): ClassificationData {
  const edges = 30;
  return {
    shape: { inputs: 12, outputs: 3, edges },
    samples,
    label: (k) => k % 3,
    active: (k, epoch) => {
      const rng = Rng.derive(epoch, `sample[${k}]`);
      return Array.from({ length: edges }, (_, n) =>
        n >= 20
          ? []
          : Array.from({ length: 12 }, (_, i) => i).filter((i) =>
              rng.nextBool(Math.floor(i / 4) === k % 3 ? 0.4 : 0.1),
            ),
      );
    },
  };
}

describe('the classification trainer (cross-entropy on spike counts, shared backward pass)', () => {
  const opt = {
    epochs: 6,
    batchSize: 6,
    learningRateMv: 0.3,
    surrogateBetaPerMv: 0.5,
    countScale: 0.5,
    initialMv: new Float64Array(36).fill(1),
    seed: 3,
  };

  it('learns to separate three spike-rate classes from uniform weights, and is deterministic', () => {
    const a = trainClassifier(data(60), hw, opt);
    expect(a.history[0]!.accuracy).toBeLessThan(0.5); // uniform weights: every neuron fires alike, ties are wrong
    expect(a.history[a.history.length - 1]!.accuracy).toBeGreaterThan(0.9);
    expect(a.history[a.history.length - 1]!.loss).toBeLessThan(a.history[0]!.loss);
    const b = trainClassifier(data(60), hw, opt);
    expect(Array.from(b.weightsMv)).toEqual(Array.from(a.weightsMv));
  });

  it('scores strictly: a tie for the most spikes, or silence, is wrong', () => {
    expect(strictlyMost([0, 3, 1], 1)).toBe(true);
    expect(strictlyMost([3, 3, 1], 1)).toBe(false);
    expect(strictlyMost([0, 0, 0], 2)).toBe(false);
    const trace = {
      vBefore: new Float64Array(6),
      rBefore: new Float64Array(6),
      spikes: Uint8Array.from([1, 0, 1, 0, 0, 1]),
    };
    expect(Array.from(spikeCounts(trace, 2, 3))).toEqual([2, 1]);
  });
});
