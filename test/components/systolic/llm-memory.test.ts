import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Dataflow } from '../../../components/systolic/dataflow.js';
import { foldTiming } from '../../../components/systolic/fold-model.js';
import { mapGemm, tilingHbmBytes } from '../../../components/systolic/gemm-mapper.js';
import { rooflineBoundCycles } from '../../../components/systolic/roofline.js';
import {
  runGemmPipeline,
  tileFootprintBytes,
  type GemmJob,
  type TileMachine,
} from '../../../components/systolic/tile-pipeline.js';

/** A machine with `bw` HBM bytes per cycle, `sramBw` SRAM bytes per cycle and `capacity` bytes of tile budget. */
function machine(o: {
  rows: number;
  cols: number;
  dataflow: Dataflow;
  arrays: number;
  bw: number;
  sramBw: number;
  capacity: number;
  latency: number;
  double: boolean;
}): TileMachine {
  return {
    array: { rows: o.rows, cols: o.cols, dataflow: o.dataflow },
    arrays: o.arrays,
    elementBytes: 2,
    accumulatorBytes: 4,
    tileBudgetBytes: o.capacity,
    doubleBuffered: o.double,
    sramCycles: (r, w) => Math.ceil(Math.max(r, w) / o.sramBw),
    hbmBusCycles: (bytes) => bytes / o.bw,
    hbmLatencyCycles: o.latency,
  };
}

const machineArb = fc.record({
  rows: fc.integer({ min: 2, max: 32 }),
  cols: fc.integer({ min: 2, max: 32 }),
  dataflow: fc.constantFrom<Dataflow>('os', 'ws', 'is'),
  arrays: fc.integer({ min: 1, max: 4 }),
  bw: fc.double({ min: 0.5, max: 512, noNaN: true }),
  sramBw: fc.integer({ min: 8, max: 4096 }),
  capacity: fc.integer({ min: 1 << 16, max: 1 << 22 }),
  latency: fc.integer({ min: 0, max: 200 }),
  double: fc.boolean(),
});
const jobArb = fc.record({
  M: fc.integer({ min: 1, max: 300 }),
  N: fc.integer({ min: 1, max: 300 }),
  K: fc.integer({ min: 1, max: 300 }),
  count: fc.integer({ min: 1, max: 6 }),
  aInHbm: fc.boolean(),
  bInHbm: fc.boolean(),
  cToHbm: fc.boolean(),
});

