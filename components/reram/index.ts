import { reramGemmLayersDriver } from '../../workloads/layers/topology.js';
import type { HelenPlugin, Session } from '../../core/index.js';
import { reramAdc, reramDac, reramSampleHold } from './converters-bank.js';
import { reramController } from './controller.js';
import { reramCrossbar } from './crossbar.js';
import { reramActivation, reramPooling, reramShiftAdd } from './digital-units.js';
import { reramIma } from './ima.js';
import { reramImaProperties } from './properties.js';
import { reramTile } from './tile.js';
import { reramDeconvController } from './deconv/controller.js';

/** The reram family as a plug-in: ReRAM family: crossbar, DAC, sample-and-hold, ADC, shift-and-add, activation, pooling, IMA, tile, tile controller */
export const reramPlugin: HelenPlugin = {
  name: 'helen-reram',
  description: 'ReRAM family: crossbar, DAC, sample-and-hold, ADC, shift-and-add, activation, pooling, IMA, tile, tile controller',
  register(session: Session): void {
    const registry = session.registry;
  for (const t of [reramCrossbar, reramDac, reramSampleHold, reramAdc, reramShiftAdd, reramActivation, reramPooling, { ...reramIma, properties: reramImaProperties }, reramTile, reramController]) registry.register(t);
  registry.register(reramDeconvController); // deconvolution mappings (components/reram/deconv/)
    session.addDriver(reramGemmLayersDriver);
  },
};
