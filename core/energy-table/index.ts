import type { ArchitectureSpec } from '../config/spec.js';
import { readReferenceTable } from './table-file.js';
import { ReferenceTables } from './table-match.js';

export { parseAccelergyName, levelMatches, type NameSegment } from './accelergy-name.js';
export { actionParameter, areaParameter, LEAK_ACTIONS, tableValueText, type ActionTarget } from './action-parameter.js';
export {
  readReferenceTable,
  type ReferenceTable,
  type TableAction,
  type TableEntry,
  type TableKind,
} from './table-file.js';
export { ReferenceTables } from './table-match.js';
export { writeReferenceTables, rangeNames, type WrittenTables } from './table-writer.js';
export * from './table-report.js';

/** The files of the reference tables a run applies (either may be absent). */
export interface ReferenceTableFiles {
  /** An Accelergy ERT (energies per action, pJ). */
  energyTable?: string;
  /** An Accelergy ART (areas, µm²). */
  areaTable?: string;
}

/** The tables named in `files`, read and resolved against `spec`; undefined when none is named. */
export function referenceTablesFor(files: ReferenceTableFiles, spec: ArchitectureSpec): ReferenceTables | undefined {
  const tables = [
    ...(files.energyTable !== undefined ? [readReferenceTable(files.energyTable, 'energy')] : []),
    ...(files.areaTable !== undefined ? [readReferenceTable(files.areaTable, 'area')] : []),
  ];
  return tables.length ? new ReferenceTables(tables, spec) : undefined;
}
