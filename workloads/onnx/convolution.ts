import { checkDeconvShape, deconvOutputSize } from '../layers/deconv-shape.js';
import { outputSize, type Activation } from '../layers/layer-list.js';
import type { LayerWeights } from '../layers/weights.js';
import { biasOf } from './folding.js';
import type { NodeContext } from './graph.js';
import { forEachKernelEntry } from './layout.js';

/** Kernel, stride and padding of a 2-D window, checked square and symmetric. */
export interface Window {
  kernel: number;
  stride: number;
  padding: number;
}

/**
 * A node's 2-D window attributes (kernel_shape, strides, pads, dilations,
 * auto_pad), as a layer list states them: square kernels, equal strides,
 * the same padding on all four sides. Anything else is an error at the node.
 */
export function windowOf(
  ctx: NodeContext,
  kernelFromWeights: [number, number] | undefined,
  defaultStride: number,
): Window {
  const kernelShape = ctx.attrs.ints('kernel_shape', kernelFromWeights);
  if (!kernelShape || kernelShape.length !== 2) ctx.fail('"kernel_shape" must give two dimensions (a 2-D window)');
  if (kernelFromWeights && (kernelShape[0] !== kernelFromWeights[0] || kernelShape[1] !== kernelFromWeights[1]))
    ctx.fail(
      `"kernel_shape" [${kernelShape.join(', ')}] does not match the weights' [${kernelFromWeights.join(', ')}]`,
    );
  if (kernelShape[0] !== kernelShape[1])
    ctx.fail(`kernel ${kernelShape.join('×')} is not square; a layer list takes K×K kernels`);
  const strides = ctx.attrs.ints('strides', [defaultStride, defaultStride])!;
  if (strides.length !== 2 || strides[0] !== strides[1] || strides[0]! < 1)
    ctx.fail(`strides [${strides.join(', ')}] must be two equal whole numbers ≥ 1`);
  const pads = ctx.attrs.ints('pads', [0, 0, 0, 0])!;
  if (pads.length !== 4 || pads.some((p) => p !== pads[0]) || pads[0]! < 0)
    ctx.fail(`pads [${pads.join(', ')}] are not symmetric; a layer list takes the same padding on all four sides`);
  const dilations = ctx.attrs.ints('dilations', [1, 1])!;
  if (dilations.some((d) => d !== 1)) ctx.fail(`dilations [${dilations.join(', ')}] are not supported (only 1)`);
  const autoPad = ctx.attrs.string('auto_pad', 'NOTSET');
  if (autoPad !== 'NOTSET' && autoPad !== 'VALID')
    ctx.fail(`auto_pad "${autoPad}" is not supported; export with explicit pads`);
  return { kernel: kernelShape[0]!, stride: strides[0]!, padding: pads[0]! };
}

/** `group` must be 1: a layer list has no grouped or depthwise convolutions. */
function checkGroup(ctx: NodeContext): void {
  const group = ctx.attrs.int('group', 1);
  if (group !== 1) ctx.fail(`group ${group} (a grouped or depthwise convolution) is not supported; only group 1`);
}

/** A kernel tensor as the layer's weight matrix (see `forEachKernelEntry`). */
function kernelMatrix(values: Float32Array, dims: number[], inFirst: boolean): Float32Array {
  const out = new Float32Array(values.length);
  forEachKernelEntry(dims, inFirst, (t, m) => (out[m] = values[t]!));
  return out;
}

/** Conv → a conv layer. */
export function convertConv(ctx: NodeContext): void {
  convertKernelLayer(ctx, false);
}

/** ConvTranspose → a deconv layer. */
export function convertConvTranspose(ctx: NodeContext): void {
  convertKernelLayer(ctx, true);
}

function convertKernelLayer(ctx: NodeContext, transposed: boolean): void {
  const x = ctx.activation(0, 4);
  const w = ctx.requiredConstant(1, 'weights');
  if (w.dims.length !== 4) ctx.fail(`weights have shape [${w.dims.join(', ')}]; expected 4 dimensions`);
  checkGroup(ctx);
  const [, inC, h, wd] = x.shape as [number, number, number, number];
  const weightIn = transposed ? w.dims[0]! : w.dims[1]!;
  const outC = transposed ? w.dims[1]! : w.dims[0]!;
  if (weightIn !== inC)
    ctx.fail(`shape mismatch: the input has ${inC} channels but the weights [${w.dims.join(', ')}] expect ${weightIn}`);
  const win = windowOf(ctx, [w.dims[2]!, w.dims[3]!], 1);
  const bias = biasOf(ctx, ctx.constant(2), outC);
  const weights: LayerWeights | undefined = w.values && {
    rows: win.kernel * win.kernel * inC,
    cols: outC,
    values: kernelMatrix(w.values, w.dims, transposed),
    ...(bias ? { bias } : {}),
  };
  const common = {
    name: ctx.name,
    input: [h, wd, inC] as [number, number, number],
    outChannels: outC,
    kernel: win.kernel,
    stride: win.stride,
    padding: win.padding,
    activation: 'none' as Activation,
    loc: ctx.at,
  };
  if (transposed) {
    if (ctx.attrs.has('output_shape')) ctx.fail('"output_shape" is not supported; export with pads and output_padding');
    const op = ctx.attrs.ints('output_padding', [0, 0])!;
    if (op.length !== 2 || op[0] !== op[1]) ctx.fail(`output_padding [${op.join(', ')}] must be two equal numbers`);
    const outputPadding = op[0]!;
    checkDeconvShape(
      { inH: h, inW: wd, inC, outC, kernel: win.kernel, stride: win.stride, padding: win.padding, outputPadding },
      () => ctx.at,
    );
    const size = (i: number) => deconvOutputSize(i, win.kernel, win.stride, win.padding, outputPadding);
    const index = ctx.addLayer({ kind: 'deconv', ...common, outputPadding }, weights);
    ctx.output({ shape: [x.shape[0]!, outC, size(h), size(wd)], producer: index });
    return;
  }
  const [oh, ow] = [
    outputSize(h, win.kernel, win.stride, win.padding),
    outputSize(wd, win.kernel, win.stride, win.padding),
  ];
  if (oh < 1 || ow < 1)
    ctx.fail(`a ${win.kernel}×${win.kernel} kernel does not fit a ${h}×${wd} input with padding ${win.padding}`);
  const index = ctx.addLayer({ kind: 'conv', ...common }, weights);
  ctx.output({ shape: [x.shape[0]!, outC, oh, ow], producer: index });
}
