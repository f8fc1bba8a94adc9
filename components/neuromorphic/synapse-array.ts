import { z } from 'zod';
import { Component, HelenError, defineComponent, param, type CreateContext, type InPort, type OutPort } from '../../core/index.js';
import { checkDevice, type DeviceParams } from './device.js';
import type { SpikeBatch, SynapticDrive } from './messages.js';
import { PairProgrammer } from './programming.js';

const params = z
  .object({
    rows: param.integer('presynaptic neurons (crossbar rows)', { min: 1 }),
    cols: param.integer('postsynaptic neurons (crossbar columns, each a G⁺/G⁻ column pair)', { min: 1 }),
    g_min_ns: param.number('lowest device conductance G_min, in nS (NeuroSim: 3.08)', { default: 3.08, min: 0 }),
    g_max_ns: param.number('highest device conductance G_max, in nS (NeuroSim: 38.5)', { default: 38.5, min: 0 }),
    levels: param.integer('programmable conductance levels per device, G_min and G_max included (NeuroSim: 97)', { default: 97, min: 2 }),
    nonlinearity_a: param.number('NeuroSim update-curve A of potentiation, in pulses; 0 = linear device (levels evenly spaced)', { default: 0, min: 0 }),
    nonlinearity_a_ltd: param.number('NeuroSim update-curve A of depression, in pulses; 0 = linear', { default: 0, min: 0 }),
    read_voltage_mv: param.number('read pulse amplitude applied to a row per presynaptic spike, in mV', { default: 500, min: 0 }),
    read_pulse: param.time('read pulse width: charge (G⁺−G⁻)·V·width reaches the neuron', { default: 10_000, min: 1 }),
    c_syn_ff: param.number('capacitance of the neuron synaptic node, in fF: ΔI = charge / C', { default: 100, min: 1e-9 }),
    weight_mean_mv: param.number('mean of the target weights (ΔI per presynaptic spike), in mV', { default: 0 }),
    weight_std_mv: param.number('standard deviation of the seeded normal target weights, in mV', { default: 0, min: 0 }),
    p_connect: param.number('probability that a row–column synapse exists (1 = all to all)', { default: 1, min: 0, max: 1 }),
    variation: param.number('device-to-device programming variation: σ as a fraction of (G_max − G_min)', { default: 0, min: 0 }),
    stuck_on_prob: param.number('probability that a device is stuck at G_max', { default: 0, min: 0, max: 1 }),
    stuck_off_prob: param.number('probability that a device is stuck at G_min', { default: 0, min: 0, max: 1 }),
    delay_cycles: param.integer('synaptic/axonal delay in edges of the postsynaptic clock (≥ 1 between populations)', { default: 1, min: 0 }),
    energy_per_row: param.energy('row driver energy per presynaptic spike', { default: 0 }),
    energy_per_sop: param.energy('peripheral energy per synaptic operation (one spike through one synapse), beside the device read V²·G·t', { default: 0 }),
    area_per_synapse: param.area('area of one synapse (two devices and their share of periphery)', { default: 0 }),
    leakage: param.power('static power of the array periphery', { default: 0 }),
  })
  .strict();

type Params = z.infer<typeof params>;

/** 1 mV² · 1 nS · 1 ps = 1e-6 V² · 1e-9 S · 1e-12 s = 1e-27 J = 1e-15 pJ. */
const PJ_PER_MV2_NS_PS = 1e-15;
/** 1 nS · 1 mV · 1 ps / 1 fF = 1e-9·1e-3·1e-12/1e-15 V = 1e-9 V = 1e-6 mV. */
const MV_PER_NS_MV_PS_PER_FF = 1e-6;

/**
 * A memristor crossbar projecting one population (or input) onto another.
 * Each synapse is a differential pair of devices; a presynaptic spike drives
 * its row with one read pulse, and each column pair delivers the charge
 * (G⁺ − G⁻)·V·width to its neuron's synaptic node, i.e. ΔI = charge / C_syn.
 */
export class SynapseArray extends Component {
  readonly pre: InPort<SpikeBatch>;
  readonly post: OutPort<SynapticDrive>;
  /** Target weights (row-major rows × cols), mV; 0 where no synapse exists. */
  readonly targetWeightsMv: Float64Array;
  /** Weights the programmed pairs realise (row-major), mV: what the neurons actually receive. */
  readonly effectiveWeightsMv: Float64Array;
  readonly gPlusNs: Float64Array;
  readonly gMinusNs: Float64Array;
  readonly connected: Uint8Array;
  /** mV of ΔI per nS of G⁺ − G⁻ (V·width / C). */
  readonly mvPerNs: number;
  private readonly p: Params;
  private readonly rowSops: Int32Array;
  private readonly rowReadPj: Float64Array;
  private readonly readEnergy;
  private readonly rowEnergy;
  private readonly sops = this.stats.counter('sops', 'synaptic operations: presynaptic spikes × existing synapses in their rows', 'SOPs');
  private readonly preSpikes = this.stats.counter('pre_spikes', 'presynaptic spikes (row reads)', 'spikes');

