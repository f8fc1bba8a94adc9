import type { HelenPlugin, Session } from '../../core/index.js';
import { reramAdc, reramDac, reramSampleHold } from './converters-bank.js';
import { reramController } from './controller.js';
import { reramCrossbar } from './crossbar.js';
import { reramDeconvController } from './deconv/controller.js';
import { reramActivation, reramPooling, reramShiftAdd } from './digital-units.js';
import { reramDeconvDriver, reramGemmLayersDriver, reramLayersDriver } from './drivers.js';
import { reramIma } from './ima.js';
import { reramImaProperties } from './properties.js';
import { reramTile } from './tile.js';

/** The ReRAM family as a plug-in: its component types and the drivers that run layer lists and GEMM lists on them. */
export const reramPlugin: HelenPlugin = {
  name: 'helen-reram',
  description:
    'ReRAM family: crossbar, DAC, sample-and-hold, ADC, shift-and-add, activation, pooling, IMA, tile, tile controller, deconvolution controller; layer, deconv and GEMM-layer drivers',
  register(session: Session): void {
    const registry = session.registry;
    for (const t of [
      reramCrossbar,
      reramDac,
      reramSampleHold,
      reramAdc,
      reramShiftAdd,
      reramActivation,
      reramPooling,
      { ...reramIma, properties: reramImaProperties },
      reramTile,
      reramController,
      reramDeconvController,
    ])
      registry.register(t);
    session.addDriver(reramLayersDriver).addDriver(reramDeconvDriver).addDriver(reramGemmLayersDriver);
  },
};
