import { z } from 'zod';
import {
  Clock,
  Component,
  Fifo,
  HelenError,
  defineComponent,
  defineOperation,
  param,
  registerSerialService,
  type CreateContext,
  type SerialService,
  type ServiceWatcher,
} from '../../core/index.js';
import { DATAFLOWS, type ArrayShape, type GemmShape } from './dataflow.js';
import { DetailedGemm } from './detailed/detailed-gemm.js';
import { foldTiming } from './fold-model.js';
import { matmul, type Matrix } from './matrix.js';
import { matrixArg, randomMatrix } from './operands.js';

/** Above this many PE-cycles a detailed run would take seconds: refuse it and point at the fast model. */
export const MAX_DETAILED_PE_CYCLES = 50_000_000;

const params = z
  .object({
    rows: param.integer('PE rows (R): the extent Sr of the mapped GEMM is folded over them', { default: 32, min: 1 }),
    cols: param.integer('PE columns (C): the extent Sc is folded over them', { default: 32, min: 1 }),
    dataflow: param.enum(DATAFLOWS, 'which operand stays in the PEs: os (outputs), ws (weights, B), is (inputs, A)', {
      default: 'os',
    }),
    operand_bits: param.integer('width of the signed integer operands A and B, in bits', {
      default: 8,
      min: 2,
      max: 32,
    }),
    frequency: param.frequency('array clock; 0 uses the clock domain of the component', { default: 0 }),
    mac_energy: param.energy('dynamic energy of one useful multiply-accumulate', { default: 0 }),
    // Horowitz, ISSCC 2014 (45 nm): 8-bit multiply 282 µm² + 32-bit add 137 µm²; pipeline registers not counted.
    pe_area: param.area(
      'area of one PE (multiplier + accumulator adder); default an int8 MAC at 45 nm (Horowitz 2014), registers not counted',
      { default: 419e-6 },
    ),
    area: param.area('area of the whole array; 0 means rows × cols × pe_area', { default: 0 }),
    leakage: param.power('static power of the array', { default: 0 }),
    detailed: param.boolean(
      'run the PE-by-PE model (values and per-PE activity; small arrays and GEMMs only) instead of the fold model',
      { default: false },
    ),
  })
  .strict();

type Params = z.infer<typeof params>;

/** A matrix operand argument: any value here, checked against the GEMM's shape and operand width by `matrixArg`. */
const operandArg = (description: string) => z.unknown().optional().meta({ description, kind: 'matrix' });

/** The array's area: the explicit `area`, else one `pe_area` per PE. */
export function arrayAreaMm2(p: { rows: number; cols: number; pe_area: number; area: number }): number {
  return p.area > 0 ? p.area : p.rows * p.cols * p.pe_area;
}

interface Job {
  shape: GemmShape;
  a: Matrix | undefined;
  b: Matrix | undefined;
  done: () => void;
}

/**
 * An R×C systolic array doing one GEMM at a time, in arrival order. Timing is
 * SCALE-Sim v2's ideal-bandwidth compute cycles (fold model), or, with
 * `detailed`, the cycles the PE-by-PE model takes (equal, property-tested);
 * operands never stall here: SRAM/DRAM are not modelled yet.
 *
 * `working` stays set through a finished GEMM's completion callback, so a
 * GEMM issued from it waits behind those already queued (as SerialServer).
 */
export class SystolicArray extends Component implements SerialService {
  /** C = A·B of the last GEMM whose operands were given or (detailed) drawn; undefined in timing-only runs. */
  lastResult: Matrix | undefined;
  /** Resolved parameters (canonical units). */
  readonly p: Params;
  private readonly queue = new Fifo<Job>();
  private working = false;
  private watcher: ServiceWatcher | undefined = undefined;
  private readonly shape: ArrayShape;
  private readonly macEnergy;
  private readonly gemms = this.stats.counter('gemms', 'GEMM operations completed', 'ops');
  private readonly folds = this.stats.counter('folds', 'array tiles (folds) run', 'folds');
  private readonly computeCycles = this.stats.counter(
    'compute_cycles',
    'cycles spent computing (SCALE-Sim compute cycles)',
    'cycles',
  );
  private readonly macs = this.stats.counter('macs', 'useful multiply-accumulates (M·N·K per GEMM)', 'MACs');
  private readonly peCycles = this.stats.counter(
    'pe_cycles',
    'PE-cycles offered while computing (R·C·compute_cycles); macs / pe_cycles is the PE utilisation',
    'PE-cycles',
  );

