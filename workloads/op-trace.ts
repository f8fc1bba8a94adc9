import type { LegacyReader } from './legacy.js';
import { HelenError, isOperationTarget, parseTimePs, type Component, type Elaboration, type Operation, type OperationTarget, type SourceLocation } from '../core/index.js';
import { LineReader } from '../core/io/line-reader.js';
import { PhaseTracker } from '../core/index.js';
import type { PhaseReport, WorkloadDriver } from '../core/index.js';

/** Keys with a meaning of their own in an op-trace line; every other key is an argument of the operation. */
export const OP_TRACE_KEYS: Readonly<Record<string, string>> = {
  phase: 'starts a named phase (layer); it begins when every earlier operation has finished',
  to: 'path of the component that performs the operation, e.g. chip.pe[0]',
  op: 'operation name the component understands (see `helen list TYPE`)',
  id: 'name of the operation, for `after` (default: its line number)',
  at: 'issue time ("10ns", or ps as a number), not before the phase starts; lines must be in time order',
  after: 'ids of earlier operations that must finish first',
};

/** How many operations may be read ahead of completion before reading pauses (bounds memory on long traces). */
const WINDOW = 65_536;

interface PendingOp {
  op: Operation;
  target: OperationTarget & Component;
  loc: SourceLocation;
  deps: number;
}

/**
 * Drives any architecture from a JSON Lines operation trace. Each line is one of
 *   {"phase": "conv1"}
 *   {"to": "chip.pe[0]", "op": "compute", "count": 4, "id": "a", "at": "10ns", "after": ["x"]}
 * Lines are read as the simulation needs them, so traces of any length stream.
 */
class OpTraceDriver implements WorkloadDriver {
  private readonly reader: LineReader;
  private readonly phasesTracker: PhaseTracker;
  private readonly seen = new Set<string>();
  private readonly completed = new Set<string>();
  private readonly waiters = new Map<string, PendingOp[]>();
  private readonly inFlight = new Map<string, PendingOp>();
  private waitingCount = 0;
  private held: PendingOp | undefined;
  private lastAtPs = 0;
  private eof = false;
  private pausedForPhase: string | undefined;
  private reading = false;
  operationsIssued = 0;

  constructor(
    file: string,
    private readonly model: Elaboration,
  ) {
    this.reader = new LineReader(file);
    this.phasesTracker = new PhaseTracker(model);
  }

  get finished(): boolean {
    return this.eof && this.inFlight.size === 0 && this.waitingCount === 0 && !this.held && this.pausedForPhase === undefined;
  }

  start(): void {
    this.model.sim.scheduleAt(this.model.sim.nowPs, this.readMore);
  }

  phases(): PhaseReport[] {
    return this.phasesTracker.phases();
  }

  fraction(): number | undefined {
    return this.reader.sizeBytes > 0 ? this.reader.bytesRead / this.reader.sizeBytes : undefined;
  }

  outstanding(): string[] {
    return [...this.inFlight.values()].map((p) => `${p.op.name}@${p.target.path} (${p.loc.file}:${p.loc.line})`);
  }

  private get busy(): boolean {
    return this.inFlight.size > 0 || this.waitingCount > 0;
  }

  private locate(column?: number): SourceLocation {
    return { file: this.reader.displayName, line: this.reader.lineNumber, ...(column ? { column } : {}) };
  }

  private fail(message: string, line: string, key?: string): never {
    const at = key ? line.indexOf(`"${key}"`) : -1;
    throw new HelenError('E_WORKLOAD', message, { ...this.locate(at >= 0 ? at + 1 : 1), ...(key ? { path: key } : {}) });
  }

  /** Reads and issues lines until something must wait (a future time, a phase barrier, the window). */
  private readonly readMore = (): void => {
    if (this.reading) return;
    this.reading = true;
    try {
      if (this.held) {
        const h = this.held;
        this.held = undefined;
        this.admit(h);
      }
      while (!this.eof && !this.held && this.pausedForPhase === undefined && this.inFlight.size + this.waitingCount < WINDOW) {
        const line = this.reader.next();
        if (line === undefined) {
          this.eof = true;
          break;
        }
        if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
        this.readLine(line);
      }
    } finally {
      this.reading = false;
    }
  };

