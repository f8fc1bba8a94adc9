import {
  Component,
  HelenError,
  defineComponent,
  type CreateContext,
  type InPort,
  type OutPort,
  type SourceLocation,
} from '../../core/index.js';
import { checkDevice, type DeviceParams } from './device.js';
import type { SpikeBatch, SynapticDrive } from './messages.js';
import { PairProgrammer } from './programming.js';
import { PulseWriter } from './pulse-writer.js';
import { StdpLearner } from './stdp-learner.js';
import { SynapseRows } from './synapse-rows.js';
import { synapseArrayParams as params, type SynapseArrayParams as Params } from './synapse-params.js';
import { readWeightsFile } from './weights/weights-file.js';

/** 1 mV² · 1 nS · 1 ps = 1e-6 V² · 1e-9 S · 1e-12 s = 1e-27 J = 1e-15 pJ. */
const PJ_PER_MV2_NS_PS = 1e-15;
/** 1 nS · 1 mV · 1 ps / 1 fF = 1e-9·1e-3·1e-12/1e-15 V = 1e-9 V = 1e-6 mV. */
const MV_PER_NS_MV_PS_PER_FF = 1e-6;

/**
 * A memristor crossbar projecting one population (or input) onto another.
 * Each synapse is a differential pair of devices; a presynaptic spike drives
 * its row with one read pulse, and each column pair delivers the charge
 * (G⁺ − G⁻)·V·width to its neuron's synaptic node, i.e. ΔI = charge / C_syn.
 * With `learning: stdp` the array also hears its postsynaptic population's
 * spikes and reprograms devices with pulses (write energy and time charged).
 */
export class SynapseArray extends Component {
  readonly pre: InPort<SpikeBatch>;
  readonly post: OutPort<SynapticDrive>;
  /** Postsynaptic spikes, for learning (connect a population's extra `out[k]` here). */
  readonly postSpikes: InPort<SpikeBatch>;
  /** Target weights (row-major rows × cols), mV; 0 where no synapse exists. */
  readonly targetWeightsMv: Float64Array;
  /** Weights the programmed pairs realise (row-major), mV: what the neurons actually receive. */
  readonly effectiveWeightsMv: Float64Array;
  readonly gPlusNs: Float64Array;
  readonly gMinusNs: Float64Array;
  /** Devices stuck at G_max or G_min (1 = stuck): programming pulses leave them alone. */
  readonly stuckPlus: Uint8Array;
  readonly stuckMinus: Uint8Array;
  readonly connected: Uint8Array;
  /** mV of ΔI per nS of G⁺ − G⁻ (V·width / C). */
  readonly mvPerNs: number;
  readonly device: DeviceParams;
  /** The STDP rule when `learning: stdp`. */
  readonly learner: StdpLearner | undefined;
  private readonly p: Params;
  private readonly locs: ReadonlyMap<string, SourceLocation>;
  private readonly writer: PulseWriter;
  private readonly rowSops: Int32Array;
  /** The existing synapses as CSR rows, read by presynaptic batches. */
  private readonly csr: SynapseRows;
  private readonly rowReadPj: Float64Array;
  private readonly readEnergy;
  private readonly rowEnergy;
  private readonly writeEnergy;
  /** Time the last queued programming pulse ends (writes are serial). */
  private writeFreePs = 0;
  private writing = false;
  private readonly sops = this.stats.counter(
    'sops',
    'synaptic operations: presynaptic spikes × existing synapses in their rows',
    'SOPs',
  );
  private readonly preSpikes = this.stats.counter('pre_spikes', 'presynaptic spikes (row reads)', 'spikes');
  private readonly writePulses = this.stats.counter(
    'write_pulses',
    'programming pulses applied by on-chip learning',
    'pulses',
  );
  private readonly deviceWrites = this.stats.counter(
    'device_writes',
    'devices reprogrammed (one burst of pulses each)',
    'writes',
  );
  private readonly writeTime = this.stats.counter(
    'write_time_ps',
    'time spent programming: pulses × write_pulse, serial',
    'ps',
  );

