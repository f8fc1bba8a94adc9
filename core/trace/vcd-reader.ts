import { HelenError } from '../errors.js';
import { EXACT_TIME_RANGE, type TimePs } from '../kernel/time.js';
import { forEachLine } from './line-source.js';
import type { SignalDeclaration, SignalKind, SignalValue } from './trace-bus.js';
import { parseTimescalePs } from './trace-time.js';
import type { TraceClockSpec, TraceMeta, TraceSink, TraceSource } from './trace-sink.js';

/** A variable declared in a VCD header, mapped back to a component path and a signal name. */
export interface VcdVarInfo {
  id: string;
  component: string;
  signal: string;
  kind: SignalKind;
  widthBits: number;
}

/** The header of a VCD file: its variables, time unit and what Helen wrote about its origin. */
interface VcdHeader {
  vars: VcdVarInfo[];
  unitPs: number;
  architecture?: string;
  mainClock?: TraceClockSpec;
}

/**
 * A VCD file (Helen's or another tool's) read back as trace events: scopes
 * become component paths, `$dumpvars` values become changes at the start
 * time, `x`/`z` values are skipped (unknown), and the last timestamp is the
 * end. Streams the file; memory is bounded by the number of variables.
 */
export class VcdTraceSource implements TraceSource {
  readonly meta: TraceMeta;
  readonly vars: readonly VcdVarInfo[];

  constructor(private readonly file: string) {
    let header: VcdHeader | undefined;
    let startPs = 0;
    this.parse({ onHeader: (h) => (header = h), onTime: (t) => ((startPs = t), false) });
    if (!header) throw new HelenError('E_TRACE_FORMAT', 'not a VCD file: no $enddefinitions', { file });
    this.vars = header.vars;
    this.meta = {
      timescalePs: header.unitPs,
      startPs,
      ...(header.architecture !== undefined ? { architecture: header.architecture } : {}),
      ...(header.mainClock ? { mainClock: header.mainClock } : {}),
    };
  }

  replay(sink: TraceSink): void {
    const startPs = this.meta.startPs;
    let endPs = startPs;
    // `$dumpvars` at the start time holds the initial values: they become the
    // declarations' initial values, so they survive a window that opens later.
    const initial = new Map<string, SignalValue>();
    let declared = false;
    const declareAll = (): void => {
      if (declared) return;
      declared = true;
      for (const v of this.vars) {
        const d: SignalDeclaration = { component: v.component, signal: v.signal, kind: v.kind };
        if (v.kind === 'int') d.widthBits = v.widthBits;
        const init = initial.get(`${v.component}\u0000${v.signal}`);
        if (init !== undefined) d.initial = init;
        sink.declare(d);
      }
    };
    this.parse({
      onHeader: () => {},
      onTime: (t) => {
        endPs = t;
        if (t > startPs) declareAll();
        if (sink.done) {
          endPs = Infinity; // the sink clamps the end to its window
          return false;
        }
      },
      onValue: (t, v, value, inDump) => {
        if (!declared && inDump && t === startPs) initial.set(`${v.component}\u0000${v.signal}`, value);
        else {
          declareAll();
          sink.signal({ timePs: t, component: v.component, signal: v.signal, value });
        }
      },
    });
    declareAll();
    sink.close(endPs);
  }

