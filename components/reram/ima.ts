import { z } from 'zod';
import {
  Component,
  HelenError,
  childSlot,
  defineComponent,
  defineOperation,
  acceptsOperations,
  issueOperation,
  param,
  slotOne,
  type CreateContext,
  componentOptions,
} from '../../core/index.js';
import {
  reramAdc,
  reramDac,
  reramSampleHold,
  type AdcBank,
  type DacBank,
  type SampleHoldBank,
} from './converters-bank.js';
import { reramCrossbar, type CrossbarBank } from './crossbar.js';
import { reramShiftAdd, type DigitalUnits } from './digital-units.js';
import { inputSlices, type InputEncoding } from './encoding.js';
import { MappedMatrix, tileMatrix, type MvmConfig } from './mvm.js';
import { StagePipeline } from './pipeline.js';
import type { PeakPower } from './power.js';
import { cellsWritten, mvmWork, type MvmWork } from './work.js';

const params = z
  .object({
    input_bits: param.integer('width of an input value, fed over ceil(input_bits / dac bits) crossbar reads', {
      default: 16,
      min: 1,
      max: 24,
    }),
    input_signed: param.boolean('inputs are two’s-complement signed (the sign bit takes a read of its own)', {
      default: false,
    }),
    output_bytes: param.integer('bytes of one partial sum written to the output register per addition', {
      default: 2,
      min: 1,
    }),
    input_register: param.string('child buffer the input vectors are read from ("" for none)', { default: 'ir' }),
    output_register: param.string('child buffer partial sums are written to ("" for none)', { default: 'or' }),
    area: param.area('area of the IMA beyond its children (control, wiring)', { default: 0 }),
    leakage: param.power('static power of the IMA beyond its children', { default: 0 }),
  })
  .strict();

/** Parameters of an IMA. */
export type ImaParams = z.infer<typeof params>;

/** A child buffer used through the generic operation interface; its energy model is found by name. */
type RegisterLike = Component & { accessEnergyPj?(kind: 'read' | 'write', bytes: number): number };

/** Arguments of an `mvm`: values (weights and/or inputs) or a timing-only shape. */
export interface MvmArgs {
  weights?: number[][] | undefined;
  inputs?: number[] | number[][] | undefined;
  rows?: number | undefined;
  cols?: number | undefined;
  count: number;
}

/** Arguments of a `program`: the weights, or a timing-only shape. */
export interface ProgramArgs {
  weights?: number[][] | undefined;
  rows?: number | undefined;
  cols?: number | undefined;
}

/** The children an IMA computes with, one of each (declared as slots, checked by the elaborator). */
const imaSlots = {
  crossbars: childSlot(reramCrossbar, { description: 'the bank of crossbars holding the weights', min: 1, max: 1 }),
  dac: childSlot(reramDac, { description: 'the row DACs feeding inputs', min: 1, max: 1 }),
  sample_hold: childSlot(reramSampleHold, { description: 'the column sample-and-holds', min: 1, max: 1 }),
  adc: childSlot(reramAdc, { description: 'the shared column ADCs', min: 1, max: 1 }),
  shift_add: childSlot(reramShiftAdd, { description: 'the shift-and-add units combining ADC codes', min: 1, max: 1 }),
};

/**
 * In-situ multiply-accumulate unit (ISAAC's IMA): crossbars, row DACs,
 * sample-and-holds, shared ADCs, shift-and-add units and I/O registers, all
 * children declared in YAML. An `mvm` streams input vectors bit-serially through
 * a three-stage pipeline (DAC + crossbar read → ADC conversions of the busiest
 * shared ADC → shift-and-add), computes the values when given weights and inputs,
 * and charges each child for its actions.
 */
export class Ima extends Component implements PeakPower {
  readonly p: ImaParams;
  private xbar!: CrossbarBank;
  private dac!: DacBank;
  private sh!: SampleHoldBank;
  private adc!: AdcBank;
  private sa!: DigitalUnits;
  private ir: RegisterLike | undefined;
  private or: RegisterLike | undefined;
  private readonly pipeline = new StagePipeline(3);
  private matrix: MappedMatrix | undefined;
  /** Outputs of the last `mvm` that carried inputs, one array per input vector. */
  lastOutputs: number[][] = [];
  private readonly vectors = this.stats.counter('vectors', 'input vectors multiplied', 'vectors');
  private readonly dacCycles = this.stats.counter(
    'dac_cycles',
    'DAC cycles (crossbar reads of the whole IMA)',
    'cycles',
  );
  private readonly cellsProgrammed = this.stats.counter(
    'cells_programmed',
    'crossbar cells written by program operations',
    'cells',
  );

