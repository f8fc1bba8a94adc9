import { utf8Bytes } from '../io/fs.js';
import { HelenError } from '../errors.js';
import type { TimePs } from '../kernel/time.js';
import { BufferedFile, commitTemp, tempPathFor } from './buffered-file.js';
import { widenKind, widerKind } from './signal-kind.js';
import type { SignalChange, SignalDeclaration, SignalKind, SignalValue, SpanEvent } from './trace-bus.js';
import { timescaleText } from './trace-time.js';
import type { TraceMeta, TraceSink } from './trace-sink.js';

/** One VCD variable: a signal of a component, with what is known of its kind and width so far. */
interface VcdVar {
  id: string;
  component: string;
  signal: string;
  kind: SignalKind;
  /** The kind was given by a declaration: values that do not fit it are errors rather than widenings. */
  declared: boolean;
  /** At least one value change of this variable is in the body (so a widening must rewrite the body). */
  written: boolean;
  widthBits: number;
  /** A negative integer was seen: the variable is written as 64-bit two's complement. */
  negative: boolean;
  /** Value at the start of the window (folded into `$dumpvars`). */
  initial: SignalValue | undefined;
  /** Last value written to the body. */
  current: SignalValue | undefined;
  /** Latest value in the current time step, written when time moves on. */
  pending: SignalValue | undefined;
  hasPending: boolean;
}

/**
 * Writes an IEEE 1364 value change dump while the simulation runs.
 *
 * Signals appear as components publish them, but VCD declares every variable
 * (with its width) before the first value. So the value changes stream into a
 * temporary body file; `close` writes the header — scopes, variables with the
 * widths actually seen, `$dumpvars` with the values at the window's start —
 * and appends the body. Memory stays bounded by the number of signals. Several
 * changes of one signal at one instant are coalesced to the last one (a
 * waveform shows state, not zero-width glitches; spans keep the operations).
 *
 * An undeclared signal's kind widens as values arrive (bit → int → real): a
 * signal first seen at 0 that later takes 0.5 is declared `real`, and the
 * changes it already wrote to the body as integers are rewritten as reals
 * while the body is copied behind the header (the copy happens anyway, so
 * this costs a line rewrite over the part of the body written before the
 * widening, and memory stays bounded by the number of signals).
 */
export class VcdTraceWriter implements TraceSink {
  private readonly tmp: string;
  private readonly bodyPath: string;
  private readonly body: BufferedFile;
  private readonly vars = new Map<string, VcdVar>();
  private readonly step: VcdVar[] = [];
  private stepPs: TimePs;
  private lastWrittenPs: TimePs;
  private unitPs: number;
  // When a time is not a whole number of the chosen unit, the body switches to
  // ps at this offset and the part before it is rescaled when it is copied.
  private switchOffset = 0;
  private prefixUnitPs = 1;
  // Variables whose kind widened after they had written changes, and the body
  // length when the last of them widened: lines before it are re-encoded.
  private readonly widened = new Map<string, VcdVar>();
  private widenedBefore = 0;

  constructor(
    private readonly file: string,
    private readonly meta: TraceMeta,
  ) {
    this.tmp = tempPathFor(file);
    this.bodyPath = tempPathFor(file, '.body');
    this.body = new BufferedFile(this.bodyPath, this.file);
    this.stepPs = meta.startPs;
    this.lastWrittenPs = meta.startPs;
    this.unitPs = meta.startPs % meta.timescalePs === 0 ? meta.timescalePs : 1;
    timescaleText(this.unitPs);
  }

  declare(d: SignalDeclaration): void {
    const v = this.varOf(d.component, d.signal, d.kind);
    if (v.kind !== d.kind) {
      // Declared after it was seen: take the wider of the two kinds.
      const kind = widerKind(v.kind, d.kind);
      if (kind === undefined)
        throw new HelenError(
          'E_TRACE_VALUE',
          `${v.component} signal "${v.signal}" is declared ${d.kind} but was seen as ${v.kind}`,
        );
      this.widen(v, kind);
    }
    v.declared = true;
    if (d.widthBits !== undefined) v.widthBits = Math.max(v.widthBits, d.widthBits);
    if (d.initial !== undefined && v.initial === undefined) {
      v.initial = this.check(v, d.initial);
      v.current = v.initial;
    }
  }

  signal(c: SignalChange): void {
    const v = this.varOf(c.component, c.signal, inferKind(c.value));
    if (!v.declared) {
      const kind = widenKind(v.kind, c.value);
      if (kind !== undefined && kind !== v.kind) this.widen(v, kind);
    }
    const value = this.check(v, c.value);
    if (c.timePs <= this.meta.startPs) {
      v.initial = v.current = value;
      return;
    }
    if (c.timePs !== this.stepPs) this.moveTo(c.timePs);
    if (!v.hasPending) {
      v.hasPending = true;
      this.step.push(v);
    }
    v.pending = value;
  }

