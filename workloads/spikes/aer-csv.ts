import { HelenError, type SourceLocation, type WorkloadReader } from '../../core/index.js';
import { LineReader } from '../../core/io/line-reader.js';

import {
  flattenAddress,
  parseSensorText,
  sensorGeometry,
  type AddressEvent,
  type SensorGeometry,
  type SpikeSource,
} from './events.js';
import type { SpikesWorkload } from './workload.js';

export type { AddressEvent } from './events.js';

/** The header of an AER CSV whose events name input addresses. */
export const AER_HEADER = 't_us,address';
/** The header of an AER CSV whose events name sensor pixels and polarities (flattened by `flattenAddress`). */
export const AER_XYP_HEADER = 't_us,x,y,p';

/** Which of the two AER CSV forms a header announces, if either. */
export function aerFormOf(header: string | undefined): 'address' | 'xyp' | undefined {
  const h = header?.replace(/^\uFEFF/, '').replace(/\s/g, '');
  return h === AER_HEADER ? 'address' : h === AER_XYP_HEADER ? 'xyp' : undefined;
}

/**
 * Parses µs as a decimal number into whole ps; `column` is where the field
 * starts (1-based). Plain decimals are converted digit by digit, so every
 * time up to 2^53 ps reads back exactly; exponent forms go through a float.
 */
export function parseTimeUs(text: string, loc: SourceLocation, column: number): number {
  const plain = /^(\d+)(?:\.(\d+))?$/.exec(text);
  let timePs: number;
  if (plain) {
    const frac = plain[2] ?? '';
    if (/[^0]/.test(frac.slice(6)))
      throw new HelenError('E_WORKLOAD', `t_us ${text} is not a whole number of picoseconds`, { ...loc, column });
    timePs = Number(plain[1]) * 1e6 + Number(frac.slice(0, 6).padEnd(6, '0'));
  } else {
    const tUs = /^\d+(\.\d+)?[eE][+-]?\d+$/.test(text) ? Number(text) : NaN;
    if (!Number.isFinite(tUs))
      throw new HelenError('E_WORKLOAD', `t_us must be a non-negative number of microseconds, got "${text}"`, {
        ...loc,
        column,
      });
    timePs = Math.round(tUs * 1e6);
    if (Math.abs(timePs - tUs * 1e6) > 1e-6 * Math.max(1, timePs))
      throw new HelenError('E_WORKLOAD', `t_us ${text} is not a whole number of picoseconds`, { ...loc, column });
  }
  if (!Number.isSafeInteger(timePs))
    throw new HelenError('E_WORKLOAD', `t_us ${text} is out of range (at most 2^53 ps)`, { ...loc, column });
  return timePs;
}

/** The fields of a CSV line with the 1-based column each starts at (spaces around a field are allowed). */
function fields(line: string): { text: string; column: number }[] {
  const out: { text: string; column: number }[] = [];
  let start = 0;
  for (;;) {
    const comma = line.indexOf(',', start);
    const raw = line.slice(start, comma < 0 ? undefined : comma);
    out.push({ text: raw.trim(), column: start + 1 + (raw.length - raw.trimStart().length) });
    if (comma < 0) return out;
    start = comma + 1;
  }
}

function wholeField(f: { text: string; column: number }, what: string, loc: SourceLocation): number {
  const n = /^\d+$/.test(f.text) ? Number(f.text) : NaN;
  if (!Number.isSafeInteger(n))
    throw new HelenError('E_WORKLOAD', `${what} must be a whole number ≥ 0, got "${f.text}"`, {
      ...loc,
      column: f.column,
    });
  return n;
}

/**
 * Parses one data line of an AER CSV (`t_us,address`). Times are µs as decimal
 * numbers and must land on whole picoseconds; columns are 1-based in errors.
 */
export function parseAerLine(line: string, loc: SourceLocation): AddressEvent {
  const f = fields(line);
  if (f.length !== 2) throw new HelenError('E_WORKLOAD', 'expected two fields "t_us,address"', { ...loc, column: 1 });
  return { timePs: parseTimeUs(f[0]!.text, loc, 1), address: wholeField(f[1]!, 'address', loc) };
}

/**
 * Streams an AER CSV in either form, checking as it goes that time never goes
 * back and that every address (or pixel and polarity) exists on the input.
 */
export class AerCsvSource implements SpikeSource {
  private readonly reader: LineReader;
  readonly form: 'address' | 'xyp';
  private geometry: SensorGeometry | undefined;
  private explicitSensor: SensorGeometry | undefined;
  private lastPs = 0;
  where: SourceLocation | undefined;

  constructor(
    file: string,
    private readonly inputSize: number,
    private readonly inputPath: string,
  ) {
    this.reader = new LineReader(file);
    const form = aerFormOf(this.reader.next());
    if (!form)
      throw new HelenError('E_WORKLOAD', `an AER CSV starts with the header "${AER_HEADER}" or "${AER_XYP_HEADER}"`, {
        file: this.reader.displayName,
        line: 1,
        column: 1,
      });
    this.form = form;
  }