  constructor(ctx: CreateContext<Params>) {
    const p = ctx.params;
    super(ctx.parent, ctx.name, {
      clock: ctx.clock,
      params: p,
      type: ctx.type,
      areaMm2: p.area_per_synapse * p.rows * p.cols,
      leakageMw: p.leakage,
    });
    this.locs = ctx.paramLocations ?? new Map();
    const device: DeviceParams = {
      gMinNs: p.g_min_ns,
      gMaxNs: p.g_max_ns,
      levels: p.levels,
      aLtp: p.nonlinearity_a,
      aLtd: p.nonlinearity_a_ltd,
    };
    checkDevice(device);
    if (p.stuck_on_prob + p.stuck_off_prob > 1)
      throw new HelenError('E_VALUE', 'stuck_on_prob + stuck_off_prob must not exceed 1');
    this.p = p;
    this.device = device;
    this.mvPerNs = (p.read_voltage_mv * p.read_pulse * MV_PER_NS_MV_PS_PER_FF) / p.c_syn_ff;
    const n = p.rows * p.cols;
    this.targetWeightsMv = new Float64Array(n);
    this.effectiveWeightsMv = new Float64Array(n);
    this.gPlusNs = new Float64Array(n);
    this.gMinusNs = new Float64Array(n);
    this.stuckPlus = new Uint8Array(n);
    this.stuckMinus = new Uint8Array(n);
    this.connected = new Uint8Array(n);
    this.rowSops = new Int32Array(p.rows);
    this.rowReadPj = new Float64Array(p.rows);
    this.program(
      new PairProgrammer(
        device,
        { variation: p.variation, stuckOnProb: p.stuck_on_prob, stuckOffProb: p.stuck_off_prob },
        this.rng,
      ),
      this.fileWeights(),
    );
    this.csr = new SynapseRows(p.rows, p.cols, this.connected, this.effectiveWeightsMv);
    // A stream of its own: learning draws never shift the programming draws above.
    this.writer = new PulseWriter(
      device,
      {
        vLtpMv: p.write_voltage_ltp_mv,
        vLtdMv: p.write_voltage_ltd_mv,
        pulsePs: p.write_pulse,
        c2cVariation: p.c2c_variation,
        energyPerPulsePj: p.energy_per_write_pulse,
      },
      this.sim.rngFor(`${this.path}#write`),
    );
    if (p.learning === 'stdp') {
      const rule = {
        aPlusPulses: p.stdp_a_plus,
        aMinusPulses: p.stdp_a_minus,
        tauPlusPs: p.stdp_tau_plus,
        tauMinusPs: p.stdp_tau_minus,
      };
      this.learner = new StdpLearner(p.rows, p.cols, rule, this.connected, (k, pulses) =>
        this.programPulses(k, pulses),
      );
    }
    this.readEnergy = this.energy.action('synapse_read', p.energy_per_sop);
    this.rowEnergy = this.energy.action('row_drive', p.energy_per_row);
    this.writeEnergy = this.energy.action('synapse_write', p.energy_per_write_pulse);
    this.pre = this.inPort<SpikeBatch>('pre');
    this.post = this.outPort<SynapticDrive>('post');
    this.postSpikes = this.inPort<SpikeBatch>('post_spikes');
    this.pre.onMessage((m) => this.onSpikes(m));
    this.postSpikes.onMessage((m) => this.learner?.onPost(m.sources, this.sim.nowPs));
  }

  override setup(): void {
    if (this.learner && !this.postSpikes.link) {
      throw new HelenError(
        'E_MODEL',
        `${this.path} learns (learning: stdp) but hears no postsynaptic spikes: connect the population's out (or an extra out[k] with fanout) to ${this.path}.post_spikes`,
        this.locs.get('learning'),
      );
    }
  }

