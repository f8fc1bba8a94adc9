import {
  HelenError,
  HelenErrors,
  yamlHasTopLevelKey,
  type Dimension,
  type SourceLocation,
  type WorkloadReader,
} from '../../core/index.js';
import type { YNode } from '../../core/config/yaml-source.js';
import { readKeyedMap, scalarQuantity } from '../yaml-located.js';
import type { AddressEvent, SpikeSource } from '../spikes/events.js';
import type { LabelledWindow, SpikesWorkload } from '../spikes/workload.js';
import { loadMnist, MNIST_PIXELS, type MnistDigit } from './dataset.js';
import { digitStream, rateCodeSlots } from './rate-code.js';

/** The splits of `loadMnist()` a file can name. */
export const MNIST_SPLITS = ['train', 'test'] as const;
/** Spike codings of a digit (rate: a Bernoulli draw per pixel and step, see rate-code.ts). */
export const MNIST_CODINGS = ['rate'] as const;

/** An MNIST presentation as read from its YAML file (times in ps). */
export interface MnistPresentation {
  split: (typeof MNIST_SPLITS)[number];
  /** Index of the first digit shown within the split. */
  first: number;
  /** Digits shown, one after another. */
  count: number;
  coding: (typeof MNIST_CODINGS)[number];
  /** Spike rate of a pixel of intensity 1, Hz. */
  maxRateHz: number;
  /** One Bernoulli slot, ps: a spike lands at the start of its slot. */
  stepPs: number;
  /** Slots per digit. */
  windowSteps: number;
  /** Silent time after each digit, ps, so the network settles before the next. */
  gapPs: number;
  /** Seed of the coding; undefined = the run seed. */
  seed: number | undefined;
}

const KEYS = ['format', 'mnist', 'first', 'count', 'coding', 'max_rate', 'step', 'window', 'gap', 'seed'];

/**
 * Reads an MNIST spike presentation:
 * ```yaml
 * mnist: test        # which split of loadMnist(): train or test (held out)
 * first: 0           # index of the first digit in the split (default 0)
 * count: 200         # digits shown (default: the rest of the split)
 * coding: rate       # per step, pixel i spikes with probability intensity · max_rate · step
 * max_rate: 2.5kHz   # rate of a white pixel; max_rate · step ≤ 1
 * step: 100us        # Bernoulli slot
 * window: 2ms        # presentation of one digit: a whole number of steps
 * gap: 4ms           # silence after each digit
 * seed: 1            # default: the run seed
 * ```
 * Digit k is shown from k·(window + gap); its label scores the output spikes
 * in [k·(window + gap), (k+1)·(window + gap)).
 */
export function parseMnistPresentation(file: string): MnistPresentation {
  const problems: HelenError[] = [];
  const { map: m, get } = readKeyedMap(
    file,
    'an MNIST spike workload is a mapping with the key "mnist"',
    KEYS,
    problems,
  );
  const fail = (message: string, loc: SourceLocation): undefined => {
    problems.push(new HelenError('E_WORKLOAD', message, loc));
    return undefined;
  };
  const choice = <T extends string>(key: string, options: readonly T[], dflt: T | undefined): T | undefined => {
    const e = get(key);
    if (!e) return dflt ?? fail(`missing key "${key}" (${options.join(' or ')})`, m.loc);
    const v = e.value.kind === 'scalar' ? String(e.value.value) : '';
    return (options as readonly string[]).includes(v)
      ? (v as T)
      : fail(`${key} must be one of ${options.join(', ')}`, e.value.loc);
  };
  const whole = (key: string, min: number): number | undefined => {
    const e = get(key);
    if (!e) return undefined;
    const v = e.value.kind === 'scalar' ? e.value.value : undefined;
    return typeof v === 'number' && Number.isSafeInteger(v) && v >= min
      ? v
      : fail(`${key} must be a whole number ≥ ${min}`, e.value.loc);
  };
  const quantity = (key: string, dim: Dimension, example: string): number | undefined => {
    const e = get(key);
    if (!e) return fail(`missing key "${key}" (e.g. ${key}: ${example})`, m.loc);
    return positiveQuantity(
      e.value,
      dim,
      `${key} must be ${dim === 'time' ? 'a time' : 'a rate'} > 0 such as "${example}"`,
      problems,
    );
  };

  const split = choice('mnist', MNIST_SPLITS, undefined);
  const coding = choice('coding', MNIST_CODINGS, 'rate');
  const first = whole('first', 0) ?? 0;
  const countAsked = whole('count', 1);
  const seed = whole('seed', 0);
  const maxRateHz = quantity('max_rate', 'frequency', '2.5kHz');
  const stepPs = quantity('step', 'time', '100us');
  const windowPs = quantity('window', 'time', '2ms');
  const gapEntry = get('gap');
  const gapPs = gapEntry
    ? positiveQuantity(gapEntry.value, 'time', 'gap must be a time ≥ 0 such as "4ms"', problems, true)
    : 0;
  if (stepPs !== undefined && !Number.isSafeInteger(stepPs))
    fail('step must be a whole number of picoseconds', get('step')!.value.loc);
  if (maxRateHz !== undefined && stepPs !== undefined && (maxRateHz * stepPs) / 1e12 > 1)
    fail(
      `max_rate · step must be ≤ 1 (a pixel spikes at most once per step); it is ${((maxRateHz * stepPs) / 1e12).toPrecision(3)}`,
      get('max_rate')!.value.loc,
    );
  const windowSteps = windowPs !== undefined && stepPs !== undefined ? windowPs / stepPs : undefined;
  if (windowSteps !== undefined && !Number.isSafeInteger(windowSteps))
    fail('window must be a whole number of steps', get('window')!.value.loc);
  if (gapPs !== undefined && !Number.isSafeInteger(gapPs))
    fail('gap must be a whole number of picoseconds', gapEntry!.value.loc);
  let count = countAsked;
  if (split) {
    const available = loadMnist()[split].length;
    if (first >= available)
      fail(`first must be below ${available}, the digits in the ${split} split`, get('first')!.value.loc);
    else if (countAsked !== undefined && first + countAsked > available)
      fail(
        `the ${split} split has ${available} digits; first + count must not exceed it (${first} + ${countAsked})`,
        get('count')!.value.loc,
      );
    else count ??= available - first;
  }
  if (problems.length) throw problems.length === 1 ? problems[0]! : new HelenErrors(problems);
  return {
    split: split!,
    first,
    count: count!,
    coding: coding!,
    maxRateHz: maxRateHz!,
    stepPs: stepPs!,
    windowSteps: windowSteps!,
    gapPs: gapPs!,
    seed,
  };
}

