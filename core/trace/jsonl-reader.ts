import { HelenError } from '../errors.js';
import type { SignalKind, SignalValue } from './trace-bus.js';
import { forEachLine, lastLine } from './line-source.js';
import { JSONL_TRACE_VERSION } from './jsonl-writer.js';
import type { TraceMeta, TraceSink, TraceSource } from './trace-sink.js';

const KINDS: readonly SignalKind[] = ['bit', 'int', 'real', 'string'];

/** A JSON Lines trace written by Helen, read back as a stream of events. */
export class JsonlTraceSource implements TraceSource {
  readonly meta: TraceMeta;

  constructor(private readonly file: string) {
    let header: Record<string, unknown> | undefined;
    forEachLine(file, (line, lineNo) => {
      header = this.parse(line, lineNo);
      return false;
    });
    if (!header || header['type'] !== 'header' || header['format'] !== 'helen-trace') {
      throw new HelenError('E_TRACE_FORMAT', 'not a Helen JSON Lines trace: the first line must be its header', {
        file,
        line: 1,
      });
    }
    if (header['version'] !== JSONL_TRACE_VERSION) {
      throw new HelenError(
        'E_TRACE_FORMAT',
        `trace format version ${String(header['version'])} is not supported (this Helen reads version ${JSONL_TRACE_VERSION})`,
        { file, line: 1 },
      );
    }
    const { type: _t, format: _f, version: _v, ...meta } = header;
    this.meta = meta as unknown as TraceMeta;
    // Checked before any reading so that every command refuses a cut file, even one (`at`) that would stop early.
    if (!isCloseLine(lastLine(file))) this.cutShort();
  }

  /** A trace without its `close` line: the error names the last line there is. */
  private cutShort(): never {
    let last = 0;
    forEachLine(this.file, (line, lineNo) => {
      if (line.trim() !== '') last = lineNo;
    });
    return this.fail(`the trace ends at line ${last} without its "close" line: it was cut short`, last);
  }

  replay(sink: TraceSink): void {
    let closed: number | undefined;
    forEachLine(this.file, (line, lineNo) => {
      if (sink.done) return false;
      if (lineNo === 1 || line === '') return;
      if (closed !== undefined) this.fail('nothing may follow the "close" line', lineNo);
      const o = this.parse(line, lineNo);
      const t = o['t_ps'];
      const time = (): number => {
        if (typeof t !== 'number' || !Number.isSafeInteger(t) || t < 0)
          this.fail('"t_ps" must be a whole number of picoseconds', lineNo);
        return t as number;
      };
      const str = (key: string): string => {
        if (typeof o[key] !== 'string') this.fail(`"${key}" must be a string`, lineNo);
        return o[key] as string;
      };
      try {
        switch (o['type']) {
          case 'declare': {
            const kind = o['kind'] as SignalKind;
            if (!KINDS.includes(kind)) this.fail(`"kind" must be one of ${KINDS.join(', ')}`, lineNo);
            const d = { component: str('c'), signal: str('s'), kind } as Parameters<TraceSink['declare']>[0];
            if (typeof o['width_bits'] === 'number') d.widthBits = o['width_bits'];
            if (o['initial'] !== undefined)
              d.initial = value(o['initial'], () => this.fail('"initial" must be a number, boolean or string', lineNo));
            sink.declare(d);
            break;
          }
          case 'signal':
            sink.signal({
              timePs: time(),
              component: str('c'),
              signal: str('s'),
              value: value(o['v'], () => this.fail('"v" must be a number, boolean or string', lineNo)),
            });
            break;
          case 'begin':
          case 'end': {
            const e = { timePs: time(), component: str('c'), name: str('name'), phase: o['type'] } as Parameters<
              TraceSink['span']
            >[0];
            if (o['type'] === 'begin' && o['args'] && typeof o['args'] === 'object')
              e.args = o['args'] as Record<string, unknown>;
            sink.span(e);
            break;
          }
          case 'close':
            closed = time();
            break;
          default:
            this.fail(`unknown event type ${JSON.stringify(o['type'])}`, lineNo);
        }
      } catch (e) {
        if (e instanceof HelenError && !e.location)
          throw new HelenError(e.code, e.message, { file: this.file, line: lineNo });
        throw e;
      }
    });
    if (sink.done) closed = Infinity; // the sink clamps the end to its window
    if (closed === undefined) this.cutShort();
    sink.close(closed!);
  }

  private parse(line: string, lineNo: number): Record<string, unknown> {
    try {
      const o = JSON.parse(line) as unknown;
      if (o && typeof o === 'object' && !Array.isArray(o)) return o as Record<string, unknown>;
    } catch {
      // reported below with the line number
    }
    return this.fail('each line must be one JSON object', lineNo);
  }

  private fail(message: string, line: number | undefined): never {
    throw new HelenError('E_TRACE_FORMAT', message, { file: this.file, ...(line ? { line } : {}) });
  }
}

/** Whether `line` is a JSONL trace's closing `{"type":"close",…}` record. */
function isCloseLine(line: string): boolean {
  try {
    const o = JSON.parse(line) as unknown;
    return o !== null && typeof o === 'object' && (o as Record<string, unknown>)['type'] === 'close';
  } catch {
    return false;
  }
}

function value(v: unknown, bad: () => never): SignalValue {
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v;
  return bad();
}
