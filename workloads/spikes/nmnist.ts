import { closeSync, fstatSync, openSync, readSync } from '../../core/io/fs.js';
import { HelenError, type SourceLocation, type WorkloadReader } from '../../core/index.js';

import { flattenAddress, sensorGeometry, type AddressEvent, type SensorGeometry, type SpikeSource } from './events.js';
import type { SpikesWorkload } from './workload.js';

/** Bytes per N-MNIST event: 40 bits. */
export const NMNIST_EVENT_BYTES = 5;
/** Largest N-MNIST timestamp: 23 bits of µs (about 8.4 s). */
export const NMNIST_MAX_TIME_US = 2 ** 23 - 1;
const CHUNK_EVENTS = 13_107; // ≈ 64 KiB

/** One event of an N-MNIST file: pixel, polarity (1 = ON) and time stamp in µs. */
export interface NmnistEvent {
  x: number;
  y: number;
  p: number;
  tUs: number;
}

/**
 * Encodes events in the N-MNIST binary format (Orchard et al. 2015): 40 bits
 * per event, big-endian: bits 39–32 x, 31–24 y, bit 23 polarity, bits 22–0 the
 * time stamp in µs.
 */
export function encodeNmnist(events: readonly NmnistEvent[]): Uint8Array {
  const buf = new Uint8Array(events.length * NMNIST_EVENT_BYTES);
  events.forEach((e, k) => {
    if (!(Number.isInteger(e.x) && e.x >= 0 && e.x < 256 && Number.isInteger(e.y) && e.y >= 0 && e.y < 256))
      throw new RangeError(`event ${k}: x and y must be whole numbers 0 … 255`);
    if (e.p !== 0 && e.p !== 1) throw new RangeError(`event ${k}: p must be 0 or 1`);
    if (!(Number.isInteger(e.tUs) && e.tUs >= 0 && e.tUs <= NMNIST_MAX_TIME_US))
      throw new RangeError(`event ${k}: t must be a whole number of µs 0 … ${NMNIST_MAX_TIME_US}`);
    const o = k * NMNIST_EVENT_BYTES;
    buf[o] = e.x;
    buf[o + 1] = e.y;
    buf[o + 2] = (e.p << 7) | (e.tUs >>> 16);
    buf[o + 3] = (e.tUs >>> 8) & 0xff;
    buf[o + 4] = e.tUs & 0xff;
  });
  return buf;
}

/** Decodes the event at byte `o` of `buf` (no checks). */
export function decodeNmnistAt(buf: Uint8Array, o: number): NmnistEvent {
  const b2 = buf[o + 2]!;
  return { x: buf[o]!, y: buf[o + 1]!, p: b2 >>> 7, tUs: ((b2 & 0x7f) << 16) | (buf[o + 3]! << 8) | buf[o + 4]! };
}

/**
 * Streams an N-MNIST binary file in chunks. The W×H×2 sensor is the spike
 * input's (square: 2312 addresses = 34×34×2); events are flattened with
 * `flattenAddress`. Errors point at the byte offset of the faulty event.
 */
export class NmnistSource implements SpikeSource {
  private fd: number | undefined;
  private readonly sizeBytes: number;
  private readonly buf = new Uint8Array(CHUNK_EVENTS * NMNIST_EVENT_BYTES);
  private bufLen = 0;
  private bufPos = 0;
  private fileOffset = 0;
  private lastUs = 0;
  private readonly geometry: SensorGeometry;
  where: SourceLocation | undefined;

  constructor(
    readonly file: string,
    inputSize: number,
    inputPath: string,
  ) {
    this.fd = openEvents(file);
    this.sizeBytes = fstatSync(this.fd).size;
    this.geometry = sensorGeometry(
      inputSize,
      inputPath,
      undefined,
      { file, path: 'byte 0' },
      ' (N-MNIST: 34×34×2 = 2312)',
    );
    if (this.sizeBytes % NMNIST_EVENT_BYTES !== 0) {
      const at = this.sizeBytes - (this.sizeBytes % NMNIST_EVENT_BYTES);
      this.close();
      throw new HelenError(
        'E_WORKLOAD',
        `an N-MNIST file is a whole number of 5-byte events; ${this.sizeBytes} bytes leave a truncated event`,
        this.at(at),
      );
    }
  }

  private at(byte: number): SourceLocation {
    return { file: this.file, path: `byte ${byte} (event ${Math.floor(byte / NMNIST_EVENT_BYTES) + 1})` };
  }

  fraction(): number | undefined {
    return this.sizeBytes > 0 ? this.fileOffset / this.sizeBytes : undefined;
  }

  close(): void {
    if (this.fd !== undefined) {
      closeSync(this.fd);
      this.fd = undefined;
    }
  }

  next(): AddressEvent | undefined {
    if (this.bufPos >= this.bufLen && !this.fill()) return undefined;
    const start = this.fileOffset - this.bufLen + this.bufPos;
    const e = decodeNmnistAt(this.buf, this.bufPos);
    this.bufPos += NMNIST_EVENT_BYTES;
    const g = this.geometry;
    if (e.x >= g.widthPx)
      throw new HelenError(
        'E_WORKLOAD',
        `x ${e.x} is outside the ${g.widthPx}×${g.heightPx} sensor of the spike input`,
        this.at(start),
      );
    if (e.y >= g.heightPx)
      throw new HelenError(
        'E_WORKLOAD',
        `y ${e.y} is outside the ${g.widthPx}×${g.heightPx} sensor of the spike input`,
        this.at(start + 1),
      );
    if (e.tUs < this.lastUs)
      throw new HelenError(
        'E_WORKLOAD',
        `time stamp ${e.tUs} µs goes back in time (after ${this.lastUs} µs)`,
        this.at(start + 2),
      );
    this.lastUs = e.tUs;
    this.where = this.at(start);
    return { timePs: e.tUs * 1e6, address: flattenAddress(e.x, e.y, e.p, g) };
  }

  /** Reads the next chunk of whole events; false at the end of the file. */
  private fill(): boolean {
    if (this.fd === undefined) return false;
    let n = 0;
    while (n < this.buf.length) {
      const got = readSync(this.fd, this.buf, n, this.buf.length - n, null);
      if (got === 0) break;
      n += got;
    }
    this.fileOffset += n;
    this.bufLen = n - (n % NMNIST_EVENT_BYTES);
    this.bufPos = 0;
    if (this.bufLen === 0) this.close();
    return this.bufLen > 0;
  }
}

/** Opens `file` for reading, or a located E_FILE error: what every N-MNIST read starts with. */
function openEvents(file: string): number {
  try {
    return openSync(file, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new HelenError('E_FILE', code === 'ENOENT' ? 'no such file' : `cannot be read (${code})`, { file });
  }
}

/**
 * N-MNIST binary recordings (`.bin`): 5-byte events (x, y, polarity, 23-bit
 * µs time stamp). The format has no header to recognise it by, so every .bin
 * file is one; the sensor geometry and truncation are checked when the stream
 * opens on its spike input.
 */
export const nmnistReader: WorkloadReader<SpikesWorkload> = {
  format: 'n-mnist',
  description:
    'N-MNIST binary events (.bin: 40-bit x, y, polarity, µs time stamp) as a spike stream onto a W×W×2 sensor',
  produces: 'spikes',
  extensions: ['.bin'],
  read: (file) => {
    closeSync(openEvents(file));
    return {
      kind: 'spikes',
      file,
      open: (target) => ({ source: new NmnistSource(file, target.size, target.path), inferences: 1 }),
    };
  },
};
