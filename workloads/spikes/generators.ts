import {
  HelenError,
  HelenErrors,
  Rng,
  type Dimension,
  type SourceLocation,
  type WorkloadReader,
} from '../../core/index.js';
import type { YMap, YNode } from '../../core/config/yaml-source.js';
import { readKeyedMap, scalarQuantity } from '../yaml-located.js';
import { yamlHasTopLevelKey } from '../../core/index.js';

import type { AddressEvent, SpikeSource } from './events.js';
import type { SpikesWorkload } from './workload.js';

/** The spike trains a generator file can ask for. */
export const GENERATOR_KINDS = ['poisson', 'regular'] as const;

/** A spike generator, as read from its YAML file (times in ps, rates in Hz). */
export interface GeneratorSpec {
  /** `poisson`: exponential inter-spike intervals; `regular`: one spike every 1/rate. */
  kind: (typeof GENERATOR_KINDS)[number];
  /** Rate of each input, Hz (one entry per input address from 0). */
  ratesHz: number[];
  startPs: number;
  durationPs: number;
  /** Spike times are rounded to multiples of this, ps (≥ 1); a second spike of one input in one slot is dropped. */
  resolutionPs: number;
  /** Regular trains: input i starts at start + i·phase_step, ps. */
  phaseStepPs: number;
  /** Seed of the Poisson streams; undefined = the run seed. */
  seed: number | undefined;
  /** Inferences the run stands for (energy per inference divides by it). */
  inferences: number;
}

/** `format` names the reader (see chooseReader); the others are the generator's. */
const KEYS = [
  'format',
  'generator',
  'rate',
  'rates',
  'duration',
  'start',
  'resolution',
  'inputs',
  'seed',
  'phase_step',
  'inferences',
];

/**
 * A generator file as read, before it meets a spike input: what the rates
 * cover (`rateHz` for every input, or one `ratesHz` entry per input) waits
 * for the input's size.
 */
export interface GeneratorFile {
  spec: Omit<GeneratorSpec, 'ratesHz'>;
  /** The one rate of every input (`rate`), Hz. */
  rateHz: number | undefined;
  /** One rate per input (`rates`), Hz. */
  ratesHz: number[] | undefined;
  /** Inputs the file asks for (`inputs`); undefined: every input address. */
  inputs: number | undefined;
  /** Where the number of inputs is given (for an error when the input is smaller). */
  inputsLoc: SourceLocation;
}

/** A spike generator on a spike input of `inputSize` addresses: the file's inputs must fit it. */
export function resolveGenerator(g: GeneratorFile, inputSize: number, inputPath: string): GeneratorSpec {
  const ratesHz = g.ratesHz ?? new Array<number>(g.inputs ?? inputSize).fill(g.rateHz ?? 0);
  const n = g.inputs ?? ratesHz.length;
  if (n > inputSize)
    throw new HelenError('E_WORKLOAD', `${n} inputs, but ${inputPath} has ${inputSize} addresses`, g.inputsLoc);
  return { ...g.spec, ratesHz };
}

/** Reads a spike generator file (see `parseGeneratorFile`) for a spike input of `inputSize` addresses. */
export function readGeneratorSpec(file: string, inputSize: number, inputPath: string): GeneratorSpec {
  return resolveGenerator(parseGeneratorFile(file), inputSize, inputPath);
}

/**
 * Reads a spike generator file:
 * ```yaml
 * generator: poisson   # or regular
 * rate: 20MHz          # per input (or rates: [1MHz, 2MHz, …], one per input)
 * duration: 2us        # spikes in [start, start + duration)
 * inputs: 100          # addresses 0 … inputs−1 (default: every input address)
 * seed: 7              # default: the run seed
 * ```
 * Numbers without a unit are ps (times) and Hz (rates).
 */
