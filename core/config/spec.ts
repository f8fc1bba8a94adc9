import type { ArchitectureNote } from './architecture-reader.js';
import type { SourceLocation } from '../errors.js';
import type { Confinement } from '../io/confined-path.js';

/** A value as written in a file (a number, a word, or an expression), with its location. */
export interface ValueSpec {
  raw: string | number | boolean | null;
  loc: SourceLocation;
}

/** How many copies of a component: `count: N` or a `name[lo..hi]` range (bounds may be expressions). */
export type Replication = { kind: 'count'; count: ValueSpec } | { kind: 'range'; low: ValueSpec; high: ValueSpec };

/** One component body as written (before replication and evaluation). */
export interface ComponentSpec {
  /** Base name without the range, e.g. `tile` for `tile[0..167]`. */
  name: string;
  replication?: Replication;
  /** Registered component type. */
  type: ValueSpec;
  /** Name of a clock domain from the architecture's `clocks` (or `main`). */
  clock?: ValueSpec;
  /** Parameter values by key, in file order. */
  params: Map<string, ValueSpec>;
  /** Location of the `params` mapping (or of the component when absent). */
  paramsLoc: SourceLocation;
  children: ComponentSpec[];
  /** Connections between descendants, with paths relative to this component. */
  connections: ConnectionSpec[];
  loc: SourceLocation;
}

/** A link between an output port and an input port. */
export interface ConnectionSpec {
  from: ValueSpec;
  to: ValueSpec;
  /** Link options (`latency`, `latency_cycles`, `bytes_per_cycle`, `depth`, `energy_per_byte`, `clock`). */
  options: Map<string, ValueSpec>;
  loc: SourceLocation;
}

/** A whole architecture file (with its includes merged). */
export interface ArchitectureSpec {
  /** Name of the architecture. */
  name: string;
  description: string;
  /** The root file, as given. */
  file: string;
  /** Main clock: a frequency (`1.2GHz`) or a period (`1ns`). */
  clock?: ValueSpec;
  /** Further clock domains by name. */
  clocks: Map<string, ValueSpec>;
  /** Variables with their defaults, in order (later ones may use earlier ones). */
  params: Map<string, ValueSpec>;
  components: ComponentSpec[];
  connections: ConnectionSpec[];
  /** Every file read (the root and its includes, real paths). */
  files: string[];
  /** The folders files named in the architecture may be read from (absent in a spec built in code: the root file's folder). */
  confinement?: Confinement;
  /** What a file in another format said that Helen does not model (see ArchitectureReader); absent for YAML. */
  notes?: ArchitectureNote[];
}
