import { HelenError } from '../errors.js';
import type { Clock } from '../kernel/clock.js';
import type { Rng } from '../kernel/rng.js';
import type { Simulator } from '../kernel/simulator.js';
import { BusyTracker, StatGroup } from '../stats/statistics.js';
import { EnergyLedger } from '../stats/energy.js';
import type { ComponentDeclaration } from './declaration.js';
import type { Operation } from './operation.js';
import { InPort, OutPort, type AnyInPort, type AnyOutPort, type InPortOptions } from './port.js';

/** How a component is created: its clock (inherited from the parent when absent), parameters and area. */
export interface ComponentOptions {
  /** The clock domain the component works in; defaults to its parent's. */
  clock?: Clock;
  /** Resolved parameters, as given by the architecture (kept for reports and introspection). */
  params?: Readonly<Record<string, unknown>>;
  /** The component's own area in mm² (children's areas are rolled up by the report). */
  areaMm2?: number;
  /** Static power in mW, charged as leakage over the simulated time. */
  leakageMw?: number;
  /** The registered type name, e.g. `reram.crossbar` (for reports and traces). */
  type?: string;
  /** What the registered type declares (operations, statistics, slots); the elaborator sets it when absent. */
  declaration?: ComponentDeclaration;
}

/**
 * Marks components across copies of Helen: a plug-in that resolves its own
 * copy of the package builds components whose class is not this copy's
 * `Component`, yet they must nest under built-in ones.
 */
const COMPONENT_BRAND = Symbol.for('helen.component');

/** Whether `x` is a component, whichever copy of Helen built it. */
export function isComponent(x: unknown): x is Component {
  return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[COMPONENT_BRAND] === true;
}

/**
 * The names of a component's children, kept beside `children` so a new child's
 * name is checked in constant time (a list scan made a 100 000-instance count
 * quadratic). Keyed by a registered symbol, like the brand, so a parent built by
 * another copy of Helen shares one set with this copy's children.
 */
const CHILD_NAMES = Symbol.for('helen.childNames');

/** The set of `parent`'s child names, rebuilt when children were added without it (another copy of Helen). */
function childNamesOf(parent: Component): Set<string> {
  const holder = parent as unknown as Record<symbol, Set<string> | undefined>;
  let names = holder[CHILD_NAMES];
  if (names === undefined || names.size !== parent.children.length) {
    names = new Set(parent.children.map((c) => c.name));
    holder[CHILD_NAMES] = names;
  }
  return names;
}

/** Intercepts operations issued to one component (see `Component.operationTap`). */
export type OperationTap = (
  op: Operation,
  done: () => void,
  proceed: (op: Operation, done: () => void) => void,
) => void;

/**
 * A hardware model: a node in the component hierarchy with a path name,
 * parameters, ports, statistics, an energy ledger, an area and a random stream.
 * Subclasses add state and event handlers; they talk to others only through
 * ports/links or events they schedule on themselves.
 */
export class Component {
  /** Local name, e.g. `ima[5]`. */
  readonly name: string;
  /** Hierarchical path, e.g. `chip.tile[3].ima[5]`. */
  readonly path: string;
  readonly parent: Component | undefined;
  readonly sim: Simulator;
  readonly children: Component[] = [];
  readonly params: Readonly<Record<string, unknown>>;
  /** Registered type name (or the class name). */
  readonly type: string;
  /** The registered type's declaration: operations, statistics and child slots. */
  declaration: ComponentDeclaration | undefined;
  /**
   * Sees every operation `issueOperation` hands this component, and passes it
   * on with `proceed` (a verifier records issue and completion here, without
   * the component's cooperation). Undefined: operations go straight through.
   */
  operationTap: OperationTap | undefined = undefined;
  readonly stats = new StatGroup();
  readonly energy = new EnergyLedger();
  readonly busy = new BusyTracker();
  /** The component's own area in mm², excluding children. */
  areaMm2: number;
  readonly inPorts = new Map<string, AnyInPort>();
  readonly outPorts = new Map<string, AnyOutPort>();
  private readonly ownClock: Clock | undefined;
  private rngCache: Rng | undefined;

  constructor(parent: Component | Simulator, name: string, options: ComponentOptions = {}) {
    if (!/^[A-Za-z_][\w-]*(\[\d+\])?$/.test(name)) {
      throw new HelenError(
        'E_NAME',
        `component name "${name}" must be an identifier, optionally with an index like tile[3]`,
      );
    }
    (this as unknown as Record<symbol, unknown>)[COMPONENT_BRAND] = true;
    if (isComponent(parent)) {
      this.parent = parent;
      this.sim = parent.sim;
      this.path = `${parent.path}.${name}`;
      const siblings = childNamesOf(parent);
      if (siblings.has(name)) {
        throw new HelenError('E_DUPLICATE', `${parent.path} already has a child named "${name}"`);
      }
      siblings.add(name);
      parent.children.push(this);
    } else {
      this.parent = undefined;
      this.sim = parent;
      this.path = name;
    }
    this.name = name;
    this.ownClock = options.clock;
    this.params = options.params ?? {};
    this.type = options.type ?? this.constructor.name;
    this.declaration = options.declaration;
    this.areaMm2 = options.areaMm2 ?? 0;
    this.energy.leakageMw = options.leakageMw ?? 0;
    this.sim.registerComponent(this);
  }

  /** The component's clock: its own, else the nearest ancestor's. */
  get clock(): Clock {
    const c = this.clockOrUndefined;
    if (!c) throw new HelenError('E_NO_CLOCK', `${this.path} has no clock and neither do its ancestors`);
    return c;
  }

  get clockOrUndefined(): Clock | undefined {
    return this.ownClock ?? this.parent?.clockOrUndefined;
  }

  /** The component's own random stream, derived from the run seed and its path. */
  get rng(): Rng {
    return (this.rngCache ??= this.sim.rngFor(this.path));
  }

  /** Current simulated time (shorthand for `sim.nowPs`). */
  get nowPs(): number {
    return this.sim.nowPs;
  }

  /** The current cycle of the component's clock (last edge at or before now). */
  get cycle(): number {
    return this.clock.cycleAtOrBefore(this.sim.nowPs);
  }

  /** Declares an input port. */
  inPort<T>(name: string, options: InPortOptions = {}): InPort<T> {
    this.checkPortName(name);
    const p = new InPort<T>(this, name, options);
    this.inPorts.set(name, p);
    return p;
  }

  /** Declares an output port. */
  outPort<T>(name: string): OutPort<T> {
    this.checkPortName(name);
    const p = new OutPort<T>(this, name);
    this.outPorts.set(name, p);
    return p;
  }

  private checkPortName(name: string): void {
    if (this.inPorts.has(name) || this.outPorts.has(name)) {
      throw new HelenError('E_DUPLICATE', `${this.path} already has a port named "${name}"`);
    }
  }

  /** Marks the start of an operation (busy time and the `busy` trace signal). */
  beginBusy(): void {
    if (this.busy.begin(this.sim.nowPs) && this.sim.trace.active) this.sim.trace.signal(this.path, 'busy', 1);
  }

  /** Marks the end of an operation. */
  endBusy(): void {
    if (this.busy.end(this.sim.nowPs) && this.sim.trace.active) this.sim.trace.signal(this.path, 'busy', 0);
  }

  /** Called once after the whole model is built and connected, before time 0 runs. */
  setup(): void {}

  /** Called once when the run ends (flush partial state into statistics). */
  finish(): void {}

  /** Iterates this component and all its descendants, depth-first, parents first. */
  *walk(): Generator<Component> {
    yield this;
    for (const c of this.children) yield* c.walk();
  }
}