  private parse(handlers: {
    onHeader: (h: VcdHeader) => void;
    onTime: (t: TimePs) => boolean | void;
    onValue?: (t: TimePs, v: VcdVarInfo, value: SignalValue, inDump: boolean) => void;
  }): void {
    const file = this.file;
    const scopes: string[] = [];
    const vars: VcdVarInfo[] = [];
    const byId = new Map<string, VcdVarInfo[]>();
    let unitPs = 1;
    let info: { architecture?: string; mainClock?: TraceClockSpec; string_vars?: string[] } = {};
    let inHeader = true;
    let command: string[] | undefined; // tokens of an open $keyword … $end
    let pendingVector: string | undefined; // `b…`/`r…` waiting for its identifier
    let t = -1;
    let inDump = false;
    let lineNo = 0;
    const fail = (message: string): never => {
      throw new HelenError('E_TRACE_FORMAT', message, { file, line: lineNo });
    };
    const emit = (id: string, text: string, type: 'b' | 'r' | 's' | 'scalar'): void => {
      const targets = byId.get(id);
      if (!targets) fail(`value change of undeclared identifier "${id}"`);
      if (t < 0) fail('value change before the first #time');
      for (const v of targets!) {
        const value = decode(v, text, type);
        if (value !== undefined) handlers.onValue!(t, v, value, inDump);
      }
    };
    const endCommand = (cmd: string[]): void => {
      const [kw, ...args] = cmd;
      switch (kw) {
        case '$scope':
          if (args.length < 2) fail('$scope needs a type and a name');
          scopes.push(args[1]!);
          break;
        case '$upscope':
          if (!scopes.pop()) fail('$upscope without an open $scope');
          break;
        case '$var': {
          if (args.length < 4) fail('$var needs a type, a size, an identifier and a name');
          const [type, size, id, ...ref] = args as [string, string, string, ...string[]];
          const widthBits = Number(size);
          if (!Number.isSafeInteger(widthBits) || widthBits < 1)
            fail(`$var ${id}: size "${size}" must be a positive whole number`);
          const kind: SignalKind =
            type === 'real' || type === 'realtime'
              ? 'real'
              : info.string_vars?.includes(id)
                ? 'string'
                : widthBits === 1
                  ? 'bit'
                  : 'int';
          const v: VcdVarInfo = { id, component: scopes.join('.'), signal: ref.join(''), kind, widthBits };
          vars.push(v);
          const list = byId.get(id);
          if (list) list.push(v);
          else byId.set(id, [v]);
          break;
        }
        case '$timescale': {
          const u = parseTimescalePs(args.join(''));
          if (u === undefined) fail(`$timescale "${args.join(' ')}" must be 1, 10 or 100 of s, ms, us, ns or ps`);
          unitPs = u!;
          break;
        }
        case '$comment':
          if (args[0] === 'helen' && inHeader) {
            try {
              info = JSON.parse(args.slice(1).join(' ')) as typeof info;
            } catch {
              fail('the helen $comment is not valid JSON');
            }
          }
          break;
        case '$enddefinitions':
          if (scopes.length) fail(`$enddefinitions with ${scopes.length} $scope(s) still open`);
          inHeader = false;
          handlers.onHeader({
            vars,
            unitPs,
            ...(info.architecture !== undefined ? { architecture: info.architecture } : {}),
            ...(info.mainClock ? { mainClock: info.mainClock } : {}),
          });
          break;
      }
    };
    forEachLine(file, (line, n) => {
      lineNo = n;
      for (const tok of line.split(/\s+/)) {
        if (tok === '') continue;
        if (command) {
          if (tok === '$end') {
            const cmd = command;
            command = undefined;
            endCommand(cmd);
            if (!inHeader && !handlers.onValue) return false;
          } else command.push(tok);
          continue;
        }
        if (pendingVector !== undefined) {
          emit(tok, pendingVector.slice(1), pendingVector[0] === 'r' ? 'r' : pendingVector[0] === 's' ? 's' : 'b');
          pendingVector = undefined;
          continue;
        }
        const c = tok[0]!;
        if (c === '$') {
          if (inHeader || tok === '$comment') command = [tok];
          // $dumpvars, $dumpall, $dumpon, $dumpoff and their $end frame value changes.
          else inDump = tok === '$dumpvars';
        } else if (inHeader) {
          fail(`unexpected "${tok}" in the VCD header`);
        } else if (c === '#') {
          const next = Number(tok.slice(1));
          if (!/^#\d+$/.test(tok)) fail(`bad timestamp "${tok}": expected # and a whole number of time units`);
          if (!Number.isSafeInteger(next * unitPs))
            throw new HelenError(
              'E_TIME_OVERFLOW',
              `timestamp "${tok}" is beyond the exact time range of ${EXACT_TIME_RANGE}`,
              { file, line: lineNo },
            );
          if (next * unitPs < t) fail(`time goes back from ${t / unitPs} to ${next}`);
          t = next * unitPs;
          if (handlers.onTime(t) === false) return false;
        } else if (c === 'b' || c === 'B' || c === 'r' || c === 'R' || c === 's' || c === 'S') {
          pendingVector = c.toLowerCase() + tok.slice(1);
        } else if ('01xXzZ'.includes(c)) {
          if (handlers.onValue) emit(tok.slice(1), c, 'scalar');
        } else fail(`unexpected "${tok}"`);
      }
    });
    if (command) fail(`${command[0]} without $end`);
  }
}

function decode(v: VcdVarInfo, text: string, type: 'b' | 'r' | 's' | 'scalar'): SignalValue | undefined {
  if (type === 'r') return Number(text);
  if (type === 's') return text;
  if (/[xXzZ]/.test(text)) return undefined;
  if (v.kind === 'real') return Number.parseInt(text, 2);
  if (v.kind === 'string') {
    const bits = text.padStart(Math.ceil(text.length / 8) * 8, '0');
    const bytes: number[] = [];
    for (let i = 0; i < bits.length; i += 8) bytes.push(Number.parseInt(bits.slice(i, i + 8), 2));
    // Leading zero bytes are the padding of a shorter string (`b0` is the empty one).
    let first = 0;
    while (first < bytes.length && bytes[first] === 0) first++;
    return new TextDecoder().decode(Uint8Array.from(bytes.slice(first)));
  }
  if (text.length <= 53) return Number.parseInt(text, 2);
  const big = BigInt(`0b${text}`);
  // Helen writes negative integers as 64-bit two's complement.
  return Number(v.widthBits === 64 ? BigInt.asIntN(64, big) : big);
}
