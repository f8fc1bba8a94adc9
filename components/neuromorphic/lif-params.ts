import { z } from 'zod';
import { param } from '../../core/index.js';
import { RESET_MODES } from './lif-dynamics.js';

/** Most neurons in one population (2^20): each holds about 60 bytes of state in typed arrays. */
export const MAX_NEURONS = 1_048_576;

/** Populations smaller than this stay event-driven unless `clock_driven_inputs` says otherwise: sweeping them saves little. */
export const AUTO_CLOCK_DRIVEN_MIN_SIZE = 256;

/** Parameters of `neuromorphic.lif_population`. */
export const lifPopulationParams = z
  .object({
    size: param.integer('number of neurons in the population', { min: 1, max: MAX_NEURONS }),
    frequency: param.frequency('comparator sampling clock (1/dt); 0 uses the clock domain of the component', {
      default: 0,
    }),
    tau_mem: param.time('membrane time constant τm (the membrane node RC)', { default: 20_000, min: 1 }),
    tau_syn: param.time('synaptic filter time constant τs (the synaptic node RC)', { default: 5_000, min: 1 }),
    tau_adapt: param.time('threshold adaptation time constant τr; 0 forgets r by the next edge', { default: 100_000 }),
    v_th_mv: param.number('resting threshold v_th0 of the comparator, in mV (> 0)', { default: 20, min: 1e-9 }),
    delta_theta_mv: param.number('threshold step Δθ added to r after each spike, in mV', { default: 10, min: 0 }),
    reset: param.enum(
      RESET_MODES,
      'after a spike: adaptive (v kept, threshold rises), hard (v := v_reset_mv), subtract (v −= v_th0)',
      { default: 'adaptive' },
    ),
    v_reset_mv: param.number('membrane voltage after a spike under hard reset, in mV (< v_th_mv)', { default: 0 }),
    energy_per_sample: param.energy('energy of one comparator sample (one neuron, one edge)', { default: 0 }),
    energy_per_spike: param.energy('energy of one output spike (pulse generation, charge/discharge)', { default: 0 }),
    leakage_per_neuron: param.power('static power of one neuron circuit', { default: 0 }),
    area_per_neuron: param.area('area of one neuron circuit', { default: 0 }),
    trace_neurons: param.integer('neurons (from index 0) whose membrane voltage goes to the trace as v_mem', {
      default: 8,
      min: 0,
    }),
    per_neuron_counters: param.boolean('report a spike counter per neuron (spikes[j]); for small populations', {
      default: false,
    }),
    fanout: param.integer(
      "output ports: out, plus out[1] … out[fanout−1], each carrying every spike (to several projections, or to a learning array's post_spikes)",
      { default: 1, min: 1, max: 64 },
    ),
    clock_driven_inputs: param.integer(
      'neurons with an input at one edge from which the simulator evaluates every neuron on every edge (clock-driven) until inputs thin out; 0 = auto (a quarter of the population, from 256 neurons); results are identical either way',
      { default: 0, min: 0 },
    ),
    fanin: param.integer(
      'input ports: in, plus in[1] … in[fanin−1], each adding its synaptic drive (from several projections)',
      { default: 1, min: 1, max: 64 },
    ),
  })
  .strict();

/** Parameters of a LIF population, as parsed. */
export type LifPopulationParams = z.infer<typeof lifPopulationParams>;
