import { z } from 'zod';
import { Component, defineComponent, param, type CreateContext, componentOptions } from '../../../core/index.js';

const params = z
  .object({
    mapping: param.enum(
      ['zero_insertion', 'padding_free', 'red'] as const,
      'how deconv layers run: zero_insertion (stride-1 conv over the zero-inflated input), padding_free (conv of the raw input + overlap-add and crop), red (pixel-wise sub-kernels + zero-skipping input buffers)',
      { default: 'zero_insertion' },
    ),
    placement: param.enum(
      ['layer', 'network'] as const,
      'layer: each layer gets every IMA in turn (reprogramming is not modelled); network: all layers stay resident (ISAAC)',
      { default: 'network' },
    ),
    replicate: param.boolean(
      'copy a layer’s weights onto IMAs left over and split its vectors between the copies (ISAAC)',
      { default: true },
    ),
    zero_skip_buffer: param.string(
      'tile child (memory.buffer) that holds input rows and feeds only non-zero inputs to the crossbars (red)',
      { default: 'zsb' },
    ),
    overlap_adder: param.string('tile child (reram.shift_add) that adds overlapping partial outputs (padding_free)', {
      default: 'ola',
    }),
    area: param.area('area of the control logic', { default: 0 }),
    leakage: param.power('static power of the control logic', { default: 0 }),
  })
  .strict();

/** Parameters of the deconvolution controller. */
export type DeconvControllerParams = z.infer<typeof params>;

/**
 * Names the way an architecture runs transposed convolutions; the deconv
 * layer driver (deconv/driver.ts, the `reram-deconv` driver) reads it and
 * issues the operations of that mapping to the chip's IMAs, buffers and adders.
 * A chip with one runs layer lists through that driver.
 */
export class DeconvController extends Component {
  readonly p: DeconvControllerParams;
  constructor(ctx: CreateContext<DeconvControllerParams>) {
    super(ctx.parent, ctx.name, componentOptions(ctx));
    this.p = ctx.params;
  }
}

/** `reram.deconv_controller`: names the deconvolution mapping; a chip with one runs layer lists through the `reram-deconv` driver. */
export const reramDeconvController = defineComponent({
  type: 'reram.deconv_controller',
  description:
    'chooses how deconv layers map onto the chip (zero insertion, padding-free, RED) and how they are placed',
  params,
  statistics: {},
  create: (ctx) => new DeconvController(ctx),
});
