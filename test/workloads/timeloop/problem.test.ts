import { describe, expect, it } from 'vitest';
import { errorOf } from '../../support/helen-error.js';
import { readTimeloopProblem, timeloopProblemFromText } from '../../../workloads/timeloop/index.js';

/** A layer without its location, for comparisons. */
const bare = <T extends { loc: unknown }>(l: T): Omit<T, 'loc'> => {
  const { loc: _loc, ...rest } = l;
  return rest;
};

/** AlexNet's first convolution as Timeloop's exercises write it (v0.4, output channels M, shape abbreviated). */
const ALEXNET_1 = [
  'problem:', //                                         1
  '  version: 0.4', //                                   2
  '  shape:', //                                         3
  '    name: CNN_Layer', //                              4
  '    dimensions: [C, M, R, S, N, P, Q]', //            5
  '  instance:', //                                      6
  '    C: 3', //                                         7
  '    Hdilation: 1', //                                 8
  '    Hstride: 4', //                                   9
  '    M: 96', //                                        10
  '    N: 1', //                                         11
  '    P: 55', //                                        12
  '    Q: 55', //                                        13
  '    R: 11', //                                        14
  '    S: 11', //                                        15
  '    Wdilation: 1', //                                 16
  '    Wstride: 4', //                                   17
];

/** ALEXNET_1 with line `line` (1-based) replaced by `text` (undefined: removed). */
function withLine(line: number, text: string | undefined): string {
  const lines = [...ALEXNET_1];
  if (text === undefined) lines.splice(line - 1, 1);
  else lines[line - 1] = text;
  return lines.join('\n');
}