  /** Target weights from `weights_file` (mV, scaled), or undefined for seeded normal weights. */
  private fileWeights(): Float64Array | undefined {
    const p = this.p;
    if (p.weights_file === '') return undefined;
    const at = this.locs.get('weights_file');
    if (p.weight_std_mv !== 0 || p.weight_mean_mv !== 0) {
      throw new HelenError('E_CONFLICT', 'give weights_file or weight_mean_mv/weight_std_mv, not both', at);
    }
    const w = readWeightsFile(p.weights_file, p.rows, p.cols, at);
    if (p.weights_scale !== 1) for (let k = 0; k < w.length; k++) w[k]! *= p.weights_scale;
    return w;
  }

  /** Draws every synapse's existence and target weight, then programs its pair (row-major, so a seed fixes it all). */
  private program(prog: PairProgrammer, fromFile: Float64Array | undefined): void {
    const p = this.p;
    const rng = this.rng;
    for (let i = 0; i < p.rows; i++) {
      for (let j = 0; j < p.cols; j++) {
        const k = i * p.cols + j;
        const exists = p.p_connect >= 1 || rng.nextFloat() < p.p_connect;
        const target = fromFile
          ? fromFile[k]!
          : p.weight_std_mv > 0
            ? rng.nextGaussian(p.weight_mean_mv, p.weight_std_mv)
            : p.weight_mean_mv;
        if (!exists) continue;
        const pair = prog.program(target / this.mvPerNs);
        this.connected[k] = 1;
        this.targetWeightsMv[k] = target;
        this.gPlusNs[k] = pair.gPlusNs;
        this.gMinusNs[k] = pair.gMinusNs;
        this.stuckPlus[k] = pair.stuckPlus ? 1 : 0;
        this.stuckMinus[k] = pair.stuckMinus ? 1 : 0;
        this.effectiveWeightsMv[k] = (pair.gPlusNs - pair.gMinusNs) * this.mvPerNs;
        this.rowSops[i]!++;
        this.rowReadPj[i]! += this.readPj(k);
      }
    }
  }

  /** Device energy of one read pulse through synapse k, pJ: V²·(G⁺ + G⁻)·t. */
  private readPj(k: number): number {
    const v = this.p.read_voltage_mv;
    return v * v * (this.gPlusNs[k]! + this.gMinusNs[k]!) * this.p.read_pulse * PJ_PER_MV2_NS_PS;
  }

  /**
   * Programs synapse k = row·cols + col with |pulses| pulses: a weight increase
   * (pulses > 0) depresses G⁻ if it is above G_min, else potentiates G⁺; a
   * decrease mirrors it. So one device of a pair stays at G_min, as initial
   * programming leaves it, and each device moves along its own update curve.
   * Stuck devices do not move. Charges write energy and serial write time.
   */
  programPulses(k: number, pulses: number): void {
    if (pulses === 0 || !this.connected[k]) return;
    const n = Math.abs(pulses);
    const eps = 1e-9 * (this.device.gMaxNs - this.device.gMinNs);
    const up = pulses > 0;
    const [away, toward, awayStuck, towardStuck] = up
      ? [this.gMinusNs, this.gPlusNs, this.stuckMinus[k], this.stuckPlus[k]]
      : [this.gPlusNs, this.gMinusNs, this.stuckPlus[k], this.stuckMinus[k]];
    let target: Float64Array;
    let result;
    if (!awayStuck && away[k]! > this.device.gMinNs + eps) {
      target = away;
      result = this.writer.depress(away[k]!, n);
    } else if (!towardStuck) {
      target = toward;
      result = this.writer.potentiate(toward[k]!, n);
    } else {
      return;
    }
    const row = Math.floor(k / this.p.cols);
    this.rowReadPj[row]! -= this.readPj(k);
    target[k] = result.gNs;
    this.rowReadPj[row]! += this.readPj(k);
    this.effectiveWeightsMv[k] = (this.gPlusNs[k]! - this.gMinusNs[k]!) * this.mvPerNs;
    this.csr.setWeight(row, k - row * this.p.cols, this.effectiveWeightsMv[k]!);
    this.writePulses.add(n);
    this.deviceWrites.add();
    this.writeEnergy.chargeEnergy(n, result.energyPj);
    this.chargeWriteTime(result.timePs);
  }