  span(_e: SpanEvent): void {
    // Operations are slices in Perfetto/JSONL; VCD carries signals only.
  }

  close(endPs: TimePs): void {
    try {
      this.flushStep();
      if (endPs > this.lastWrittenPs) this.writeTime(endPs);
      this.body.close();
      const out = new BufferedFile(this.tmp, this.file);
      try {
        out.write(this.header());
        this.copyBody(out);
        out.close();
      } catch (e) {
        out.discard();
        throw e;
      }
      commitTemp(this.tmp, this.file);
    } finally {
      this.body.discard();
    }
  }

  abort(): void {
    this.body.discard();
  }

  /**
   * Appends the body behind the header. Two rewrites apply to a prefix of it:
   * times written before the switch to 1 ps are rescaled, and changes written
   * before a variable widened are re-encoded in its final kind.
   */
  private copyBody(out: BufferedFile): void {
    const zeros = '0'.repeat(Math.round(Math.log10(this.prefixUnitPs)));
    const rescale = (text: string): string =>
      text.replace(/^#(\d+)$/gm, (_m, n: string) => (n === '0' ? '#0' : `#${n}${zeros}`));
    const widened = this.widened;
    // Lines are self-describing: a scalar was written as a bit, `b…` as an int (texts never widen, reals are the widest).
    const reencode = (text: string): string =>
      text.replace(
        /^(?:([01])(\S+)|b([01]+) (\S+))$/gm,
        (
          line,
          bit: string | undefined,
          bitId: string | undefined,
          bits: string | undefined,
          intId: string | undefined,
        ) => {
          const v = widened.get((bitId ?? intId)!);
          if (!v) return line;
          return encode(v, bit !== undefined ? Number(bit) : decodeInt(bits!));
        },
      );
    const cuts = [...new Set([0, this.switchOffset, this.widenedBefore])].sort((a, b) => a - b);
    for (let i = 0; i + 1 < cuts.length; i++) {
      const [from, to] = [cuts[i]!, cuts[i + 1]!];
      const doRescale = to <= this.switchOffset;
      const doReencode = to <= this.widenedBefore;
      out.appendFile(this.bodyPath, from, to - from, (text) =>
        doReencode ? reencode(doRescale ? rescale(text) : text) : rescale(text),
      );
    }
    out.appendFile(this.bodyPath, cuts.at(-1)!);
  }

  /** Changes a variable's kind; if it already wrote changes, they are re-encoded when the body is copied. */
  private widen(v: VcdVar, kind: SignalKind): void {
    v.kind = kind;
    if (kind === 'real') v.negative = false;
    if (v.written) {
      this.widened.set(v.id, v);
      this.widenedBefore = this.body.bytesWritten;
    }
  }

  private varOf(component: string, signal: string, kind: SignalKind): VcdVar {
    const key = `${component}\u0000${signal}`;
    let v = this.vars.get(key);
    if (!v) {
      const id = vcdId(this.vars.size);
      v = {
        id,
        component,
        signal,
        kind,
        declared: false,
        written: false,
        widthBits: kind === 'string' ? 8 : 1,
        negative: false,
        initial: undefined,
        current: undefined,
        pending: undefined,
        hasPending: false,
      };
      this.vars.set(key, v);
    }
    return v;
  }

  /** Checks a value against the variable's kind and widens the variable to hold it. */
  private check(v: VcdVar, value: SignalValue): SignalValue {
    const bad = (why: string): never => {
      throw new HelenError(
        'E_TRACE_VALUE',
        `${v.component} signal "${v.signal}" (${v.kind}) got ${JSON.stringify(value)}: ${why}`,
      );
    };
    if (typeof value === 'boolean') value = value ? 1 : 0;
    switch (v.kind) {
      case 'bit':
        if (value !== 0 && value !== 1)
          bad('a bit signal takes 0, 1 or a boolean; declare it "int" with sim.trace.declare');
        return value;
      case 'int':
        if (typeof value !== 'number' || !Number.isSafeInteger(value))
          bad('an int signal takes whole numbers; declare it "real" with sim.trace.declare');
        if ((value as number) < 0) v.negative = true;
        else v.widthBits = Math.max(v.widthBits, (value as number).toString(2).length);
        return value;
      case 'real':
        if (typeof value !== 'number' || !Number.isFinite(value)) bad('a real signal takes finite numbers');
        return value;
      case 'string':
        if (typeof value !== 'string') bad('a string signal takes text');
        v.widthBits = Math.max(v.widthBits, 8 * utf8Bytes(value as string));
        return value;
    }
  }

  private moveTo(t: TimePs): void {
    if (t < this.stepPs) throw new HelenError('E_TRACE_TIME', `trace time went back from ${this.stepPs} ps to ${t} ps`);
    this.flushStep();
    this.stepPs = t;
  }

  /** Writes the changes of the time step just finished (only those that change a value). */
  private flushStep(): void {
    let wroteTime = false;
    for (const v of this.step) {
      v.hasPending = false;
      if (v.pending === v.current) continue;
      if (!wroteTime) {
        this.writeTime(this.stepPs);
        wroteTime = true;
      }
      v.current = v.pending;
      v.written = true;
      this.body.write(encode(v, v.pending!) + '\n');
    }
    this.step.length = 0;
  }

  private writeTime(t: TimePs): void {
    if (t % this.unitPs !== 0) {
      this.switchOffset = this.body.bytesWritten;
      this.prefixUnitPs = this.unitPs;
      this.unitPs = 1;
    }
    this.body.write(`#${t / this.unitPs}\n`);
    this.lastWrittenPs = t;
  }

  private header(): string {
    const lines: string[] = [];
    const strings = [...this.vars.values()].filter((v) => v.kind === 'string').map((v) => v.id);
    const info = { architecture: this.meta.architecture, mainClock: this.meta.mainClock, string_vars: strings };
    lines.push(
      '$version Helen trace writer $end',
      `$comment helen ${JSON.stringify(info)} $end`,
      `$timescale ${timescaleText(this.unitPs)} $end`,
    );
    for (const line of scopeLines(this.vars.values())) lines.push(line);
    lines.push('$enddefinitions $end', `#${this.meta.startPs / this.unitPs}`, '$dumpvars');
    for (const v of this.vars.values()) {
      // A real has no `x`: an unknown one is left out until its first change.
      if (v.initial !== undefined) lines.push(encode(v, v.initial));
      else if (v.kind !== 'real') lines.push(v.kind === 'bit' ? `x${v.id}` : `bx ${v.id}`);
    }
    lines.push('$end', '');
    return lines.join('\n');
  }
}

function inferKind(value: SignalValue): SignalKind {
  if (typeof value === 'boolean') return 'bit';
  if (typeof value === 'string') return 'string';
  return Number.isSafeInteger(value) ? 'int' : 'real';
}

/** An integer as written in the body: 64-bit vectors with the top bit set are negative (two's complement). */
function decodeInt(bits: string): number {
  const n = BigInt(`0b${bits}`);
  return Number(bits.length === 64 ? BigInt.asIntN(64, n) : n);
}

/** Short identifier codes from the printable ASCII range `!`..`~`, as VCD writers use. */
function vcdId(n: number): string {
  let s = '';
  do {
    s += String.fromCharCode(33 + (n % 94));
    n = Math.floor(n / 94);
  } while (n > 0);
  return s;
}

/** Declared width: an int is at least 2 bits, so that a reader tells it from a bit (which is 1 bit). */
function width(v: VcdVar): number {
  if (v.kind === 'real' || v.negative) return 64;
  return v.kind === 'int' ? Math.max(2, v.widthBits) : v.widthBits;
}

function encode(v: VcdVar, value: SignalValue): string {
  switch (v.kind) {
    case 'bit':
      return `${value ? 1 : 0}${v.id}`;
    case 'int': {
      const n = value as number;
      return `b${n < 0 ? BigInt.asUintN(64, BigInt(n)).toString(2) : n.toString(2)} ${v.id}`;
    }
    case 'real':
      return `r${value as number} ${v.id}`;
    case 'string': {
      let bits = '';
      for (const byte of new TextEncoder().encode(value as string)) bits += byte.toString(2).padStart(8, '0');
      return `b${bits.replace(/^0+(?=.)/, '') || '0'} ${v.id}`;
    }
  }
}

/** VCD names may not contain white space. */
function vcdName(name: string): string {
  return name.replace(/\s/g, '_') || '_';
}

interface ScopeNode {
  vars: VcdVar[];
  children: Map<string, ScopeNode>;
}

/** `$scope module` per level of the component hierarchy, variables inside, in the order first seen. */
function scopeLines(vars: Iterable<VcdVar>): string[] {
  const root: ScopeNode = { vars: [], children: new Map() };
  for (const v of vars) {
    let node = root;
    for (const part of v.component === '' ? [] : v.component.split('.')) {
      let child = node.children.get(part);
      if (!child) node.children.set(part, (child = { vars: [], children: new Map() }));
      node = child;
    }
    node.vars.push(v);
  }
  const lines: string[] = [];
  const emit = (node: ScopeNode): void => {
    for (const v of node.vars)
      lines.push(`$var ${v.kind === 'real' ? 'real' : 'wire'} ${width(v)} ${v.id} ${vcdName(v.signal)} $end`);
    for (const [name, child] of node.children) {
      lines.push(`$scope module ${vcdName(name)} $end`);
      emit(child);
      lines.push('$upscope $end');
    }
  };
  if (root.vars.length) {
    // Variables of no component still need a scope.
    lines.push('$scope module top $end');
    for (const v of root.vars)
      lines.push(`$var ${v.kind === 'real' ? 'real' : 'wire'} ${width(v)} ${v.id} ${vcdName(v.signal)} $end`);
    lines.push('$upscope $end');
    root.vars = [];
  }
  emit(root);
  return lines;
}