export function parseGeneratorFile(file: string): GeneratorFile {
  const problems: HelenError[] = [];
  const { map: m, get } = readKeyedMap(
    file,
    'a spike generator file is a mapping with the key "generator"',
    KEYS,
    problems,
  );
  const quantity = (node: YNode, dim: Dimension, what: string, min: number): number | undefined => {
    let v: number | undefined;
    try {
      v = scalarQuantity(node, dim);
    } catch (e) {
      if (!(e instanceof HelenError)) throw e;
      // The location carries the YAML path (`rate`, `rates[2]`), so the message need not repeat it.
      problems.push(new HelenError('E_WORKLOAD', e.message, node.loc));
      return undefined;
    }
    if (v === undefined || !Number.isFinite(v) || v < min) {
      problems.push(
        new HelenError(
          'E_WORKLOAD',
          `${what} must be ${dim === 'time' ? 'a time such as "2us"' : dim === 'frequency' ? 'a rate such as "20MHz"' : 'a number'} ≥ ${min}`,
          node.loc,
        ),
      );
      return undefined;
    }
    return v;
  };
  const opt = (key: string, dim: Dimension, dflt: number, min = 0): number => {
    const e = get(key);
    return e ? (quantity(e.value, dim, key, min) ?? dflt) : dflt;
  };
  const whole = (key: string, dflt: number | undefined, min: number): number | undefined => {
    const e = get(key);
    if (!e) return dflt;
    const v = e.value.kind === 'scalar' ? e.value.value : undefined;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) {
      problems.push(new HelenError('E_WORKLOAD', `${key} must be a whole number ≥ ${min}`, e.value.loc));
      return dflt;
    }
    return v;
  };

  const kindEntry = get('generator');
  const kindText = kindEntry?.value.kind === 'scalar' ? String(kindEntry.value.value) : '';
  if (!kindEntry)
    problems.push(new HelenError('E_MISSING', `missing key "generator" (${GENERATOR_KINDS.join(' or ')})`, m.loc));
  else if (!(GENERATOR_KINDS as readonly string[]).includes(kindText))
    problems.push(
      new HelenError('E_WORKLOAD', `generator must be one of ${GENERATOR_KINDS.join(', ')}`, kindEntry.value.loc),
    );
  const durationEntry = get('duration');
  if (!durationEntry) problems.push(new HelenError('E_MISSING', 'missing key "duration" (e.g. duration: 2us)', m.loc));
  const durationPs = durationEntry ? (quantity(durationEntry.value, 'time', 'duration', 0) ?? 0) : 0;
  const startPs = opt('start', 'time', 0);
  const resolutionPs = opt('resolution', 'time', 1000, 1);
  const phaseStepPs = opt('phase_step', 'time', 0);
  const inputs = whole('inputs', undefined, 1);
  const seed = whole('seed', undefined, 0);
  const inferences = whole('inferences', 1, 1)!;
  const rateHz = singleRate(get('rate'), get('rates'), m.loc, quantity, problems);
  const ratesHz = get('rates') && !get('rate') ? rateList(get('rates')!, quantity, problems) : undefined;
  if (ratesHz && inputs !== undefined && ratesHz.length !== inputs)
    problems.push(
      new HelenError(
        'E_WORKLOAD',
        `rates has ${ratesHz.length} entries but inputs is ${inputs}`,
        get('rates')!.value.loc,
      ),
    );
  const inputsLoc = get('inputs')?.value.loc ?? get('rates')?.value.loc ?? m.loc;
  for (const [key, v] of [
    ['start', startPs],
    ['duration', durationPs],
    ['resolution', resolutionPs],
    ['phase_step', phaseStepPs],
  ] as const) {
    if (!Number.isSafeInteger(v))
      problems.push(
        new HelenError('E_WORKLOAD', `${key} must be a whole number of picoseconds`, get(key)?.value.loc ?? m.loc),
      );
  }
  if (problems.length) throw problems.length === 1 ? problems[0]! : new HelenErrors(problems);
  return {
    spec: { kind: kindText as GeneratorSpec['kind'], startPs, durationPs, resolutionPs, phaseStepPs, seed, inferences },
    rateHz,
    ratesHz,
    inputs,
    inputsLoc,
  };
}

type Quantity = (node: YNode, dim: Dimension, what: string, min: number) => number | undefined;

/** The rate `rate` gives every input; a problem unless exactly one of `rate` and `rates` is given. */
function singleRate(
  rate: YMap['entries'][number] | undefined,
  list: YMap['entries'][number] | undefined,
  mapLoc: SourceLocation,
  quantity: Quantity,
  problems: HelenError[],
): number | undefined {
  if ((rate === undefined) === (list === undefined)) {
    problems.push(
      new HelenError(
        'E_WORKLOAD',
        'give either "rate" (every input) or "rates" (a list, one per input)',
        (rate ?? list)?.keyLoc ?? mapLoc,
      ),
    );
    return undefined;
  }
  return rate ? (quantity(rate.value, 'frequency', 'rate', 0) ?? 0) : undefined;
}

/** The rates of `rates`, one per input. */
function rateList(list: YMap['entries'][number], quantity: Quantity, problems: HelenError[]): number[] {
  const node = list.value;
  if (node.kind !== 'seq') {
    problems.push(new HelenError('E_WORKLOAD', 'rates must be a list of rates, one per input', node.loc));
    return [];
  }
  return node.items.map((item, k) => quantity(item, 'frequency', `rates[${k}]`, 0) ?? 0);
}

/**
 * The spikes of every input, merged in (time, address) order through a heap:
 * each input has its own random stream (derived from the seed and its index),
 * so the train of one input does not depend on how many others there are.
 */
