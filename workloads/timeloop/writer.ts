// Helen layers as Timeloop problem specifications (v0.4 layout, shapes spelled out so Timeloop needs no shape file).
import { HelenError } from '../../core/index.js';
import { outputSize, type Layer, type LayerList } from '../layers/layer-list.js';

/** Timeloop's CNN layer shape (v0.4 spelling, output channels M): dimensions, coefficients and projections. */
const CNN_SHAPE = `  shape:
    name: CNN_Layer
    dimensions: [C, M, R, S, N, P, Q]
    coefficients:
      - { name: Wstride, default: 1 }
      - { name: Hstride, default: 1 }
      - { name: Wdilation, default: 1 }
      - { name: Hdilation, default: 1 }
    data_spaces:
      - name: Weights
        projection: [[[C]], [[M]], [[R]], [[S]]]
      - name: Inputs
        projection: [[[N]], [[C]], [[R, Wdilation], [P, Wstride]], [[S, Hdilation], [Q, Hstride]]]
      - name: Outputs
        projection: [[[N]], [[M]], [[Q]], [[P]]]
        read_write: true
`;

/** Timeloop's GEMM shape (as gemm_ABZ): A is M×K, B is N×K, Z = A·Bᵀ is M×N. */
const GEMM_SHAPE = `  shape:
    name: GEMM
    dimensions: [M, N, K]
    data_spaces:
      - name: A
        projection: [[[M]], [[K]]]
      - name: B
        projection: [[[N]], [[K]]]
      - name: Z
        projection: [[[M]], [[N]]]
        read_write: true
`;

/** `{ K: v, … }` on one line. */
function flow(values: Record<string, number>): string {
  return `{ ${Object.entries(values)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ')} }`;
}

/**
 * A Timeloop problem (one YAML document) for a conv layer (CNN layer shape, N =
 * `batch`, with the input extent H, W and padding Hpad, Wpad as v0.4 examples
 * give them) or an fc layer (GEMM: M = rows, K = inputs, N = outputs). Timeloop
 * problems have no name or activation: both go in a comment. Other layer kinds,
 * and fc layers with a batch (GEMM has no batch dimension), are errors.
 */
export function layerToTimeloopProblem(layer: Layer, batch = 1): string {
  const header = `# ${layer.name}${'activation' in layer ? ` (activation ${layer.activation}: not part of a Timeloop problem)` : ''}\n`;
  if (layer.kind === 'conv') {
    const [h, w, c] = layer.input;
    const instance = {
      C: c,
      M: layer.outChannels,
      R: layer.kernel,
      S: layer.kernel,
      N: batch,
      P: outputSize(w, layer.kernel, layer.stride, layer.padding),
      Q: outputSize(h, layer.kernel, layer.stride, layer.padding),
      Wstride: layer.stride,
      Hstride: layer.stride,
      Wdilation: 1,
      Hdilation: 1,
      H: h,
      W: w,
      Hpad: layer.padding,
      Wpad: layer.padding,
    };
    return `${header}problem:\n  version: 0.4\n${CNN_SHAPE}  instance: ${flow(instance)}\n`;
  }
  if (layer.kind === 'fc') {
    if (batch !== 1)
      throw new HelenError(
        'E_EXPORT',
        `fc layer "${layer.name}": a GEMM problem has no batch dimension, and the batch is ${batch}; fold it into rows`,
        layer.loc,
      );
    const instance = { M: layer.rows, N: layer.outFeatures, K: layer.inFeatures };
    return `${header}problem:\n  version: 0.4\n${GEMM_SHAPE}  instance: ${flow(instance)}\n`;
  }
  throw new HelenError(
    'E_EXPORT',
    `${layer.kind} layer "${layer.name}" has no Timeloop problem shape here; conv (CNN layer) and fc (GEMM) layers do`,
    layer.loc,
  );
}

/** Whether a layer has a Timeloop problem shape: conv (CNN layer) and fc (GEMM) do; pool, add and the rest do not. */
export function hasTimeloopShape(layer: Layer): boolean {
  return layer.kind === 'conv' || layer.kind === 'fc';
}

/**
 * A layer list as Timeloop problems, one YAML document per layer that has a
 * problem shape (`---` between them), as pytorch2timeloop does; the layers
 * without one are returned as `skipped` (`name (kind)`).
 */
export function layerListToTimeloopProblems(list: LayerList): { text: string; written: number; skipped: string[] } {
  const kept = list.layers.filter(hasTimeloopShape);
  return {
    text: kept.map((l) => layerToTimeloopProblem(l, list.batch)).join('---\n'),
    written: kept.length,
    skipped: list.layers.filter((l) => !hasTimeloopShape(l)).map((l) => `${l.name} (${l.kind})`),
  };
}
