import { describe, expect, it } from 'vitest';
import { defaultSession } from '../../../api/session.js';
import { chooseReader } from '../../../core/index.js';
import {
  loadMnist,
  MnistSpikeSource,
  mnistSpikesReader,
  parseMnistPresentation,
  presentationWindows,
} from '../../../workloads/mnist/index.js';
import { drain, errorOf, tempFile } from '../spikes/helpers.js';

const GOOD =
  'mnist: test\nfirst: 3\ncount: 4\ncoding: rate\nmax_rate: 2.5kHz\nstep: 100us\nwindow: 1ms\ngap: 500us\nseed: 9\n';

describe('MNIST spike presentation (mnist: key)', () => {
  it('reads a presentation with units and defaults', () => {
    expect(parseMnistPresentation(tempFile('ok.yaml', GOOD))).toEqual({
      split: 'test',
      first: 3,
      count: 4,
      coding: 'rate',
      maxRateHz: 2500,
      stepPs: 100e6,
      windowSteps: 10,
      gapPs: 500e6,
      seed: 9,
    });
    const rest = parseMnistPresentation(tempFile('d.yaml', 'mnist: train\nmax_rate: 1kHz\nstep: 1ms\nwindow: 5ms\n'));
    expect(rest).toMatchObject({ first: 0, count: loadMnist().train.length, gapPs: 0, seed: undefined });
  });

  it('is recognised by its top-level mnist key, and the session picks it for the shipped presentations', () => {
    for (const f of ['workloads/examples/mnist-test-spikes.yaml', 'workloads/examples/mnist-test-200.yaml'])
      expect(chooseReader(defaultSession(), f).format).toBe('mnist-spikes');
    expect(mnistSpikesReader.recognises?.('# digits\nmnist: test\n', 'x.yaml')).toBe(true);
    expect(mnistSpikesReader.recognises?.('generator: poisson\n', 'x.yaml')).toBe(false);
  });

  it.each([
    ['mnist: val\nmax_rate: 1kHz\nstep: 1ms\nwindow: 5ms\n', 1, 8, 'mnist must be one of train, test'],
    ['max_rate: 1kHz\nstep: 1ms\nwindow: 5ms\n', 1, 1, 'missing key "mnist"'],
    ['mnist: test\nmax_rate: 1kHz\nstep: 1ms\n', 1, 1, 'missing key "window"'],
    ['mnist: test\nmax_rate: 1kHz\nstep: 1ms\nwindow: 5ms\ncoding: latency\n', 5, 9, 'coding must be one of rate'],
    ['mnist: test\nmax_rate: 2kHz\nstep: 1ms\nwindow: 5ms\n', 2, 11, 'max_rate · step must be ≤ 1'],
    ['mnist: test\nmax_rate: 1kHz\nstep: 1ms\nwindow: 4.5ms\n', 4, 9, 'window must be a whole number of steps'],
    ['mnist: test\nmax_rate: 1kHz\nstep: -1ms\nwindow: 5ms\n', 3, 7, 'step must be a time > 0'],
    ['mnist: test\nmax_rate: fast\nstep: 1ms\nwindow: 5ms\n', 2, 11, 'max_rate must be a rate > 0'],
    ['mnist: test\nmax_rate: 1kHz\nstep: 1ms\nwindow: 5ms\ngap: -1ms\n', 5, 6, 'gap must be a time ≥ 0'],
    ['mnist: test\nmax_rate: 1kHz\nstep: 1ms\nwindow: 5ms\ncount: 0\n', 5, 8, 'count must be a whole number ≥ 1'],
    ['mnist: test\nmax_rate: 1kHz\nstep: 1ms\nwindow: 5ms\nfirst: 99999\n', 5, 8, 'first must be below'],
    ['mnist: test\nmax_rate: 1kHz\nstep: 1ms\nwindow: 5ms\ncount: 99999\n', 5, 8, 'first + count must not exceed it'],
    ['mnist: test\nmax_rate: 1kHz\nstep: 1ms\nwindow: 5ms\nrate: 3\n', 5, 1, 'unknown key "rate"'],
  ])('reports %j at line %i, column %i', (text, line, column, message) => {
    const f = tempFile('bad.yaml', text);
    const e = errorOf(() => parseMnistPresentation(f));
    expect(e.message).toContain(message);
    expect(e.location).toMatchObject({ file: f, line, column });
  });

  it('refuses a spike input that is not 784 addresses wide, naming it', () => {
    const w = mnistSpikesReader.read(tempFile('ok2.yaml', GOOD));
    expect(errorOf(() => w.open({ size: 100, path: 'snn.input' }, 1)).message).toContain('snn.input has 100');
  });

  it('codes each digit deterministically from the seed, in (time, address) order inside its window', () => {
    const p = parseMnistPresentation(tempFile('ok3.yaml', GOOD));
    const a = drain(new MnistSpikeSource(p, 9, 'f'));
    expect(drain(new MnistSpikeSource(p, 9, 'f'))).toEqual(a);
    expect(drain(new MnistSpikeSource(p, 10, 'f'))).not.toEqual(a);
    const windows = presentationWindows(p);
    expect(windows.map((w) => w.label)).toEqual(
      loadMnist()
        .test.slice(3, 7)
        .map((d) => d.label),
    );
    for (let k = 1; k < a.length; k++) {
      const [x, y] = [a[k - 1]!, a[k]!];
      expect(x.timePs < y.timePs || (x.timePs === y.timePs && x.address < y.address)).toBe(true);
    }
    for (const [k, w] of windows.entries()) {
      const inside = a.filter((e) => e.timePs >= w.startPs && e.timePs < w.endPs);
      expect(inside.length).toBeGreaterThan(50);
      expect(Math.max(...inside.map((e) => e.timePs))).toBeLessThan(w.startPs + 1e9);
      // Only lit pixels spike.
      const pixels = loadMnist().test[3 + k]!.pixels;
      for (const e of inside) expect(pixels[e.address]).toBeGreaterThan(0);
    }
  });

  it('a digit spikes as often as its ink predicts (rate coding: expected spikes = steps · Σ intensity · max_rate · step)', () => {
    const p = parseMnistPresentation(tempFile('ok4.yaml', GOOD.replace('count: 4', 'count: 20')));
    const events = drain(new MnistSpikeSource(p, 1, 'f'));
    const digits = loadMnist().test.slice(3, 23);
    const expected = digits.reduce((s, d) => s + d.pixels.reduce((a, x) => a + x, 0), 0) * 10 * 0.25;
    expect(Math.abs(events.length - expected) / expected).toBeLessThan(0.03);
  });
});
