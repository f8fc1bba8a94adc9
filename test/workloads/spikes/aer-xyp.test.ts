import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../../api/run.js';
import {
  AerCsvSource,
  AerCsvWriter,
  flattenAddress,
  formatTimeUs,
  parseTimeUs,
  unflattenAddress,
  type AddressEvent,
} from '../../../workloads/spikes/index.js';
import { drain, errorOf, tempFile, tempPath } from './helpers.js';

/** Events sorted by time with addresses below `size`. */
const events = (size: number) =>
  fc
    .array(fc.record({ timePs: fc.integer({ min: 0, max: 5e12 }), address: fc.integer({ min: 0, max: size - 1 }) }), {
      maxLength: 60,
    })
    .map((es) => es.sort((a, b) => a.timePs - b.timePs));

function writeAer(name: string, evs: AddressEvent[]): string {
  const f = tempPath(name);
  const w = new AerCsvWriter(f);
  for (const e of evs) w.write(e.timePs, e.address);
  w.commit();
  return f;
}

describe('AER CSV: formats and round trips', () => {
  it('property: formatTimeUs then parseTimeUs gives back every whole-picosecond time', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 52 }), (ps) => {
        expect(parseTimeUs(formatTimeUs(ps), { file: 'x' }, 1)).toBe(ps);
      }),
    );
  });

  it('property: unflattenAddress inverts flattenAddress on every pixel and polarity of any W×H sensor', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 300 }),
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 0, max: 1 }),
        (w, h, xs, ys, p) => {
          const g = { widthPx: w, heightPx: h };
          const x = xs % w,
            y = ys % h;
          const a = flattenAddress(x, y, p, g);
          expect(a).toBeGreaterThanOrEqual(0);
          expect(a).toBeLessThan(2 * w * h);
          expect(unflattenAddress(a, g)).toEqual({ x, y, p });
        },
      ),
    );
  });

  it('property: writing address events then reading them back gives the same events (t_us,address)', () => {
    let n = 0;
    fc.assert(
      fc.property(events(64), (evs) => {
        const f = writeAer(`rt-${n++}.csv`, evs);
        expect(drain(new AerCsvSource(f, 64, 'in'))).toEqual(evs);
      }),
      { numRuns: 40 },
    );
  });

  it('property: t_us,x,y,p events read back as their flattened addresses on a square sensor', () => {
    let n = 0;
    const w = 5;
    fc.assert(
      fc.property(events(2 * w * w), (evs) => {
        const lines = evs.map((e) => {
          const { x, y, p } = unflattenAddress(e.address, { widthPx: w, heightPx: w });
          return `${formatTimeUs(e.timePs)},${x},${y},${p}`;
        });
        const f = tempFile(`xyp-${n++}.csv`, ['t_us,x,y,p', ...lines, ''].join('\n'));
        expect(drain(new AerCsvSource(f, 2 * w * w, 'in'))).toEqual(evs);
      }),
      { numRuns: 40 },
    );
  });

  it('a "# sensor: WxH" line sets a non-square geometry', () => {
    const f = tempFile('rect.csv', 't_us,x,y,p\n# sensor: 4x2\n1,3,1,1\n2, 0 ,0, 0\n');
    expect(drain(new AerCsvSource(f, 16, 'in'))).toEqual([
      { timePs: 1e6, address: 8 + 4 + 3 },
      { timePs: 2e6, address: 0 },
    ]);
  });

  it('an x,y,p recording drives a model: every event reaches the input', () => {
    // snn-small has 16 addresses: not 2·W·W, so the file names its 4×2 sensor.
    const f = tempFile('small-xyp.csv', 't_us,x,y,p\n# sensor: 4x2\n0,0,0,1\n0.001,3,1,0\n0.002,3,1,1\n');
    const r = runSimulation({ architecture: 'architectures/snn-small.yaml', workload: f });
    expect(r.components['snn.input']!.counters['spikes_in']).toBe(3);
    expect(r.components['snn.w1']!.counters['pre_spikes']).toBe(3);
  });

  it.each([
    ['fields.csv', 't_us,x,y,p\n1,2,3\n', 2, 1, /four fields/],
    ['bad-x.csv', 't_us,x,y,p\n1,a,3,0\n', 2, 3, /x must be/],
    ['x-range.csv', 't_us,x,y,p\n1,5,0,0\n', 2, 3, /x 5 is outside the 5×5 sensor/],
    ['y-range.csv', 't_us,x,y,p\n1,0, 9,0\n', 2, 6, /y 9 is outside/],
    ['pol.csv', 't_us,x,y,p\n1,0,0,2\n', 2, 7, /p must be 0/],
    ['time.csv', 't_us,x,y,p\n1,0,0,0\n\n0.5,0,0,0\n', 4, 1, /back in time/],
    ['late-sensor.csv', 't_us,x,y,p\n1,0,0,0\n# sensor: 5x5\n', 3, 1, /before the first event/],
    ['bad-sensor.csv', 't_us,x,y,p\n  # sensor: five\n', 2, 3, /# sensor: WxH/],
  ])('%s gives one located error', (name, text, line, column, message) => {
    const e = errorOf(() => drain(new AerCsvSource(tempFile(name, text), 50, 'snn.input')));
    expect(e.code).toBe('E_WORKLOAD');
    expect(e.location).toMatchObject({ line, column });
    expect(e.location?.file).toContain(name);
    expect(e.message).toMatch(message);
  });

  it('x,y,p events on an input that is not 2·W·W ask for the sensor line, and a wrong sensor size is refused', () => {
    const square = errorOf(() =>
      drain(new AerCsvSource(tempFile('nosq.csv', 't_us,x,y,p\n1,0,0,0\n'), 16, 'snn.input')),
    );
    expect(square.message).toMatch(/# sensor: WxH/);
    expect(square.location).toMatchObject({ line: 2 });
    const wrong = errorOf(() =>
      drain(new AerCsvSource(tempFile('wrongsensor.csv', 't_us,x,y,p\n# sensor: 3x3\n1,0,0,0\n'), 16, 'snn.input')),
    );
    expect(wrong.message).toMatch(/needs 18 input addresses; snn.input has 16/);
  });

  it('a failed writer leaves no file behind and commit moves the whole file into place', () => {
    const f = tempPath('aborted.csv');
    const w = new AerCsvWriter(f);
    w.write(1, 2);
    w.abort();
    expect(() => drain(new AerCsvSource(f, 4, 'in'))).toThrow(/no such file/);
  });
});
