import { z } from 'zod';
import {
  Component,
  Fifo,
  HelenError,
  childSlot,
  componentOptions,
  defineComponent,
  defineOperation,
  fillSlot,
  param,
  registerSerialService,
  type CreateContext,
  type SerialService,
  type ServiceWatcher,
} from '../../core/index.js';
import { systolicArray, type SystolicArray } from './array.js';
import type { ArrayShape } from './dataflow.js';
import { mapGemm } from './gemm-mapper.js';
import { systolicHbm, type Hbm } from './hbm.js';
import { rooflineBoundCycles, type OpRecord, type RooflineMachine } from './roofline.js';
import { systolicSram, type Sram } from './sram.js';
import { runGemmPipeline, type GemmJob, type GemmTiming, type TileMachine } from './tile-pipeline.js';
import { systolicVector, type VectorUnit } from './vector-unit.js';
import { SERVING_STATISTICS } from './llm/serving-counters.js';

const params = z
  .object({
    activation_fraction: param.number(
      'share of the SRAM kept for activations that stay on chip between operations; the rest holds operand tiles',
      { default: 0.25, min: 0, max: 0.9 },
    ),
    accumulator_bytes: param.size('bytes of one partial sum while a tile accumulates over K', { default: 4, min: 1 }),
    area: param.area(
      'area of the control and glue logic; default 0 (an assumption: small beside the arrays and SRAM)',
      { default: 0 },
    ),
    leakage: param.power('static power of the control and glue logic', { default: 0 }),
  })
  .strict();

type Params = z.infer<typeof params>;

/** Where an operand lives: weights and the KV cache in HBM; activations on chip when they fit, else spilled to HBM. */
export const TENSOR_KINDS = ['act', 'weight', 'kv'] as const;
/** One of TENSOR_KINDS. */
export type TensorKind = (typeof TENSOR_KINDS)[number];

/** The hardware an engine drives, found among its descendants. */
const slots = {
  arrays: childSlot(systolicArray, {
    description: 'the arrays a GEMM tile is spread over (alike, on the engine clock)',
    min: 1,
    scope: 'descendants',
  }),
  sram: childSlot(systolicSram, {
    description: 'the on-chip buffer of operand tiles and resident activations',
    min: 1,
    max: 1,
    scope: 'descendants',
  }),
  hbm: childSlot(systolicHbm, {
    description: 'the memory of weights, the KV cache and spilled activations',
    min: 1,
    max: 1,
    scope: 'descendants',
  }),
  vector: childSlot(systolicVector, {
    description: 'the vector unit of `vector` operations (none: the engine refuses them)',
    max: 1,
    scope: 'descendants',
  }),
};

const whole = (description: string, dflt?: number) =>
  param.integer(description, dflt === undefined ? { min: 1 } : { min: 1, default: dflt });
const tensorKind = (description: string, dflt: TensorKind) => param.enum(TENSOR_KINDS, description, { default: dflt });

const gemmArgs = {
  M: whole('rows of A and C'),
  N: whole('columns of B and C'),
  K: whole('reduction length'),
  count: whole('independent instances of the GEMM (heads × batch)', 1),
  a_kind: tensorKind('where A lives: act (on chip when it fits), weight or kv (HBM)', 'act'),
  b_kind: tensorKind('where B lives', 'weight'),
  c_kind: tensorKind('where C goes', 'act'),
  label: param.string('name of the operation in the roofline table', { default: 'gemm' }),
};

const vectorArgs = {
  elements: whole('elements of one instance'),
  ops_per_element: whole('element operations per element', 1),
  count: whole('instances', 1),
  label: param.string('name of the operation in the roofline table', { default: 'vector' }),
};

/** Arguments of an engine `gemm`, as declared. */
export type EngineGemmArgs = z.infer<z.ZodObject<typeof gemmArgs>>;
/** Arguments of an engine `vector` operation, as declared. */
export type EngineVectorArgs = z.infer<z.ZodObject<typeof vectorArgs>>;

interface Job {
  /** Times and charges the operation when it starts. */
  start: () => OpRecord;
  done: () => void;
}

