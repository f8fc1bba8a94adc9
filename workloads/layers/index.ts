import { closeSync, openSync, readSync } from 'node:fs';
import type { WorkloadReader } from '../workload.js';
import { readLayerList } from './layer-list.js';
import { ReramLayerDriver } from './reram-driver.js';

export * from './layer-list.js';
export * from './reram-driver.js';

/** Whether a YAML file looks like a layer list (a top-level `layers:` key in its first 64 KiB). */
function looksLikeLayerList(file: string): boolean {
  if (!/\.ya?ml$/i.test(file)) return false;
  try {
    const fd = openSync(file, 'r');
    try {
      const buf = Buffer.alloc(65536);
      const n = readSync(fd, buf, 0, buf.length, 0);
      return /^layers\s*:/m.test(buf.toString('utf8', 0, n));
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

/** A layer list (YAML: conv, fc, pool) run on a ReRAM PIM chip's IMAs. */
export const reramLayerListReader: WorkloadReader = {
  format: 'layer-list',
  description: 'YAML list of conv/fc/pool layers mapped onto ReRAM IMAs (ISAAC-style), one phase per layer',
  matches: looksLikeLayerList,
  open: (file, model) => new ReramLayerDriver(readLayerList(file), model, file),
};
