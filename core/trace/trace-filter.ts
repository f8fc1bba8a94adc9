import { HelenError } from '../errors.js';
import type { TimePs } from '../kernel/time.js';
import type { SignalChange, SignalDeclaration, SpanEvent } from './trace-bus.js';
import { globMatcher } from './glob.js';
import type { TraceSink } from './trace-sink.js';

/** Which part of a trace to keep. */
export interface TraceSelection {
  /** Component path globs; a match also selects the component's descendants. Empty or absent: all. */
  components?: readonly string[];
  /** Signal name globs (`busy`, `*occupancy`); spans are operations, not signals, and are kept. Empty or absent: all. */
  signals?: readonly string[];
  /** Start of the window in ps (default 0). */
  fromPs?: TimePs;
  /** End of the window in ps, exclusive (default: the end of the trace). */
  toPs?: TimePs;
}

/** Throws unless [from, to) is a non-empty window (call it before creating any output file). */
export function checkTraceWindow(fromPs: TimePs, toPs: TimePs | undefined): void {
  if (toPs !== undefined && toPs <= fromPs)
    throw new HelenError('E_TIME', `the trace window is empty: "to" (${toPs} ps) must be after "from" (${fromPs} ps)`);
}

/** A span still open on a component's track, as the filter saw it open. */
interface OpenSpan {
  name: string;
  args?: Record<string, unknown>;
}

/**
 * Keeps the selected components and signals inside the window [from, to) and
 * passes them on. The window starts with the state at `from`: every selected
 * signal's last value before it, and every span still open, re-opened at
 * `from`; spans still open at the end are closed there. It is a pure
 * function of the event stream, which is why filtering while recording equals
 * filtering a full recording afterwards (property-tested). It also checks
 * that time never goes back and that spans nest, which every sink relies on.
 */
export class TraceFilter implements TraceSink {
  private readonly wantComponent: (path: string) => boolean;
  private readonly wantSignal: (name: string) => boolean;
  private readonly fromPs: TimePs;
  private readonly toPs: TimePs;
  private lastPs = 0;
  private started = false;
  /** True once an event past the window was seen: nothing more will be passed on. */
  done = false;
  // Bounded by the number of signals and the span nesting depth, whatever the trace length.
  private readonly before = new Map<string, SignalChange>();
  private readonly open = new Map<string, OpenSpan[]>();

  constructor(
    private readonly next: TraceSink,
    selection: TraceSelection = {},
  ) {
    this.wantComponent = globMatcher(selection.components, true);
    this.wantSignal = globMatcher(selection.signals);
    this.fromPs = selection.fromPs ?? 0;
    this.toPs = selection.toPs ?? Infinity;
    checkTraceWindow(this.fromPs, this.toPs);
  }

  declare(d: SignalDeclaration): void {
    if (this.wantComponent(d.component) && this.wantSignal(d.signal)) this.next.declare(d);
  }

  signal(c: SignalChange): void {
    if (!this.advance(c.timePs) || !this.wantComponent(c.component) || !this.wantSignal(c.signal)) return;
    if (c.timePs < this.fromPs) this.before.set(`${c.component}\u0000${c.signal}`, c);
    else this.next.signal(c);
  }

  span(e: SpanEvent): void {
    // A span that ends exactly where the window opens lies wholly before it: close it
    // before the window's opening state is emitted, or it would reappear there with no length.
    const endsAtOpening = e.phase === 'end' && !this.started && e.timePs === this.fromPs;
    if (!this.advance(e.timePs, !endsAtOpening) || !this.wantComponent(e.component)) return;
    let stack = this.open.get(e.component);
    if (e.phase === 'begin') {
      if (!stack) this.open.set(e.component, (stack = []));
      stack.push(e.args ? { name: e.name, args: e.args } : { name: e.name });
    } else {
      const top = stack?.pop();
      if (!top || top.name !== e.name) {
        throw new HelenError(
          'E_TRACE_SPAN',
          `${e.component} ended span "${e.name}" at ${e.timePs} ps while ${top ? `"${top.name}"` : 'no span'} was open: spans on one component must nest`,
        );
      }
    }
    if (e.timePs >= this.fromPs && !endsAtOpening) this.next.span(e);
  }

  close(endPs: TimePs): void {
    const end = Math.min(this.toPs, Math.max(endPs, this.fromPs, this.lastPs));
    // A run that ended before the window opened: values persist after the end,
    // operations do not (they were cut at the end), so only the values are given.
    const spansOpen = this.started || endPs >= this.fromPs;
    if (!this.started) this.start(spansOpen);
    if (spansOpen)
      for (const [component, stack] of this.open) {
        for (let i = stack.length - 1; i >= 0; i--)
          this.next.span({ timePs: end, component, name: stack[i]!.name, phase: 'end' });
      }
    this.next.close(end);
  }

  abort(): void {
    this.next.abort();
  }

  /** Moves time to `t` (opening the window when `t` reaches it, if `open`); false once past the window (the event is dropped). */
  private advance(t: TimePs, open = true): boolean {
    if (this.done) return false;
    if (t < this.lastPs) throw new HelenError('E_TRACE_TIME', `trace time went back from ${this.lastPs} ps to ${t} ps`);
    this.lastPs = t;
    if (t >= this.toPs) {
      // Past the window: freeze, so the open spans are those open at `to`.
      if (!this.started) this.start();
      this.done = true;
      return false;
    }
    if (open && !this.started && t >= this.fromPs) this.start();
    return true;
  }

  /** Emits the state at `from`: signal values first, then the open spans outermost first. */
  private start(withSpans = true): void {
    this.started = true;
    const t = this.fromPs;
    for (const c of this.before.values()) this.next.signal(c.timePs === t ? c : { ...c, timePs: t });
    this.before.clear();
    if (withSpans)
      for (const [component, stack] of this.open) {
        for (const s of stack)
          this.next.span({ timePs: t, component, name: s.name, phase: 'begin', ...(s.args ? { args: s.args } : {}) });
      }
  }
}
