import { openSync, readSync, closeSync } from 'node:fs';
import { HelenError, type Component, type Elaboration, type SourceLocation } from '../../core/index.js';
import { SpikeInput } from '../../components/neuromorphic/index.js';
import { LineReader } from '../line-reader.js';
import { PhaseTracker } from '../phase-tracker.js';
import type { PhaseReport, WorkloadDriver, WorkloadReader } from '../workload.js';

/** The header an AER CSV recording starts with. */
export const AER_HEADER = 't_us,address';

/** One address event: when (ps) and which input. */
export interface AddressEvent {
  timePs: number;
  address: number;
}

/**
 * Parses one data line of an AER CSV (`t_us,address`). Times are µs as decimal
 * numbers and must land on whole picoseconds; columns are 1-based in errors.
 */
export function parseAerLine(line: string, loc: SourceLocation): AddressEvent {
  const comma = line.indexOf(',');
  if (comma < 0 || line.indexOf(',', comma + 1) >= 0) {
    throw new HelenError('E_WORKLOAD', 'expected two fields "t_us,address"', { ...loc, column: 1 });
  }
  const tText = line.slice(0, comma).trim();
  const aText = line.slice(comma + 1).trim();
  const tUs = /^\d+(\.\d+)?([eE][+-]?\d+)?$/.test(tText) ? Number(tText) : NaN;
  if (!Number.isFinite(tUs)) throw new HelenError('E_WORKLOAD', `t_us must be a non-negative number of microseconds, got "${tText}"`, { ...loc, column: 1 });
  const timePs = Math.round(tUs * 1e6);
  if (!Number.isSafeInteger(timePs) || Math.abs(timePs - tUs * 1e6) > 1e-6 * Math.max(1, timePs)) {
    throw new HelenError('E_WORKLOAD', `t_us ${tText} is not a whole number of picoseconds or is out of range`, { ...loc, column: 1 });
  }
  const address = /^\d+$/.test(aText) ? Number(aText) : NaN;
  if (!Number.isSafeInteger(address)) throw new HelenError('E_WORKLOAD', `address must be a whole number ≥ 0, got "${aText}"`, { ...loc, column: comma + 2 });
  return { timePs, address };
}

/** The one spike input of the model; none or several is an error naming them. */
export function findSpikeInput(model: Elaboration, file: string): SpikeInput {
  const inputs = (model.sim.components as Component[]).filter((c): c is SpikeInput => c instanceof SpikeInput);
  if (inputs.length !== 1) {
    const found = inputs.length ? `found ${inputs.length}: ${inputs.map((c) => c.path).join(', ')}` : 'found none';
    throw new HelenError('E_WORKLOAD', `a spike recording drives exactly one neuromorphic.spike_input; ${model.spec.name} ${found}`, { file });
  }
  return inputs[0]!;
}

/**
 * Streams an AER recording into the spike input: events with the same time
 * stamp leave as one batch, at that time; the file is read only as far as the
 * simulation has got, so recordings of any length run in bounded memory.
 */
export class AerDriver implements WorkloadDriver {
  private readonly reader: LineReader;
  private readonly tracker: PhaseTracker;
  private held: AddressEvent | undefined;
  private heldLoc: SourceLocation | undefined;
  private eof = false;
  private lastPs = 0;
  operationsIssued = 0;

  constructor(
    file: string,
    private readonly model: Elaboration,
    private readonly input: SpikeInput,
  ) {
    this.reader = new LineReader(file);
    this.tracker = new PhaseTracker(model);
    const header = this.reader.next();
    if (header === undefined || header.replace(/\s/g, '') !== AER_HEADER) {
      throw new HelenError('E_WORKLOAD', `an AER CSV starts with the header "${AER_HEADER}"`, { file: this.reader.displayName, line: 1, column: 1 });
    }
  }

  get finished(): boolean {
    return this.eof && this.held === undefined;
  }

  start(): void {
    this.tracker.begin('spikes');
    this.model.sim.scheduleAt(this.model.sim.nowPs, this.pump);
  }

  phases(): PhaseReport[] {
    this.tracker.end();
    return this.tracker.phases();
  }

  fraction(): number | undefined {
    return this.reader.sizeBytes > 0 ? this.reader.bytesRead / this.reader.sizeBytes : undefined;
  }

  outstanding(): string[] {
    return [];
  }

  /** Emits every event due now as one batch, then sleeps until the next time stamp. */
  private readonly pump = (): void => {
    const now = this.model.sim.nowPs;
    const batch: number[] = [];
    if (this.held) {
      batch.push(this.held.address);
      this.held = undefined;
    }
    for (;;) {
      const ev = this.readEvent();
      if (!ev) break;
      if (ev.timePs > now) {
        this.held = ev;
        this.model.sim.scheduleAt(ev.timePs, this.pump);
        break;
      }
      batch.push(ev.address);
    }
    if (batch.length === 0) return;
    const sorted = Int32Array.from(new Set(batch)).sort();
    this.operationsIssued += batch.length;
    for (let k = 0; k < batch.length; k++) this.tracker.countOperation();
    try {
      this.input.emit(sorted);
    } catch (e) {
      if (e instanceof HelenError && !e.location && this.heldLoc) throw new HelenError(e.code, e.message, this.heldLoc);
      throw e;
    }
  };

  private readEvent(): AddressEvent | undefined {
    for (;;) {
      const line = this.reader.next();
      if (line === undefined) {
        this.eof = true;
        return undefined;
      }
      if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
      const loc = { file: this.reader.displayName, line: this.reader.lineNumber };
      const ev = parseAerLine(line, loc);
      if (ev.timePs < this.lastPs) throw new HelenError('E_WORKLOAD', `t_us goes back in time (${ev.timePs} ps after ${this.lastPs} ps); sort the recording by time`, { ...loc, column: 1 });
      if (ev.address >= this.input.size) {
        const col = line.indexOf(',') + 2;
        throw new HelenError('E_WORKLOAD', `address ${ev.address} is outside ${this.input.path} (0 … ${this.input.size - 1})`, { ...loc, column: col });
      }
      this.lastPs = ev.timePs;
      this.heldLoc = loc;
      return ev;
    }
  }
}

/** The first line of a file (at most 4 KiB), or undefined if it cannot be read. */
function firstLine(file: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const buf = Buffer.alloc(4096);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).toString('utf8').split(/\r?\n/)[0];
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** AER spike recordings as CSV: header `t_us,address`, one event per line, sorted by time. */
export const aerCsvReader: WorkloadReader = {
  format: 'aer-csv',
  description: 'AER spike recording CSV ("t_us,address" header, one event per line) into the neuromorphic.spike_input',
  matches: (file) => /\.csv$/i.test(file) && firstLine(file)?.replace(/\s/g, '') === AER_HEADER,
  open: (file, model) => new AerDriver(file, model, findSpikeInput(model, file)),
};
