import { z } from 'zod';
import { Component, defineComponent, param } from '../../core/index.js';

const params = z
  .object({
    area: param.area('area of the tile beyond its children (control, wiring)', { default: 0 }),
    leakage: param.power('static power of the tile beyond its children', { default: 0 }),
  })
  .strict();

/** A tile: a level of hierarchy holding IMAs, the eDRAM buffer, its bus, output register and digital units. */
export const reramTile = defineComponent({
  type: 'reram.tile',
  description: 'a ReRAM tile: IMAs, eDRAM buffer, bus, output register, activation/pooling/shift-add units',
  params,
  create: (ctx) => new Component(ctx.parent, ctx.name, { clock: ctx.clock, params: ctx.params, type: ctx.type, areaMm2: ctx.params.area, leakageMw: ctx.params.leakage }),
});
