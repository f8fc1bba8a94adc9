import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../../api/run.js';
import { exportOnnx } from '../../../api/export.js';
import { readLayerList, type Layer, type LayerWeights } from '../../../workloads/layers/index.js';
import { encodeOnnx, layersToOnnx, readOnnx } from '../../../workloads/onnx/index.js';
import { tempDir } from './build-model.js';

const dir = tempDir();

/** Every layer kind, with shapes that do and do not follow from the previous layer. */
const ALL_KINDS = `
name: all-kinds
batch: 2
layers:
  - { name: c1, type: conv, input: [8, 8, 3], out_channels: 4, kernel: 3, padding: 1 }
  - { name: c2, type: conv, input: [8, 8, 4], out_channels: 4, kernel: 3, padding: 1, activation: none }
  - { name: res, type: add, input: [8, 8, 4], from: c1, activation: relu }
  - { name: p1, type: pool, input: [8, 8, 4], kernel: 2 }
  - { name: up, type: deconv, input: [4, 4, 4], out_channels: 2, kernel: 3, stride: 2, padding: 1, output_padding: 1 }
  - { name: fc1, type: fc, in_features: 128, out_features: 16, activation: sigmoid }
  - { name: proj, type: fc, in_features: 16, out_features: 8, rows: 4, activation: none }
  - { name: scores, type: matmul, m: 4, n: 4, k: 8 }
  - { name: head, type: fc, in_features: 16, out_features: 10, activation: none }
`;

/** Small enough for a unit test: one conv, a pool and an fc. */
const SMALL = `
name: small
batch: 1
layers:
  - { name: conv1, type: conv, input: [8, 8, 3], out_channels: 8, kernel: 3, padding: 1 }
  - { name: pool1, type: pool, input: [8, 8, 8], kernel: 2 }
  - { name: fc1, type: fc, in_features: 128, out_features: 10, activation: none }
`;

const strip = (layers: readonly Layer[]) => layers.map(({ loc: _loc, ...rest }) => rest);

function yamlFile(name: string, text: string): string {
  const f = join(dir, `${name}.yaml`);
  writeFileSync(f, text);
  return f;
}

function toOnnxFile(name: string, yaml: string, weights?: ReadonlyMap<string, LayerWeights>): string {
  const f = join(dir, `${name}.onnx`);
  writeFileSync(f, encodeOnnx(layersToOnnx(readLayerList(yamlFile(name, yaml)), { weights })));
  return f;
}

describe('layersToOnnx', () => {
  it('a layer list of every kind → ONNX → Helen is the same layer list (kinds, shapes, activations, batch)', () => {
    const list = readLayerList(yamlFile('all', ALL_KINDS));
    const back = readOnnx(toOnnxFile('all', ALL_KINDS));
    expect(back.network.batch).toBe(2);
    expect(strip(back.network.layers)).toEqual(strip(list.layers));
    expect(back.weights).toBeUndefined();
  });

  it('weights given to the writer come back as the same values (initializers), with their biases', () => {
    const values = (n: number) => Float32Array.from({ length: n }, (_, i) => Math.fround(Math.sin(i)));
    const weights = new Map<string, LayerWeights>([
      ['c1', { rows: 27, cols: 4, values: values(108), bias: values(4) }],
      ['up', { rows: 36, cols: 2, values: values(72) }],
      ['fc1', { rows: 128, cols: 16, values: values(2048), bias: values(16) }],
      ['proj', { rows: 16, cols: 8, values: values(128), bias: values(8) }],
    ]);
    const back = readOnnx(toOnnxFile('weights', ALL_KINDS, weights));
    expect([...back.weights!.keys()].sort()).toEqual([...weights.keys()].sort());
    for (const [name, w] of weights) expect(back.weights!.get(name)).toEqual(w);
  });

  it('the exported ONNX runs on isaac-small with the same cycles, energy and phases as the YAML list', () => {
    const yaml = yamlFile('small', SMALL);
    const out = join(dir, 'small-export.onnx');
    expect(exportOnnx({ workload: yaml, out })).toMatchObject({ layers: 3, withWeights: 0 });
    const a = runSimulation({ architecture: 'architectures/isaac-small.yaml', workload: yaml });
    const b = runSimulation({ architecture: 'architectures/isaac-small.yaml', workload: out });
    expect(b.stop.reason).toBe('completed');
    expect([b.cycles, b.energy_pj]).toEqual([a.cycles, a.energy_pj]);
    expect(b.phases.map((p) => [p.name, p.cycles, p.energy_pj])).toEqual(
      a.phases.map((p) => [p.name, p.cycles, p.energy_pj]),
    );
  });

  it.each([
    ['a transformer block', 'workloads/examples/transformer-block.yaml', 'architectures/llm-accelerator.yaml'],
    ['a residual block', 'workloads/examples/resnet-block.yaml', 'architectures/systolic-os-32.yaml'],
    ['a DCGAN generator (ConvTranspose under RED)', 'workloads/examples/deconv-dcgan.yaml', 'architectures/red.yaml'],
  ])('%s (%s) exported as ONNX runs on %s like the YAML list, layer for layer', (_what, workload, architecture) => {
    const out = join(dir, `${_what.replace(/ /g, '-')}.onnx`);
    exportOnnx({ workload, out });
    const a = runSimulation({ architecture, workload });
    const b = runSimulation({ architecture, workload: out });
    expect(b.stop.reason).toBe('completed');
    expect(b.phases.map((p) => [p.name, p.cycles, p.energy_pj])).toEqual(
      a.phases.map((p) => [p.name, p.cycles, p.energy_pj]),
    );
    expect(b.phases.length).toBeGreaterThanOrEqual(5);
  });
});
