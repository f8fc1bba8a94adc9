import { writeFileSync } from 'node:fs';
import { Rng } from '../../core/index.js';
import { encodeNmnist, type NmnistEvent } from './nmnist.js';

/** N-MNIST's sensor: 34×34 pixels (a 28×28 MNIST digit plus room for the saccades). */
export const NMNIST_SIZE_PX = 34;

/** Strokes of a hand-drawn "7" in 28×28 MNIST coordinates: segments (x0, y0) → (x1, y1). */
const SEVEN: readonly [number, number, number, number][] = [
  [6, 6, 21, 6],
  [21, 6, 19, 11],
  [19, 11, 12, 22],
  [12, 22, 10, 24],
];
const STROKE_HALF_WIDTH_PX = 1.4;

/** Ink of the digit at (x, y): 1 on a stroke, fading to 0 over a pixel beyond it (anti-aliased). */
function ink(x: number, y: number): number {
  let d = Infinity;
  for (const [x0, y0, x1, y1] of SEVEN) {
    const dx = x1 - x0,
      dy = y1 - y0;
    const t = Math.max(0, Math.min(1, ((x - x0) * dx + (y - y0) * dy) / (dx * dx + dy * dy)));
    d = Math.min(d, Math.hypot(x - x0 - t * dx, y - y0 - t * dy));
  }
  return Math.max(0, Math.min(1, STROKE_HALF_WIDTH_PX + 0.5 - d));
}

/**
 * A synthetic N-MNIST-like sample of the digit 7, made without the data set
 * (no network access): the digit sits in the 34×34 field and moves along
 * N-MNIST's three saccades (a triangle, 100 ms each); every pixel is an
 * ATIS-like change detector that emits an ON (OFF) event each time its
 * brightness has risen (fallen) by `threshold` since its last event. Time
 * stamps get a seeded jitter of up to 200 µs, and a few seeded background
 * events stand for sensor noise. Same seed ⇒ same bytes.
 */
export function synthesiseNmnistSeven(seed = 7): NmnistEvent[] {
  const rng = new Rng(seed);
  const n = NMNIST_SIZE_PX;
  const threshold = 0.25;
  const stepUs = 500;
  const saccadeUs = 100_000;
  const corners: [number, number][] = [
    [0, 0],
    [2.5, 2.5],
    [5, 0],
    [0, 0],
  ];
  const ref = new Float64Array(n * n);
  const at = (tUs: number): [number, number] => {
    const k = Math.min(2, Math.floor(tUs / saccadeUs));
    const f = (tUs - k * saccadeUs) / saccadeUs;
    const [ax, ay] = corners[k]!,
      [bx, by] = corners[k + 1]!;
    return [ax + (bx - ax) * f, ay + (by - ay) * f];
  };
  const frame = (tUs: number, out: Float64Array): void => {
    const [ox, oy] = at(tUs);
    for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) out[y * n + x] = ink(x - 1 - ox, y - 1 - oy);
  };
  frame(0, ref);
  const now = new Float64Array(n * n);
  const events: NmnistEvent[] = [];
  for (let t = stepUs; t <= 3 * saccadeUs; t += stepUs) {
    frame(t, now);
    for (let a = 0; a < n * n; a++) {
      while (Math.abs(now[a]! - ref[a]!) >= threshold) {
        const on = now[a]! > ref[a]! ? 1 : 0;
        ref[a]! += on ? threshold : -threshold;
        events.push({
          x: a % n,
          y: Math.floor(a / n),
          p: on,
          tUs: Math.max(0, t - stepUs + rng.nextInt(stepUs) + rng.nextInt(200)),
        });
      }
    }
  }
  for (let k = 0; k < 150; k++)
    events.push({ x: rng.nextInt(n), y: rng.nextInt(n), p: rng.nextInt(2), tUs: rng.nextInt(3 * saccadeUs) });
  events.sort((a, b) => a.tUs - b.tUs || a.y - b.y || a.x - b.x || a.p - b.p);
  return events;
}

/** The bytes of the shipped example `workloads/examples/nmnist-7-synthetic.bin`. */
export function nmnistExampleBytes(): Uint8Array {
  return encodeNmnist(synthesiseNmnistSeven());
}

// `node dist/workloads/spikes/nmnist-example.js FILE` regenerates the example.
if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const file = process.argv[2] ?? 'workloads/examples/nmnist-7-synthetic.bin';
  const bytes = nmnistExampleBytes();
  writeFileSync(file, bytes);
  process.stdout.write(`${file}: ${bytes.length / 5} events\n`);
}
