/** What an op trace knows of an id named in `after`. */
export type IdStatus = 'unfinished' | 'finished' | 'unknown';

/** Finished ids remembered exactly: enough for any dependency on a recent operation. */
export const RECENT_FINISHED_IDS = 65_536;

/** Bits of the filter holding the ids forgotten from the recent ones (8 MiB, made when the first is forgotten). */
const FILTER_BITS = 2 ** 26;
/** Hashes per id: with 2^26 bits, about 1 in 10⁵ unknown ids passes for known after 10⁶ ids, 1 in 25 after 10⁷. */
const FILTER_HASHES = 4;

/**
 * The ids of an operation trace, in memory that does not grow with the trace:
 * every unfinished operation's id (the driver's read-ahead window bounds
 * them), the last `RECENT_FINISHED_IDS` finished ones, and a fixed-size Bloom
 * filter of the older finished ones. Keeping every id made a 10-million-line
 * trace hold 2.7 GB.
 *
 * An `after` naming an unfinished id waits; a finished one does not. A name
 * that is neither is an error when the filter says it was never read (a typo
 * or a later line's id): always so for traces of up to 65 536 operations,
 * and for longer ones but for the filter's rare false positives, which are
 * taken as long-finished operations. A repeated id is an error while the
 * first is remembered exactly; reused after that, it names the newer one.
 */
export class OperationIds {
  private readonly unfinished = new Set<string>();
  /** Finished ids remembered exactly. */
  private readonly recent = new Set<string>();
  /**
   * The same ids in the order they finished, a ring whose next slot holds the
   * oldest (asking a Set for its first entry skips its deleted ones: a million
   * ids took a minute).
   */
  private readonly order: string[] = [];
  private next = 0;
  private filter: Uint8Array | undefined;

  /** How many ids are held exactly (unfinished and recent finished): never more than the window and the recent ones. */
  get exactCount(): number {
    return this.unfinished.size + this.recent.size;
  }

  /** Records a new operation's id; false when the id is already remembered (a duplicate). */
  claim(id: string): boolean {
    if (this.unfinished.has(id) || this.recent.has(id)) return false;
    this.unfinished.add(id);
    return true;
  }

  /** Moves `id` from the unfinished to the finished ids, forgetting the oldest finished one into the filter. */
  finish(id: string): void {
    this.unfinished.delete(id);
    this.recent.add(id);
    if (this.order.length < RECENT_FINISHED_IDS) {
      this.order.push(id);
      return;
    }
    const oldest = this.order[this.next]!;
    this.order[this.next] = id;
    this.next = (this.next + 1) % RECENT_FINISHED_IDS;
    this.recent.delete(oldest);
    const filter = (this.filter ??= new Uint8Array(FILTER_BITS / 8));
    for (const bit of filterBits(oldest)) filter[bit >>> 3]! |= 1 << (bit & 7);
  }

  /** Whether `id` is unfinished, finished (or forgotten and maybe so), or never read. */
  status(id: string): IdStatus {
    if (this.unfinished.has(id)) return 'unfinished';
    if (this.recent.has(id)) return 'finished';
    const filter = this.filter;
    if (filter === undefined) return 'unknown';
    for (const bit of filterBits(id)) if ((filter[bit >>> 3]! & (1 << (bit & 7))) === 0) return 'unknown';
    return 'finished';
  }
}

/** The filter bits of `id`: double hashing of two 32-bit FNV-1a variants (deterministic, so runs repeat). */
function filterBits(id: string): number[] {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ id.length;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  b |= 1; // odd: the steps visit distinct bits
  const bits: number[] = [];
  for (let k = 0; k < FILTER_HASHES; k++) bits.push(((a + Math.imul(k, b)) >>> 0) & (FILTER_BITS - 1));
  return bits;
}
