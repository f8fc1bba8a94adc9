import fc from 'fast-check';
import type { OperationArgs, Schedule } from './property.js';

/** One operation line of a generated op-trace workload. */
export interface GeneratedOperation {
  to: string;
  op: string;
  id: string;
  args: OperationArgs;
  /** Ids of earlier operations it waits for. */
  after?: string[];
  /** Absolute issue time (`"12ns"`); never earlier than the `at` of an earlier line. */
  at?: string;
}

/** One line of a generated op-trace: a phase start or an operation. */
export type TraceLine = { phase: string } | GeneratedOperation;

/** One generated case: the workload and the simulation seed it runs with (device variation and other seeded draws). */
export interface VerifyCase {
  lines: TraceLine[];
  /** `helen run --seed` of the case's simulations. */
  simSeed: number;
  /** A workload in a family's own format, used instead of `lines` (e.g. a spike recording). */
  stimulus?: { value: unknown; text: string; extension: string };
}

/** Largest generated simulation seed (seeds are 32-bit; shrinking moves towards 1, the default of `helen run`). */
const MAX_SIM_SEED = 0x7fffffff;

/** Latest generated issue time, in ns after the previous timed line: long enough to let earlier work drain, short enough to keep runs small. */
const MAX_AT_GAP_NS = 40;

/** Simulation seeds of generated cases: any 31-bit seed, shrinking towards 1. */
export function simSeedArbitrary(): fc.Arbitrary<number> {
  return fc.integer({ min: 1, max: MAX_SIM_SEED });
}

/** Cases of `lines` with a random simulation seed. */
export function withSimSeed(lines: fc.Arbitrary<TraceLine[]>): fc.Arbitrary<VerifyCase> {
  return fc.record({ lines, simSeed: simSeedArbitrary() });
}

/** Whether a line gets an absolute issue time, as a gap in ns after the previous timed line; shrinks towards none. */
const atGapArbitrary = fc.option(fc.integer({ min: 0, max: MAX_AT_GAP_NS }), { nil: undefined, freq: 3 });

/** Absolute issue times from per-line gaps: cumulative, so times never go back (as the op-trace format requires). */
function issueTimes(gaps: readonly (number | undefined)[]): (string | undefined)[] {
  let ns = 0;
  return gaps.map((g) => (g === undefined ? undefined : `${(ns += g)}ns`));
}

/** Something a generated workload may ask for: an operation of one component, with random arguments. */
export interface OperationSource {
  to: string;
  op: string;
  args: fc.Arbitrary<OperationArgs>;
}

/** Dimensions of one GEMM, C[M×N] = A[M×K]·B[K×N]. */
export interface GemmDims {
  M: number;
  N: number;
  K: number;
}

/** The op-trace (`.jsonl`) text of generated lines, replayable with `helen run`. */
export function toOpTrace(lines: readonly TraceLine[]): string {
  const text = lines.map((l) => {
    if ('phase' in l) return JSON.stringify({ phase: l.phase });
    // Arguments after the keys with a meaning, so `to`, `op`, `id` read first.
    return JSON.stringify({
      to: l.to,
      op: l.op,
      id: l.id,
      ...(l.after?.length ? { after: l.after } : {}),
      ...(l.at !== undefined ? { at: l.at } : {}),
      ...l.args,
    });
  });
  return text.join('\n') + '\n';
}

/** GEMM shapes with every dimension in 1 … max (small by default so detailed models stay fast). */
export function gemmShapeArbitrary(max: Partial<GemmDims> = {}): fc.Arbitrary<GemmDims> {
  return fc.record({
    M: fc.integer({ min: 1, max: max.M ?? 8 }),
    N: fc.integer({ min: 1, max: max.N ?? 8 }),
    K: fc.integer({ min: 1, max: max.K ?? 8 }),
  });
}

