import { closeSync, fstatSync, openSync, readFileSync, readSync } from '../io/fs.js';
import { HelenError, type SourceLocation } from '../errors.js';
import { EXACT_TIME_RANGE, MAX_TIME_PS, type TimePs } from '../kernel/time.js';
import { forEachLine, lastLine } from './line-source.js';
import type { PerfettoSignalInfo } from './perfetto-writer.js';
import type { SignalKind, SignalValue } from './trace-bus.js';
import type { TraceClockSpec, TraceMeta, TraceSink, TraceSource } from './trace-sink.js';

const KINDS: readonly SignalKind[] = ['bit', 'int', 'real', 'string'];

/** Other tools' JSON traces are parsed whole: refuse those too large to hold (Helen's own files stream). */
const MAX_WHOLE_FILE_BYTES = 256 * 2 ** 20;

/** What `otherData` of a Helen Perfetto file holds. */
interface HelenOtherData {
  architecture?: string;
  mainClock?: TraceClockSpec;
  timescalePs?: number;
  startPs?: number;
  endPs?: number;
  signals?: PerfettoSignalInfo[];
}

/** One trace event, as far as the reader looks at it. */
interface TraceEvent {
  ph?: unknown;
  pid?: unknown;
  tid?: unknown;
  ts?: unknown;
  name?: unknown;
  args?: unknown;
}

/**
 * A Chrome/Perfetto JSON trace read back as trace events: thread tracks become
 * components (their `thread_name`), `B`/`E` slices become spans, counter
 * events (`C`, named after the component, one series per signal) become
 * numeric signals and instant events `signal=value` text signals.
 *
 * A file Helen wrote (one event per line, `otherData` on the last line) is
 * streamed, with memory bounded by the number of signals and the slice
 * nesting depth; its `otherData` gives the window, the clock and each
 * signal's kind, and its timestamps are read as exact decimals of ps. Any other
 * layout (another tool's trace, or Helen's reformatted) is parsed whole —
 * up to 256 MiB — and its events are sorted by time; complete (`X`), async
 * and flow events are skipped, since Helen never writes them.
 */
export class PerfettoTraceSource implements TraceSource {
  readonly meta: TraceMeta;
  private readonly other: HelenOtherData | undefined;
  private readonly streamed: boolean;

  constructor(private readonly file: string) {
    const last = lastLine(file);
    let other: HelenOtherData | undefined;
    if (last.startsWith('],') && startsLikeHelen(file)) {
      try {
        other = (JSON.parse(`{"traceEvents":[${last}`) as { otherData?: HelenOtherData }).otherData;
      } catch {
        // not Helen's layout after all: read whole below
      }
    }
    for (const key of ['startPs', 'endPs'] as const) {
      const t = other?.[key];
      if (t !== undefined && !(typeof t === 'number' && Number.isSafeInteger(t) && t >= 0))
        throw new HelenError(
          'E_TIME_OVERFLOW',
          `${key} ${String(t)} must be a whole number of ps within the exact time range of ${EXACT_TIME_RANGE}`,
          { file, path: `otherData.${key}` },
        );
    }
    this.streamed = other !== undefined;
    this.other = other;
    this.meta = {
      timescalePs: typeof other?.timescalePs === 'number' ? other.timescalePs : 1000,
      startPs: typeof other?.startPs === 'number' ? other.startPs : 0,
      ...(typeof other?.architecture === 'string' ? { architecture: other.architecture } : {}),
      ...(other?.mainClock ? { mainClock: other.mainClock } : {}),
    };
  }

  replay(sink: TraceSink): void {
    const events = new EventMapper(sink, this.file);
    for (const s of this.other?.signals ?? []) {
      if (typeof s.c !== 'string' || typeof s.s !== 'string' || !KINDS.includes(s.kind))
        this.fail('otherData.signals: each entry needs "c", "s" and a "kind"');
      sink.declare({
        component: s.c,
        signal: s.s,
        kind: s.kind,
        ...(typeof s.width_bits === 'number' ? { widthBits: s.width_bits } : {}),
      });
    }
    if (this.streamed) {
      forEachLine(this.file, (line, lineNo) => {
        if (sink.done) return false;
        if (lineNo === 1) return;
        if (line.startsWith('],')) return false;
        // Helen ends every event line but the last with the comma before the next.
        const text = line.endsWith(',') ? line.slice(0, -1) : line;
        if (text === '') return;
        let e: TraceEvent;
        try {
          e = JSON.parse(text) as TraceEvent;
        } catch {
          return this.fail('each line between the first and the last must be one trace event', lineNo);
        }
        events.event(e, exactPs(text), lineNo);
      });
    } else {
      for (const { e, index } of this.wholeFileEvents()) {
        if (sink.done) break;
        events.event(e, undefined, undefined, `traceEvents[${index}]`);
      }
    }
    const end = sink.done
      ? Infinity
      : typeof this.other?.endPs === 'number'
        ? this.other.endPs
        : Math.max(events.lastPs, this.meta.startPs);
    sink.close(end);
  }

