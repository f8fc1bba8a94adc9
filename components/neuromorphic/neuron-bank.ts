import { LifDynamics, type LifConstants, type LifState } from './lif-dynamics.js';

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
