import type { ArrayShape } from './dataflow.js';
import { foldTiming } from './fold-model.js';

/**
 * What the tile executor needs to know of the machine, in cycles of the
 * engine's clock. Pure data, so the mapper and the pipeline are testable
 * without a simulator.
 */
export interface TileMachine {
  /** Shape and dataflow of each array (all alike). */
  array: ArrayShape;
  /** Arrays working side by side on one tile, each on a slice of its N columns. */
  arrays: number;
  /** Bytes of one operand element (2 for bf16). */
  elementBytes: number;
  /** Bytes of one partial sum held while a tile accumulates over K (4 for fp32). */
  accumulatorBytes: number;
  /** Bytes of SRAM the operand and accumulator tiles may use. */
  tileBudgetBytes: number;
  /** Two operand buffers per tile (load the next while this one computes), or one. */
  doubleBuffered: boolean;
  /** SRAM cycles to serve a tile's reads and writes. */
  sramCycles(readBytes: number, writeBytes: number): number;
  /** HBM bus cycles of one transfer (not rounded); never less than bytes / bandwidth. */
  hbmBusCycles(bytes: number): number;
  /** HBM cycles from a request to its first data (overlapped by back-to-back requests). */
  hbmLatencyCycles: number;
}

/** One GEMM (or `count` independent GEMMs of one shape, e.g. attention heads) and where its operands live. */
export interface GemmJob {
  M: number;
  N: number;
  K: number;
  /** Independent instances run one after another (heads × batch). */
  count: number;
  /** A comes from HBM (else it is already on chip). */
  aInHbm: boolean;
  /** B comes from HBM (weights, KV cache). */
  bInHbm: boolean;
  /** C goes to HBM (KV cache, spilled activations); else it stays on chip. */
  cToHbm: boolean;
}

/**
 * Tile extents of a GEMM; tiles run n (outer), m, k (inner), so a C tile
 * accumulates on chip over K. `spread` says how the arrays share the work:
 * `n` splits each tile's columns over them; `count` gives each array its own
 * instance (head), in waves of as many instances as there are arrays.
 */
export interface Tiling {
  Mt: number;
  Nt: number;
  Kt: number;
  spread: 'n' | 'count';
}

/** Instances that run side by side under a tiling (1 when the arrays split columns). */
export function instancesPerWave(m: TileMachine, job: GemmJob, t: Tiling): number {
  return t.spread === 'count' ? Math.min(m.arrays, job.count) : 1;
}

/** Timing, traffic and work of one GEMM job on the machine. */
export interface GemmTiming {
  /** Cycles from the first request to the last byte written. */
  cycles: number;
  /** Sum of the tiles' SCALE-Sim fold cycles: the array's work with ideal memory. */
  computeCycles: number;
  /** Cycles tiles waited for SRAM banks beyond their fold cycles. */
  sramStallCycles: number;
  /** Remaining cycles: the arrays waited for HBM (loads, stores, latency). */
  hbmStallCycles: number;
  hbmReadBytes: number;
  hbmWriteBytes: number;
  sramReadBytes: number;
  sramWriteBytes: number;
  /** M·N·K·count. */
  macs: number;
  /** Array folds over all tiles and arrays. */
  folds: number;
  /** Tiles run (a wave of instances side by side counts once). */
  tiles: number;
  tiling: Tiling;
}

/** Bytes one tile occupies in SRAM (operand buffers, doubled when double buffered, plus the accumulator tile). */
export function tileFootprintBytes(m: TileMachine, t: Tiling, wave = 1): number {
  const operands = (t.Mt * t.Kt + t.Kt * t.Nt) * m.elementBytes;
  return wave * ((m.doubleBuffered ? 2 : 1) * operands + t.Mt * t.Nt * m.accumulatorBytes);
}

/** Fold timing of one tile: its N columns are split evenly over the arrays; the widest slice decides. */
export function tileFolds(
  m: TileMachine,
  mt: number,
  nt: number,
  kt: number,
  spread: Tiling['spread'] = 'n',
): { cycles: number; folds: number } {
  if (spread === 'count') {
    const f = foldTiming(m.array, { M: mt, N: nt, K: kt });
    return { cycles: f.computeCycles, folds: f.folds };
  }
  const slice = Math.ceil(nt / m.arrays);
  const used = Math.min(m.arrays, Math.ceil(nt / slice));
  const f = foldTiming(m.array, { M: mt, N: slice, K: kt });
  return { cycles: f.computeCycles, folds: f.folds * used };
}

/**
 * SRAM traffic of one tile, from how the dataflow reuses operands across
 * folds (docs/llm.md): OS re-reads A per column fold and B per row fold;
 * WS holds B and re-reads A per column fold, writing partial sums per row
 * fold; IS holds A and re-reads B per column fold. Arrays share A (broadcast).
 */