describe('GEMM tile executor (mapper + double-buffered pipeline)', () => {
  it('property: no simulated GEMM beats the roofline, time ≥ max(FLOPs/peak, HBM bytes/bandwidth), with compulsory or actual bytes', () => {
    fc.assert(
      fc.property(machineArb, jobArb, (mo, job: GemmJob) => {
        const m = machine(mo);
        const t = runGemmPipeline(m, job, mapGemm(m, job));
        const peak = 2 * mo.rows * mo.cols * mo.arrays;
        const flops = 2 * job.M * job.N * job.K * job.count;
        const e = 2;
        const compulsory =
          job.count *
          e *
          ((job.aInHbm ? job.M * job.K : 0) + (job.bInHbm ? job.K * job.N : 0) + (job.cToHbm ? job.M * job.N : 0));
        const roof = { peakFlopsPerCycle: peak, hbmBytesPerCycle: mo.bw, clockHz: 1e9 };
        expect(t.hbmReadBytes + t.hbmWriteBytes).toBeGreaterThanOrEqual(compulsory);
        expect(t.cycles).toBeGreaterThanOrEqual(
          rooflineBoundCycles(roof, flops, t.hbmReadBytes + t.hbmWriteBytes) - 1e-9,
        );
        expect(t.cycles).toBeGreaterThanOrEqual(rooflineBoundCycles(roof, flops, compulsory) - 1e-9);
      }),
      { numRuns: 300 },
    );
  });

  it('property: cycles = compute + SRAM stall + HBM stall, every part ≥ 0, and compute = Σ SCALE-Sim fold cycles ≥ one fold pass of the whole GEMM', () => {
    fc.assert(
      fc.property(machineArb, jobArb, (mo, job: GemmJob) => {
        const m = machine(mo);
        const t = runGemmPipeline(m, job, mapGemm(m, job));
        expect(t.computeCycles + t.sramStallCycles + t.hbmStallCycles).toBe(t.cycles);
        expect(Math.min(t.computeCycles, t.sramStallCycles, t.hbmStallCycles)).toBeGreaterThanOrEqual(0);
        expect(t.macs).toBe(job.M * job.N * job.K * job.count);
      }),
      { numRuns: 300 },
    );
  });

  it('property: the mapper keeps every tile inside the SRAM budget and the pipeline moves exactly the bytes the mapper predicts', () => {
    fc.assert(
      fc.property(machineArb, jobArb, (mo, job: GemmJob) => {
        const m = machine(mo);
        const tiling = mapGemm(m, job);
        const wave = tiling.spread === 'count' ? Math.min(mo.arrays, job.count) : 1;
        expect(tileFootprintBytes(m, tiling, wave)).toBeLessThanOrEqual(m.tileBudgetBytes);
        const t = runGemmPipeline(m, job, tiling);
        const predicted = tilingHbmBytes(m, job, tiling);
        expect([t.hbmReadBytes, t.hbmWriteBytes]).toEqual([predicted.read, predicted.write]);
      }),
      { numRuns: 300 },
    );
  });

  it('with operands on chip and ample SRAM, a one-tile GEMM takes exactly its SCALE-Sim compute cycles (no stall)', () => {
    const m = machine({
      rows: 4,
      cols: 4,
      dataflow: 'os',
      arrays: 1,
      bw: 1,
      sramBw: 1 << 20,
      capacity: 1 << 20,
      latency: 50,
      double: true,
    });
    const job = { M: 8, N: 8, K: 8, count: 1, aInHbm: false, bInHbm: false, cToHbm: false };
    const t = runGemmPipeline(m, job, mapGemm(m, job));
    // 2 × 2 folds of K + R + C − 2 = 14 cycles.
    expect([t.cycles, t.computeCycles, t.hbmStallCycles]).toEqual([56, foldTiming(m.array, job).computeCycles, 0]);
  });

  it('a weight-streaming GEMV with little bandwidth is HBM-bound: stalls appear, and time approaches bytes/bandwidth from above', () => {
    const m = machine({
      rows: 16,
      cols: 16,
      dataflow: 'os',
      arrays: 1,
      bw: 4,
      sramBw: 4096,
      capacity: 1 << 20,
      latency: 100,
      double: true,
    });
    const job = { M: 1, N: 1024, K: 1024, count: 1, aInHbm: false, bInHbm: true, cToHbm: false };
    const t = runGemmPipeline(m, job, mapGemm(m, job));
    const bound = (1024 * 1024 * 2) / 4;
    expect(t.hbmStallCycles).toBeGreaterThan(0);
    expect(t.cycles).toBeGreaterThanOrEqual(bound);
    expect(t.cycles / bound).toBeLessThan(1.1);
  });

  it('double buffering hides loads behind compute: single-buffered runs of the same tiling are never faster, and slower when both matter', () => {
    fc.assert(
      fc.property(machineArb, jobArb, (mo, job: GemmJob) => {
        const dbl = machine({ ...mo, double: true });
        const sgl = machine({ ...mo, double: false });
        const tiling = mapGemm(dbl, job);
        expect(runGemmPipeline(sgl, job, tiling).cycles).toBeGreaterThanOrEqual(
          runGemmPipeline(dbl, job, tiling).cycles,
        );
      }),
      { numRuns: 200 },
    );
    const mo = {
      rows: 8,
      cols: 8,
      dataflow: 'os' as const,
      arrays: 1,
      bw: 8,
      sramBw: 4096,
      capacity: 1 << 14,
      latency: 0,
    };
    const job = { M: 64, N: 256, K: 256, count: 1, aInHbm: true, bInHbm: true, cToHbm: false };
    const tiling = mapGemm(machine({ ...mo, double: true }), job);
    expect(runGemmPipeline(machine({ ...mo, double: false }), job, tiling).cycles).toBeGreaterThan(
      runGemmPipeline(machine({ ...mo, double: true }), job, tiling).cycles,
    );
  });

  it('an SRAM too small for one tile is an error naming the shortfall', () => {
    const m = machine({
      rows: 128,
      cols: 128,
      dataflow: 'os',
      arrays: 1,
      bw: 8,
      sramBw: 64,
      capacity: 1024,
      latency: 0,
      double: true,
    });
    expect(() => mapGemm(m, { M: 512, N: 512, K: 512, count: 1, aInHbm: true, bInHbm: true, cToHbm: true })).toThrow(
      /smallest tile needs \d+ bytes of SRAM but the tile budget is 1024/,
    );
  });
});
