import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { errorOf } from '../../support/helen-error.js';
import type { ConvLayer, FcLayer, Layer } from '../../../workloads/layers/index.js';
import {
  layerListToTimeloopProblems,
  layerToTimeloopProblem,
  timeloopProblemFromText,
} from '../../../workloads/timeloop/index.js';

const loc = { file: 'list.yaml', line: 1, column: 1 };
const bare = (l: Layer) => ({ ...l, loc: undefined });

const convLayer = fc
  .record({
    h: fc.integer({ min: 1, max: 300 }),
    w: fc.integer({ min: 1, max: 300 }),
    c: fc.integer({ min: 1, max: 512 }),
    outChannels: fc.integer({ min: 1, max: 512 }),
    kernel: fc.integer({ min: 1, max: 11 }),
    stride: fc.integer({ min: 1, max: 4 }),
    padding: fc.integer({ min: 0, max: 3 }),
  })
  .filter(({ h, w, kernel, padding }) => h + 2 * padding >= kernel && w + 2 * padding >= kernel)
  .map((p): ConvLayer => ({
    kind: 'conv',
    name: 'layer',
    input: [p.h, p.w, p.c],
    outChannels: p.outChannels,
    kernel: p.kernel,
    stride: p.stride,
    padding: p.padding,
    activation: 'none',
    loc,
  }));

const fcLayer = fc
  .record({
    i: fc.integer({ min: 1, max: 8192 }),
    o: fc.integer({ min: 1, max: 8192 }),
    r: fc.integer({ min: 1, max: 2048 }),
  })
  .map((p): FcLayer => ({
    kind: 'fc',
    name: 'layer',
    inFeatures: p.i,
    outFeatures: p.o,
    rows: p.r,
    activation: 'none',
    loc,
  }));

describe('layerToTimeloopProblem', () => {
  it('property: writing a conv or fc layer as a Timeloop problem and reading it back gives the same layer', () => {
    fc.assert(
      fc.property(fc.oneof(convLayer, fcLayer), fc.integer({ min: 1, max: 8 }), (layer, n) => {
        const batch = layer.kind === 'conv' ? n : 1;
        const back = timeloopProblemFromText(layerToTimeloopProblem(layer, batch), 'layer.yaml');
        expect(back.batch).toBe(batch);
        expect(back.layers.map(bare)).toEqual([bare(layer)]);
      }),
      { numRuns: 40 },
    );
  });

  it('writes the v0.4 CNN layer shape in full, with the layer name and its activation in a comment', () => {
    const text = layerToTimeloopProblem({
      ...fc.sample(convLayer, { numRuns: 1, seed: 1 })[0]!,
      name: 'conv1',
      activation: 'relu',
    });
    expect(text).toMatch(
      /^# conv1 \(activation relu: not part of a Timeloop problem\)\nproblem:\n {2}version: 0\.4\n {2}shape:\n {4}name: CNN_Layer\n/,
    );
    expect(text).toContain(
      'projection: [[[N]], [[C]], [[R, Wdilation], [P, Wstride]], [[S, Hdilation], [Q, Hstride]]]',
    );
  });

  it('a layer list becomes one document per layer and reads back with the same layers and batch', () => {
    const layers = fc.sample(convLayer, { numRuns: 3, seed: 7 });
    const { text } = layerListToTimeloopProblems({ name: 'net', batch: 3, layers });
    const back = timeloopProblemFromText(text, 'net.yaml');
    expect(back.batch).toBe(3);
    expect(back.layers.map((l) => l.name)).toEqual(['net', 'net_2', 'net_3']);
    expect(back.layers.map((l) => ({ ...bare(l), name: 'layer' }))).toEqual(layers.map(bare));
  });

  it.each([
    [
      { kind: 'pool', name: 'pool1', input: [8, 8, 4], kernel: 2, stride: 2, loc } as Layer,
      1,
      /^list\.yaml:1:1: pool layer "pool1" has no Timeloop problem shape here; conv \(CNN layer\) and fc \(GEMM\) layers do \[E_EXPORT\]$/,
    ],
    [
      { kind: 'fc', name: 'fc1', inFeatures: 4, outFeatures: 2, rows: 1, activation: 'none', loc } as Layer,
      2,
      /^list\.yaml:1:1: fc layer "fc1": a GEMM problem has no batch dimension, and the batch is 2/,
    ],
  ])('refuses what a Timeloop problem cannot say (%#)', (layer, batch, expected) => {
    expect(errorOf(() => layerToTimeloopProblem(layer, batch)).format()).toMatch(expected);
  });
});
