import { outputSize } from '../layers/layer-list.js';
import { windowOf } from './convolution.js';
import type { NodeContext } from './graph.js';

/** MaxPool → a pool layer (no padding, ceil_mode only where it changes nothing). */
export function convertMaxPool(ctx: NodeContext): void {
  pool(ctx, false);
}

/** AveragePool → a pool layer of the same window, noted as an approximation (a layer list has max pooling only). */
export function convertAveragePool(ctx: NodeContext): void {
  pool(ctx, false);
  ctx.note('modelled as a max pool of the same window (same window reads; comparisons instead of additions)');
}

/** GlobalAveragePool / GlobalMaxPool → a pool layer whose window is the whole (square) image. */
export function convertGlobalPool(ctx: NodeContext): void {
  pool(ctx, true);
  if (ctx.opType === 'GlobalAveragePool')
    ctx.note('modelled as a max pool of the whole image (same window reads; comparisons instead of additions)');
}

function pool(ctx: NodeContext, global: boolean): void {
  const x = ctx.activation(0, 4);
  const [n, c, h, w] = x.shape as [number, number, number, number];
  if (global && h !== w) ctx.fail(`a global pool of a ${h}×${w} image is not a square window; a pool layer takes K×K`);
  const win = global ? { kernel: h, stride: h, padding: 0 } : windowOf(ctx, undefined, 1);
  if (win.padding !== 0) ctx.fail(`pads ${win.padding} are not supported: a pool layer has no padding`);
  const [oh, ow] = [outputSize(h, win.kernel, win.stride, 0), outputSize(w, win.kernel, win.stride, 0)];
  if (oh < 1 || ow < 1) ctx.fail(`a ${win.kernel}×${win.kernel} window does not fit a ${h}×${w} input`);
  if (
    ctx.attrs.int('ceil_mode', 0) !== 0 &&
    ((h - win.kernel) % win.stride !== 0 || (w - win.kernel) % win.stride !== 0)
  )
    ctx.fail('ceil_mode 1 adds a partial window here; a pool layer rounds down (export with ceil_mode 0)');
  const index = ctx.addLayer({
    kind: 'pool',
    name: ctx.name,
    input: [h, w, c],
    kernel: win.kernel,
    stride: win.stride,
    loc: ctx.at,
  });
  ctx.output({ shape: [n, c, oh, ow], producer: index, ...(x.nonNegative ? { nonNegative: true } : {}) });
}
