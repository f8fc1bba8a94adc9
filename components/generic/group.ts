import { z } from 'zod';
import { Component, defineComponent, param } from '../../core/index.js';

const params = z
  .object({
    area: param.area('area of the group itself (glue, wiring), beyond its children', { default: 0 }),
    leakage: param.power('static power of the group itself', { default: 0 }),
  })
  .strict();

/** A container: gives a level of hierarchy (chip, tile) its own area and leakage; its children do the work. */
export const genericGroup = defineComponent({
  type: 'generic.group',
  description: 'a level of hierarchy (chip, tile, cluster) holding other components',
  params,
  create: (ctx) =>
    new Component(ctx.parent, ctx.name, {
      clock: ctx.clock,
      params: ctx.params,
      type: ctx.type,
      areaMm2: ctx.params.area,
      leakageMw: ctx.params.leakage,
    }),
});