/** A quantity of `dim` from a number or a text with units; > 0 (≥ 0 when `zeroOk`), else a problem at the node. */
function positiveQuantity(
  node: YNode,
  dim: Dimension,
  expected: string,
  problems: HelenError[],
  zeroOk = false,
): number | undefined {
  let v: number | undefined;
  try {
    v = scalarQuantity(node, dim);
  } catch (e) {
    if (!(e instanceof HelenError)) throw e;
  }
  if (v !== undefined && Number.isFinite(v) && (v > 0 || (zeroOk && v === 0))) return v;
  problems.push(new HelenError('E_WORKLOAD', expected, node.loc));
  return undefined;
}

/** The digits a presentation shows, in order. */
export function presentedDigits(p: MnistPresentation): MnistDigit[] {
  return loadMnist()[p.split].slice(p.first, p.first + p.count);
}

/** Time from one digit's start to the next, ps. */
export function digitPeriodPs(p: MnistPresentation): number {
  return p.windowSteps * p.stepPs + p.gapPs;
}

/** Each digit's scoring window: from its first step to the next digit's. */
export function presentationWindows(p: MnistPresentation): LabelledWindow[] {
  const period = digitPeriodPs(p);
  return presentedDigits(p).map((d, k) => ({ startPs: k * period, endPs: (k + 1) * period, label: d.label }));
}

/** The spikes of a presentation, digit by digit (each digit coded when its turn comes). */
export class MnistSpikeSource implements SpikeSource {
  private readonly digits: MnistDigit[];
  private digit = -1;
  private slots: number[][] = [];
  private slot = 0;
  private index = 0;
  where: SourceLocation | undefined;

  constructor(
    private readonly p: MnistPresentation,
    private readonly seed: number,
    private readonly file: string,
  ) {
    this.digits = presentedDigits(p);
    this.where = { file };
  }

  next(): AddressEvent | undefined {
    for (;;) {
      const fired = this.slots[this.slot];
      if (fired && this.index < fired.length) {
        const d = this.digits[this.digit]!;
        this.where = { file: this.file, path: `digit ${this.digit} (${this.p.split} ${d.id})` };
        return {
          timePs: this.digit * digitPeriodPs(this.p) + this.slot * this.p.stepPs,
          address: fired[this.index++]!,
        };
      }
      if (fired) {
        this.slot++;
        this.index = 0;
        continue;
      }
      if (++this.digit >= this.digits.length) return undefined;
      const d = this.digits[this.digit]!;
      const maxProbability = (this.p.maxRateHz * this.p.stepPs) / 1e12;
      this.slots = rateCodeSlots(d.pixels, { steps: this.p.windowSteps, maxProbability }, digitStream(this.seed, d));
      this.slot = 0;
      this.index = 0;
    }
  }

  fraction(): number | undefined {
    return this.digits.length ? Math.max(0, this.digit) / this.digits.length : undefined;
  }

  close(): void {}
}

/** MNIST digits shown one after another as rate-coded spike trains, each window labelled with its digit. */
export const mnistSpikesReader: WorkloadReader<SpikesWorkload> = {
  format: 'mnist-spikes',
  description: 'real MNIST digits (train or held-out split) rate-coded as spike trains, one labelled window per digit',
  produces: 'spikes',
  extensions: ['.yaml', '.yml'],
  recognises: (head) => yamlHasTopLevelKey(head, 'mnist'),
  read: (file) => {
    const p = parseMnistPresentation(file);
    return {
      kind: 'spikes',
      file,
      open: (target, runSeed) => {
        if (target.size !== MNIST_PIXELS)
          throw new HelenError(
            'E_WORKLOAD',
            `MNIST digits have ${MNIST_PIXELS} pixels, one per input address; ${target.path} has ${target.size}`,
            { file, path: 'mnist' },
          );
        return {
          source: new MnistSpikeSource(p, p.seed ?? runSeed, file),
          inferences: p.count,
          windows: presentationWindows(p),
        };
      },
    };
  },
};
