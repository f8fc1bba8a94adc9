import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../../api/run.js';
import { GeneratorSource, readGeneratorSpec, type GeneratorSpec } from '../../../workloads/spikes/index.js';
import { drain, errorOf, tempFile } from './helpers.js';

function spec(over: Partial<GeneratorSpec>): GeneratorSpec {
  return {
    kind: 'poisson',
    ratesHz: [1e6, 1e6],
    startPs: 0,
    durationPs: 1e9,
    resolutionPs: 1000,
    phaseStepPs: 0,
    seed: undefined,
    inferences: 1,
    ...over,
  };
}

describe('Poisson and regular spike generators', () => {
  it('reads a generator file with units, defaults and per-input rates', () => {
    const f = tempFile(
      'g.yaml',
      'generator: regular\nrates: [1MHz, 2 * 1MHz, 0]\nduration: 3us\nstart: 1ns\nresolution: 10ns\nphase_step: 100ns\nseed: 4\ninferences: 2\n',
    );
    expect(readGeneratorSpec(f, 16, 'in')).toEqual({
      kind: 'regular',
      ratesHz: [1e6, 2e6, 0],
      startPs: 1000,
      durationPs: 3e6,
      resolutionPs: 10_000,
      phaseStepPs: 100_000,
      seed: 4,
      inferences: 2,
    });
  });

  it('a regular train has exactly rate × duration spikes per input, at start + phase + k/rate', () => {
    const s = spec({ kind: 'regular', ratesHz: [1e6, 2e6], durationPs: 10e6, phaseStepPs: 100_000, startPs: 5000 });
    const evs = drain(new GeneratorSource(s, 1, 'g'));
    const of = (a: number) => evs.filter((e) => e.address === a).map((e) => e.timePs);
    expect(of(0)).toEqual(Array.from({ length: 10 }, (_, k) => 5000 + k * 1e6));
    expect(of(1)).toEqual(
      Array.from({ length: 20 }, (_, k) => 5000 + 100_000 + k * 5e5).filter((t) => t - 5000 < 10e6),
    );
  });

  it('property: generated events come in (time, address) order on the resolution grid, inside [start, start + duration]', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<'poisson' | 'regular'>('poisson', 'regular'),
        fc.array(fc.integer({ min: 0, max: 5e7 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 0, max: 1e4 }),
        fc.nat(1000),
        (kind, rates, res, start, seed) => {
          const s = spec({ kind, ratesHz: rates, resolutionPs: res, startPs: start, durationPs: 2e6, seed });
          const evs = drain(new GeneratorSource(s, 1, 'g'));
          for (let k = 0; k < evs.length; k++) {
            const e = evs[k]!;
            expect((e.timePs - start) % res).toBe(0);
            expect(e.timePs).toBeGreaterThanOrEqual(start);
            expect(e.timePs).toBeLessThanOrEqual(start + 2e6 + res);
            if (k > 0) {
              const p = evs[k - 1]!;
              expect(p.timePs < e.timePs || (p.timePs === e.timePs && p.address < e.address)).toBe(true);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('Poisson trains: same seed ⇒ same spikes, another seed ⇒ others, and counts near rate × duration', () => {
    const s = spec({ ratesHz: new Array(50).fill(20e6), durationPs: 10e6, seed: 3 });
    const a = drain(new GeneratorSource(s, 1, 'g'));
    expect(drain(new GeneratorSource(s, 99, 'g'))).toEqual(a);
    expect(drain(new GeneratorSource({ ...s, seed: 4 }, 1, 'g'))).not.toEqual(a);
    // 50 inputs × 200 expected spikes: Poisson σ ≈ 100; a slot of 1 ns merges about 2 % of them.
    expect(a.length).toBeGreaterThan(10_000 * 0.95);
    expect(a.length).toBeLessThan(10_000 * 1.02);
    // An input's train does not depend on how many inputs there are.
    const one = drain(new GeneratorSource({ ...s, ratesHz: [20e6] }, 1, 'g'));
    expect(a.filter((e) => e.address === 0)).toEqual(one);
  });

  it('without a seed the run seed decides, and a run is reproducible', () => {
    const f = tempFile('p.yaml', 'generator: poisson\nrate: 50MHz\nduration: 200ns\n');
    const r1 = runSimulation({ architecture: 'architectures/snn-small.yaml', workload: f, seed: 5 });
    const r2 = runSimulation({ architecture: 'architectures/snn-small.yaml', workload: f, seed: 5 });
    const r3 = runSimulation({ architecture: 'architectures/snn-small.yaml', workload: f, seed: 6 });
    expect(r2.components).toEqual(r1.components);
    expect(r1.components['snn.input']!.counters['spikes_in']).toBeGreaterThan(0);
    expect(r3.components['snn.input']!.counters['spikes_in']).not.toBe(
      r1.components['snn.input']!.counters['spikes_in'],
    );
  });

  it.each([
    ['unknown.yaml', 'generator: poisson\nrate: 1MHz\nduration: 1us\nrat: 2\n', 4, 1, /unknown key "rat"/],
    ['kind.yaml', 'generator: bursty\nrate: 1MHz\nduration: 1us\n', 1, 12, /generator must be one of poisson, regular/],
    ['unit.yaml', 'generator: poisson\nrate: 1us\nduration: 1us\n', 2, 7, /expected a frequency/],
    ['neg.yaml', 'generator: poisson\nrate: 1MHz\nduration: -1us\n', 3, 11, /duration must be a time/],
    ['missing.yaml', 'generator: poisson\nrate: 1MHz\n', 1, 1, /missing key "duration"/],
    ['both.yaml', 'generator: poisson\nrate: 1MHz\nrates: [1MHz]\nduration: 1us\n', 2, 1, /either "rate"/],
    ['many.yaml', 'generator: poisson\nrate: 1MHz\nduration: 1us\ninputs: 17\n', 4, 9, /17 inputs, but in has 16/],
    [
      'count.yaml',
      'generator: regular\nrates: [1MHz, 1MHz]\ninputs: 3\nduration: 1us\n',
      2,
      8,
      /rates has 2 entries but inputs is 3/,
    ],
  ])('%s gives a located error', (name, text, line, column, message) => {
    const e = errorOf(() => readGeneratorSpec(tempFile(name, text), 16, 'in'));
    expect(e.location).toMatchObject({ line, column });
    expect(e.location?.file).toContain(name);
    expect(e.message).toMatch(message);
    expect(e.format()).toMatch(new RegExp(`${name}:${line}:${column}: `));
  });
});
