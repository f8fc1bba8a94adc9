import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../../api/run.js';
import {
  NMNIST_MAX_TIME_US,
  NmnistSource,
  decodeNmnistAt,
  encodeNmnist,
  flattenAddress,
  type NmnistEvent,
} from '../../../workloads/spikes/index.js';
import { nmnistExampleBytes } from '../../../workloads/spikes/nmnist-example.js';
import { drain, errorOf, tempFile } from './helpers.js';

const EXAMPLE = 'workloads/examples/nmnist-7-synthetic.bin';
const SENSOR = { widthPx: 34, heightPx: 34 };

const nmnistEvents = fc
  .array(
    fc.record({
      x: fc.integer({ min: 0, max: 33 }),
      y: fc.integer({ min: 0, max: 33 }),
      p: fc.integer({ min: 0, max: 1 }),
      tUs: fc.integer({ min: 0, max: NMNIST_MAX_TIME_US }),
    }),
    { maxLength: 80 },
  )
  .map((es) => es.sort((a, b) => a.tUs - b.tUs));

describe('N-MNIST binary events', () => {
  it('encodes the 40-bit layout of Orchard et al.: x, y, then polarity in bit 7 above a 23-bit big-endian µs time stamp', () => {
    const b = encodeNmnist([{ x: 33, y: 2, p: 1, tUs: 0x7abcde }]);
    expect([...b]).toEqual([33, 2, 0x80 | 0x7a, 0xbc, 0xde]);
    expect(decodeNmnistAt(encodeNmnist([{ x: 0, y: 255, p: 0, tUs: 1 }]), 0)).toEqual({ x: 0, y: 255, p: 0, tUs: 1 });
  });

  it('property: encoding then decoding gives every event back', () => {
    fc.assert(
      fc.property(nmnistEvents, (evs) => {
        const b = encodeNmnist(evs);
        expect(b.length).toBe(5 * evs.length);
        expect(evs.map((_, k) => decodeNmnistAt(b, 5 * k))).toEqual(evs);
      }),
    );
  });

  it('property: a written file streams back as (µs → ps, flattened address) in order', () => {
    let n = 0;
    fc.assert(
      fc.property(nmnistEvents, (evs: NmnistEvent[]) => {
        const f = tempFile(`rt-${n++}.bin`, encodeNmnist(evs));
        expect(drain(new NmnistSource(f, 2312, 'in'))).toEqual(
          evs.map((e) => ({ timePs: e.tUs * 1e6, address: flattenAddress(e.x, e.y, e.p, SENSOR) })),
        );
      }),
      { numRuns: 40 },
    );
  });

  it('streams a file larger than one read chunk (every event, in order)', () => {
    const evs = Array.from({ length: 40_000 }, (_, k) => ({ x: k % 34, y: (k >> 3) % 34, p: k & 1, tUs: k >> 2 }));
    const got = drain(new NmnistSource(tempFile('big.bin', encodeNmnist(evs)), 2312, 'in'));
    expect(got.length).toBe(evs.length);
    expect(got[39_999]).toEqual({
      timePs: (39_999 >> 2) * 1e6,
      address: flattenAddress(39_999 % 34, (39_999 >> 3) % 34, 1, SENSOR),
    });
  });

  it.each([
    ['truncated.bin', [...encodeNmnist([{ x: 1, y: 1, p: 0, tUs: 5 }]), 7, 7], /byte 5 \(event 2\)/, /truncated event/],
    [
      'x.bin',
      [
        ...encodeNmnist([
          { x: 1, y: 1, p: 0, tUs: 5 },
          { x: 34, y: 0, p: 0, tUs: 6 },
        ]),
      ],
      /byte 5 \(event 2\)/,
      /x 34 is outside the 34×34 sensor/,
    ],
    ['y.bin', [...encodeNmnist([{ x: 1, y: 40, p: 1, tUs: 5 }])], /byte 1 \(event 1\)/, /y 40/],
    [
      'back.bin',
      [
        ...encodeNmnist([
          { x: 1, y: 1, p: 0, tUs: 9 },
          { x: 1, y: 1, p: 0, tUs: 8 },
        ]),
      ],
      /byte 7 \(event 2\)/,
      /goes back in time/,
    ],
  ])('%s gives one error located at its byte offset', (name, bytes, where, message) => {
    const e = errorOf(() => drain(new NmnistSource(tempFile(name, Uint8Array.from(bytes)), 2312, 'snn.input')));
    expect(e.code).toBe('E_WORKLOAD');
    expect(e.location?.file).toContain(name);
    expect(e.location?.path).toMatch(where);
    expect(e.message).toMatch(message);
    expect(e.format()).toMatch(new RegExp(`${name}: byte \\d+ \\(event \\d+\\): `));
  });

  it('refuses a spike input that is not a square W×W×2 sensor', () => {
    const e = errorOf(() => new NmnistSource(tempFile('ok.bin', encodeNmnist([])), 16, 'snn.input'));
    expect(e.message).toMatch(/2312/);
  });

  it('the shipped example is exactly what the deterministic synthesiser produces, a time-sorted 34×34 recording', () => {
    const shipped = readFileSync(EXAMPLE);
    expect(shipped.equals(nmnistExampleBytes())).toBe(true);
    const evs = drain(new NmnistSource(EXAMPLE, 2312, 'in'));
    expect(evs.length).toBe(shipped.length / 5);
    const on = evs.filter((e) => e.address >= 34 * 34).length;
    // A moving digit makes edges of both signs.
    expect(on).toBeGreaterThan(evs.length / 4);
    expect(evs.length - on).toBeGreaterThan(evs.length / 4);
  });

  it('the example runs through snn-memristor in well under a few seconds, all events in, spikes out', () => {
    const r = runSimulation({ architecture: 'architectures/snn-memristor.yaml', workload: EXAMPLE });
    expect(r.stop.reason).toBe('completed');
    expect(r.wall_s).toBeLessThan(5);
    expect(r.operations).toBe(readFileSync(EXAMPLE).length / 5);
    expect(r.components['snn.w1']!.counters['sops']).toBe(r.components['snn.input']!.counters['spikes_in']! * 100);
    expect(r.components['snn.output']!.counters['spikes_out']).toBeGreaterThan(0);
  });
});
