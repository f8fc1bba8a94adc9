import {
  elaborate,
  HelenError,
  loadArchitecture,
  writeReferenceTables,
  type Elaboration,
  type WrittenTables,
} from '../core/index.js';
import { defaultSession, type Session } from './session.js';

/** What to export and in which format. */
export interface ExportArchitectureOptions {
  /** Architecture file (YAML, or any format a plug-in reads). */
  architecture: string;
  /** Name of an architecture format that can be written (`scalesim-cfg`, …). */
  format: string;
  /** `--set` overrides: path → value text. */
  overrides?: ReadonlyMap<string, string>;
  /** Component types and formats (default: everything Helen ships). */
  session?: Session;
}

/** Name of SCALE-Sim v2's configuration format (registered by the systolic family). */
export const SCALESIM_CFG_FORMAT = 'scalesim-cfg';

/**
 * Loads and elaborates an architecture and writes it in another tool's format,
 * through the writer of the plug-in that registered that format.
 */
export function exportArchitecture(options: ExportArchitectureOptions): string {
  const session = options.session ?? defaultSession();
  const format = session.architectureReaders.get(options.format);
  if (!format?.write) {
    const writable = session.architectureReaders
      .all()
      .filter((r) => r.write)
      .map((r) => r.format);
    throw new HelenError(
      'E_FORMAT',
      `no writer for architecture format "${options.format}"; formats that can be written: ${writable.join(', ') || 'none'}`,
    );
  }
  return format.write(elaborated(options.architecture, session, options.overrides));
}

function elaborated(architecture: string, session: Session, overrides?: ReadonlyMap<string, string>): Elaboration {
  return elaborate(loadArchitecture(architecture, session.loadOptions()), {
    registry: session.registry,
    seed: 1,
    overrides,
  });
}

/**
 * The architecture's energies and areas (after `--set`) as Accelergy 0.3 ERT and
 * ART tables, which `--energy-table` / `--area-table` read back to the same values.
 */
export function exportEnergyTables(options: Omit<ExportArchitectureOptions, 'format'>): WrittenTables {
  const session = options.session ?? defaultSession();
  return writeReferenceTables(elaborated(options.architecture, session, options.overrides), session.registry);
}

/** The architecture as a SCALE-Sim v2 .cfg (one systolic array; an error otherwise). */
export function exportScalesimCfg(options: Omit<ExportArchitectureOptions, 'format'>): string {
  return exportArchitecture({ ...options, format: SCALESIM_CFG_FORMAT });
}