  constructor(ctx: CreateContext<Params>) {
    const p = ctx.params;
    const clock = p.frequency > 0 ? Clock.fromFrequencyHz(`${ctx.name}.clock`, p.frequency) : ctx.clock;
    super(ctx.parent, ctx.name, { clock, params: p, type: ctx.type, areaMm2: arrayAreaMm2(p), leakageMw: p.leakage });
    this.p = p;
    this.shape = { rows: p.rows, cols: p.cols, dataflow: p.dataflow };
    this.macEnergy = this.energy.action('mac', p.mac_energy);
    registerSerialService(this, this);
  }

  watchService(watcher: ServiceWatcher | undefined): void {
    this.watcher = watcher;
  }

  /**
   * Queues C = A·B for a GEMM of `shape` (operands `a` and `b` both given, or
   * neither for a timing-only run); `done` when it completes.
   */
  gemm(shape: GemmShape, a: Matrix | undefined, b: Matrix | undefined, done: () => void): void {
    const bits = this.p.operand_bits;
    if ((a === undefined) !== (b === undefined))
      throw new HelenError('E_OP', `operation "gemm": give both operands "a" and "b", or neither`);
    if ((a || this.p.detailed) && shape.K * 4 ** (bits - 1) > 2 ** 53) {
      throw new HelenError(
        'E_OP',
        `operation "gemm": K=${shape.K} sums of ${bits}-bit products would exceed 2^53 and stop being exact`,
      );
    }
    if (this.p.detailed) {
      const t = foldTiming(this.shape, shape);
      if (t.peCycles > MAX_DETAILED_PE_CYCLES) {
        throw new HelenError(
          'E_OP',
          `operation "gemm" ${shape.M}×${shape.N}×${shape.K} needs ${t.peCycles} PE-cycles, too many for the detailed model (limit ${MAX_DETAILED_PE_CYCLES}); set detailed: false`,
        );
      }
    }
    this.queue.push({ shape, a, b, done });
    if (!this.working) this.startNext();
  }

  /**
   * Credits this array with its share of an engine's GEMM (`macs` and the
   * op's `computeCycles`): an engine times its arrays in closed form, so the
   * array's own energy and counters are charged from there.
   */
  creditShare(macs: number, computeCycles: number): void {
    this.macEnergy.charge(macs);
    this.macs.add(macs);
    this.computeCycles.add(computeCycles);
  }

  private startNext(): void {
    const job = this.queue.shift();
    if (!job) return;
    this.working = true;
    const startCycle = this.clock.cycleAtOrAfter(this.sim.nowPs);
    this.sim.scheduleAt(this.clock.cycleToTimePs(startCycle), this.begin, { job, startCycle });
  }

  private readonly begin = ({ job, startCycle }: { job: Job; startCycle: number }): void => {
    this.watcher?.started('gemm');
    this.beginBusy();
    const tracing = this.sim.trace.active;
    if (tracing) this.sim.trace.beginSpan(this.path, 'gemm', { ...job.shape, dataflow: this.shape.dataflow });
    const timing = foldTiming(this.shape, job.shape);
    this.macEnergy.charge(timing.macs);
    let cycles = timing.computeCycles;
    if (this.p.detailed) {
      const a = job.a ?? randomMatrix(this.rng, job.shape.M, job.shape.K, this.p.operand_bits);
      const b = job.b ?? randomMatrix(this.rng, job.shape.K, job.shape.N, this.p.operand_bits);
      const g = new DetailedGemm(this.shape, a, b);
      if (tracing) {
        // One event per cycle only while someone listens: per-PE activity lands at its own edge.
        this.sim.scheduleAt(this.clock.cycleToTimePs(startCycle), this.tickDetailed, {
          job,
          g,
          startCycle,
          prev: new Uint8Array(this.shape.rows * this.shape.cols),
        });
        return;
      }
      g.run();
      cycles = g.cycles;
      this.lastResult = g.result;
    } else {
      this.lastResult = job.a && job.b ? matmul(job.a, job.b) : undefined;
    }
    this.sim.scheduleAt(this.clock.cycleToTimePs(startCycle + cycles), this.end, { job, folds: timing.folds, cycles });
  };