  fraction(): number | undefined {
    return this.reader.sizeBytes > 0 ? this.reader.bytesRead / this.reader.sizeBytes : undefined;
  }

  close(): void {
    this.reader.close();
  }

  next(): AddressEvent | undefined {
    for (;;) {
      const line = this.reader.next();
      if (line === undefined) return undefined;
      const loc = { file: this.reader.displayName, line: this.reader.lineNumber };
      const trimmed = line.trimStart();
      if (trimmed === '') continue;
      if (trimmed.startsWith('#')) {
        this.comment(trimmed, line, loc);
        continue;
      }
      const ev = this.form === 'address' ? this.addressEvent(line, loc) : this.pixelEvent(line, loc);
      if (ev.timePs < this.lastPs)
        throw new HelenError(
          'E_WORKLOAD',
          `t_us goes back in time (${ev.timePs} ps after ${this.lastPs} ps); sort the recording by time`,
          { ...loc, column: 1 },
        );
      this.lastPs = ev.timePs;
      this.where = loc;
      return ev;
    }
  }

  /** `# sensor: WxH` before the first event sets the geometry of an x,y,p recording; other comments are skipped. */
  private comment(trimmed: string, line: string, loc: SourceLocation): void {
    const m = /^#\s*sensor\s*:(.*)$/i.exec(trimmed);
    if (!m || this.form !== 'xyp') return;
    const column = line.length - trimmed.length + 1;
    if (this.geometry)
      throw new HelenError('E_WORKLOAD', 'the "# sensor: WxH" line must come before the first event', {
        ...loc,
        column,
      });
    const g = parseSensorText(m[1]!);
    if (!g)
      throw new HelenError(
        'E_WORKLOAD',
        `expected "# sensor: WxH" with whole numbers, e.g. "# sensor: 34x34", got "${trimmed}"`,
        { ...loc, column },
      );
    this.explicitSensor = g;
  }

  private addressEvent(line: string, loc: SourceLocation): AddressEvent {
    const ev = parseAerLine(line, loc);
    if (ev.address >= this.inputSize) {
      throw new HelenError(
        'E_WORKLOAD',
        `address ${ev.address} is outside ${this.inputPath} (0 … ${this.inputSize - 1})`,
        { ...loc, column: fields(line)[1]!.column },
      );
    }
    return ev;
  }

  private pixelEvent(line: string, loc: SourceLocation): AddressEvent {
    const f = fields(line);
    if (f.length !== 4) throw new HelenError('E_WORKLOAD', 'expected four fields "t_us,x,y,p"', { ...loc, column: 1 });
    const g = (this.geometry ??= sensorGeometry(this.inputSize, this.inputPath, this.explicitSensor, {
      ...loc,
      column: 1,
    }));
    const timePs = parseTimeUs(f[0]!.text, loc, f[0]!.column);
    const x = wholeField(f[1]!, 'x', loc);
    const y = wholeField(f[2]!, 'y', loc);
    const p = wholeField(f[3]!, 'p', loc);
    if (x >= g.widthPx)
      throw new HelenError(
        'E_WORKLOAD',
        `x ${x} is outside the ${g.widthPx}×${g.heightPx} sensor (0 … ${g.widthPx - 1})`,
        { ...loc, column: f[1]!.column },
      );
    if (y >= g.heightPx)
      throw new HelenError(
        'E_WORKLOAD',
        `y ${y} is outside the ${g.widthPx}×${g.heightPx} sensor (0 … ${g.heightPx - 1})`,
        { ...loc, column: f[2]!.column },
      );
    if (p > 1)
      throw new HelenError('E_WORKLOAD', `p must be 0 (OFF) or 1 (ON), got ${p}`, { ...loc, column: f[3]!.column });
    return { timePs, address: flattenAddress(x, y, p, g) };
  }
}

/** The first line of a text head, without its line end. */
function firstLine(head: string): string | undefined {
  return head.split(/\r?\n/, 1)[0];
}

/** Reads the header of `file` (an error located at line 1 when it is not an AER header). */
function checkHeader(file: string): void {
  const reader = new LineReader(file);
  try {
    if (!aerFormOf(reader.next()))
      throw new HelenError('E_WORKLOAD', `an AER CSV starts with the header "${AER_HEADER}" or "${AER_XYP_HEADER}"`, {
        file: reader.displayName,
        line: 1,
        column: 1,
      });
  } finally {
    reader.close();
  }
}

/** AER spike recordings as CSV: header `t_us,address` or `t_us,x,y,p`, one event per line, sorted by time. */
export const aerCsvReader: WorkloadReader<SpikesWorkload> = {
  format: 'aer-csv',
  description:
    'AER spike recording CSV ("t_us,address" or "t_us,x,y,p" header, one event per line, sorted by time) as a spike stream',
  produces: 'spikes',
  extensions: ['.csv'],
  recognises: (head) => aerFormOf(firstLine(head)) !== undefined,
  read: (file) => {
    checkHeader(file);
    return {
      kind: 'spikes',
      file,
      open: (target) => ({ source: new AerCsvSource(file, target.size, target.path), inferences: 1 }),
    };
  },
};
