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
}

/** One line of a generated op-trace: a phase start or an operation. */
export type TraceLine = { phase: string } | GeneratedOperation;

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
    return JSON.stringify({ to: l.to, op: l.op, id: l.id, ...(l.after?.length ? { after: l.after } : {}), ...l.args });
  });
  return text.join('\n') + '\n';
}

/** GEMM shapes with every dimension in 1 … max (small by default so detailed models stay fast). */
export function gemmShapeArbitrary(max: Partial<GemmDims> = {}): fc.Arbitrary<GemmDims> {
  return fc.record({ M: fc.integer({ min: 1, max: max.M ?? 8 }), N: fc.integer({ min: 1, max: max.N ?? 8 }), K: fc.integer({ min: 1, max: max.K ?? 8 }) });
}

/** A rows×cols matrix of signed `bits`-bit integers (two's-complement range). */
export function signedMatrixArbitrary(rows: number, cols: number, bits: number): fc.Arbitrary<number[][]> {
  const value = fc.integer({ min: -(2 ** (bits - 1)), max: 2 ** (bits - 1) - 1 });
  return fc.array(fc.array(value, { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows });
}

/** A GEMM with its operands: `{M, N, K, a, b}`, the arguments of a `gemm` operation. */
export function gemmWithOperandsArbitrary(bits: number, max: Partial<GemmDims> = {}): fc.Arbitrary<OperationArgs> {
  return gemmShapeArbitrary(max).chain((s) =>
    fc.record({ a: signedMatrixArbitrary(s.M, s.K, bits), b: signedMatrixArbitrary(s.K, s.N, bits) }).map((o) => ({ ...s, ...o })),
  );
}

/** Picks a source and draws its arguments, keeping which source it was (so shrinking keeps arguments valid). */
function pickArbitrary(sources: readonly OperationSource[]): fc.Arbitrary<{ source: OperationSource; args: OperationArgs }> {
  return fc.oneof(...sources.map((source) => source.args.map((args) => ({ source, args }))));
}

/**
 * Random op traces over `sources`: operations in random order, some waiting
 * for a random earlier one (`after`), some preceded by a phase barrier.
 * Shrinks towards fewer operations, no dependencies and no phases.
 */
export function opTraceArbitrary(sources: readonly OperationSource[], options: { maxOperations?: number } = {}): fc.Arbitrary<TraceLine[]> {
  if (sources.length === 0) return fc.constant([]);
  const item = fc.record({ pick: pickArbitrary(sources), dependsOn: fc.option(fc.nat(), { nil: undefined }), newPhase: fc.boolean() });
  return fc.array(item, { minLength: 1, maxLength: options.maxOperations ?? 8 }).map((items) => {
    const lines: TraceLine[] = [];
    let phases = 0;
    items.forEach((it, k) => {
      if (it.newPhase) lines.push({ phase: `p${phases++}` });
      const after = it.dependsOn !== undefined && k > 0 ? [`op${it.dependsOn % k}`] : undefined;
      lines.push({ to: it.pick.source.to, op: it.pick.source.op, id: `op${k}`, args: it.pick.args, ...(after ? { after } : {}) });
    });
    return lines;
  });
}

/**
 * Operations for one component: `serial` chains each after the previous one
 * (so each runs alone and its cycles are its own), `concurrent` issues them all at once.
 */
export function componentCaseArbitrary(sources: readonly OperationSource[], schedule: Schedule, maxOperations = 4): fc.Arbitrary<TraceLine[]> {
  return fc.array(pickArbitrary(sources), { minLength: 1, maxLength: maxOperations }).map((picks) =>
    picks.map(({ source, args }, k) => ({
      to: source.to,
      op: source.op,
      id: `op${k}`,
      args,
      ...(schedule === 'serial' && k > 0 ? { after: [`op${k - 1}`] } : {}),
    })),
  );
}

/** Parses a workload written by `toOpTrace` back into lines (to re-check a saved counter-example). */
export function fromOpTrace(text: string): TraceLine[] {
  const lines: TraceLine[] = [];
  for (const raw of text.split('\n')) {
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) continue;
    const { phase, to, op, id, after, ...args } = JSON.parse(raw) as Record<string, unknown>;
    if (typeof phase === 'string') lines.push({ phase });
    else lines.push({ to: String(to), op: String(op), id: String(id), args, ...(Array.isArray(after) ? { after: after.map(String) } : {}) });
  }
  return lines;
}