/** A rows×cols matrix of signed `bits`-bit integers (two's-complement range). */
export function signedMatrixArbitrary(rows: number, cols: number, bits: number): fc.Arbitrary<number[][]> {
  const value = fc.integer({ min: -(2 ** (bits - 1)), max: 2 ** (bits - 1) - 1 });
  return fc.array(fc.array(value, { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows });
}

/**
 * A GEMM with its operands: `{M, N, K, a, b}`, the arguments of a `gemm` operation.
 * Built so that shrinking can drop any row of A, any column of B and any
 * index of the inner dimension while keeping the values that made a case fail
 * (a `chain` from the shape would draw new operands at every shrink step).
 */
export function gemmWithOperandsArbitrary(bits: number, max: Partial<GemmDims> = {}): fc.Arbitrary<OperationArgs> {
  const maxM = max.M ?? 8;
  const maxN = max.N ?? 8;
  const maxK = max.K ?? 8;
  const value = fc.integer({ min: -(2 ** (bits - 1)), max: 2 ** (bits - 1) - 1 });
  const line = fc.array(value, { minLength: maxK, maxLength: maxK });
  return fc
    .record({
      rowsOfA: fc.array(line, { minLength: 1, maxLength: maxM }),
      colsOfB: fc.array(line, { minLength: 1, maxLength: maxN }),
      inner: fc.uniqueArray(fc.integer({ min: 0, max: maxK - 1 }), { minLength: 1, maxLength: maxK }),
    })
    .map(({ rowsOfA, colsOfB, inner }) => ({
      M: rowsOfA.length,
      N: colsOfB.length,
      K: inner.length,
      a: rowsOfA.map((row) => inner.map((k) => row[k]!)),
      b: inner.map((k) => colsOfB.map((col) => col[k]!)),
    }));
}

/** Picks a source and draws its arguments, keeping which source it was (so shrinking keeps arguments valid). */
function pickArbitrary(
  sources: readonly OperationSource[],
): fc.Arbitrary<{ source: OperationSource; args: OperationArgs }> {
  return fc.oneof(...sources.map((source) => source.args.map((args) => ({ source, args }))));
}

/**
 * Random op traces over `sources`: operations in random order, some waiting
 * for a random earlier one (`after`), some preceded by a phase barrier.
 * Shrinks towards fewer operations, no dependencies and no phases.
 */
export function opTraceArbitrary(
  sources: readonly OperationSource[],
  options: { maxOperations?: number } = {},
): fc.Arbitrary<TraceLine[]> {
  if (sources.length === 0) return fc.constant([]);
  const item = fc.record({
    pick: pickArbitrary(sources),
    dependsOn: fc.option(fc.nat(), { nil: undefined }),
    newPhase: fc.boolean(),
    atGap: atGapArbitrary,
  });
  return fc.array(item, { minLength: 1, maxLength: options.maxOperations ?? 8 }).map((list) => {
    const times = issueTimes(list.map((it) => it.atGap));
    const lines: TraceLine[] = [];
    let phases = 0;
    list.forEach((it, k) => {
      if (it.newPhase) lines.push({ phase: `p${phases++}` });
      const after = it.dependsOn !== undefined && k > 0 ? [`op${it.dependsOn % k}`] : undefined;
      const at = times[k];
      lines.push({
        to: it.pick.source.to,
        op: it.pick.source.op,
        id: `op${k}`,
        args: it.pick.args,
        ...(after ? { after } : {}),
        ...(at !== undefined ? { at } : {}),
      });
    });
    return lines;
  });
}

/**
 * Operations for one component: `serial` chains each after the previous one
 * (so each runs alone and its cycles are its own), `concurrent` issues them
 * all at once. Some get an absolute issue time (`at`): a serial operation
 * then starts at the later of its time and its predecessor's completion, so
 * it still runs alone.
 */
export function componentCaseArbitrary(
  sources: readonly OperationSource[],
  schedule: Schedule,
  maxOperations = 4,
): fc.Arbitrary<TraceLine[]> {
  return fc
    .array(fc.record({ pick: pickArbitrary(sources), atGap: atGapArbitrary }), {
      minLength: 1,
      maxLength: maxOperations,
    })
    .map((items) => {
      const times = issueTimes(items.map((it) => it.atGap));
      return items.map(({ pick: { source, args } }, k) => ({
        to: source.to,
        op: source.op,
        id: `op${k}`,
        args,
        ...(schedule === 'serial' && k > 0 ? { after: [`op${k - 1}`] } : {}),
        ...(times[k] !== undefined ? { at: times[k] } : {}),
      }));
    });
}

/** Parses a workload written by `toOpTrace` back into lines (to re-check a saved counter-example). */
export function fromOpTrace(text: string): TraceLine[] {
  const lines: TraceLine[] = [];
  for (const raw of text.split('\n')) {
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) continue;
    const { phase, to, op, id, after, at, ...args } = JSON.parse(raw) as Record<string, unknown>;
    if (typeof phase === 'string') lines.push({ phase });
    else
      lines.push({
        to: String(to),
        op: String(op),
        id: String(id),
        args,
        ...(Array.isArray(after) ? { after: after.map(String) } : {}),
        ...(at !== undefined ? { at: String(at) } : {}),
      });
  }
  return lines;
}

/** One input spike of a generated recording: when, and which input address. */
export interface GeneratedSpike {
  /** Time in whole ns (recordings give µs; ns land on whole ps). */
  timeNs: number;
  address: number;
}

/**
 * Spike trains over `addresses` input addresses: up to `maxSpikes` spikes in
 * 0 … `maxTimeNs`, in time order, no address twice at one time (an
 * address-event stream). Shrinks towards fewer, earlier spikes at address 0.
 */
export function spikeTrainArbitrary(
  addresses: number,
  options: { maxSpikes?: number; maxTimeNs?: number } = {},
): fc.Arbitrary<GeneratedSpike[]> {
  const spike = fc.record({
    timeNs: fc.integer({ min: 0, max: options.maxTimeNs ?? 50 }),
    address: fc.integer({ min: 0, max: Math.max(0, addresses - 1) }),
  });
  return fc.array(spike, { minLength: 1, maxLength: options.maxSpikes ?? 12 }).map((spikes) => {
    const seen = new Set<string>();
    const unique = spikes.filter((s) => {
      const key = `${s.timeNs}:${s.address}`;
      return seen.has(key) ? false : (seen.add(key), true);
    });
    return unique.sort((a, b) => a.timeNs - b.timeNs || a.address - b.address);
  });
}

/** A spike train as an AER CSV recording (`t_us,address`), the format `helen run` reads for spike inputs. */
export function toAerCsv(spikes: readonly GeneratedSpike[]): string {
  return ['t_us,address', ...spikes.map((s) => `${s.timeNs / 1000},${s.address}`)].join('\n') + '\n';
}
