import { z } from 'zod';
import { Component, Fifo, HelenError, defineComponent, param, type CreateContext, type Operation, type OperationTarget, componentOptions } from '../../core/index.js';
import { SystolicArray } from './array.js';
import type { ArrayShape } from './dataflow.js';
import { mapGemm } from './gemm-mapper.js';
import { Hbm } from './hbm.js';
import { rooflineBoundCycles, type OpRecord, type RooflineMachine } from './roofline.js';
import { Sram } from './sram.js';
import { runGemmPipeline, type GemmJob, type GemmTiming, type TileMachine } from './tile-pipeline.js';
import { VectorUnit } from './vector-unit.js';

const params = z
  .object({
    activation_fraction: param.number('share of the SRAM kept for activations that stay on chip between operations; the rest holds operand tiles', { default: 0.25, min: 0, max: 0.9 }),
    accumulator_bytes: param.size('bytes of one partial sum while a tile accumulates over K', { default: 4, min: 1 }),
    area: param.area('area of the control and glue logic; default 0 (an assumption: small beside the arrays and SRAM)', { default: 0 }),
    leakage: param.power('static power of the control and glue logic', { default: 0 }),
  })
  .strict();

type Params = z.infer<typeof params>;

/** Where an operand lives: weights and the KV cache in HBM; activations on chip when they fit, else spilled to HBM. */
export const TENSOR_KINDS = ['act', 'weight', 'kv'] as const;
/** One of TENSOR_KINDS. */
export type TensorKind = (typeof TENSOR_KINDS)[number];

interface Job {
  op: Operation;
  done: () => void;
}

function whole(op: Operation, key: string, dflt?: number): number {
  const v = op.args[key] ?? dflt;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) throw new HelenError('E_OP', `operation "${op.name}": ${key} must be a whole number ≥ 1${dflt === undefined ? '' : ` (default ${dflt})`}`);
  return v;
}

function kind(op: Operation, key: string, dflt: TensorKind): TensorKind {
  const v = op.args[key] ?? dflt;
  if (!TENSOR_KINDS.includes(v as TensorKind)) throw new HelenError('E_OP', `operation "${op.name}": ${key} must be one of ${TENSOR_KINDS.join(', ')}`);
  return v as TensorKind;
}

/**
 * A systolic accelerator core: its arrays, SRAM, HBM and vector unit (found
 * among its descendants) run `gemm` and `vector` operations one at a time.
 * A GEMM is tiled by the mapper and its tiles pipelined with double-buffered
 * loads (tile-pipeline.ts): compute cycles are SCALE-Sim fold cycles, and
 * SRAM and HBM stalls are counted apart. Every operation is kept, with its
 * FLOPs and HBM bytes, for the roofline table.
 */
export class SystolicEngine extends Component implements OperationTarget {
  /** Operation records summed per label, in first-seen order: the roofline table. */
  readonly byLabel = new Map<string, OpRecord & { operations: number }>();
  /** The last operation completed. */
  lastRecord: OpRecord | undefined;
  private readonly p: Params;
  private arrays: SystolicArray[] = [];
  private sram!: Sram;
  private hbm!: Hbm;
  private vector: VectorUnit | undefined;
  private machine!: TileMachine;
  private shape!: ArrayShape;
  private readonly cache = new Map<string, GemmTiming>();
  private readonly queue = new Fifo<Job>();
  private working = false;
  private readonly c = {
    ops: this.stats.counter('operations', 'gemm and vector operations completed', 'ops'),
    cycles: this.stats.counter('cycles', 'cycles of all operations (compute + SRAM stall + HBM stall)', 'cycles'),
    compute: this.stats.counter('compute_cycles', 'array fold cycles and vector-unit cycles (ideal memory)', 'cycles'),
    sramStall: this.stats.counter('sram_stall_cycles', 'cycles waiting for SRAM banks', 'cycles'),
    hbmStall: this.stats.counter('hbm_stall_cycles', 'cycles waiting for HBM (bandwidth, latency, capacity-forced reloads)', 'cycles'),
    flops: this.stats.counter('flops', 'floating-point operations (2 per MAC, plus vector element ops)', 'FLOP'),
    macs: this.stats.counter('macs', 'multiply-accumulates on the arrays', 'MACs'),
    hbmBytes: this.stats.counter('hbm_bytes', 'bytes moved to and from HBM', 'bytes'),
    belowRoofline: this.stats.counter('ops_below_roofline', 'operations faster than max(FLOPs/peak, bytes/bandwidth): must stay 0', 'ops'),
  };

