import { HelenError } from '../../core/index.js';
import {
  instancesPerWave,
  tileFolds,
  tileFootprintBytes,
  tileSramBytes,
  type GemmJob,
  type TileMachine,
  type Tiling,
} from './tile-pipeline.js';

/** Candidate extents for one GEMM dimension: the whole extent, and the aligned powers of two below it. */
export function candidateExtents(extent: number, align: number): number[] {
  const out = [extent];
  for (let x = align; x < extent; x *= 2) out.push(x);
  return out;
}

/** HBM bytes a tiling moves (reads, writes) with the n → m → k loop order of `runGemmPipeline`. */
export function tilingHbmBytes(
  m: TileMachine,
  job: GemmJob,
  t: Pick<Tiling, 'Mt' | 'Nt' | 'Kt'>,
): { read: number; write: number } {
  const e = m.elementBytes;
  const nM = Math.ceil(job.M / t.Mt);
  const nN = Math.ceil(job.N / t.Nt);
  const nK = Math.ceil(job.K / t.Kt);
  // Consecutive tiles share an operand tile only when the loop between them does not move it:
  // A(m, k) survives a step of n only if nM = nK = 1; B(k, n) survives a step of m only if nK = 1.
  const aReads = job.aInHbm ? job.M * job.K * e * (nM === 1 && nK === 1 ? 1 : nN) : 0;
  const bReads = job.bInHbm ? job.K * job.N * e * (nK === 1 ? 1 : nM) : 0;
  const cWrites = job.cToHbm ? job.M * job.N * e : 0;
  return { read: (aReads + bReads) * job.count, write: cWrites * job.count };
}

/**
 * The mapper: tries every tiling whose extents are the whole dimension or an
 * aligned power of two (M and K aligned to the array rows, N to the columns
 * of all arrays together, or of one array when each array takes its own
 * instance) and whose footprint fits the SRAM tile budget, and keeps the one
 * with the least estimated time:
 *   double buffered: max(Σ loads, Σ computes) + first load + last compute;
 *   single buffered: Σ loads + Σ computes,
 * with every tile estimated as a full one. Ties go to fewer tiles. A GEMM
 * whose smallest tile does not fit is an error naming the shortfall.
 */
export function mapGemm(m: TileMachine, job: GemmJob): Tiling {
  const rowAlign = m.array.rows;
  let best: Tiling | undefined;
  let bestEstimate = Infinity;
  let bestTiles = Infinity;
  let smallest = Infinity;
  const spreads: Tiling['spread'][] = job.count > 1 && m.arrays > 1 ? ['n', 'count'] : ['n'];
  for (const spread of spreads) {
    const colAlign = m.array.cols * (spread === 'n' ? m.arrays : 1);
    for (const Kt of candidateExtents(job.K, rowAlign)) {
      for (const Mt of candidateExtents(job.M, rowAlign)) {
        for (const Nt of candidateExtents(job.N, colAlign)) {
          const t: Tiling = { Mt, Nt, Kt, spread };
          const wave = instancesPerWave(m, job, t);
          const footprint = tileFootprintBytes(m, t, wave);
          smallest = Math.min(smallest, footprint);
          if (footprint > m.tileBudgetBytes) continue;
          const tiles =
            Math.ceil(job.M / Mt) * Math.ceil(job.N / Nt) * Math.ceil(job.K / Kt) * Math.ceil(job.count / wave);
          const s = tileSramBytes(m, Mt, Nt, Kt);
          const compute = Math.max(
            tileFolds(m, Mt, Nt, Kt, spread).cycles,
            m.sramCycles(wave * s.read, wave * s.write),
          );
          const bytes = tilingHbmBytes(m, job, t);
          const load = m.hbmBusCycles((bytes.read + bytes.write) / tiles);
          const estimate = m.doubleBuffered
            ? Math.max(load * tiles, compute * tiles) + load + compute + m.hbmLatencyCycles
            : (load + compute + m.hbmLatencyCycles) * tiles;
          if (estimate < bestEstimate || (estimate === bestEstimate && tiles < bestTiles)) {
            best = t;
            bestEstimate = estimate;
            bestTiles = tiles;
          }
        }
      }
    }
  }
  if (!best) {
    throw new HelenError(
      'E_OP',
      `GEMM ${job.M}×${job.N}×${job.K}: its smallest tile needs ${smallest} bytes of SRAM but the tile budget is ${m.tileBudgetBytes}; enlarge the SRAM`,
    );
  }
  return best;
}
