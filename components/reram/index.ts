import type { ComponentRegistry } from '../../core/index.js';
import { reramAdc, reramDac, reramSampleHold } from './converters-bank.js';
import { reramCrossbar } from './crossbar.js';
import { reramActivation, reramPooling, reramShiftAdd } from './digital-units.js';
import { reramIma } from './ima.js';
import { reramTile } from './tile.js';

/** Registers the ReRAM family: crossbar, DAC, sample-and-hold, ADC, shift-and-add, activation, pooling, IMA, tile. */
export function registerReram(registry: ComponentRegistry): void {
  for (const t of [reramCrossbar, reramDac, reramSampleHold, reramAdc, reramShiftAdd, reramActivation, reramPooling, reramIma, reramTile]) registry.register(t);
}