  constructor(ctx: CreateContext<Params>) {
    super(ctx.parent, ctx.name, componentOptions(ctx));
    this.p = ctx.params;
  }

  override setup(): void {
    const below = [...this.walk()].slice(1);
    this.arrays = below.filter((c): c is SystolicArray => c instanceof SystolicArray);
    const srams = below.filter((c): c is Sram => c instanceof Sram);
    const hbms = below.filter((c): c is Hbm => c instanceof Hbm);
    const vectors = below.filter((c): c is VectorUnit => c instanceof VectorUnit);
    const need = (what: string, n: number, max: number): void => {
      if (n < 1 || n > max) throw new HelenError('E_CONFIG', `${this.path} (${this.type}) needs ${max === 1 ? 'exactly one' : 'at least one'} ${what} below it, found ${n}`);
    };
    need('systolic.array', this.arrays.length, Infinity);
    need('systolic.sram', srams.length, 1);
    need('systolic.hbm', hbms.length, 1);
    if (vectors.length > 1) need('systolic.vector', vectors.length, 1);
    [this.sram, this.hbm, this.vector] = [srams[0]!, hbms[0]!, vectors[0]];
    const a0 = this.arrays[0]!.params as { rows: number; cols: number; dataflow: ArrayShape['dataflow']; operand_bits: number; frequency: number };
    for (const a of this.arrays) {
      const q = a.params as typeof a0;
      if (q.rows !== a0.rows || q.cols !== a0.cols || q.dataflow !== a0.dataflow || q.operand_bits !== a0.operand_bits || q.frequency !== 0) {
        throw new HelenError('E_CONFIG', `${a.path}: the arrays of ${this.path} must be alike (rows, cols, dataflow, operand_bits) and run on its clock (frequency 0)`);
      }
    }
    this.shape = { rows: a0.rows, cols: a0.cols, dataflow: a0.dataflow };
    const periodPs = this.clock.periodPs;
    const sram = this.sram;
    const hbm = this.hbm;
    this.machine = {
      array: this.shape,
      arrays: this.arrays.length,
      elementBytes: Math.ceil(a0.operand_bits / 8),
      accumulatorBytes: this.p.accumulator_bytes,
      tileBudgetBytes: Math.floor(sram.p.capacity * (1 - this.p.activation_fraction)),
      doubleBuffered: sram.p.double_buffered,
      sramCycles: (r, w) => sram.cyclesFor(r, w),
      hbmBusCycles: (bytes) => hbm.busPs(bytes) / periodPs,
      hbmLatencyCycles: hbm.p.latency / periodPs,
    };
  }

  /** Peak FLOPs per cycle and HBM bytes per cycle: the two roofs. */
  get roofline(): RooflineMachine {
    const m = this.machine;
    const v = this.vector?.p;
    return {
      peakFlopsPerCycle: 2 * m.array.rows * m.array.cols * m.arrays,
      hbmBytesPerCycle: (this.hbm.p.bandwidth * this.clock.periodPs) / 1e12,
      clockHz: this.clock.frequencyHz,
      ...(v ? { vectorOpsPerCycle: v.lanes * v.ops_per_lane } : {}),
    };
  }

  /** Bytes per operand element (from the arrays' operand_bits). */
  get elementBytes(): number {
    return this.machine.elementBytes;
  }

