import { Rng } from '../../../core/index.js';
import type { DeviceParams } from '../device.js';
import type { LifConstants } from '../lif-dynamics.js';
import { NeuronBank } from '../neuron-bank.js';
import { PairProgrammer } from '../programming.js';

/**
 * One fully connected layer (inputs → LIF population through a memristor
 * array) run edge by edge with the simulator's own NeuronBank, so its spikes
 * are the simulator's spikes bit for bit (tested), and recording what the
 * surrogate-gradient trainer needs for backpropagation through time.
 */
export interface LayerShape {
  /** Presynaptic channels (array rows). */
  inputs: number;
  /** Neurons (array columns). */
  outputs: number;
  /** Edges simulated: 0 … edges−1. */
  edges: number;
}

/** What one forward pass recorded, per neuron j and edge n at index j·edges + n. */
export interface LayerTrace {
  /** Membrane just before the comparator decided (v⁻), mV. */
  vBefore: Float64Array;
  /** Threshold adaptation just before the decision (r⁻), mV. */
  rBefore: Float64Array;
  /** 1 where neuron j spiked at edge n. */
  spikes: Uint8Array;
}

/** Realised weights the array would program for these targets (mV): quantised, clipped, no variation. */
export function realisedWeights(targetsMv: Float64Array, device: DeviceParams, mvPerNs: number): Float64Array {
  // With variation and faults at 0 the programmer's draws change nothing: any stream will do.
  const prog = new PairProgrammer(device, { variation: 0, stuckOnProb: 0, stuckOffProb: 0 }, new Rng(1));
  const out = new Float64Array(targetsMv.length);
  for (let k = 0; k < targetsMv.length; k++) {
    const pair = prog.program(targetsMv[k]! / mvPerNs);
    out[k] = (pair.gPlusNs - pair.gMinusNs) * mvPerNs;
  }
  return out;
}

/**
 * Runs the layer. `inputEdges[i]` lists the edges at which channel i's spikes
 * reach the population (emission edge + synaptic delay); weights are row-major
 * (inputs × outputs), in mV, as the array delivers them. Drives are summed in
 * ascending channel order, as the synapse array sums a spike batch.
 */
export function runLayer(
  shape: LayerShape,
  constants: LifConstants,
  weightsMv: Float64Array,
  inputEdges: readonly (readonly number[])[],
): LayerTrace {
  const { inputs, edges } = shape;
  const active: number[][] = Array.from({ length: edges }, () => []);
  for (let i = 0; i < inputs; i++) for (const e of inputEdges[i] ?? []) if (e >= 0 && e < edges) active[e]!.push(i);
  return runLayerActive(shape, weightsMv, active, new NeuronBank(shape.outputs, constants));
}

/**
 * Runs the layer from rest on `bank` (its state is cleared first, so one bank
 * serves many samples): `active[n]` lists, ascending, the channels whose
 * spikes reach the population at edge n.
 */
export function runLayerActive(
  shape: LayerShape,
  weightsMv: Float64Array,
  active: readonly (readonly number[])[],
  bank: NeuronBank,
): LayerTrace {
  const { outputs, edges } = shape;
  for (const a of [bank.anchorCycle, bank.iMv, bank.vMv, bank.rMv]) a.fill(0);
  const trace: LayerTrace = {
    vBefore: new Float64Array(outputs * edges),
    rBefore: new Float64Array(outputs * edges),
    spikes: new Uint8Array(outputs * edges),
  };
  const drive = new Float64Array(outputs);
  const state = { iMv: 0, vMv: 0, rMv: 0 };
  for (let n = 0; n < edges; n++) {
    drive.fill(0);
    for (const i of active[n] ?? []) for (let j = 0; j < outputs; j++) drive[j]! += weightsMv[i * outputs + j]!;
    for (let j = 0; j < outputs; j++) {
      bank.stateAt(j, n, state);
      trace.vBefore[j * edges + n] = state.vMv;
      trace.rBefore[j * edges + n] = state.rMv;
      if (bank.evaluate(j, n, drive[j]!)) trace.spikes[j * edges + n] = 1;
    }
  }
  return trace;
}

/** Spike edges of neuron j in a trace. */
export function spikeEdges(trace: LayerTrace, j: number, edges: number): number[] {
  const out: number[] = [];
  for (let n = 0; n < edges; n++) if (trace.spikes[j * edges + n]) out.push(n);
  return out;
}