  /** Another layout: the whole document, metadata first, then the events in time order (stable), with their places in the list. */
  private wholeFileEvents(): { e: TraceEvent; index: number }[] {
    const size = statSize(this.file);
    if (size > MAX_WHOLE_FILE_BYTES)
      this.fail(`not laid out one event per line as Helen writes it, and too large (${size} bytes) to read whole`);
    let doc: unknown;
    try {
      doc = JSON.parse(readFileSync(this.file, 'utf8'));
    } catch (e) {
      return this.fail(`not a Chrome/Perfetto JSON trace: ${(e as Error).message}`);
    }
    const list = Array.isArray(doc) ? doc : (doc as { traceEvents?: unknown })?.traceEvents;
    if (!Array.isArray(list))
      this.fail('not a Chrome/Perfetto JSON trace: expected an array of events or an object with "traceEvents"');
    const events = (list as unknown[])
      .map((e, index) => ({ e: e as TraceEvent, index }))
      .filter(({ e }) => e !== null && typeof e === 'object');
    const meta = events.filter(({ e }) => e.ph === 'M');
    const timed = events.filter(({ e }) => e.ph !== 'M' && typeof e.ts === 'number');
    return [...meta, ...timed.sort((a, b) => (a.e.ts as number) - (b.e.ts as number))];
  }

  private fail(message: string, line?: number): never {
    throw new HelenError('E_TRACE_FORMAT', message, { file: this.file, ...(line ? { line } : {}) });
  }
}

/** Turns trace events into sink calls: tracks to components, slices to spans, counters and instants to signals. */
class EventMapper {
  private readonly threads = new Map<string, string>();
  // Open slices per component, for `E` events that carry no name (Chrome allows it; Helen always names them).
  private readonly open = new Map<string, string[]>();
  lastPs = 0;

  constructor(
    private readonly sink: TraceSink,
    private readonly file: string,
  ) {}

  /** `line`: the event's line in a streamed file; `where`: its place in a file read whole (`traceEvents[3]`). */
  event(e: TraceEvent, exact: TimePs | undefined, line: number | undefined, where?: string): void {
    const track = `${String(e.pid)}:${String(e.tid)}`;
    if (e.ph === 'M') {
      const name = (e.args as { name?: unknown } | undefined)?.name;
      if (e.name === 'thread_name' && typeof name === 'string') this.threads.set(track, name);
      return;
    }
    if (e.ph !== 'B' && e.ph !== 'E' && e.ph !== 'C' && e.ph !== 'i' && e.ph !== 'I') return;
    if (typeof e.ts !== 'number' || !(e.ts >= 0)) this.fail('"ts" must be a time in µs ≥ 0', line, where);
    const t = exact ?? Math.round((e.ts as number) * 1e6);
    if (!(t <= MAX_TIME_PS))
      throw new HelenError(
        'E_TIME_OVERFLOW',
        `"ts" ${String(e.ts)} µs is beyond the exact time range of ${EXACT_TIME_RANGE}`,
        this.location(line, where),
      );
    this.lastPs = Math.max(this.lastPs, t);
    const component = this.threads.get(track) ?? `pid ${String(e.pid)} tid ${String(e.tid)}`;
    try {
      switch (e.ph) {
        case 'C':
          // Counters are named after their component; each series is a signal.
          for (const [signal, v] of Object.entries((e.args ?? {}) as Record<string, unknown>)) {
            if (typeof v === 'number' || typeof v === 'boolean')
              this.sink.signal({
                timePs: t,
                component: typeof e.name === 'string' ? e.name : component,
                signal,
                value: v as SignalValue,
              });
          }
          return;
        case 'i':
        case 'I': {
          const text = typeof e.name === 'string' ? e.name : '';
          const eq = text.indexOf('=');
          if (eq > 0) this.sink.signal({ timePs: t, component, signal: text.slice(0, eq), value: text.slice(eq + 1) });
          return;
        }
        case 'B': {
          const name = typeof e.name === 'string' ? e.name : '';
          let stack = this.open.get(component);
          if (!stack) this.open.set(component, (stack = []));
          stack.push(name);
          const args =
            e.args && typeof e.args === 'object' && Object.keys(e.args).length
              ? { args: e.args as Record<string, unknown> }
              : {};
          this.sink.span({ timePs: t, component, name, phase: 'begin', ...args });
          return;
        }
        case 'E': {
          const top = this.open.get(component)?.pop();
          this.sink.span({
            timePs: t,
            component,
            name: typeof e.name === 'string' ? e.name : (top ?? ''),
            phase: 'end',
          });
          return;
        }
      }
    } catch (err) {
      if (err instanceof HelenError && !err.location)
        throw new HelenError(err.code, err.message, this.location(line, where));
      throw err;
    }
  }

  private location(line: number | undefined, where: string | undefined): SourceLocation {
    return { file: this.file, ...(line ? { line } : {}), ...(where ? { path: where } : {}) };
  }

  private fail(message: string, line: number | undefined, where?: string): never {
    throw new HelenError('E_TRACE_FORMAT', message, this.location(line, where));
  }
}

/**
 * The event's `ts` read from its text as an exact decimal (Helen writes
 * `34.001`, never an exponent), so ps survive beyond a double's 15 digits;
 * undefined when the text is in another form (the parsed number is used).
 */
function exactPs(text: string): TimePs | undefined {
  const m = /"ts":(\d+)(?:\.(\d{1,6}))?[,}]/.exec(text);
  if (!m) return undefined;
  const ps = Number(m[1]) * 1e6 + (m[2] ? Number(m[2].padEnd(6, '0')) : 0);
  return Number.isSafeInteger(ps) ? ps : undefined;
}

/** True when the file starts as Helen's Perfetto writer starts it (the events then follow one a line). */
function startsLikeHelen(file: string): boolean {
  const head = '{"traceEvents":[\n';
  const fd = openSync(file, 'r');
  try {
    const buf = new Uint8Array(head.length);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return new TextDecoder().decode(buf.subarray(0, n)) === head;
  } finally {
    closeSync(fd);
  }
}

function statSize(file: string): number {
  const fd = openSync(file, 'r');
  try {
    return fstatSync(fd).size;
  } finally {
    closeSync(fd);
  }
}