  /** Whether an activation of `bytes` (one instance) stays on chip. */
  resident(bytes: number): boolean {
    return bytes <= this.sram.p.capacity * this.p.activation_fraction;
  }

  acceptOperation(op: Operation, done: () => void): void {
    if (op.name !== 'gemm' && op.name !== 'vector') throw new HelenError('E_OP', `${this.type} does not know operation "${op.name}"; it accepts: gemm, vector`);
    if (op.name === 'vector' && !this.vector) throw new HelenError('E_OP', `${this.path} has no systolic.vector for operation "vector"`);
    this.queue.push({ op, done });
    if (!this.working) this.startNext();
  }

  private startNext(): void {
    const job = this.queue.shift();
    if (!job) return;
    this.working = true;
    const rec = job.op.name === 'gemm' ? this.gemm(job.op) : this.vectorOp(job.op);
    const startCycle = this.clock.cycleAtOrAfter(this.sim.nowPs);
    this.beginBusy();
    this.sim.scheduleAt(this.clock.cycleToTimePs(startCycle + rec.cycles), this.end, { job, rec });
  }

  private readonly end = ({ job, rec }: { job: Job; rec: OpRecord }): void => {
    this.endBusy();
    this.lastRecord = rec;
    const agg = this.byLabel.get(rec.label);
    if (!agg) this.byLabel.set(rec.label, { ...rec, operations: 1 });
    else {
      agg.operations++;
      agg.flops += rec.flops;
      agg.hbmBytes += rec.hbmBytes;
      agg.cycles += rec.cycles;
      agg.computeCycles += rec.computeCycles;
      agg.sramStallCycles += rec.sramStallCycles;
      agg.hbmStallCycles += rec.hbmStallCycles;
      agg.boundCycles += rec.boundCycles;
    }
    // A self-check in every report: the model must never beat the roofline.
    if (rec.cycles < rec.boundCycles - 1e-9) this.c.belowRoofline.add();
    this.c.ops.add();
    this.c.cycles.add(rec.cycles);
    this.c.compute.add(rec.computeCycles);
    this.c.sramStall.add(rec.sramStallCycles);
    this.c.hbmStall.add(rec.hbmStallCycles);
    this.c.flops.add(rec.flops);
    this.c.hbmBytes.add(rec.hbmBytes);
    this.working = false;
    job.done();
    this.startNext();
  };

  private gemm(op: Operation): OpRecord {
    const M = whole(op, 'M');
    const N = whole(op, 'N');
    const K = whole(op, 'K');
    const count = whole(op, 'count', 1);
    const e = this.machine.elementBytes;
    const inHbm = (k: TensorKind, bytes: number): boolean => k !== 'act' || !this.resident(bytes);
    const job: GemmJob = {
      M, N, K, count,
      aInHbm: inHbm(kind(op, 'a_kind', 'act'), M * K * e),
      bInHbm: inHbm(kind(op, 'b_kind', 'weight'), K * N * e),
      cToHbm: inHbm(kind(op, 'c_kind', 'act'), M * N * e),
    };
    const key = `${M},${N},${K},${count},${+job.aInHbm}${+job.bInHbm}${+job.cToHbm}`;
    let t = this.cache.get(key);
    if (!t) {
      t = runGemmPipeline(this.machine, job, mapGemm(this.machine, job));
      this.cache.set(key, t);
    }
    const perArray = t.macs / this.arrays.length;
    for (const a of this.arrays) {
      a.energy.action('mac', (a.params as { mac_energy: number }).mac_energy).charge(perArray);
      a.stats.counter('macs').add(perArray);
      a.stats.counter('compute_cycles').add(t.computeCycles);
      // Every array computes its share in lockstep for the op's compute cycles.
      this.occupy(a, t.computeCycles, t.cycles);
    }
    this.occupy(this.sram, this.sram.cyclesFor(t.sramReadBytes, t.sramWriteBytes), t.cycles);
    this.occupy(this.hbm, this.machine.hbmBusCycles(t.hbmReadBytes + t.hbmWriteBytes), t.cycles);
    this.c.macs.add(t.macs);
    this.sram.charge(t.sramReadBytes, t.sramWriteBytes);
    this.hbm.chargeRead(t.hbmReadBytes);
    this.hbm.chargeWrite(t.hbmWriteBytes);
    const flops = 2 * t.macs;
    const hbmBytes = t.hbmReadBytes + t.hbmWriteBytes;
    return {
      label: String(op.args['label'] ?? 'gemm'), kind: 'gemm', flops, hbmBytes,
      cycles: t.cycles, computeCycles: t.computeCycles, sramStallCycles: t.sramStallCycles, hbmStallCycles: t.hbmStallCycles,
      boundCycles: rooflineBoundCycles(this.roofline, flops, hbmBytes),
    };
  }