  /** Writes queue behind each other; the array is busy until the last one ends (the run lasts at least that long). */
  private chargeWriteTime(timePs: number): void {
    this.writeFreePs = Math.max(this.sim.nowPs, this.writeFreePs) + timePs;
    this.writeTime.add(timePs);
    if (this.writing) return;
    this.writing = true;
    this.beginBusy();
    this.sim.scheduleAt(this.writeFreePs, this.onWritesDone);
  }

  /** One pending event at a time: when it fires early (writes queued meanwhile) it moves to the new end. */
  private readonly onWritesDone = (): void => {
    if (this.sim.nowPs < this.writeFreePs) {
      this.sim.scheduleAt(this.writeFreePs, this.onWritesDone);
      return;
    }
    this.writing = false;
    this.endBusy();
  };

  /** Presynaptic inputs (rows of the crossbar). */
  get rows(): number {
    return this.p.rows;
  }

  /** Postsynaptic neurons (columns of the crossbar). */
  get cols(): number {
    return this.p.cols;
  }

  /** Largest weight magnitude a pair can realise, mV. */
  get maxWeightMv(): number {
    return (this.p.g_max_ns - this.p.g_min_ns) * this.mvPerNs;
  }

  /** The realised weight of synapse (row, col), mV (0 where none exists). */
  weightMv(row: number, col: number): number {
    return this.effectiveWeightsMv[row * this.p.cols + col]!;
  }

  /**
   * A presynaptic batch: each source's row of existing synapses adds its
   * realised weights to the columns it reaches (rows in batch order, so every
   * column's sum is the same sequence of additions as over the full row), and
   * the non-zero sums leave as one sparse drive, columns ascending.
   */
  private onSpikes(m: SpikeBatch): void {
    const rows = this.p.rows;
    const sources = m.sources;
    let sops = 0;
    let readPj = 0;
    for (let s = 0; s < sources.length; s++) {
      const i = sources[s]!;
      if (!(i >= 0 && i < rows))
        throw new HelenError('E_MODEL', `${this.path}: spike from source ${i}, but the array has ${rows} rows`);
      sops += this.rowSops[i]!;
      readPj += this.rowReadPj[i]!;
    }
    this.preSpikes.add(sources.length);
    this.sops.add(sops);
    this.rowEnergy.charge(sources.length);
    this.readEnergy.chargeEnergy(sops, readPj + sops * this.p.energy_per_sop);
    if (this.post.link) this.post.send(this.csr.read(sources, sops, this.p.delay_cycles));
    // The read used the weights as they were; learning reprograms after it.
    this.learner?.onPre(m.sources, this.sim.nowPs);
  }
}

export const synapseArray = defineComponent({
  type: 'neuromorphic.synapse_array',
  description:
    'memristor crossbar of differential conductance pairs: presynaptic spikes become charges on postsynaptic synaptic nodes',
  params,
  ports: {
    pre: 'spike batches of the presynaptic population or input (SpikeBatch)',
    post: 'synaptic drive to the postsynaptic population (SynapticDrive)',
    post_spikes: 'spike batches of the postsynaptic population, for learning: stdp (SpikeBatch)',
  },
  statistics: {
    sops: 'synaptic operations: presynaptic spikes × existing synapses in their rows (SOPs)',
    pre_spikes: 'presynaptic spikes, one row read each (spikes)',
    write_pulses: 'programming pulses applied by on-chip learning (pulses)',
    device_writes: 'devices reprogrammed, one burst of pulses each (writes)',
    write_time_ps: 'time spent programming: pulses × write_pulse, serial (ps)',
  },
  create: (ctx) => new SynapseArray(ctx),
});