  private readonly tickDetailed = (s: { job: Job; g: DetailedGemm; startCycle: number; prev: Uint8Array }): void => {
    const { g } = s;
    g.step();
    const act = g.active!;
    for (let p = 0; p < act.length; p++) {
      if (act[p] !== s.prev[p])
        this.sim.trace.signal(this.path, `pe[${Math.floor(p / this.shape.cols)}][${p % this.shape.cols}].mac`, act[p]!);
    }
    s.prev.set(act);
    if (!g.done) {
      this.sim.scheduleAt(this.clock.cycleToTimePs(s.startCycle + g.cycles), this.tickDetailed, s);
      return;
    }
    for (let p = 0; p < act.length; p++)
      if (act[p])
        this.sim.trace.signal(this.path, `pe[${Math.floor(p / this.shape.cols)}][${p % this.shape.cols}].mac`, 0);
    this.lastResult = g.result;
    this.sim.scheduleAt(this.clock.cycleToTimePs(s.startCycle + g.cycles), this.end, {
      job: s.job,
      folds: g.foldCycles.length,
      cycles: g.cycles,
    });
  };

  private readonly end = ({ job, folds, cycles }: { job: Job; folds: number; cycles: number }): void => {
    if (this.sim.trace.active) this.sim.trace.endSpan(this.path, 'gemm');
    this.endBusy();
    const { M, N, K } = job.shape;
    this.gemms.add();
    this.folds.add(folds);
    this.computeCycles.add(cycles);
    this.macs.add(M * N * K);
    this.peCycles.add(this.shape.rows * this.shape.cols * cycles);
    this.watcher?.ended('gemm');
    job.done();
    this.working = false;
    this.startNext();
  };
}

export const systolicArray = defineComponent({
  type: 'systolic.array',
  // An Accelergy table describes one MAC (`mac_random` in 0.3, `compute` in 0.4), i.e. one PE of the array.
  energyActions: {
    mac_random: 'mac_energy',
    compute: 'mac_energy',
    leak: { refuse: "systolic.array's leakage is the whole array's; an ERT leak is one MAC's" },
    idle: { refuse: "systolic.array's leakage is the whole array's; an ERT idle energy is one MAC's" },
  },
  tableArea: 'pe_area',
  description:
    'an R×C systolic array (output-, weight- or input-stationary) doing GEMMs with SCALE-Sim v2 compute cycles',
  params,
  operations: {
    gemm: defineOperation({
      description: 'C[M×N] = A[M×K]·B[K×N]; takes SCALE-Sim v2 compute cycles (or, detailed, the PE-by-PE cycles)',
      args: {
        M: param.integer('rows of A and C', { min: 1 }),
        N: param.integer('columns of B and C', { min: 1 }),
        K: param.integer('reduction length: columns of A, rows of B', { min: 1 }),
        a: operandArg(
          'operand A, M rows of K signed operand_bits integers (give with b; the result becomes lastResult)',
        ),
        b: operandArg('operand B, K rows of N signed operand_bits integers (give with a)'),
      },
      run: (array: SystolicArray, { M, N, K, a, b }, done) => {
        const bits = array.p.operand_bits;
        array.gemm({ M, N, K }, matrixArg(a, 'a', M, K, bits), matrixArg(b, 'b', K, N, bits), done);
      },
    }),
  },
  statistics: {
    gemms: 'GEMM operations completed (ops)',
    folds: 'array tiles (folds) run (folds)',
    compute_cycles: 'cycles spent computing (SCALE-Sim compute cycles) (cycles)',
    macs: 'useful multiply-accumulates (M·N·K per GEMM) (MACs)',
    pe_cycles:
      'PE-cycles offered while computing (R·C·compute_cycles); macs / pe_cycles is the PE utilisation (PE-cycles)',
  },
  create: (ctx) => new SystolicArray(ctx),
});
