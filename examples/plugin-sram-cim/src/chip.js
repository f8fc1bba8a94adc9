// cim.chip: a chip of SRAM CIM macros, found by the driver through the chip's declared slot.
import { Component, childSlot, componentOptions, defineComponent, fillSlot, param, z } from 'helen';
import { sramMacro } from './macro.js';

const params = z
  .object({
    area: param.area('area of the chip outside its macros (control, buffers, wiring)', { default: 0 }),
    leakage: param.power('static power of the chip outside its macros', { default: 0 }),
  })
  .strict();

/** Where a chip's macros are: its direct children of type cim.sram_macro, at least one. */
const macroSlot = childSlot(sramMacro, { description: 'the macros GEMMs are split across', min: 1 });

/** A chip whose macros share the GEMMs of a workload (the driver splits each one across them). */
export class CimChip extends Component {
  /** @param {import('helen').CreateContext<z.infer<typeof params>>} ctx */
  constructor(ctx) {
    super(ctx.parent, ctx.name, componentOptions(ctx));
  }

  /** The chip's macros, in tree order (typed by the slot). */
  get macros() {
    return fillSlot(this, macroSlot);
  }
}

/** The `cim.chip` component type. */
export const cimChip = defineComponent({
  type: 'cim.chip',
  description: 'a chip of SRAM compute-in-memory macros that share each GEMM of a gemm-list workload',
  params,
  slots: { macros: macroSlot },
  statistics: {},
  create: (ctx) => new CimChip(ctx),
});
