import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileHead } from '../../../core/index.js';
import { layerListReader } from '../../../workloads/layers/index.js';

describe('the layer-list reader (hardware-neutral)', () => {
  it('recognises a YAML file by its top-level layers: key and reads conv, pool, fc and deconv layers into one network', () => {
    expect(
      layerListReader.recognises!(fileHead('workloads/examples/cnn-small.yaml'), 'workloads/examples/cnn-small.yaml'),
    ).toBe(true);
    expect(layerListReader.recognises!('name: x\nrequests: []\n', 'x.yaml')).toBe(false);
    const cnn = layerListReader.read('workloads/examples/cnn-small.yaml');
    expect(cnn.kind).toBe('layers');
    expect(cnn.network.layers.map((l) => l.kind)).toEqual(['conv', 'conv', 'pool', 'conv', 'pool', 'fc', 'fc']);
    expect(
      layerListReader.read('workloads/examples/deconv-dcgan.yaml').network.layers.every((l) => l.kind === 'deconv'),
    ).toBe(true);
  });

  it('keeps the values: request as written, with the location of every key and value, for the driver to check', () => {
    const v = layerListReader.read('test/components/reram/fixtures/bad-values.yaml').values;
    expect(v?.form).toBe('options');
    if (v?.form !== 'options') return;
    expect(v.entries.map((e) => [e.key, e.value])).toEqual([
      ['seed', 1],
      ['layer', 2],
    ]);
    expect(v.entries[1]!.keyAt).toMatchObject({ line: 2, path: 'values.layer' });
    expect(layerListReader.read('test/components/reram/fixtures/one-conv.yaml').values).toBeUndefined();
  });

  it('accepts (and ignores) a top-level format: layer-list', () => {
    const dir = mkdtempSync(join(tmpdir(), 'helen-layer-list-'));
    const file = join(dir, 'named.yaml');
    writeFileSync(
      file,
      'format: layer-list\nname: named\nvalues: true\nlayers:\n  - { name: f, type: fc, in_features: 4, out_features: 2 }\n',
    );
    const w = layerListReader.read(file);
    expect(w.network.layers).toHaveLength(1);
    expect(w.values?.form).toBe('defaults');
  });
});
