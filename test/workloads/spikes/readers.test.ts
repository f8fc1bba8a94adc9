import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultSession } from '../../../api/session.js';
import { chooseReader } from '../../../core/index.js';
import {
  aerCsvReader,
  encodeNmnist,
  nmnistReader,
  spikeGeneratorReader,
  type SpikesWorkload,
} from '../../../workloads/spikes/index.js';
import { drain, errorOf, tempFile } from './helpers.js';

const session = defaultSession();
const formatOf = (file: string): string => chooseReader(session, file).format;

describe('spike stream readers', () => {
  it('each recognises its own files, and no other reader of the session claims them', () => {
    expect(formatOf('workloads/examples/spikes-small.csv')).toBe('aer-csv');
    expect(formatOf('workloads/examples/snn-temporal-input.csv')).toBe('aer-csv');
    expect(formatOf(tempFile('xyp.csv', 't_us,x,y,p\n0,1,1,0\n'))).toBe('aer-csv');
    expect(formatOf('workloads/examples/nmnist-7-synthetic.bin')).toBe('n-mnist');
    expect(formatOf(tempFile('gen.yaml', 'generator: poisson\nrate: 1MHz\nduration: 1us\n'))).toBe('spike-generator');
    expect(formatOf(tempFile('gen.yml', '# a comment\ngenerator: regular\nrate: 1MHz\nduration: 1us\n'))).toBe(
      'spike-generator',
    );
  });

  it('does not claim CSV files of other formats (SCALE-Sim topologies, request traces)', () => {
    for (const f of [
      'workloads/examples/scalesim-gemm.csv',
      'workloads/examples/scalesim-conv.csv',
      'workloads/examples/llm-azure-sample.csv',
      'workloads/examples/cnn-small.csv',
    ]) {
      expect(aerCsvReader.recognises!(readFileSync(f, 'utf8'), f)).toBe(false);
    }
    expect(spikeGeneratorReader.recognises!('llm:\n  model: x\n', 'a.yaml')).toBe(false);
    expect(spikeGeneratorReader.recognises!('layers:\n  - name: x\n', 'a.yaml')).toBe(false);
    expect(spikeGeneratorReader.recognises!('stimulus:\n  generator: poisson\n', 'a.yaml')).toBe(false);
  });

  it('a generator file may name its reader with a top-level format: key', () => {
    const f = tempFile(
      'named.yaml',
      'format: spike-generator\ngenerator: regular\nrates: [1MHz, 2MHz]\nduration: 2us\n',
    );
    expect(chooseReader(session, f).format).toBe('spike-generator');
    const w = spikeGeneratorReader.read(f);
    expect(w.kind).toBe('spikes');
    expect(drain(w.open({ size: 16, path: 'in' }, 1).source).length).toBe(2 + 4);
  });

  it('read gives a neutral spike stream that is opened on an address space and read lazily', () => {
    const w: SpikesWorkload = aerCsvReader.read('workloads/examples/spikes-small.csv');
    expect(w).toMatchObject({ kind: 'spikes', file: 'workloads/examples/spikes-small.csv' });
    const s = w.open({ size: 16, path: 'in' }, 1);
    expect(s.inferences).toBe(1);
    expect(drain(s.source).length).toBe(96);
    const small = errorOf(() => drain(w.open({ size: 4, path: 'tiny' }, 1).source));
    expect(small.message).toMatch(/outside tiny \(0 … 3\)/);
  });

  it('problems a file has on its own are found when it is read, before any hardware is known', () => {
    expect(errorOf(() => aerCsvReader.read(tempFile('nohead.csv', '0,1\n'))).message).toMatch(/starts with the header/);
    expect(errorOf(() => nmnistReader.read('no/such/file.bin')).message).toMatch(/no such file/);
    expect(
      errorOf(() => spikeGeneratorReader.read(tempFile('bad.yaml', 'generator: bursty\nrate: 1MHz\nduration: 1us\n')))
        .location,
    ).toMatchObject({ line: 1, column: 12 });
    expect(
      errorOf(() =>
        spikeGeneratorReader.read(tempFile('nogen.yaml', 'format: spike-generator\nrate: 1MHz\nduration: 1us\n')),
      ).message,
    ).toMatch(/missing key "generator"/);
    // The input's size is a property of the hardware: checked when the stream opens on it.
    const many = spikeGeneratorReader.read(
      tempFile('many.yaml', 'generator: poisson\nrate: 1MHz\nduration: 1us\ninputs: 17\n'),
    );
    expect(errorOf(() => many.open({ size: 16, path: 'in' }, 1)).message).toMatch(/17 inputs, but in has 16/);
  });

  it('an N-MNIST stream needs a W×W×2 address space', () => {
    const w = nmnistReader.read(tempFile('one.bin', encodeNmnist([{ x: 1, y: 2, p: 1, tUs: 3 }])));
    expect(drain(w.open({ size: 2 * 34 * 34, path: 'in' }, 1).source)).toEqual([
      { timePs: 3e6, address: 34 * 34 + 2 * 34 + 1 },
    ]);
    expect(errorOf(() => w.open({ size: 16, path: 'in' }, 1)).message).toMatch(/2312/);
  });
});
