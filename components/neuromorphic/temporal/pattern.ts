import { Rng } from '../../../core/index.js';

/** How to draw a random temporal pattern association task. */
export interface PatternSpec {
  inputs: number;
  outputs: number;
  /** Input spikes fall on edges 0 … inputWindowEdges−1. */
  inputWindowEdges: number;
  /** Spikes per input channel. */
  spikesPerInput: number;
  /** Target spikes fall on edges targetFromEdges … targetToEdges−1. */
  targetFromEdges: number;
  targetToEdges: number;
  /** Target spikes per output neuron. */
  spikesPerOutput: number;
  /** Smallest gap between two target spikes of one neuron, edges. */
  minGapEdges: number;
  seed: number;
}

/** Pattern A (input spike edges per channel) and target B (spike edges per output neuron), sorted. */
export interface Pattern {
  inputEdges: number[][];
  targetEdges: number[][];
}

/** `count` distinct edges in [lo, hi) at least `gap` apart, drawn by rejection, ascending. */
function drawEdges(rng: Rng, count: number, lo: number, hi: number, gap: number): number[] {
  if ((count - 1) * gap >= hi - lo)
    throw new RangeError(`cannot place ${count} spikes ${gap} edges apart in [${lo}, ${hi})`);
  for (;;) {
    const e = Array.from({ length: count }, () => lo + Math.floor(rng.nextFloat() * (hi - lo))).sort((a, b) => a - b);
    if (e.every((x, k) => k === 0 || x - e[k - 1]! >= gap)) return e;
  }
}

/** Draws a task from a seed (the same seed gives the same pattern). */
export function drawPattern(s: PatternSpec): Pattern {
  const rng = new Rng(s.seed);
  const inputEdges = Array.from({ length: s.inputs }, () => drawEdges(rng, s.spikesPerInput, 0, s.inputWindowEdges, 1));
  const targetEdges = Array.from({ length: s.outputs }, () =>
    drawEdges(rng, s.spikesPerOutput, s.targetFromEdges, s.targetToEdges, s.minGapEdges),
  );
  return { inputEdges, targetEdges };
}

/** A pattern as AER CSV text (`t_us,address`, sorted by time then address) with edges of `dtPs` picoseconds. */
export function edgesToAerCsv(trains: readonly (readonly number[])[], dtPs: number, comment: string): string {
  const events: Array<[number, number]> = [];
  trains.forEach((edges, address) => edges.forEach((e) => events.push([e, address])));
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const lines = ['t_us,address', `# ${comment}`, ...events.map(([e, a]) => `${formatUs(e * dtPs)},${a}`)];
  return lines.join('\n') + '\n';
}

/** Picoseconds as an exact decimal number of microseconds. */
function formatUs(ps: number): string {
  const whole = Math.floor(ps / 1e6);
  const frac = String(ps % 1e6)
    .padStart(6, '0')
    .replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : String(whole);
}

/** Reads `t_us,address` CSV text back into per-address edge lists (edges of `dtPs`); `#` lines and the header are skipped. */
export function aerCsvToEdges(text: string, size: number, dtPs: number): number[][] {
  const out: number[][] = Array.from({ length: size }, () => []);
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (!t || t.startsWith('#') || t.startsWith('t_us')) continue;
    const [us, addr] = t.split(',').map((x) => Number(x.trim()));
    if (!(addr! >= 0 && addr! < size) || !Number.isFinite(us)) throw new RangeError(`bad AER line "${t}"`);
    out[addr!]!.push(Math.round((us! * 1e6) / dtPs));
  }
  return out;
}