export function tileSramBytes(m: TileMachine, mt: number, nt: number, kt: number): { read: number; write: number } {
  const f = foldTiming(m.array, { M: mt, N: nt, K: kt });
  const a = mt * kt * m.elementBytes;
  const b = kt * nt * m.elementBytes;
  const c = mt * nt * m.accumulatorBytes;
  switch (m.array.dataflow) {
    case 'os':
      return { read: a * f.colFolds + b * f.rowFolds, write: c };
    case 'ws':
      return { read: a * f.colFolds + b, write: c * f.rowFolds };
    case 'is':
      return { read: a + b * f.colFolds, write: c * f.rowFolds };
  }
}

/** Tiles between two calls of `runGemmPipeline`'s `poll`. */
const POLL_TILES = 4096;

/**
 * Runs the tiles of a job through a load → compute → store pipeline. HBM is
 * one bus: requests are served in order, each occupying it for its bus time,
 * data arriving a latency later (so back-to-back requests hide latency).
 * With double buffering, tile i+1 loads while tile i computes (its buffer is
 * free once tile i−1 has computed); with one buffer, it waits for tile i.
 * A store goes on the bus after the next tile's load, which is ready first.
 * `poll` is called every 4096 tiles: a GEMM of billions of tiles is one
 * event, and the engine's poll lets a wall-clock bound end it.
 */
export function runGemmPipeline(m: TileMachine, job: GemmJob, t: Tiling, poll?: () => void): GemmTiming {
  const e = m.elementBytes;
  const nM = Math.ceil(job.M / t.Mt);
  const nN = Math.ceil(job.N / t.Nt);
  const nK = Math.ceil(job.K / t.Kt);
  let bus = 0;
  let computeEnd = 0;
  const bufferFree = [0, 0];
  let pendingStore: { ready: number; bytes: number } | undefined;
  let prevA = -1;
  let prevB = -1;
  let computeCycles = 0;
  let sramStall = 0;
  let folds = 0;
  let hbmRead = 0;
  let hbmWrite = 0;
  let sramRead = 0;
  let sramWrite = 0;
  let tileIndex = 0;
  const flushStore = (): void => {
    if (!pendingStore) return;
    bus = Math.max(bus, pendingStore.ready) + m.hbmBusCycles(pendingStore.bytes);
    hbmWrite += pendingStore.bytes;
    sramRead += pendingStore.bytes;
    pendingStore = undefined;
  };
  const perWave = instancesPerWave(m, job, t);
  const waves = Math.ceil(job.count / perWave);
  for (let inst = 0; inst < waves; inst++) {
    // The last wave may hold fewer instances than there are arrays.
    const w = Math.min(perWave, job.count - inst * perWave);
    for (let n = 0; n < nN; n++) {
      const nt = Math.min(t.Nt, job.N - n * t.Nt);
      for (let mi = 0; mi < nM; mi++) {
        const mt = Math.min(t.Mt, job.M - mi * t.Mt);
        for (let k = 0; k < nK; k++) {
          const kt = Math.min(t.Kt, job.K - k * t.Kt);
          const aKey = (inst * nM + mi) * nK + k;
          const bKey = (inst * nK + k) * nN + n;
          let load = 0;
          if (job.aInHbm && aKey !== prevA) load += w * mt * kt * e;
          if (job.bInHbm && bKey !== prevB) load += w * kt * nt * e;
          prevA = aKey;
          prevB = bKey;
          const slot = m.doubleBuffered ? tileIndex % 2 : 0;
          const free = bufferFree[slot]!;
          let ready = free;
          if (load > 0) {
            const start = Math.max(bus, free);
            bus = start + m.hbmBusCycles(load);
            ready = bus + m.hbmLatencyCycles;
            hbmRead += load;
          }
          flushStore();
          const f = tileFolds(m, mt, nt, kt, t.spread);
          const s = tileSramBytes(m, mt, nt, kt);
          const sramReads = w * s.read;
          const sramWrites = w * s.write + load;
          const tileCycles = Math.max(f.cycles, m.sramCycles(sramReads, sramWrites));
          computeEnd = Math.max(ready, computeEnd) + tileCycles;
          bufferFree[slot] = computeEnd;
          computeCycles += f.cycles;
          sramStall += tileCycles - f.cycles;
          folds += w * f.folds;
          sramRead += sramReads;
          sramWrite += sramWrites;
          if (k === nK - 1 && job.cToHbm) pendingStore = { ready: computeEnd, bytes: w * mt * nt * e };
          tileIndex++;
          if (poll !== undefined && tileIndex % POLL_TILES === 0) poll();
        }
      }
    }
  }
  flushStore();
  const cycles = Math.ceil(Math.max(computeEnd, bus));
  return {
    cycles,
    computeCycles,
    sramStallCycles: sramStall,
    hbmStallCycles: cycles - computeCycles - sramStall,
    hbmReadBytes: hbmRead,
    hbmWriteBytes: hbmWrite,
    sramReadBytes: sramRead,
    sramWriteBytes: sramWrite,
    macs: job.M * job.N * job.K * job.count,
    folds,
    tiles: tileIndex,
    tiling: t,
  };
}
