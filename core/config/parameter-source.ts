import type { AnyComponentType } from './registry.js';
import type { ValueSpec } from './spec.js';

/** The instance the elaborator is about to build, as a parameter source sees it. */
export interface InstanceBeingBuilt {
  /** Instance path with indices, e.g. `chip.pe[2]`. */
  path: string;
  /** The same path without indices (the body it replicates), e.g. `chip.pe`. */
  bodyPath: string;
  /** Its registered type (parameter schema and declaration). */
  type: AnyComponentType;
  /** Period of the clock it will run on, in ps. */
  clockPeriodPs: number;
}

/**
 * Values for component parameters from somewhere other than the architecture
 * file (a reference table of energies and areas). The elaborator asks it after
 * `--set` and before the file, so its values go through the same evaluation,
 * unit check and validation, located where the source says they were written.
 */
export interface ParameterSource {
  /** A lookup of this instance's parameter values (undefined when the source has none for it). */
  forInstance(instance: InstanceBeingBuilt): ((key: string) => ValueSpec | undefined) | undefined;
}
