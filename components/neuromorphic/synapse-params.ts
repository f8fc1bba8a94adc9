import { z } from 'zod';
import { param } from '../../core/index.js';

/**
 * Most synapses (rows × cols) in one array: 2048 × 2048. Each costs 35 bytes
 * of state (weights, conductances, faults), so the largest array holds about
 * 150 MB; rows = cols = 100 000 asked for 10¹⁰ and failed inside the typed
 * arrays instead of at the parameter.
 */
export const MAX_SYNAPSES = 4_194_304;

/** Most conductance levels per device (16-bit programming; NeuroSim's default is 97). */
export const MAX_LEVELS = 65_536;

/** On-chip learning rules a synapse array can run. */
export const LEARNING_RULES = ['none', 'stdp'] as const;

/** Parameters of `neuromorphic.synapse_array` (defaults from NeuroSim where it has them: docs/references.md). */
export const synapseArrayParams = z
  .object({
    rows: param.integer('presynaptic neurons (crossbar rows)', { min: 1 }),
    cols: param.integer('postsynaptic neurons (crossbar columns, each a G⁺/G⁻ column pair)', { min: 1 }),
    g_min_ns: param.number('lowest device conductance G_min, in nS (NeuroSim: 3.08)', { default: 3.08, min: 0 }),
    g_max_ns: param.number('highest device conductance G_max, in nS (NeuroSim: 38.5)', { default: 38.5, min: 0 }),
    levels: param.integer('programmable conductance levels per device, G_min and G_max included (NeuroSim: 97)', {
      default: 97,
      min: 2,
      max: MAX_LEVELS,
    }),
    nonlinearity_a: param.number(
      'NeuroSim update-curve A of potentiation, in pulses; 0 = linear device (levels evenly spaced)',
      { default: 0, min: 0 },
    ),
    nonlinearity_a_ltd: param.number('NeuroSim update-curve A of depression, in pulses; 0 = linear', {
      default: 0,
      min: 0,
    }),
    read_voltage_mv: param.number('read pulse amplitude applied to a row per presynaptic spike, in mV', {
      default: 500,
      min: 0,
    }),
    read_pulse: param.time('read pulse width: charge (G⁺−G⁻)·V·width reaches the neuron', { default: 10_000, min: 1 }),
    c_syn_ff: param.number('capacitance of the neuron synaptic node, in fF: ΔI = charge / C', {
      default: 100,
      min: 1e-9,
    }),
    weights_file: param.file(
      'target weights (mV) from a rows × cols matrix in a .json, .csv or .npy file, relative to the file that names it; "" = seeded normal weights',
      { default: '' },
    ),
    weights_scale: param.number("factor applied to every weights_file value to give mV (e.g. a trainer's units → mV)", {
      default: 1,
    }),
    weight_mean_mv: param.number('mean of the target weights (ΔI per presynaptic spike), in mV', { default: 0 }),
    weight_std_mv: param.number('standard deviation of the seeded normal target weights, in mV', {
      default: 0,
      min: 0,
    }),
    p_connect: param.number('probability that a row–column synapse exists (1 = all to all)', {
      default: 1,
      min: 0,
      max: 1,
    }),
    variation: param.number('device-to-device programming variation: σ as a fraction of (G_max − G_min)', {
      default: 0,
      min: 0,
    }),
    stuck_on_prob: param.number('probability that a device is stuck at G_max', { default: 0, min: 0, max: 1 }),
    stuck_off_prob: param.number('probability that a device is stuck at G_min', { default: 0, min: 0, max: 1 }),
    delay_cycles: param.integer('synaptic/axonal delay in edges of the postsynaptic clock (≥ 1 between populations)', {
      default: 1,
      min: 0,
    }),
    energy_per_row: param.energy('row driver energy per presynaptic spike', { default: 0 }),
    energy_per_sop: param.energy(
      'peripheral energy per synaptic operation (one spike through one synapse), beside the device read V²·G·t',
      { default: 0 },
    ),
    area_per_synapse: param.area('area of one synapse (two devices and their share of periphery)', { default: 0 }),
    leakage: param.power('static power of the array periphery', { default: 0 }),
    learning: param.enum(
      LEARNING_RULES,
      'on-chip learning: none, or pair-based stdp (needs the postsynaptic spikes on port post_spikes)',
      { default: 'none' },
    ),
    stdp_a_plus: param.number(
      'STDP potentiation A⁺: programming pulses for a pre→post pair at Δt → 0⁺ (rounded per pair)',
      { default: 4, min: 0 },
    ),
    stdp_a_minus: param.number(
      'STDP depression A⁻: programming pulses for a post→pre pair at Δt → 0⁻ (rounded per pair)',
      { default: 4, min: 0 },
    ),
    stdp_tau_plus: param.time('STDP presynaptic trace time constant τ⁺', { default: 20_000, min: 1 }),
    stdp_tau_minus: param.time('STDP postsynaptic trace time constant τ⁻', { default: 20_000, min: 1 }),
    write_voltage_ltp_mv: param.number('potentiation (SET) pulse amplitude, in mV (NeuroSim: 3.2 V)', {
      default: 3200,
      min: 0,
    }),
    write_voltage_ltd_mv: param.number('depression (RESET) pulse amplitude, in mV (NeuroSim: 2.8 V)', {
      default: 2800,
      min: 0,
    }),
    write_pulse: param.time(
      'width of one programming pulse; writes are serial, so n pulses keep the array busy n × width (NeuroSim: 300 µs)',
      { default: 300_000_000, min: 1 },
    ),
    c2c_variation: param.number(
      'cycle-to-cycle variation of a write: σ of ΔG as a fraction of (G_max − G_min), times √pulses (NeuroSim: 0.035)',
      { default: 0, min: 0 },
    ),
    energy_per_write_pulse: param.energy(
      'peripheral energy per programming pulse, beside the device energy Vw²·(G_prev+G_new)/2·width',
      { default: 0 },
    ),
  })
  .strict()
  .superRefine((p, ctx) => {
    // Reported at cols, the parameter (in the file or --set) that made the product too large.
    if (typeof p.rows === 'number' && typeof p.cols === 'number' && p.rows * p.cols > MAX_SYNAPSES)
      ctx.addIssue({
        code: 'custom',
        path: ['cols'],
        message: `rows × cols = ${p.rows} × ${p.cols} synapses; at most ${MAX_SYNAPSES} (2048 × 2048) in one array`,
      });
  });

/** Validated synapse-array parameters, canonical units. */
export type SynapseArrayParams = z.infer<typeof synapseArrayParams>;
