import {
  HelenError,
  LineReader,
  parseTimePs,
  type NeutralWorkload,
  type SourceLocation,
  type WorkloadReader,
} from '../core/index.js';

/** Keys with a meaning of their own in an op-trace line; every other key is an argument of the operation. */
export const OP_TRACE_KEYS: Readonly<Record<string, string>> = {
  phase: 'starts a named phase (layer); it begins when every earlier operation has finished',
  to: 'path of the component that performs the operation, e.g. chip.pe[0]',
  op: 'operation name the component understands (see `helen list TYPE`)',
  id: 'name of the operation, for `after` (default: its line number)',
  at: 'issue time ("10ns", or ps as a number), not before the phase starts; lines must be in time order',
  after: 'ids of earlier operations that must finish first',
};

/** A `{"phase": …}` line. */
export interface OpTracePhase {
  kind: 'phase';
  name: string;
}

/** An operation line, checked for form (the driver checks it against the model). */
export interface OpTraceOperation {
  kind: 'op';
  /** Path of the target component. */
  to: string;
  /** Operation name. */
  op: string;
  /** The line's id, or `line N`. */
  id: string;
  /** Issue time in ps, when the line gives one. */
  atPs: number | undefined;
  /** Ids it waits for. */
  after: string[];
  /** Every other key of the line. */
  args: Record<string, unknown>;
}

/** One line of an operation trace, with where it was read (so later problems can be reported there). */
export type OpTraceEntry = (OpTracePhase | OpTraceOperation) & {
  /** The line's location; `at(key)` points at one key's column. */
  loc: SourceLocation;
  at(key: string): SourceLocation;
};

/**
 * A JSON Lines operation trace, read as it is consumed so traces of any
 * length stream. Each line is one of
 *   {"phase": "conv1"}
 *   {"to": "chip.pe[0]", "op": "compute", "count": 4, "id": "a", "at": "10ns", "after": ["x"]}
 */
export class OpTraceStream {
  private readonly reader: LineReader;
  private lastAtPs = 0;

  constructor(file: string) {
    this.reader = new LineReader(file);
  }

  /** The next phase or operation line, or undefined at the end of the file. */
  next(): OpTraceEntry | undefined {
    for (;;) {
      const line = this.reader.next();
      if (line === undefined) return undefined;
      if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
      return this.parse(line);
    }
  }

  /** The fraction of the file read (undefined for an empty file). */
  fraction(): number | undefined {
    return this.reader.sizeBytes > 0 ? this.reader.bytesRead / this.reader.sizeBytes : undefined;
  }

  private parse(line: string): OpTraceEntry {
    const lineLoc: SourceLocation = { file: this.reader.displayName, line: this.reader.lineNumber };
    const at = (key: string): SourceLocation => {
      const i = line.indexOf(`"${key}"`);
      return { ...lineLoc, column: i >= 0 ? i + 1 : 1, path: key };
    };
    const fail = (message: string, key?: string): never => {
      throw new HelenError('E_WORKLOAD', message, key ? at(key) : { ...lineLoc, column: 1 });
    };
    let rec: unknown;
    try {
      rec = JSON.parse(line);
    } catch (e) {
      const m = /position (\d+)/.exec((e as Error).message);
      throw new HelenError(
        'E_WORKLOAD',
        `not valid JSON: ${(e as Error).message.replace(/ in JSON at position \d+.*$/, '')}`,
        { ...lineLoc, column: m ? Number(m[1]) + 1 : 1 },
      );
    }
    if (typeof rec !== 'object' || rec === null || Array.isArray(rec))
      fail('each line must be a JSON object such as {"to": "chip.pe[0]", "op": "compute"}');
    const r = rec as Record<string, unknown>;
    const loc = { ...lineLoc };
    if ('phase' in r) {
      if (typeof r['phase'] !== 'string') fail('"phase" must be a name (text)', 'phase');
      const extra = Object.keys(r).filter((k) => k !== 'phase');
      if (extra.length)
        fail(
          `a phase line holds only "phase"; move ${extra.map((k) => `"${k}"`).join(', ')} to an operation line`,
          extra[0],
        );
      return { kind: 'phase', name: r['phase'] as string, loc, at };
    }
    if (typeof r['to'] !== 'string')
      fail('missing "to": the path of the component that performs the operation', 'to' in r ? 'to' : undefined);
    if (typeof r['op'] !== 'string') fail('missing "op": the operation name', 'op' in r ? 'op' : undefined);
    const args: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r)) if (!(k in OP_TRACE_KEYS)) args[k] = v;
    let atPs: number | undefined;
    if (r['at'] !== undefined) {
      try {
        atPs = parseTimePs(r['at'] as string | number);
      } catch (e) {
        fail((e as Error).message, 'at');
      }
      if (atPs! < this.lastAtPs)
        fail(`"at" goes back in time (${atPs} ps after ${this.lastAtPs} ps); sort the trace by time`, 'at');
      this.lastAtPs = atPs!;
    }
    const after = r['after'] === undefined ? [] : (Array.isArray(r['after']) ? r['after'] : [r['after']]).map(String);
    const id = r['id'] === undefined ? `line ${this.reader.lineNumber}` : String(r['id']);
    return { kind: 'op', to: r['to'] as string, op: r['op'] as string, id, atPs, after, args, loc, at };
  }
}

/** An operation trace in neutral form: the file, streamed by whoever runs it. */
export interface OpTraceWorkload extends NeutralWorkload {
  readonly kind: 'op-trace';
  /** Opens the trace for reading from its first line. */
  open(): OpTraceStream;
}

/** The generic operation trace (`.jsonl`): operations addressed to components by path. */
export const opTraceReader: WorkloadReader<OpTraceWorkload> = {
  format: 'op-trace',
  description: 'JSON Lines of operations addressed to components, with phases, times and dependencies',
  produces: 'op-trace',
  extensions: ['.jsonl', '.ndjson'],
  read: (file) => {
    // Opened now so that a missing or unreadable file is reported before the model is built.
    let first: OpTraceStream | undefined = new OpTraceStream(file);
    const open = (): OpTraceStream => {
      const s = first ?? new OpTraceStream(file);
      first = undefined;
      return s;
    };
    return { kind: 'op-trace', file, open };
  },
};
