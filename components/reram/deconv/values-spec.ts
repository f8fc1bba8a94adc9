import { parseLayerList } from '../../../workloads/layers/layer-list.js';
import type { ValuesRequest } from '../../../workloads/layers/values-block.js';
import { valuesSpec } from '../layers/values-options.js';
import type { DeconvCheckLimits } from './value-check.js';

/** The `values:` request of a deconv layer list: check the first `layers` layers, each on a window of its input. */
export interface DeconvValuesSpec extends DeconvCheckLimits {
  /** How many deconv layers, from the first, to check. */
  layers: number;
}

/**
 * The deconv values check a layer list's `values:` asks for: `true`, or
 * `{ seed: 1, layers: 1, output_pixels: 64, out_channels: N }` (the defaults; N
 * is the weight columns of one crossbar, 15 on ISAAC). Absent or `false`: no
 * values. Each checked layer runs on the largest top-left square of its input
 * whose output has at most output_pixels pixels, at most one crossbar's rows of
 * input channels and its first out_channels output channels (`checkedShape`),
 * so an ISAAC-sized layer checks in about a second at most.
 */
export function deconvValuesSpec(request: ValuesRequest | undefined): DeconvValuesSpec | undefined {
  return valuesSpec<DeconvValuesSpec, 'seed' | 'layers' | 'outputPixels' | 'outChannels'>(
    request,
    [
      { key: 'seed', field: 'seed', min: 0, description: 'random weights and inputs' },
      { key: 'layers', field: 'layers', min: 1, description: 'how many deconv layers to check, from the first' },
      {
        key: 'output_pixels',
        field: 'outputPixels',
        min: 1,
        description: 'most output pixels checked per layer: the input window is the largest top-left square within it',
      },
      {
        key: 'out_channels',
        field: 'outChannels',
        min: 1,
        description: 'output channels checked; default one crossbar’s weight columns',
      },
    ],
    { seed: 1, layers: 1, outputPixels: 64 },
  );
}

/** The deconv values check of the layer list in `file` (parses the whole list). */
export function readDeconvValuesSpec(file: string): DeconvValuesSpec | undefined {
  return deconvValuesSpec(parseLayerList(file).values);
}
