import type { LegacyReader } from '../legacy.js';
import { openSync, readSync, closeSync } from 'node:fs';

import { findGemmTarget, LayerDriver } from './layer-driver.js';
import { readTopology, topologyForm } from './topology-csv.js';

export * from './conv.js';
export * from './topology-csv.js';
export * from './layer-driver.js';

/** The first line of a file (at most 4 KiB), or undefined if it cannot be read. */
function firstLine(file: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const buf = Buffer.alloc(4096);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).toString('utf8').split(/\r?\n/)[0];
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * SCALE-Sim topology CSVs (GEMM `Layer, M, N, K,` or conv form): one phase per
 * layer on the model's systolic.array. Other CSV formats are left to other
 * readers: a .csv file is claimed only when its header is a topology header
 * (or when it cannot be read, so that the error names the file).
 */
export const scalesimTopologyReader: LegacyReader = {
  format: 'scalesim-topology',
  description: 'SCALE-Sim topology CSV (GEMM "Layer, M, N, K," or conv form), one phase per layer on a systolic.array',
  matches: (file) => {
    if (!/\.csv$/i.test(file)) return false;
    const header = firstLine(file);
    return header === undefined || topologyForm(header) !== undefined;
  },
  open: (file, model) => new LayerDriver(readTopology(file).layers, findGemmTarget(model, file), model),
};
