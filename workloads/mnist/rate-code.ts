import { Rng } from '../../core/index.js';
import type { MnistDigit } from './dataset.js';

/**
 * Rate coding of a digit as spike trains: time is cut into `steps` slots and,
 * in every slot, pixel i spikes with probability intensity_i · maxProbability
 * (an independent Bernoulli draw per pixel and slot; a black pixel never
 * spikes). Expected spikes of a pixel: steps · intensity · maxProbability.
 */
export interface RateCode {
  /** Time slots of the presentation window. */
  steps: number;
  /** Spike probability per slot of a pixel of intensity 1 (0 < p ≤ 1). */
  maxProbability: number;
}

/** The random stream that codes `digit` under `seed`: one per digit, so a digit's spikes do not depend on which others are shown. */
export function digitStream(seed: number, digit: MnistDigit): Rng {
  return Rng.derive(seed, `mnist.rate[${digit.id}]`);
}

/**
 * The addresses that spike in each slot (slot-major, addresses ascending):
 * draws are made slot by slot, pixel by pixel from address 0, skipping black
 * pixels, so the same stream always gives the same trains.
 */
export function rateCodeSlots(pixels: Float32Array, code: RateCode, rng: Rng): number[][] {
  const lit: number[] = [];
  for (let i = 0; i < pixels.length; i++) if (pixels[i]! > 0) lit.push(i);
  const slots: number[][] = [];
  for (let s = 0; s < code.steps; s++) {
    const fired: number[] = [];
    for (const i of lit) if (rng.nextFloat() < pixels[i]! * code.maxProbability) fired.push(i);
    slots.push(fired);
  }
  return slots;
}