describe('Timeloop problem reader', () => {
  it('reads a CNN layer as a conv layer whose input is what P, R and the stride imply (227 for AlexNet conv1)', () => {
    const list = timeloopProblemFromText(ALEXNET_1.join('\n'), 'AlexNet_layer1.yaml');
    expect(list).toMatchObject({ name: 'AlexNet_layer1', batch: 1 });
    expect(list.layers.map(bare)).toEqual([
      {
        kind: 'conv',
        name: 'AlexNet_layer1',
        input: [227, 227, 3],
        outChannels: 96,
        kernel: 11,
        stride: 4,
        padding: 0,
        activation: 'none',
      },
    ]);
    expect(list.layers[0]!.loc).toMatchObject({ file: 'AlexNet_layer1.yaml', line: 7, column: 5 });
  });

  it('reads the older form: output channels K, batch N, coefficients in any case, missing dimensions 1', () => {
    const text =
      'problem:\n  shape: { name: CNN-Layer }\n  instance: { R: 1, S: 1, P: 7, Q: 5, C: 8, K: 4, N: 2, HStride: 2, WStride: 2 }\n';
    const list = timeloopProblemFromText(text, 'x.yaml');
    expect(list.batch).toBe(2);
    expect(bare(list.layers[0]!)).toMatchObject({ input: [9, 13, 8], outChannels: 4, kernel: 1, stride: 2 });
  });

  it('takes H, W, Hpad and Wpad when given (v0.4 default problem: 224 with padding 1, stride 2 → 112)', () => {
    const text = withLine(9, '    Hstride: 2\n    H: 224\n    W: 224\n    Hpad: 1\n    Wpad: 1')
      .replace('Wstride: 4', 'Wstride: 2')
      .replace(/R: 11/, 'R: 3')
      .replace(/S: 11/, 'S: 3')
      .replace(/P: 55/, 'P: 112')
      .replace(/Q: 55/, 'Q: 112');
    expect(bare(timeloopProblemFromText(text, 'x.yaml').layers[0]!)).toMatchObject({
      input: [224, 224, 3],
      kernel: 3,
      stride: 2,
      padding: 1,
    });
  });

  it('reads a GEMM as an fc layer: M rows, K inputs, N outputs', () => {
    const text =
      'problem:\n  shape: { name: gemm_ABZ, dimensions: [M, N, K] }\n  instance: { M: 64, N: 256, K: 128 }\n';
    expect(timeloopProblemFromText(text, 'mm.yaml').layers.map(bare)).toEqual([
      { kind: 'fc', name: 'mm', inFeatures: 128, outFeatures: 256, rows: 64, activation: 'none' },
    ]);
  });

  it('reads several documents as one layer each; layers after the first are named _2, _3, …', () => {
    const list = readTimeloopProblem('workloads/examples/timeloop-cnn-small.yaml');
    expect(list.layers.map((l) => [l.name, l.kind, 'input' in l ? l.input : undefined])).toEqual([
      ['timeloop-cnn-small', 'conv', [32, 32, 3]],
      ['timeloop-cnn-small_2', 'conv', [32, 32, 16]],
    ]);
  });

  const malformed: [string, string, RegExp][] = [
    [
      'a non-square kernel',
      withLine(15, '    S: 5'),
      /^x\.yaml:15:8: problem\.instance\.S: the kernel must be square \(R = S\).*R=11, S=5 \[E_WORKLOAD\]$/,
    ],
    [
      'unequal strides',
      withLine(9, '    Hstride: 2'),
      /^x\.yaml:9:14: problem\.instance\.Hstride: the strides must be equal .*got 4 and 2/,
    ],
    [
      'a dilation',
      withLine(8, '    Hdilation: 2'),
      /^x\.yaml:8:16: problem\.instance\.Hdilation: "Hdilation" must be 1: dilated convolutions are not read/,
    ],
    [
      'a size that is not a whole number',
      withLine(12, '    P: 5.5'),
      /^x\.yaml:12:8: problem\.instance\.P: "P" \(output width\) must be a whole number ≥ 1, got 5\.5/,
    ],
    [
      'a zero size',
      withLine(7, '    C: 0'),
      /^x\.yaml:7:8: .*"C" \(input channels\) must be a whole number ≥ 1, got 0/,
    ],
    [
      'an unknown dimension',
      withLine(11, '    T: 3'),
      /^x\.yaml:11:5: problem\.instance\.T: unknown dimension "T" for a CNN layer problem; known: R, S, /,
    ],
    [
      'groups',
      withLine(11, '    G: 2'),
      /^x\.yaml:11:5: problem\.instance\.G: grouped convolutions \(G\) are not read/,
    ],
    ['both M and K', withLine(11, '    K: 96'), /^x\.yaml:11:8: problem\.instance\.K: give the output channels once/],
    [
      'an input that does not give P',
      withLine(11, '    N: 1\n    W: 200'),
      /^x\.yaml:12:8: problem\.instance\.W: W=200 gives 48 outputs .* but P=55/,
    ],
    [
      'unequal paddings',
      withLine(11, '    Hpad: 1\n    Wpad: 2'),
      /^x\.yaml:11:11: problem\.instance\.Hpad: the paddings must be equal/,
    ],
    [
      'a shape Helen does not read',
      withLine(4, '    name: dw-cnn-layer'),
      /^x\.yaml:4:11: problem\.shape\.name: problem shape "dw-cnn-layer" is not read/,
    ],
    [
      'an unknown shape name',
      withLine(4, '    name: attention'),
      /^x\.yaml:4:11: problem\.shape\.name: problem shape "attention" is not read; Helen reads CNN layer shapes/,
    ],
    [
      'a dimension foreign to the shape',
      withLine(5, '    dimensions: [C, M, R, S, N, P, Q, T]'),
      /^x\.yaml:5:39: problem\.shape\.dimensions: dimension "T" is not one of the CNN layer shape's/,
    ],
    [
      'a shape without a name',
      withLine(4, '    nam: CNN'),
      /^x\.yaml:4:5: problem\.shape\.name: "shape" must name the problem shape/,
    ],
    [
      'an unknown key in problem',
      withLine(2, '  versio: 0.4'),
      /^x\.yaml:2:3: problem\.versio: unknown key "versio" in problem; known: version, shape, instance/,
    ],
    [
      'no instance',
      ALEXNET_1.slice(0, 5).join('\n'),
      /^x\.yaml:2:3: problem\.instance: "problem\.instance" must be a mapping/,
    ],
    [
      'instance not a mapping',
      withLine(6, '  instance: [1, 2]').split('\n').slice(0, 6).join('\n'),
      /^x\.yaml:6:13: problem\.instance: "problem\.instance" must be a mapping/,
    ],
    [
      'an unknown top-level key',
      'problems:\n  instance: {}\n',
      /^x\.yaml:1:1: problems: unknown top-level key "problems"/,
    ],
    ['problem not a mapping', 'problem: 3\n', /^x\.yaml:1:10: problem: "problem" must be a mapping/],
    ['not a mapping at all', '- 1\n- 2\n', /^x\.yaml:1:1: a Timeloop problem is a mapping/],
    ['a YAML syntax error', 'problem:\n  instance: {R: 3\n', /^x\.yaml:3:1: /],
    [
      'a Jinja template',
      "{{include_text('../problem_base.yaml')}}\nproblem:\n",
      /^x\.yaml:1:1: this is a Jinja template \(timeloopfe\); render it to plain YAML first/,
    ],
    [
      'Sparseloop densities',
      'problem:\n  shape: { name: gemm_ABZ }\n  instance:\n    M: 8\n    densities: { A: { density: 0.5 } }\n',
      /^x\.yaml:5:5: problem\.instance\.densities: sparse densities \(Sparseloop\) are not modelled/,
    ],
    [
      'two batches',
      ALEXNET_1.join('\n') + '\n---\n' + withLine(11, '    N: 4'),
      /^x\.yaml:29:8: problem\.instance\.N: document 2: N \(batch\) is 4 here but 1 in an earlier document \(line 11\)/,
    ],
  ];
  it.each(malformed)('%s: one located error', (_what, text, expected) => {
    expect(errorOf(() => timeloopProblemFromText(text, 'x.yaml')).format()).toMatch(expected);
  });
});
