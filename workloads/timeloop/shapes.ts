// The two Timeloop problem shapes Helen reads: their dimensions and coefficients.

/** Dimensions of Timeloop's CNN layer shape; output channels are `M` (v0.4) or `K` (older examples). */
export const CNN_DIMENSIONS = ['R', 'S', 'P', 'Q', 'C', 'M', 'K', 'N'] as const;

/** Coefficients of the CNN layer shape (each defaults to 1). */
export const CNN_COEFFICIENTS = ['Wstride', 'Hstride', 'Wdilation', 'Hdilation'] as const;

/** Instance keys some CNN problems add beside the shape's own (v0.4 examples): input extent and padding. */
export const CNN_EXTRAS = ['H', 'W', 'Hpad', 'Wpad'] as const;

/** Dimensions of the GEMM shape (Timeloop's gemm_ABZ: A is M×K, B is N×K, Z is M×N). */
export const GEMM_DIMENSIONS = ['M', 'N', 'K'] as const;

/** Which shape a problem is. */
export type ProblemShape = 'cnn' | 'gemm';

/** What each instance key means, for messages. */
export const INSTANCE_KEYS: Readonly<Record<ProblemShape, Readonly<Record<string, string>>>> = {
  cnn: {
    R: 'kernel width',
    S: 'kernel height',
    P: 'output width',
    Q: 'output height',
    C: 'input channels',
    M: 'output channels (v0.4 name)',
    K: 'output channels (older name)',
    N: 'batch',
    Wstride: 'horizontal stride (1)',
    Hstride: 'vertical stride (1)',
    Wdilation: 'horizontal dilation (1; only 1 is read)',
    Hdilation: 'vertical dilation (1; only 1 is read)',
    H: 'input height (default: what Q, S and Hstride imply)',
    W: 'input width (default: what P, R and Wstride imply)',
    Hpad: 'zero padding on top and bottom (0)',
    Wpad: 'zero padding left and right (0)',
  },
  gemm: {
    M: 'rows of A and Z (vectors the weights are applied to)',
    N: 'columns of Z (outputs)',
    K: 'the reduced dimension (inputs)',
  },
};

/**
 * The shape a `shape.name` names: CNN for names with cnn/conv, GEMM for
 * gemm/matmul/mm; undefined otherwise, and for depthwise or grouped shapes
 * (dw-cnn-layer, …), whose filters see one channel or group: not a CNN layer.
 */
export function shapeOfName(name: string): ProblemShape | undefined {
  if (/(^|[^a-z])dw|depthwise|group|3d/i.test(name)) return undefined;
  if (/cnn|conv/i.test(name)) return 'cnn';
  if (/gemm|matmul|(^|[^a-z])mm([^a-z]|$)/i.test(name)) return 'gemm';
  return undefined;
}
