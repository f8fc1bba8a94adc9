/** How the neuron treats its membrane after a spike. */
export const RESET_MODES = ['adaptive', 'hard', 'subtract'] as const;
/** `adaptive`: v is kept and only the threshold rises; `hard`: v := v_reset; `subtract`: v −= v_th0. */
export type ResetMode = (typeof RESET_MODES)[number];

/** Constants of one LIF neuron circuit, in ps and mV. */
export interface LifConstants {
  /** Membrane RC time constant τm, ps. */
  tauMemPs: number;
  /** Synaptic filter time constant τs, ps. */
  tauSynPs: number;
  /** Threshold adaptation time constant τr, ps. */
  tauAdaptPs: number;
  /** Comparator sampling period dt (the neuron clock), ps; may be fractional for rational clocks. */
  dtPs: number;
  /** Resting threshold v_th0, mV (> 0, so a silent neuron stays silent). */
  vThMv: number;
  /** Threshold step Δθ added to r after every spike, mV (≥ 0). */
  deltaThetaMv: number;
  /** What a spike does to the membrane. */
  reset: ResetMode;
  /** Membrane voltage after a spike under `hard` reset, mV (< v_th0). */
  vResetMv: number;
}

/** Edge counts whose decay factors LifDynamics keeps, 128 KiB per population (a crossing scan looks at most 4096 edges ahead). */
export const TABLE_EDGES = 4097;

/** State of one neuron at an edge: synaptic node I, membrane v, threshold adaptation r (all mV). */
export interface LifState {
  iMv: number;
  vMv: number;
  rMv: number;
}

/**
 * (1 − e^(−δ))/δ without cancellation near δ = 0, where τs → τm makes the
 * textbook kernel τs·(e^(−t/τm) − e^(−t/τs))/(τm − τs) a 0/0.
 */
function expDiffQuotient(delta: number): number {
  if (Math.abs(delta) < 1e-10) return 1 - delta / 2;
  return -Math.expm1(-delta) / delta;
}

/**
 * Exact integration of dI/dt = −I/τs, dv/dt = (−v + I)/τm, dr/dt = −r/τr.
 * The state n edges after an anchor is always computed in one closed-form step
 * from that anchor (never by repeated single steps), so every evaluation
 * strategy that anchors at the same edges produces bit-identical numbers.
 */
export class LifDynamics {
  // advance() runs for every evaluated neuron and every edge a crossing scan looks at,
  // always with whole edge counts: its four factors for n < TABLE_EDGES are computed once,
  // by the same expressions, so cached and fresh values are the same numbers.
  private tableStore: Float64Array | undefined;
  private tableFull = false;

  constructor(readonly c: Readonly<LifConstants>) {}

  /** e^(−t/τs) for t = n·dt. */
  synDecay(n: number): number {
    return Math.exp((-n * this.c.dtPs) / this.c.tauSynPs);
  }

  /** e^(−t/τm) for t = n·dt. */
  memDecay(n: number): number {
    return Math.exp((-n * this.c.dtPs) / this.c.tauMemPs);
  }

  /** e^(−t/τr) for t = n·dt (τr = 0: r is forgotten by the next edge). */
  adaptDecay(n: number): number {
    if (n === 0) return 1;
    return this.c.tauAdaptPs > 0 ? Math.exp((-n * this.c.dtPs) / this.c.tauAdaptPs) : 0;
  }

  /**
   * v(t) of a neuron with v(0) = 0 and I(0) = 1: τs·(e^(−t/τm) − e^(−t/τs))/(τm − τs).
   * With x = t/τm and y = t/τs this is x·(e^(−x) − e^(−y))/(y − x), written as
   * x·e^(−min(x,y))·(1 − e^(−|y−x|))/|y−x|: no overflow for τs ≫ τm, no
   * cancellation as τs → τm, where it tends to (t/τ)·e^(−t/τ).
   */
  kernel(n: number): number {
    const t = n * this.c.dtPs;
    const x = t / this.c.tauMemPs;
    const y = t / this.c.tauSynPs;
    return x * Math.exp(-Math.min(x, y)) * expDiffQuotient(Math.abs(y - x));
  }

  /** The state n ≥ 0 edges after an anchor holding `s`, with no input in between. */
  advance(s: Readonly<LifState>, n: number, out: LifState): LifState {
    const i = s.iMv,
      v = s.vMv,
      r = s.rMv;
    if (n >= 0 && n < TABLE_EDGES && (n | 0) === n) {
      const t = (this.tableStore ??= new Float64Array(4 * TABLE_EDGES).fill(NaN));
      const k = 4 * n;
      if (Number.isNaN(t[k]!)) this.fill(n);
      out.iMv = i * t[k]!;
      out.vMv = v * t[k + 1]! + i * t[k + 2]!;
      out.rMv = r * t[k + 3]!;
      return out;
    }
    out.iMv = i * this.synDecay(n);
    out.vMv = v * this.memDecay(n) + i * this.kernel(n);
    out.rMv = r * this.adaptDecay(n);
    return out;
  }

  /**
   * The factors advance() multiplies by, for every n < TABLE_EDGES, filled:
   * entries 4n … 4n+3 are e^(−t/τs), e^(−t/τm), the kernel and e^(−t/τr) at
   * t = n·dt. For loops over many neurons that inline advance() (same numbers).
   */
  factorTable(): Float64Array {
    if (this.tableFull) return this.tableStore!;
    const t = (this.tableStore ??= new Float64Array(4 * TABLE_EDGES).fill(NaN));
    for (let n = 0; n < TABLE_EDGES; n++) if (Number.isNaN(t[4 * n]!)) this.fill(n);
    this.tableFull = true;
    return t;
  }

  private fill(n: number): void {
    const t = this.tableStore!;
    const k = 4 * n;
    t[k] = this.synDecay(n);
    t[k + 1] = this.memDecay(n);
    t[k + 2] = this.kernel(n);
    t[k + 3] = this.adaptDecay(n);
  }

  /** The comparator's decision on a state: v > v_th0 + r. */
  fires(s: Readonly<LifState>): boolean {
    return s.vMv > this.c.vThMv + s.rMv;
  }

  /**
   * Steps (3) and (4) of an edge: add the synaptic input, then apply the spike's
   * effect. Adaptive reset leaves v alone; every mode raises the threshold by Δθ.
   */
  applyEdge(s: LifState, inputMv: number, spiked: boolean): void {
    s.iMv += inputMv;
    if (!spiked) return;
    s.rMv += this.c.deltaThetaMv;
    if (this.c.reset === 'hard') s.vMv = this.c.vResetMv;
    else if (this.c.reset === 'subtract') s.vMv -= this.c.vThMv;
  }

  /**
   * True when, with no further input, the neuron provably stays at or below its
   * resting threshold at every time from the state `s` on. While v > max(I, 0)
   * dv/dt < 0, and I never rises above max(I(t₁), 0), so v(t) ≤ max(v(t₁), I(t₁), 0)
   * for all t ≥ t₁; r ≥ 0 only raises the threshold. The margin absorbs rounding:
   * the bound is on the exact solution, the comparator sees floating-point values.
   */
  provablySilent(s: Readonly<LifState>): boolean {
    const bound = Math.max(s.vMv, s.iMv, 0);
    const margin = 1e-9 * (Math.abs(this.c.vThMv) + Math.abs(s.vMv) + Math.abs(s.iMv));
    return bound < this.c.vThMv - margin;
  }
}
