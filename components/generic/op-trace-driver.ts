import {
  HelenError,
  acceptsOperations,
  issueOperation,
  locateOperationError,
  PhaseTracker,
  type Component,
  type DriverType,
  type Elaboration,
  type Operation,
  type PhaseReport,
  type SourceLocation,
  type WorkloadDriver,
} from '../../core/index.js';
import type { OpTraceEntry, OpTraceOperation, OpTraceStream, OpTraceWorkload } from '../../workloads/op-trace.js';
import { OperationIds } from './op-ids.js';

/** How many operations may be read ahead of completion before reading pauses (bounds memory on long traces). */
const WINDOW = 65_536;

interface PendingOp {
  op: Operation;
  target: Component;
  loc: SourceLocation;
  /** Where one of the line's keys is (for an error naming an argument). */
  at: (key: string) => SourceLocation;
  deps: number;
}

/**
 * Runs an operation trace on any architecture: each line's operation goes to
 * the component its path names (through the one operation dispatcher), at its
 * time and after the operations it waits for; a phase line starts when every
 * earlier operation has finished. Lines are read as the simulation needs them.
 */
class OpTraceDriver implements WorkloadDriver {
  private readonly stream: OpTraceStream;
  private readonly phasesTracker: PhaseTracker;
  /** The ids still needed: unfinished ones, recent finished ones, a filter of the rest (see OperationIds). */
  private readonly ids = new OperationIds();
  private readonly waiters = new Map<string, PendingOp[]>();
  private readonly inFlight = new Map<string, PendingOp>();
  private waitingCount = 0;
  private held: PendingOp | undefined;
  private eof = false;
  private pausedForPhase: string | undefined;
  private reading = false;
  operationsIssued = 0;

  constructor(
    workload: OpTraceWorkload,
    private readonly model: Elaboration,
  ) {
    this.stream = workload.open();
    this.phasesTracker = new PhaseTracker(model);
  }

  get finished(): boolean {
    return (
      this.eof && this.inFlight.size === 0 && this.waitingCount === 0 && !this.held && this.pausedForPhase === undefined
    );
  }

  start(): void {
    this.model.sim.scheduleAt(this.model.sim.nowPs, this.readMore);
  }

  phases(): PhaseReport[] {
    return this.phasesTracker.phases();
  }

  fraction(): number | undefined {
    return this.stream.fraction();
  }

  outstanding(): string[] {
    return [...this.inFlight.values()].map((p) => `${p.op.name}@${p.target.path} (${p.loc.file}:${p.loc.line})`);
  }

  runningRecord(): SourceLocation | undefined {
    return this.inFlight.size === 1 ? [...this.inFlight.values()][0]!.loc : undefined;
  }

  private get busy(): boolean {
    return this.inFlight.size > 0 || this.waitingCount > 0;
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
      while (
        !this.eof &&
        !this.held &&
        this.pausedForPhase === undefined &&
        this.inFlight.size + this.waitingCount < WINDOW
      ) {
        const entry = this.stream.next();
        if (entry === undefined) {
          this.eof = true;
          break;
        }
        this.take(entry);
      }
    } finally {
      this.reading = false;
    }
  };

  private take(entry: OpTraceEntry): void {
    if (entry.kind === 'phase') {
      if (this.busy) this.pausedForPhase = entry.name;
      else this.phasesTracker.begin(entry.name);
      return;
    }
    const pending = this.resolve(entry);
    if (entry.atPs !== undefined && entry.atPs > this.model.sim.nowPs) {
      this.held = pending;
      this.model.sim.scheduleAt(entry.atPs, this.readMore);
      return;
    }
    this.admit(pending);
  }

  /** The line's target and dependencies, checked against the model and the lines before it. */
  private resolve(e: OpTraceOperation & OpTraceEntry): PendingOp {
    const fail = (message: string, key: string): never => {
      throw new HelenError('E_WORKLOAD', message, e.at(key));
    };
    const target = this.model.sim.component(e.to) as Component | undefined;
    if (!target) fail(`no component "${e.to}" in ${this.model.spec.name}`, 'to');
    if (!acceptsOperations(target!)) fail(`${e.to} (${target!.type}) does not take operations from workloads`, 'to');
    if (!this.ids.claim(e.id)) fail(`id "${e.id}" is used twice`, 'id');
    for (const d of e.after)
      if (d === e.id || this.ids.status(d) === 'unknown')
        fail(`"after" names "${d}", which is not an earlier operation's id`, 'after');
    const op: Operation = {
      id: e.id,
      name: e.op,
      args: e.args,
      ...(this.phasesTracker.currentName ? { phase: this.phasesTracker.currentName } : {}),
    };
    const pending: PendingOp = { op, target: target!, loc: e.loc, at: e.at, deps: 0 };
    for (const d of e.after) {
      if (this.ids.status(d) === 'unfinished') {
        pending.deps++;
        const list = this.waiters.get(d) ?? [];
        list.push(pending);
        this.waiters.set(d, list);
      }
    }
    return pending;
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
      issueOperation(p.target, p.op, () => {
        if (finished) throw new HelenError('E_MODEL', `${p.target.path} completed operation "${p.op.id}" twice`);
        finished = true;
        this.complete(p);
      });
    } catch (e) {
      throw locateOperationError(e, (key) => (key !== undefined && key in p.op.args ? p.at(key) : p.loc));
    }
  }

  private complete(p: PendingOp): void {
    this.inFlight.delete(p.op.id);
    this.ids.finish(p.op.id);
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

/** Operation traces on any architecture: every component that declares operations can be addressed by path. */
export const opTraceDriver: DriverType<OpTraceWorkload> = {
  name: 'op-trace',
  description: "each line's operation issued to the component its path names, at its time, after its dependencies",
  accepts: 'op-trace',
  fits: () => true,
  open: (w, model) => new OpTraceDriver(w, model),
};