  constructor(ctx: CreateContext<Params>) {
    const p = ctx.params;
    super(ctx.parent, ctx.name, { clock: ctx.clock, params: p, type: ctx.type, areaMm2: p.area_per_synapse * p.rows * p.cols, leakageMw: p.leakage });
    const device: DeviceParams = { gMinNs: p.g_min_ns, gMaxNs: p.g_max_ns, levels: p.levels, aLtp: p.nonlinearity_a, aLtd: p.nonlinearity_a_ltd };
    checkDevice(device);
    if (p.stuck_on_prob + p.stuck_off_prob > 1) throw new HelenError('E_VALUE', 'stuck_on_prob + stuck_off_prob must not exceed 1');
    this.p = p;
    this.mvPerNs = (p.read_voltage_mv * p.read_pulse * MV_PER_NS_MV_PS_PER_FF) / p.c_syn_ff;
    const n = p.rows * p.cols;
    this.targetWeightsMv = new Float64Array(n);
    this.effectiveWeightsMv = new Float64Array(n);
    this.gPlusNs = new Float64Array(n);
    this.gMinusNs = new Float64Array(n);
    this.connected = new Uint8Array(n);
    this.rowSops = new Int32Array(p.rows);
    this.rowReadPj = new Float64Array(p.rows);
    this.program(new PairProgrammer(device, { variation: p.variation, stuckOnProb: p.stuck_on_prob, stuckOffProb: p.stuck_off_prob }, this.rng));
    this.readEnergy = this.energy.action('synapse_read', p.energy_per_sop);
    this.rowEnergy = this.energy.action('row_drive', p.energy_per_row);
    this.pre = this.inPort<SpikeBatch>('pre');
    this.post = this.outPort<SynapticDrive>('post');
    this.pre.onMessage((m) => this.onSpikes(m));
  }

  /** Draws every synapse's existence and target weight, then programs its pair (row-major, so a seed fixes it all). */
  private program(prog: PairProgrammer): void {
    const p = this.p;
    const rng = this.rng;
    const vSq = p.read_voltage_mv * p.read_voltage_mv;
    for (let i = 0; i < p.rows; i++) {
      for (let j = 0; j < p.cols; j++) {
        const k = i * p.cols + j;
        const exists = p.p_connect >= 1 || rng.nextFloat() < p.p_connect;
        const target = p.weight_std_mv > 0 ? rng.nextGaussian(p.weight_mean_mv, p.weight_std_mv) : p.weight_mean_mv;
        if (!exists) continue;
        this.setSynapse(k, target, prog);
        this.rowSops[i]!++;
        this.rowReadPj[i]! += vSq * (this.gPlusNs[k]! + this.gMinusNs[k]!) * p.read_pulse * PJ_PER_MV2_NS_PS;
      }
    }
  }

  private setSynapse(k: number, targetMv: number, prog: PairProgrammer): void {
    const pair = prog.program(targetMv / this.mvPerNs);
    this.connected[k] = 1;
    this.targetWeightsMv[k] = targetMv;
    this.gPlusNs[k] = pair.gPlusNs;
    this.gMinusNs[k] = pair.gMinusNs;
    this.effectiveWeightsMv[k] = (pair.gPlusNs - pair.gMinusNs) * this.mvPerNs;
  }

  /** Largest weight magnitude a pair can realise, mV. */
  get maxWeightMv(): number {
    return (this.p.g_max_ns - this.p.g_min_ns) * this.mvPerNs;
  }

  /** The realised weight of synapse (row, col), mV (0 where none exists). */
  weightMv(row: number, col: number): number {
    return this.effectiveWeightsMv[row * this.p.cols + col]!;
  }

  private onSpikes(m: SpikeBatch): void {
    const { rows, cols } = this.p;
    const dI = new Float64Array(cols);
    const w = this.effectiveWeightsMv;
    let sops = 0;
    let readPj = 0;
    for (const i of m.sources) {
      if (!(i >= 0 && i < rows)) throw new HelenError('E_MODEL', `${this.path}: spike from source ${i}, but the array has ${rows} rows`);
      const base = i * cols;
      for (let j = 0; j < cols; j++) dI[j]! += w[base + j]!;
      sops += this.rowSops[i]!;
      readPj += this.rowReadPj[i]!;
    }
    this.preSpikes.add(m.sources.length);
    this.sops.add(sops);
    this.rowEnergy.charge(m.sources.length);
    this.readEnergy.chargeEnergy(sops, readPj + sops * this.p.energy_per_sop);
    if (this.post.link) this.post.send({ delayCycles: this.p.delay_cycles, dIMv: dI });
  }
}

export const synapseArray = defineComponent({
  type: 'neuromorphic.synapse_array',
  description: 'memristor crossbar of differential conductance pairs: presynaptic spikes become charges on postsynaptic synaptic nodes',
  params,
  ports: { pre: 'spike batches of the presynaptic population or input (SpikeBatch)', post: 'synaptic drive to the postsynaptic population (SynapticDrive)' },
  create: (ctx) => new SynapseArray(ctx),
});
