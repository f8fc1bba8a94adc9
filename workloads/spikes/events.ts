import { HelenError, type SourceLocation } from '../../core/index.js';

/** One address event: when (ps) and which input. */
export interface AddressEvent {
  timePs: number;
  address: number;
}

/**
 * A stream of address events in time order (a recording being read, or a
 * generator). Sources check order and address range themselves, so their
 * errors can point at the line, column or byte that is wrong.
 */
export interface SpikeSource {
  /** The next event (time never decreasing), or undefined at the end. */
  next(): AddressEvent | undefined;
  /** Where the event last returned came from (file, line or byte), for errors raised while delivering it. */
  readonly where: SourceLocation | undefined;
  /** How much of the source has been consumed (0..1), when it can tell. */
  fraction(): number | undefined;
  /** Releases the file, if any (also safe to call twice). */
  close(): void;
}

/**
 * A W×H event sensor with two polarities (ON/OFF), flattened onto the spike
 * input's addresses as `address = p·W·H + y·W + x`: the OFF plane (p = 0)
 * first, then the ON plane, each row-major. The input must have 2·W·H addresses.
 */
export interface SensorGeometry {
  widthPx: number;
  heightPx: number;
}

/** The address of pixel (x, y) with polarity p (0 = OFF, 1 = ON) on a W×H×2 sensor. */
export function flattenAddress(x: number, y: number, p: number, g: SensorGeometry): number {
  return p * g.widthPx * g.heightPx + y * g.widthPx + x;
}

/** The inverse of `flattenAddress`. */
export function unflattenAddress(address: number, g: SensorGeometry): { x: number; y: number; p: number } {
  const plane = g.widthPx * g.heightPx;
  const p = Math.floor(address / plane);
  const rest = address - p * plane;
  return { x: rest % g.widthPx, y: Math.floor(rest / g.widthPx), p };
}

/**
 * The sensor a spike input of `inputSize` addresses stands for. Given
 * explicitly (a `# sensor: WxH` line), it must fit the input exactly;
 * otherwise the sensor is square, W = H = √(size/2) (N-MNIST: 2312 = 34·34·2).
 */
export function sensorGeometry(
  inputSize: number,
  inputPath: string,
  explicit: SensorGeometry | undefined,
  loc: SourceLocation,
  hint = '; add a line "# sensor: WxH" after the header',
): SensorGeometry {
  if (explicit) {
    if (2 * explicit.widthPx * explicit.heightPx !== inputSize) {
      throw new HelenError(
        'E_WORKLOAD',
        `a ${explicit.widthPx}×${explicit.heightPx}×2 sensor needs ${2 * explicit.widthPx * explicit.heightPx} input addresses; ${inputPath} has ${inputSize}`,
        loc,
      );
    }
    return explicit;
  }
  const side = Math.round(Math.sqrt(inputSize / 2));
  if (2 * side * side !== inputSize) {
    throw new HelenError(
      'E_WORKLOAD',
      `x,y,p events need the sensor size: ${inputPath} has ${inputSize} addresses, which is not 2·W·W for a square sensor${hint}`,
      loc,
    );
  }
  return { widthPx: side, heightPx: side };
}

/** Parses `WxH` (e.g. `34x34`); undefined when the text is not of that form. */
export function parseSensorText(text: string): SensorGeometry | undefined {
  const m = /^(\d+)\s*[x×]\s*(\d+)$/.exec(text.trim());
  if (!m) return undefined;
  const w = Number(m[1]),
    h = Number(m[2]);
  return w >= 1 && h >= 1 && Number.isSafeInteger(w * h) ? { widthPx: w, heightPx: h } : undefined;
}

/**
 * A time in ps as decimal microseconds, exact (no binary rounding): 1500 ps is
 * `0.0015`. The AER readers parse it back to the same ps.
 */
export function formatTimeUs(timePs: number): string {
  const whole = Math.floor(timePs / 1e6);
  const frac = timePs - whole * 1e6;
  if (frac === 0) return String(whole);
  return `${whole}.${String(frac).padStart(6, '0').replace(/0+$/, '')}`;
}
