/**
 * The van Rossum distance between spike trains (van Rossum 2001). Each train
 * is filtered with a causal exponential, f(t) = Σ_i H(t − t_i)·e^(−(t − t_i)/τ),
 * and D² = (1/τ)·∫ (f(t) − g(t))² dt. Because
 * (1/τ)·∫ e^(−(t−a)/τ)·e^(−(t−b)/τ) dt over t ≥ max(a, b) is e^(−|a−b|/τ)/2,
 *
 *   D² = ½·[Σ_ij e^(−|a_i−a_j|/τ) + Σ_ij e^(−|b_i−b_j|/τ)] − Σ_ij e^(−|a_i−b_j|/τ),
 *
 * which we evaluate exactly (no time grid). One spike against none gives
 * D² = ½; two single spikes δ apart give D² = 1 − e^(−δ/τ).
 */

/** Σ_i Σ_j e^(−|a_i − b_j|/τ). */
function crossSum(a: readonly number[], b: readonly number[], tau: number): number {
  let s = 0;
  for (const x of a) for (const y of b) s += Math.exp(-Math.abs(x - y) / tau);
  return s;
}

/** Lexicographic order of two trains, so (a, b) and (b, a) are summed in one order. */
function before(a: readonly number[], b: readonly number[]): boolean {
  for (let k = 0; k < Math.min(a.length, b.length); k++) if (a[k] !== b[k]) return a[k]! < b[k]!;
  return a.length <= b.length;
}

/**
 * Squared van Rossum distance between trains `a` and `b` (times and τ in one
 * unit; order of spikes irrelevant). Exactly symmetric; near 0 the closed
 * form cancels, so its absolute error is about 1e-16·(n + m)².
 */
export function vanRossumSquared(a: readonly number[], b: readonly number[], tau: number): number {
  if (!(tau > 0)) throw new RangeError(`van Rossum τ must be positive, got ${tau}`);
  if (!before(a, b)) [a, b] = [b, a];
  const d2 = 0.5 * (crossSum(a, a, tau) + crossSum(b, b, tau)) - crossSum(a, b, tau);
  // Rounding can leave a tiny negative where the trains (nearly) coincide.
  return Math.max(0, d2);
}

/** Van Rossum distance between two spike trains. */
export function vanRossumDistance(a: readonly number[], b: readonly number[], tau: number): number {
  return Math.sqrt(vanRossumSquared(a, b, tau));
}

/** Distance between two populations' outputs: √(Σ over neurons of D²), neuron k of `a` against neuron k of `b`. */
export function vanRossumPopulation(
  a: readonly (readonly number[])[],
  b: readonly (readonly number[])[],
  tau: number,
): number {
  const n = Math.max(a.length, b.length);
  let s = 0;
  for (let k = 0; k < n; k++) s += vanRossumSquared(a[k] ?? [], b[k] ?? [], tau);
  return Math.sqrt(s);
}