  /**
   * Credits `unit` with `cycles` of work within an op of `opCycles`: the fold
   * model knows how long each unit worked, not at which instants, so this is
   * utilisation in the report, not a busy waveform.
   */
  private occupy(unit: Component, cycles: number, opCycles: number): void {
    const c = Math.min(cycles, opCycles);
    if (c > 0) unit.busy.credit(Math.round(c * this.clock.periodPs));
  }

  private vectorOp(op: Operation): OpRecord {
    const v = this.vector!;
    const elements = whole(op, 'elements');
    const opsPer = whole(op, 'ops_per_element', 1);
    const count = whole(op, 'count', 1);
    const bytes = elements * this.machine.elementBytes;
    const ops = elements * opsPer * count;
    const spilled = !this.resident(bytes);
    // A spilled operand is read from HBM and its result written back; a resident one is read and written in SRAM.
    const hbmBytes = spilled ? 2 * bytes * count : 0;
    const compute = v.cyclesFor(ops);
    const sramCycles = this.sram.cyclesFor(bytes * count, bytes * count);
    const hbmCycles = hbmBytes > 0 ? Math.ceil(this.machine.hbmBusCycles(hbmBytes) + this.machine.hbmLatencyCycles) : 0;
    const cycles = Math.max(compute, sramCycles, hbmCycles);
    const sramStall = Math.max(0, Math.min(sramCycles, cycles) - compute);
    v.charge(ops, compute);
    this.occupy(v, compute, cycles);
    this.occupy(this.sram, sramCycles, cycles);
    if (spilled) this.occupy(this.hbm, this.machine.hbmBusCycles(hbmBytes), cycles);
    this.sram.charge(bytes * count, bytes * count);
    if (spilled) {
      this.hbm.chargeRead(hbmBytes / 2);
      this.hbm.chargeWrite(hbmBytes / 2);
    }
    return {
      label: String(op.args['label'] ?? 'vector'), kind: 'vector', flops: ops, hbmBytes,
      cycles, computeCycles: compute, sramStallCycles: sramStall, hbmStallCycles: cycles - compute - sramStall,
      // The vector unit is its own compute roof: ops / (lanes · ops_per_lane) cycles at best.
      boundCycles: rooflineBoundCycles(this.roofline, ops, hbmBytes, v.p.lanes * v.p.ops_per_lane),
    };
  }
}

export const systolicEngine = defineComponent({
  type: 'systolic.engine',
  description: 'systolic accelerator core: tiles GEMMs over its arrays, SRAM and HBM with double-buffered loads, runs vector ops',
  params,
  operations: {
    gemm: 'count × C[M×N] = A[M×K]·B[K×N] (args M, N, K, count; a_kind, b_kind, c_kind: act|weight|kv; label)',
    vector: 'element-wise work on the vector unit (args elements per instance, ops_per_element, count, label)',
  },
  create: (ctx) => new SystolicEngine(ctx),
});