export class GeneratorSource implements SpikeSource {
  private readonly nextPs: Float64Array;
  private readonly contPs: Float64Array;
  private readonly heap: Int32Array;
  private heapSize = 0;
  private readonly rngs: Rng[];
  private emitted = 0;
  private readonly expected: number;
  /** Input of the last event, -1 before the first: `where` is built only when an error asks for it. */
  private lastAddress = -1;

  constructor(
    private readonly spec: GeneratorSpec,
    runSeed: number,
    private readonly file: string,
  ) {
    const n = spec.ratesHz.length;
    const seed = spec.seed ?? runSeed;
    this.nextPs = new Float64Array(n);
    this.contPs = new Float64Array(n);
    this.heap = new Int32Array(n);
    this.rngs = spec.kind === 'poisson' ? spec.ratesHz.map((_, i) => Rng.derive(seed, `spikes.poisson[${i}]`)) : [];
    this.expected = spec.ratesHz.reduce((s, r) => s + (r * spec.durationPs) / 1e12, 0);
    for (let i = 0; i < n; i++) {
      this.contPs[i] = spec.kind === 'regular' ? i * spec.phaseStepPs : 0;
      this.nextPs[i] = -1;
      if (this.advance(i, spec.kind === 'regular')) this.push(i);
    }
  }

  get where(): SourceLocation {
    return this.lastAddress < 0 ? { file: this.file } : { file: this.file, path: `input ${this.lastAddress}` };
  }

  fraction(): number | undefined {
    return this.expected > 0 ? Math.min(1, this.emitted / this.expected) : undefined;
  }

  close(): void {}

  next(): AddressEvent | undefined {
    if (this.heapSize === 0) return undefined;
    const i = this.heap[0]!;
    const ev = { timePs: this.nextPs[i]!, address: i };
    if (this.advance(i, false)) this.siftDown(0);
    else this.pop();
    this.emitted++;
    this.lastAddress = i;
    return ev;
  }

  /**
   * Moves input i to its next spike slot (the first one itself when `first` is
   * set for a regular train); false when the train has ended.
   */
  private advance(i: number, first: boolean): boolean {
    const s = this.spec;
    const rate = s.ratesHz[i]!;
    if (!(rate > 0)) return false;
    for (;;) {
      if (!first)
        this.contPs[i]! +=
          s.kind === 'poisson' ? (-Math.log(1 - this.rngs[i]!.nextFloat()) * 1e12) / rate : 1e12 / rate;
      first = false;
      const t = this.contPs[i]!;
      if (!(t < s.durationPs)) return false;
      const slot = s.startPs + Math.round(t / s.resolutionPs) * s.resolutionPs;
      if (slot === this.nextPs[i]) continue;
      this.nextPs[i] = slot;
      return true;
    }
  }

  /** (time, address) order. */
  private less(a: number, b: number): boolean {
    const ta = this.nextPs[a]!,
      tb = this.nextPs[b]!;
    return ta < tb || (ta === tb && a < b);
  }

  private push(i: number): void {
    let k = this.heapSize++;
    this.heap[k] = i;
    while (k > 0) {
      const parent = (k - 1) >> 1;
      if (!this.less(this.heap[k]!, this.heap[parent]!)) break;
      [this.heap[k], this.heap[parent]] = [this.heap[parent]!, this.heap[k]!];
      k = parent;
    }
  }

  private pop(): void {
    this.heap[0] = this.heap[--this.heapSize]!;
    if (this.heapSize > 0) this.siftDown(0);
  }

  private siftDown(k: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * k + 1,
        r = l + 1;
      let m = k;
      if (l < this.heapSize && this.less(h[l]!, h[m]!)) m = l;
      if (r < this.heapSize && this.less(h[r]!, h[m]!)) m = r;
      if (m === k) return;
      [h[k], h[m]] = [h[m]!, h[k]!];
      k = m;
    }
  }
}

/** Poisson and regular spike generators, described in a small YAML file with the key `generator`. */
export const spikeGeneratorReader: WorkloadReader<SpikesWorkload> = {
  format: 'spike-generator',
  description:
    'Poisson or regular spike trains (YAML with "generator: poisson|regular", rate, duration, seed) as a spike stream',
  produces: 'spikes',
  extensions: ['.yaml', '.yml'],
  recognises: (head) => yamlHasTopLevelKey(head, 'generator'),
  read: (file) => {
    const g = parseGeneratorFile(file);
    return {
      kind: 'spikes',
      file,
      open: (target, runSeed) => {
        const spec = resolveGenerator(g, target.size, target.path);
        return { source: new GeneratorSource(spec, runSeed, file), inferences: spec.inferences };
      },
    };
  },
};