  private readLine(line: string): void {
    let rec: unknown;
    try {
      rec = JSON.parse(line);
    } catch (e) {
      const m = /position (\d+)/.exec((e as Error).message);
      throw new HelenError('E_WORKLOAD', `not valid JSON: ${(e as Error).message.replace(/ in JSON at position \d+.*$/, '')}`, this.locate(m ? Number(m[1]) + 1 : 1));
    }
    if (typeof rec !== 'object' || rec === null || Array.isArray(rec)) this.fail('each line must be a JSON object such as {"to": "chip.pe[0]", "op": "compute"}', line);
    const r = rec as Record<string, unknown>;
    if ('phase' in r) {
      if (typeof r['phase'] !== 'string') this.fail('"phase" must be a name (text)', line, 'phase');
      const extra = Object.keys(r).filter((k) => k !== 'phase');
      if (extra.length) this.fail(`a phase line holds only "phase"; move ${extra.map((k) => `"${k}"`).join(', ')} to an operation line`, line, extra[0]);
      if (this.busy) this.pausedForPhase = r['phase'];
      else this.phasesTracker.begin(r['phase']);
      return;
    }
    if (typeof r['to'] !== 'string') this.fail('missing "to": the path of the component that performs the operation', line, 'to' in r ? 'to' : undefined);
    if (typeof r['op'] !== 'string') this.fail('missing "op": the operation name', line, 'op' in r ? 'op' : undefined);
    const target = this.model.sim.component(r['to']) as Component | undefined;
    if (!target) this.fail(`no component "${r['to']}" in ${this.model.spec.name}`, line, 'to');
    if (!isOperationTarget(target)) this.fail(`${r['to']} (${target.type}) does not take operations from workloads`, line, 'to');
    const id = r['id'] === undefined ? `line ${this.reader.lineNumber}` : String(r['id']);
    if (this.seen.has(id)) this.fail(`id "${id}" is used twice`, line, 'id');
    this.seen.add(id);
    const args: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r)) if (!(k in OP_TRACE_KEYS)) args[k] = v;
    const op: Operation = { id, name: r['op'], args, ...(this.phasesTracker.currentName ? { phase: this.phasesTracker.currentName } : {}) };
    const pending: PendingOp = { op, target: target as OperationTarget & Component, loc: this.locate(), deps: 0 };
    if (r['after'] !== undefined) {
      const after = Array.isArray(r['after']) ? r['after'] : [r['after']];
      for (const dep of after) {
        const d = String(dep);
        if (!this.seen.has(d) || d === id) this.fail(`"after" names "${d}", which is not an earlier operation's id`, line, 'after');
        if (!this.completed.has(d)) {
          pending.deps++;
          const list = this.waiters.get(d) ?? [];
          list.push(pending);
          this.waiters.set(d, list);
        }
      }
    }
    if (r['at'] !== undefined) {
      let atPs: number;
      try {
        atPs = parseTimePs(r['at'] as string | number);
      } catch (e) {
        this.fail((e as Error).message, line, 'at');
      }
      if (atPs < this.lastAtPs) this.fail(`"at" goes back in time (${atPs} ps after ${this.lastAtPs} ps); sort the trace by time`, line, 'at');
      this.lastAtPs = atPs;
      if (atPs > this.model.sim.nowPs) {
        this.held = pending;
        this.model.sim.scheduleAt(atPs, this.readMore);
        return;
      }
    }
    this.admit(pending);
  }

  private admit(p: PendingOp): void {
    if (p.deps > 0) this.waitingCount++;
    else this.issue(p);
  }

  private issue(p: PendingOp): void {
    this.inFlight.set(p.op.id, p);
    this.operationsIssued++;
    this.phasesTracker.countOperation();
    let finished = false;
    try {
      p.target.acceptOperation(p.op, () => {
        if (finished) throw new HelenError('E_MODEL', `${p.target.path} completed operation "${p.op.id}" twice`);
        finished = true;
        this.complete(p);
      });
    } catch (e) {
      if (e instanceof HelenError && !e.location) throw new HelenError(e.code, e.message, p.loc);
      throw e;
    }
  }

  private complete(p: PendingOp): void {
    this.inFlight.delete(p.op.id);
    this.completed.add(p.op.id);
    const ws = this.waiters.get(p.op.id);
    if (ws) {
      this.waiters.delete(p.op.id);
      for (const w of ws) {
        if (--w.deps === 0) {
          // Only counted as waiting once it was admitted (a held op is admitted later).
          if (w !== this.held) {
            this.waitingCount--;
            this.issue(w);
          }
        }
      }
    }
    if (!this.busy && this.pausedForPhase !== undefined) {
      this.phasesTracker.begin(this.pausedForPhase);
      this.pausedForPhase = undefined;
      this.model.sim.schedule(0, this.readMore);
    } else if (!this.eof && this.inFlight.size + this.waitingCount < WINDOW / 2 && !this.held) {
      this.model.sim.schedule(0, this.readMore);
    }
  }
}

/** The generic operation trace (`.jsonl`): drives any architecture without a family-specific reader. */
export const opTraceReader: LegacyReader = {
  format: 'op-trace',
  description: 'JSON Lines of operations addressed to components, with phases, times and dependencies',
  matches: (file) => /\.(jsonl|ndjson)$/i.test(file),
  open: (file, model) => new OpTraceDriver(file, model),
};
