/** One level of an Accelergy component name: `PE`, `PE[3]` or `PE[0..15]`. */
export interface NameSegment {
  /** The name without its brackets. */
  name: string;
  /** The indices it covers, as written (inclusive); absent when the level has no brackets. */
  range?: { first: number; last: number };
}

const SEGMENT = /^([A-Za-z_][\w-]*)(?:\[(\d+)(?:\.\.(\d+))?\])?$/;

/**
 * Splits an Accelergy hierarchical name (`system.chip.PE[0..15].mac`) into its
 * levels; returns a message saying what is wrong when it is not one.
 */
export function parseAccelergyName(text: string): NameSegment[] | string {
  const segments: NameSegment[] = [];
  // Dots inside brackets belong to a range (`PE[0..15]`), not to the hierarchy.
  for (const part of text.split(/\.(?![^[\]]*\])/)) {
    const m = SEGMENT.exec(part);
    if (!m)
      return `"${part}" is not a component level: expected a name, optionally with [N] or [FIRST..LAST], as in system.chip.PE[0..15].mac`;
    if (m[2] === undefined) {
      segments.push({ name: m[1]! });
      continue;
    }
    const first = Number(m[2]);
    const last = m[3] === undefined ? first : Number(m[3]);
    if (last < first) return `"${part}": the range ends before it starts`;
    segments.push({ name: m[1]!, range: { first, last } });
  }
  return segments;
}

/** A Helen path level (`pe[2]`, `sram`) split into its name and index. */
export function splitHelenLevel(level: string): { name: string; index?: number } {
  const open = level.indexOf('[');
  return open < 0 ? { name: level } : { name: level.slice(0, open), index: Number(level.slice(open + 1, -1)) };
}

/**
 * Whether Helen level `level` is one of the instances Accelergy level `segment`
 * names. Accelergy 0.4 numbers instances from 1 (`mac[1..256]`), earlier
 * versions from 0 (`PE[0..167]`): `firstIndex` says which. A level without
 * brackets names every instance; an unreplicated Helen level is named by any
 * range that covers one instance.
 */
export function levelMatches(segment: NameSegment, level: string, firstIndex: number): boolean {
  const helen = splitHelenLevel(level);
  if (helen.name !== segment.name) return false;
  if (!segment.range) return true;
  if (helen.index === undefined) return segment.range.first === segment.range.last;
  const index = helen.index + firstIndex;
  return index >= segment.range.first && index <= segment.range.last;
}

/** The Helen levels of a path (`chip.pe[2]` → `chip`, `pe[2]`): Helen joins levels with dots, as Accelergy does. */
export function helenLevels(path: string): string[] {
  return path.split('.');
}
