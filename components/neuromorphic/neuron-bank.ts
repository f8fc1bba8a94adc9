import { LifDynamics, TABLE_EDGES, type LifConstants, type LifState } from './lif-dynamics.js';

/** A scan for the next spike gives up after this many edges and asks to be re-checked there. */
export const SCAN_LIMIT_EDGES = 4096;

/** Marks "no pending evaluation" in the wake table. */
export const NEVER = -1;

/**
 * The state of N identical LIF neurons, each held as (anchor edge, I, v, r) at
 * its last discontinuity (an input or a spike). The state at any later edge is
 * the closed form from that anchor, so an edge on which nothing happens needs no
 * work and leaves no trace in the numbers: evaluating it or skipping it gives the
 * same floating-point values.
 */
export class NeuronBank {
  readonly dyn: LifDynamics;
  /** Edge each neuron's state is anchored at. */
  readonly anchorCycle: Float64Array;
  readonly iMv: Float64Array;
  readonly vMv: Float64Array;
  readonly rMv: Float64Array;
  /** Comparator evaluations performed (the simulator's work, not the circuit's). */
  evaluations = 0;
  /** Neurons with a non-zero input in the last `evaluateAll`. */
  lastInputs = 0;
  /** Zeros, the input of an edge without one. */
  private noInput: Float64Array | undefined;
  private readonly scratch: LifState = { iMv: 0, vMv: 0, rMv: 0 };
  private readonly anchor: LifState = { iMv: 0, vMv: 0, rMv: 0 };

  constructor(
    readonly size: number,
    constants: LifConstants,
  ) {
    this.dyn = new LifDynamics(constants);
    this.anchorCycle = new Float64Array(size);
    this.iMv = new Float64Array(size);
    this.vMv = new Float64Array(size);
    this.rMv = new Float64Array(size);
  }

  /** Neuron j's state at `cycle` (≥ its anchor), without changing it. */
  stateAt(j: number, cycle: number, out: LifState = { iMv: 0, vMv: 0, rMv: 0 }): LifState {
    const a = this.anchor;
    a.iMv = this.iMv[j]!;
    a.vMv = this.vMv[j]!;
    a.rMv = this.rMv[j]!;
    return this.dyn.advance(a, cycle - this.anchorCycle[j]!, out);
  }

  /**
   * One comparator edge of neuron j, in the circuit's order: advance exactly,
   * compare, add the input, then apply the spike. Re-anchors only when the input
   * is non-zero or the neuron spiked. Returns whether it spiked.
   */
  evaluate(j: number, cycle: number, inputMv: number): boolean {
    this.evaluations++;
    const s = this.stateAt(j, cycle, this.scratch);
    const spiked = this.dyn.fires(s);
    if (spiked || inputMv !== 0) {
      this.dyn.applyEdge(s, inputMv, spiked);
      this.anchorCycle[j] = cycle;
      this.iMv[j] = s.iMv;
      this.vMv[j] = s.vMv;
      this.rMv[j] = s.rMv;
    }
    return spiked;
  }

  /**
   * One comparator edge of every neuron (clock-driven), the same arithmetic
   * as `evaluate` for each j in ascending order, inlined over the typed arrays:
   * `inputMv[j]` is neuron j's input (undefined: none). Writes the neurons
   * that spiked, ascending, to `spikes` and returns how many (and the
   * neurons with a non-zero input in `lastInputs`).
   */
  evaluateAll(cycle: number, inputMv: Float64Array | undefined, spikes: Int32Array): number {
    const n = this.size;
    this.evaluations += n;
    const t = this.dyn.factorTable();
    const { vThMv, deltaThetaMv, reset, vResetMv } = this.dyn.c;
    const hard = reset === 'hard';
    const subtract = reset === 'subtract';
    const anchorCycle = this.anchorCycle;
    const iMv = this.iMv;
    const vMv = this.vMv;
    const rMv = this.rMv;
    const input = inputMv ?? (this.noInput ??= new Float64Array(n));
    let count = 0;
    let inputs = 0;
    for (let j = 0; j < n; j++) {
      const edges = cycle - anchorCycle[j]!;
      let i: number, v: number, r: number;
      if (edges < TABLE_EDGES) {
        const k = (4 * edges) | 0;
        const i0 = iMv[j]!;
        i = i0 * t[k]!;
        v = vMv[j]! * t[k + 1]! + i0 * t[k + 2]!;
        r = rMv[j]! * t[k + 3]!;
      } else {
        const s = this.stateAt(j, cycle, this.scratch);
        i = s.iMv;
        v = s.vMv;
        r = s.rMv;
      }
      const spiked = v > vThMv + r;
      const x = input[j]!;
      if (!spiked && x === 0) continue;
      if (x !== 0) inputs++;
      // LifDynamics.applyEdge, step for step.
      i += x;
      if (spiked) {
        r += deltaThetaMv;
        if (hard) v = vResetMv;
        else if (subtract) v -= vThMv;
        spikes[count++] = j;
      }
      anchorCycle[j] = cycle;
      iMv[j] = i;
      vMv[j] = v;
      rMv[j] = r;
    }
    this.lastInputs = inputs;
    return count;
  }

  /**
   * The first edge after `cycle` and before `beforeCycle` at which neuron j
   * would fire if no input came; NEVER when it provably never will, or when it
   * does not fire before `beforeCycle` (an edge where the caller evaluates j
   * anyway, which re-plans it: scanning past it would be thrown away); or the
   * edge at which a long scan stopped (the caller evaluates it, which changes
   * nothing, and scans on from there).
   */
  nextCrossing(j: number, cycle: number, beforeCycle = Infinity): number {
    const dyn = this.dyn;
    const s = this.scratch;
    const end = Math.min(beforeCycle - 1, cycle + SCAN_LIMIT_EDGES);
    for (let e = cycle + 1; e <= end; e++) {
      this.stateAt(j, e, s);
      if (dyn.fires(s)) return e;
      if (dyn.provablySilent(s)) return NEVER;
    }
    return end === cycle + SCAN_LIMIT_EDGES ? end : NEVER;
  }
}
