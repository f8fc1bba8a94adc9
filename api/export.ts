import { HelenError, readWorkload, type ReaderOptions } from '../core/index.js';
import type { LayersWorkload } from '../workloads/layers/index.js';
import { encodeOnnx, layersToOnnx } from '../workloads/onnx/index.js';
import { layerListToTimeloopProblems } from '../workloads/timeloop/writer.js';
import { writeFileAtomic } from './output.js';
import { defaultSession, type Session } from './session.js';

/** What `exportOnnx` reads and writes. */
export interface ExportOptions {
  /** The workload file (a layer list, an ONNX model, …: any reader that produces layers). */
  workload: string;
  /** The ONNX file to write. */
  out: string;
  /** Workload format name (`--format`), when its name and content do not say. */
  format?: string;
  /** Options for the workload's reader (`--input-shape`, `--ignore-op`). */
  readerOptions?: ReaderOptions;
  /** Readers (default: everything Helen ships). */
  session?: Session;
}

/** What an export wrote. */
export interface ExportResult {
  /** Layers written. */
  layers: number;
  /** Layers written with their weights as initializers (the rest by shape only). */
  withWeights: number;
  bytes: number;
}

/**
 * Writes a layer workload as an ONNX model (atomically): the layers, with the
 * weights the workload carries as initializers and all others declared by
 * shape only. A workload that is not a layer list is an error naming its kind.
 */
export function exportOnnx(options: ExportOptions): ExportResult {
  const layers = readLayers(options, 'ONNX');
  const bytes = encodeOnnx(layersToOnnx(layers.network, { weights: layers.weights }));
  writeFileAtomic(options.out, bytes, { option: '--onnx' });
  const withWeights = layers.network.layers.filter((l) => layers.weights?.has(l.name)).length;
  return { layers: layers.network.layers.length, withWeights, bytes: bytes.length };
}

/**
 * Writes a layer workload as Timeloop problem specifications (atomically):
 * one YAML document per conv (CNN-Layer) or fc (GEMM) layer, as
 * pytorch2timeloop does; the other layers (pool, add, …) have no Timeloop
 * problem and are returned as skipped. A list with none of either is an error.
 */
export function exportTimeloop(options: ExportOptions): { layers: number; skipped: string[]; bytes: number } {
  const { network } = readLayers(options, 'Timeloop problems');
  const { text, written, skipped } = layerListToTimeloopProblems(network);
  if (written === 0)
    throw new HelenError('E_EXPORT', 'no conv or fc layer to write as a Timeloop problem', { file: options.workload });
  writeFileAtomic(options.out, text, { option: '--timeloop' });
  return { layers: written, skipped, bytes: new TextEncoder().encode(text).length };
}

/** The workload as layers; any other kind is an error naming it and the format asked for. */
function readLayers(options: ExportOptions, format: string): LayersWorkload {
  const session = options.session ?? defaultSession();
  const w = readWorkload(session, options.workload, options.format, options.readerOptions);
  if (w.kind !== 'layers')
    throw new HelenError(
      'E_WORKLOAD',
      `only layer workloads can be written as ${format}; this file reads as "${w.kind}"`,
      { file: options.workload },
    );
  return w as LayersWorkload;
}