  constructor(ctx: CreateContext<ImaParams>) {
    super(ctx.parent, ctx.name, componentOptions(ctx));
    this.p = ctx.params;
  }

  override setup(): void {
    // The elaborator has checked that each slot holds exactly one child.
    this.xbar = slotOne(this, imaSlots.crossbars)!;
    this.dac = slotOne(this, imaSlots.dac)!;
    this.sh = slotOne(this, imaSlots.sample_hold)!;
    this.adc = slotOne(this, imaSlots.adc)!;
    this.sa = slotOne(this, imaSlots.shift_add)!;
    this.ir = this.register(this.p.input_register);
    this.or = this.register(this.p.output_register);
    const x = this.xbar.p;
    const need = (what: string, have: number, needed: number) => {
      if (have < needed)
        throw new HelenError(
          'E_PARAM',
          `${this.path}: ${x.units} crossbars of ${x.rows}×${x.cols} need ${needed} ${what}, the IMA has ${have}`,
        );
    };
    need('DACs', this.dac.p.units, x.units * x.rows);
    need('sample-and-holds', this.sh.p.units, x.units * x.cols);
    need(
      `ADCs (${this.adc.p.columns_per_adc} columns each)`,
      this.adc.p.units,
      x.units * Math.ceil(x.cols / this.adc.p.columns_per_adc),
    );
  }

  private register(name: string): RegisterLike | undefined {
    if (name === '') return undefined;
    const c = this.children.find((ch) => ch.name === name);
    if (!c || !acceptsOperations(c))
      throw new HelenError(
        'E_PARAM',
        `${this.path}: no child buffer "${name}" taking read/write operations (set input_register/output_register to "" for none)`,
      );
    return c as RegisterLike;
  }

  /** The crossbar bank. */
  get crossbarBank(): CrossbarBank {
    return this.xbar;
  }

  /** The row DAC bank. */
  get dacBank(): DacBank {
    return this.dac;
  }

  /** The column ADC bank. */
  get adcBank(): AdcBank {
    return this.adc;
  }

  /** The shift-and-add units. */
  get shiftAddUnits(): DigitalUnits {
    return this.sa;
  }

  /** The input and output registers (undefined: none). */
  get registers(): { input: Component | undefined; output: Component | undefined } {
    return { input: this.ir, output: this.or };
  }

  /** Crossbars of the IMA: how many a matrix tile may take. */
  get crossbarCount(): number {
    return this.xbar.p.units;
  }

  /** Bytes of one input value as the drivers move it (input_bits rounded up to whole bytes). */
  get inputBytes(): number {
    return Math.ceil(this.p.input_bits / 8);
  }

  /** Time the pipeline's last stage finishes its last booked item (when the IMA falls idle). */
  get pipelineFreePs(): number {
    return this.clock.cycleToTimePs(this.pipeline.freeAt[this.pipeline.freeAt.length - 1]!);
  }

  /** How inputs are fed. */
  get inputEncoding(): InputEncoding {
    return { inputBits: this.p.input_bits, dacBits: this.dac.p.bits, inputSigned: this.p.input_signed };
  }

  /** The value model's configuration, from the children's parameters. */
  get mvmConfig(): MvmConfig {
    const x = this.xbar.p;
    return {
      ...this.xbar.encoding,
      ...this.inputEncoding,
      rows: x.rows,
      cols: x.cols,
      adcBits: this.adc.p.bits,
      adcLsb: this.adc.p.lsb,
      device: this.xbar.device,
    };
  }

  private cycles(ps: number): number {
    const c = this.clock;
    return Math.ceil((ps * c.periodDen) / c.periodNumPs);
  }

  /** Cycles of the three pipeline stages for one DAC cycle of `w`: read, busiest ADC, shift-and-add. */
  stageCycles(w: Pick<MvmWork, 'busiestAdcConversions' | 'additionsPerCycle'>): [number, number, number] {
    return [
      this.cycles(this.dac.p.latency + this.xbar.p.read_latency),
      this.adc.conversionCycles(w.busiestAdcConversions, this.clock),
      this.sa.cyclesFor(w.additionsPerCycle),
    ];
  }

