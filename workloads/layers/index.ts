import type { LegacyReader } from '../legacy.js';
import { fileHead, yamlHasTopLevelKey } from '../../core/index.js';

import { readLayerList } from './layer-list.js';
import { ReramLayerDriver } from './reram-driver.js';
import { readValuesSpec } from './values.js';

export * from './layer-list.js';
export * from './reram-driver.js';

/** A layer list (YAML: conv, fc, pool) run on a ReRAM PIM chip's IMAs. */
export const reramLayerListReader: LegacyReader = {
  format: 'layer-list',
  description: 'YAML list of conv/fc/pool layers mapped onto ReRAM IMAs (ISAAC-style), one phase per layer',
  matches: (file) => (/\.ya?ml$/i.test(file) && yamlHasTopLevelKey(fileHead(file), 'layers')),
  open: (file, model) => new ReramLayerDriver(readLayerList(file), model, file, readValuesSpec(file)),
};
