// The closed-form timing of one GEMM on one SRAM compute-in-memory macro. The
// macro component, its verify property and the driver's split all use this one
// function, so the model documented in README.md is written down once.

/**
 * The parameters of a macro the timing depends on.
 * @typedef {object} MacroGeometry
 * @property {number} rows weights per column: the slice of K one tile holds
 * @property {number} columns weight columns: the slice of N one tile holds
 * @property {number} input_bits bits of each input, applied one bit-plane at a time
 * @property {number} mac_latency cycles one bit-plane takes through the whole array
 * @property {number} row_write_cycles cycles to write one row of weights
 */

/**
 * What one GEMM costs on one macro.
 * @typedef {object} GemmCost
 * @property {number} tiles weight tiles: ceil(K / rows) × ceil(N / columns)
 * @property {number} cycles tiles × (rows × row_write_cycles + M × input_bits × mac_latency)
 * @property {number} macs useful multiply-accumulates, M × N × K
 * @property {number} weights weights written, K × N
 */

/**
 * The cost of C[M×N] = A[M×K]·B[K×N] on one macro: B is cut into tiles of
 * rows × columns weights; each tile is written row by row (the whole macro,
 * even when the tile is partial), then the M input vectors stream through it
 * bit-serially, one bit-plane every `mac_latency` cycles.
 * @param {MacroGeometry} g
 * @param {number} M
 * @param {number} N
 * @param {number} K
 * @returns {GemmCost}
 */
export function gemmCost(g, M, N, K) {
  const tiles = Math.ceil(K / g.rows) * Math.ceil(N / g.columns);
  const perTile = g.rows * g.row_write_cycles + M * g.input_bits * g.mac_latency;
  return { tiles, cycles: tiles * perTile, macs: M * N * K, weights: K * N };
}