  /**
   * Programming costs time and energy: the crossbars of the IMA are written in
   * parallel, row by row (rows of one crossbar × write_latency), and every
   * occupied cell costs write_energy. Weights, when given, are also mapped for values.
   */
  program(a: ProgramArgs, done: () => void): void {
    let rows: number;
    let cols: number;
    if (a.weights !== undefined) {
      this.mapWeights(a.weights);
      rows = this.matrix!.weights.length;
      cols = this.matrix!.weights[0]!.length;
    } else {
      rows = required('program', 'rows', a.rows);
      cols = required('program', 'cols', a.cols);
    }
    const tiling = tileMatrix(rows, cols, this.mvmConfig);
    this.checkFits(tiling.crossbars, rows, cols);
    const cells = cellsWritten(rows, cols, tiling, this.xbar.encoding);
    this.xbar.writeAction.charge(cells);
    this.cellsProgrammed.add(cells);
    const rowWrites = Math.min(rows, tiling.rowsPerCrossbar);
    this.beginBusy();
    this.sim.schedule(rowWrites * this.xbar.p.write_latency, () => {
      this.endBusy();
      done();
    });
  }

  private mapWeights(w: number[][]): void {
    const m = new MappedMatrix(w, this.mvmConfig, this.rng);
    this.checkFits(m.tiling.crossbars, w.length, w[0]!.length);
    this.matrix = m;
  }

  private checkFits(crossbars: number, rows: number, cols: number): void {
    if (crossbars > this.xbar.p.units) {
      throw new HelenError(
        'E_OP',
        `a ${rows}×${cols} weight matrix needs ${crossbars} crossbars; ${this.path} has ${this.xbar.p.units}: split it over several IMAs`,
      );
    }
  }

  /** Multiplies input vectors (given, or `count` of them for timing only) by the programmed matrix, through the pipeline. */
  mvm(a: MvmArgs, done: () => void): void {
    if (a.weights !== undefined) this.mapWeights(a.weights);
    const inputs =
      a.inputs === undefined
        ? undefined
        : a.inputs.every((x) => typeof x === 'number')
          ? [a.inputs as number[]]
          : (a.inputs as number[][]);
    let rows: number;
    let cols: number;
    if (this.matrix && a.rows === undefined) {
      rows = this.matrix.weights.length;
      cols = this.matrix.weights[0]!.length;
    } else {
      rows = required('mvm', 'rows', a.rows);
      cols = required('mvm', 'cols', a.cols);
    }
    const count = inputs ? inputs.length : a.count;
    const tiling = tileMatrix(rows, cols, this.mvmConfig);
    this.checkFits(tiling.crossbars, rows, cols);
    if (inputs) {
      if (!this.matrix)
        throw new HelenError('E_OP', `operation "mvm" on ${this.path}: inputs given but no weights programmed`);
      this.lastOutputs = inputs.map((x) => this.matrix!.multiply(x, this.rng).outputs);
    }
    const w = mvmWork(
      rows,
      cols,
      tiling,
      this.xbar.encoding,
      inputSlices(this.inputEncoding),
      this.adc.p.columns_per_adc,
    );
    const items = count * w.dacCycles;
    this.vectors.add(count);
    this.dacCycles.add(items);
    this.beginBusy();
    // Done when the pipeline has drained and the registers have moved their bytes: a register
    // too narrow for the pipeline's traffic stalls the operation.
    let waiting = 1;
    const finish = () => {
      if (--waiting > 0) return;
      this.endBusy();
      done();
    };
    waiting += this.charge(w, count, items, finish);
    const end = this.pipeline.run(this.clock.cycleAtOrAfter(this.nowPs), this.stageCycles(w), items);
    this.sim.scheduleAt(this.clock.cycleToTimePs(end), finish);
  }