/**
 * A systolic accelerator core: its arrays, SRAM, HBM and vector unit (its
 * declared slots) run `gemm` and `vector` operations one at a time.
 * A GEMM is tiled by the mapper and its tiles pipelined with double-buffered
 * loads (tile-pipeline.ts): compute cycles are SCALE-Sim fold cycles, and
 * SRAM and HBM stalls are counted apart. Every operation is kept, with its
 * FLOPs and HBM bytes, for the roofline table. `working` stays set through a
 * finished operation's completion callback, so one issued from it waits
 * behind those already queued (as SerialServer).
 */
export class SystolicEngine extends Component implements SerialService {
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
  private watcher: ServiceWatcher | undefined = undefined;
  private readonly c = {
    ops: this.stats.counter('operations', 'gemm and vector operations completed', 'ops'),
    cycles: this.stats.counter('cycles', 'cycles of all operations (compute + SRAM stall + HBM stall)', 'cycles'),
    compute: this.stats.counter('compute_cycles', 'array fold cycles and vector-unit cycles (ideal memory)', 'cycles'),
    sramStall: this.stats.counter('sram_stall_cycles', 'cycles waiting for SRAM banks', 'cycles'),
    hbmStall: this.stats.counter(
      'hbm_stall_cycles',
      'cycles waiting for HBM (bandwidth, latency, capacity-forced reloads)',
      'cycles',
    ),
    flops: this.stats.counter('flops', 'floating-point operations (2 per MAC, plus vector element ops)', 'FLOP'),
    macs: this.stats.counter('macs', 'multiply-accumulates on the arrays', 'MACs'),
    hbmBytes: this.stats.counter('hbm_bytes', 'bytes moved to and from HBM', 'bytes'),
    belowRoofline: this.stats.counter(
      'ops_below_roofline',
      'operations faster than max(FLOPs/peak, bytes/bandwidth): must stay 0',
      'ops',
    ),
  };

  constructor(ctx: CreateContext<Params>) {
    super(ctx.parent, ctx.name, componentOptions(ctx));
    this.p = ctx.params;
    registerSerialService(this, this);
  }

  watchService(watcher: ServiceWatcher | undefined): void {
    this.watcher = watcher;
  }

