import { z } from 'zod';
import { Component, childSlot, componentOptions, defineComponent, param } from '../../core/index.js';
import { reramController } from './controller.js';
import { reramIma } from './ima.js';

const params = z
  .object({
    area: param.area('area of the tile beyond its children (control, wiring)', { default: 0 }),
    leakage: param.power('static power of the tile beyond its children', { default: 0 }),
  })
  .strict();

/**
 * Where drivers find a tile's hardware: its controller and its IMAs. Neither
 * is required by the elaborator, so `helen verify` can build a tile cut down
 * to one child; the layer drivers require a controller where there are IMAs.
 */
export const tileSlots = {
  controller: childSlot(reramController, {
    description:
      'the controller that streams layers through the tile (needed by the layer drivers where the tile holds IMAs)',
    max: 1,
  }),
  imas: childSlot(reramIma, { description: 'the IMAs holding the tile’s weights' }),
};

/** A tile: a level of hierarchy holding IMAs, the eDRAM buffer, its bus, output register and digital units. */
export const reramTile = defineComponent({
  type: 'reram.tile',
  description: 'a ReRAM tile: IMAs, eDRAM buffer, bus, output register, activation/pooling/shift-add units',
  params,
  statistics: {},
  slots: tileSlots,
  create: (ctx) => new Component(ctx.parent, ctx.name, componentOptions(ctx)),
});
