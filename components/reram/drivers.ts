import type { DriverType, Elaboration } from '../../core/index.js';
import type { GemmLayersWorkload } from '../../workloads/gemm/index.js';
import type { LayersWorkload } from '../../workloads/layers/index.js';
import { DeconvLayerDriver, deconvLayers } from './deconv/driver.js';
import { deconvValuesSpec } from './deconv/values-spec.js';
import { checkStreamedLayers, ReramLayerDriver } from './layers/driver.js';
import { deconvControllers, hasReramTiles } from './layers/hardware.js';
import { topologyNetwork } from './layers/topology.js';
import { layerValuesSpec } from './layers/values.js';

/** A model whose tiles stream layers (and which names no deconvolution mapping). */
const streamsLayers = (model: Elaboration) => hasReramTiles(model) && deconvControllers(model).length === 0;

/** Layer lists on a ReRAM chip's tiles: each layer mapped onto reram.ima crossbars and streamed by the tile controllers. */
export const reramLayersDriver: DriverType<LayersWorkload> = {
  name: 'reram-layers',
  description:
    'conv/fc/pool/add layers mapped onto the reram.ima crossbars of reram.tile components (ISAAC-style), streamed by their controllers; a chip without a reram.deconv_controller',
  accepts: 'layers',
  fits: streamsLayers,
  open: (w, model, progress) => {
    // Layers first: a list this driver cannot run is reported as such, not as a values option it lacks.
    checkStreamedLayers(w.network, model);
    const values = layerValuesSpec(w.values);
    return new ReramLayerDriver(w.network, model, w.file, values && { ...values, weights: w.weights }, progress);
  },
};

/** Deconv layer lists on a ReRAM chip under the mapping its reram.deconv_controller names. */
export const reramDeconvDriver: DriverType<LayersWorkload> = {
  name: 'reram-deconv',
  description:
    'deconv (transposed conv) layers run on reram.ima crossbars under the reram.deconv_controller’s mapping (zero insertion, padding-free, RED)',
  accepts: 'layers',
  fits: (model) => deconvControllers(model).length > 0,
  open: (w, model, progress) => {
    deconvLayers(w.network);
    return new DeconvLayerDriver(w.network, model, w.file, deconvValuesSpec(w.values), progress);
  },
};

/** GEMM layer lists (SCALE-Sim topologies) on a ReRAM chip: each layer mapped onto reram.ima crossbars, one phase per layer. */
export const reramGemmLayersDriver: DriverType<GemmLayersWorkload> = {
  name: 'reram-gemm-layers',
  description: 'GEMM layers mapped onto the reram.ima crossbars of a ReRAM chip (ISAAC-style), one phase per layer',
  accepts: 'gemm-layers',
  fits: hasReramTiles,
  open: (w, model) => new ReramLayerDriver(topologyNetwork(w), model, w.file),
};