  override setup(): void {
    this.arrays = fillSlot(this, slots.arrays);
    // The elaborator has checked the slots' counts.
    [this.sram] = fillSlot(this, slots.sram) as [Sram];
    [this.hbm] = fillSlot(this, slots.hbm) as [Hbm];
    this.vector = fillSlot(this, slots.vector)[0];
    const a0 = this.arrays[0]!.p;
    for (const a of this.arrays) {
      const q = a.p;
      if (
        q.rows !== a0.rows ||
        q.cols !== a0.cols ||
        q.dataflow !== a0.dataflow ||
        q.operand_bits !== a0.operand_bits ||
        q.frequency !== 0
      ) {
        throw new HelenError(
          'E_CONFIG',
          `${a.path}: the arrays of ${this.path} must be alike (rows, cols, dataflow, operand_bits) and run on its clock (frequency 0)`,
        );
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

  /** Whether the engine has a vector unit for `vector` operations. */
  get hasVectorUnit(): boolean {
    return this.vector !== undefined;
  }

  /** Bytes per operand element (from the arrays' operand_bits). */
  get elementBytes(): number {
    return this.machine.elementBytes;
  }

  /** Whether an activation of `bytes` (one instance) stays on chip. */
  resident(bytes: number): boolean {
    return bytes <= this.sram.p.capacity * this.p.activation_fraction;
  }

  /** Queues `count` GEMMs of one shape (operands placed by their kinds); `done` when they complete. */
  gemm(args: EngineGemmArgs, done: () => void): void {
    this.enqueue({ start: () => this.runGemm(args), done });
  }

  /** Queues element-wise work on the vector unit; `done` when it completes. */
  vectorOp(args: EngineVectorArgs, done: () => void): void {
    if (!this.vector) throw new HelenError('E_OP', `${this.path} has no systolic.vector for operation "vector"`);
    this.enqueue({ start: () => this.runVector(args), done });
  }

  private enqueue(job: Job): void {
    this.queue.push(job);
    if (!this.working) this.startNext();
  }

  private startNext(): void {
    const job = this.queue.shift();
    if (!job) return;
    this.working = true;
    const rec = job.start();
    const startCycle = this.clock.cycleAtOrAfter(this.sim.nowPs);
    this.watcher?.started(rec.kind);
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
    this.watcher?.ended(rec.kind);
    job.done();
    this.working = false;
    this.startNext();
  };

  private runGemm({ M, N, K, count, a_kind, b_kind, c_kind, label }: EngineGemmArgs): OpRecord {
    const e = this.machine.elementBytes;
    const inHbm = (k: TensorKind, bytes: number): boolean => k !== 'act' || !this.resident(bytes);
    const job: GemmJob = {
      M,
      N,
      K,
      count,
      aInHbm: inHbm(a_kind, M * K * e),
      bInHbm: inHbm(b_kind, K * N * e),
      cToHbm: inHbm(c_kind, M * N * e),
    };
    const key = `${M},${N},${K},${count},${+job.aInHbm}${+job.bInHbm}${+job.cToHbm}`;
    let t = this.cache.get(key);
    if (!t) {
      t = runGemmPipeline(this.machine, job, mapGemm(this.machine, job), () => this.sim.checkWallClock());
      this.cache.set(key, t);
    }
    const perArray = t.macs / this.arrays.length;
    for (const a of this.arrays) {
      a.creditShare(perArray, t.computeCycles);
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
      label,
      kind: 'gemm',
      flops,
      hbmBytes,
      cycles: t.cycles,
      computeCycles: t.computeCycles,
      sramStallCycles: t.sramStallCycles,
      hbmStallCycles: t.hbmStallCycles,
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

  private runVector({ elements, ops_per_element: opsPer, count, label }: EngineVectorArgs): OpRecord {
    const v = this.vector!;
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
      label,
      kind: 'vector',
      flops: ops,
      hbmBytes,
      cycles,
      computeCycles: compute,
      sramStallCycles: sramStall,
      hbmStallCycles: cycles - compute - sramStall,
      // The vector unit is its own compute roof: ops / (lanes · ops_per_lane) cycles at best.
      boundCycles: rooflineBoundCycles(this.roofline, ops, hbmBytes, v.p.lanes * v.p.ops_per_lane),
    };
  }
}

export const systolicEngine = defineComponent({
  type: 'systolic.engine',
  description:
    'systolic accelerator core: tiles GEMMs over its arrays, SRAM and HBM with double-buffered loads, runs vector ops',
  params,
  slots,
  operations: {
    gemm: defineOperation({
      description: 'count × C[M×N] = A[M×K]·B[K×N], tiled over the arrays with double-buffered loads from HBM',
      args: gemmArgs,
      run: (engine: SystolicEngine, args, done) => engine.gemm(args, done),
    }),
    vector: defineOperation({
      description: 'element-wise work on the vector unit (softmax, norms, activations, residuals)',
      args: vectorArgs,
      run: (engine: SystolicEngine, args, done) => engine.vectorOp(args, done),
    }),
  },
  statistics: {
    operations: 'gemm and vector operations completed (ops)',
    cycles: 'cycles of all operations (compute + SRAM stall + HBM stall) (cycles)',
    compute_cycles: 'array fold cycles and vector-unit cycles (ideal memory) (cycles)',
    sram_stall_cycles: 'cycles waiting for SRAM banks (cycles)',
    hbm_stall_cycles: 'cycles waiting for HBM (bandwidth, latency, capacity-forced reloads) (cycles)',
    flops: 'floating-point operations (2 per MAC, plus vector element ops) (FLOP)',
    macs: 'multiply-accumulates on the arrays (MACs)',
    hbm_bytes: 'bytes moved to and from HBM (bytes)',
    ops_below_roofline: 'operations faster than max(FLOPs/peak, bytes/bandwidth): must stay 0 (ops)',
    ...SERVING_STATISTICS,
  },
  create: (ctx) => new SystolicEngine(ctx),
});