  /** Charges the children for an MVM's actions; returns how many register operations will call `then`. */
  private charge(w: MvmWork, count: number, items: number, then: () => void): number {
    this.xbar.readAction.charge(w.readsPerCycle * items);
    this.dac.conversion.charge(w.rowDrivesPerCycle * items);
    this.sh.sample.charge(w.conversionsPerCycle * items);
    this.adc.conversion.charge(w.conversionsPerCycle * items);
    this.sa.op.charge(w.additionsPerCycle * items);
    if (this.ir)
      issueOperation(this.ir, { id: `${this.path}.ir`, name: 'read', args: { bytes: w.inputBytes * count } }, then);
    if (this.or)
      issueOperation(
        this.or,
        { id: `${this.path}.or`, name: 'write', args: { bytes: w.additionsPerCycle * items * this.p.output_bytes } },
        then,
      );
    return (this.ir ? 1 : 0) + (this.or ? 1 : 0);
  }

  /**
   * Power with every crossbar read, every row driven and every column converted
   * in each pipeline period (the slowest stage), plus the leakage of the subtree.
   */
  peakPowerMw(): number {
    const x = this.xbar.p;
    const allCols = x.units * x.cols;
    const [r, a, s] = this.stageCycles({
      busiestAdcConversions: Math.min(this.adc.p.columns_per_adc, x.cols),
      additionsPerCycle: allCols,
    });
    const periodPs = Math.max(r, a, s) * this.clock.periodPs;
    const inputBytes = (x.units * x.rows * this.dac.p.bits) / 8;
    const energyPj =
      x.units * x.read_energy +
      x.units * x.rows * this.dac.p.energy_per_conversion +
      allCols * (this.sh.p.energy_per_sample + this.adc.p.energy_per_conversion + this.sa.p.energy_per_op) +
      (this.ir?.accessEnergyPj?.('read', inputBytes) ?? 0) +
      (this.or?.accessEnergyPj?.('write', allCols * this.p.output_bytes) ?? 0);
    let leakage = 0;
    for (const c of this.walk()) leakage += c.energy.leakageMw;
    return (energyPj / periodPs) * 1e3 + leakage;
  }
}

/** A shape argument the timing-only form needs. */
function required(op: string, name: string, v: number | undefined): number {
  if (v === undefined) throw new HelenError('E_OP', `operation "${op}" needs argument "${name}" (a whole number)`);
  return v;
}

const whole = (description: string) =>
  z.number().int().min(1).optional().meta({ description, kind: 'integer', dimension: 'none', unit: '' });
const matrixArg = z
  .array(z.array(z.number()).min(1))
  .min(1)
  .optional()
  .meta({ description: 'weight matrix, rows × cols integers (programs the IMA first)', kind: 'matrix' });

/** `reram.ima`: the in-situ multiply-accumulate unit, with its converter and crossbar slots. */
export const reramIma = defineComponent({
  type: 'reram.ima',
  description:
    'in-situ multiply-accumulate unit: crossbars, DACs, sample-and-holds, shared ADCs, shift-and-add, registers',
  params,
  operations: {
    mvm: defineOperation({
      description:
        'multiply input vectors by the programmed matrix (weights?, inputs? | rows, cols, count): values + pipeline timing',
      args: {
        weights: matrixArg,
        inputs: z
          .union([z.array(z.number()), z.array(z.array(z.number())).min(1)])
          .optional()
          .meta({
            description: 'one input vector, or a list of them (their outputs become lastOutputs)',
            kind: 'vectors',
          }),
        rows: whole('rows of the matrix (timing only; default: the programmed matrix’s)'),
        cols: whole('columns of the matrix (timing only; default: the programmed matrix’s)'),
        count: param.integer('input vectors when no inputs are given', { default: 1, min: 1 }),
      },
      run: (ima: Ima, a, done) => ima.mvm(a, done),
    }),
    program: defineOperation({
      description:
        'program a weight matrix (weights | rows, cols): rows of a crossbar × write_latency, write_energy per occupied cell',
      args: {
        weights: matrixArg,
        rows: whole('rows of the matrix (timing only)'),
        cols: whole('columns of the matrix (timing only)'),
      },
      run: (ima: Ima, a, done) => ima.program(a, done),
    }),
  },
  statistics: {
    vectors: 'input vectors multiplied (vectors)',
    dac_cycles: 'DAC cycles (crossbar reads of the whole IMA) (cycles)',
    cells_programmed: 'crossbar cells written by program operations (cells)',
  },
  slots: imaSlots,
  create: (ctx) => new Ima(ctx),
});
