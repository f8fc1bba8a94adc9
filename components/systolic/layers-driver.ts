import {
  componentsOfType,
  type DriverType,
  type Elaboration,
  type WorkloadSummary,
  type WorkloadTable,
} from '../../core/index.js';
import {
  layerGemm,
  layerOutput,
  type Layer,
  type LayerList,
  type LayersWorkload,
} from '../../workloads/layers/index.js';
import { systolicArray } from './array.js';
import { systolicEngine, type SystolicEngine } from './engine.js';
import { gemmTarget, LayerDriver, type LayerStep, type StepOperation } from './gemm-layers-driver.js';
import { findLlmEngine } from './llm/driver.js';
import { ROOFLINE_COLUMNS, rooflineRows, rooflineViewData, tableRow } from './llm/roofline-table.js';

/** How a layer runs on the target: its operations, and a few words on what was lowered (or why nothing runs). */
interface Lowered {
  ops: StepOperation[];
  what: string;
  modelled: boolean;
}

/**
 * A layer on a bare systolic.array: conv, deconv (zero insertion), fc and
 * matmul as `gemm` operations (a matmul once per input of the batch, its B
 * being that input's activation); pool and add have no unit to run on, so
 * they pass in zero cycles and the summary says they are not modelled.
 */
function onArray(l: Layer, batch: number): Lowered {
  const g = layerGemm(l, batch);
  if (!g)
    return { ops: [], what: 'not modelled: a bare systolic.array has no vector unit (0 cycles)', modelled: false };
  const op = { name: 'gemm', args: { M: g.M, N: g.N, K: g.K } };
  return { ops: Array.from({ length: g.count }, () => op), what: gemmText(g.M, g.N, g.K, g.count), modelled: true };
}

/**
 * A layer on a systolic.engine, through the operations it declares: conv,
 * deconv and fc as a `gemm` with weights in HBM (b_kind weight), matmul with
 * both operands activations (count = batch); pool and add as `vector`
 * operations on its vector unit (add: one op per element, plus one for an
 * activation; pool: one comparison per window element), or, without a vector
 * unit, a zero-cycle pass the summary marks as not modelled.
 */
function onEngine(l: Layer, batch: number, engine: SystolicEngine): Lowered {
  const g = layerGemm(l, batch);
  if (g) {
    const args = {
      M: g.M,
      N: g.N,
      K: g.K,
      count: g.count,
      a_kind: 'act',
      b_kind: g.weights ? 'weight' : 'act',
      c_kind: 'act',
      label: l.name,
    };
    return { ops: [{ name: 'gemm', args }], what: gemmText(g.M, g.N, g.K, g.count), modelled: true };
  }
  if (!engine.hasVectorUnit)
    return { ops: [], what: `not modelled: ${engine.path} has no systolic.vector (0 cycles)`, modelled: false };
  const vector = (elements: number, opsPerElement: number): Lowered => ({
    ops: [{ name: 'vector', args: { elements, ops_per_element: opsPerElement, count: batch, label: l.name } }],
    what: `vector ${elements} elements × ${opsPerElement} ops${batch > 1 ? ` ×${batch}` : ''}`,
    modelled: true,
  });
  if (l.kind === 'add') return vector(l.input[0] * l.input[1] * l.input[2], l.activation === 'none' ? 1 : 2);
  // pool: every element of every window is read and compared once (overlapping windows read theirs again).
  const [h, w, c] = layerOutput(l).shape;
  return vector(h * w * c * (l.kind === 'pool' ? l.kernel * l.kernel : 1), 1);
}

function gemmText(M: number, N: number, K: number, count: number): string {
  return `gemm M=${M} N=${N} K=${K}${count > 1 ? ` ×${count}` : ''}`;
}

/** A layer list lowered for the target: one step per layer and what each became. */
function lower(net: LayerList, how: (l: Layer) => Lowered): { steps: LayerStep[]; table: WorkloadTable } {
  const lowered = net.layers.map(how);
  return {
    steps: net.layers.map((l, i) => ({ name: l.name, loc: l.loc, ops: lowered[i]!.ops })),
    table: {
      id: 'systolic_layers',
      title: 'layers as run (lowering per layer; "not modelled" layers take 0 cycles)',
      columns: ['layer', 'kind', 'run as', 'modelled'],
      rows: net.layers.map((l, i) => [l.name, l.kind, lowered[i]!.what, lowered[i]!.modelled ? 'yes' : 'no']),
    },
  };
}

/** Layer lists on the model's one systolic.engine, else on its one bare systolic.array. */
function openLayers(w: LayersWorkload, model: Elaboration): LayerDriver {
  const net = w.network;
  if (componentsOfType(model.sim.components, systolicEngine).length > 0) {
    const engine = findLlmEngine(model, w.file, 'a layer list');
    const { steps, table } = lower(net, (l) => onEngine(l, net.batch, engine));
    const report = (): WorkloadSummary => {
      const m = engine.roofline;
      const rows = rooflineRows(engine.byLabel, m);
      return {
        metrics: [],
        tables: [
          table,
          {
            id: 'roofline',
            title: 'roofline (per layer)',
            columns: ROOFLINE_COLUMNS,
            rows: rows.map((r) => tableRow(r, m)),
          },
        ],
        views: { roofline: rooflineViewData(rows, m) },
      };
    };
    return new LayerDriver(steps, engine, model, report);
  }
  const { steps, table } = lower(net, (l) => onArray(l, net.batch));
  return new LayerDriver(steps, gemmTarget(model, w.file), model, () => ({ metrics: [], tables: [table] }));
}

/** Neutral layer lists on the systolic family: a transformer or CNN block on an engine or a bare array. */
export const systolicLayersDriver: DriverType<LayersWorkload> = {
  name: 'systolic-layers',
  description:
    "conv/deconv/fc/matmul layers lowered to GEMMs (pool and add to vector operations where there is a vector unit) on the model's one systolic.engine, else its one systolic.array; one phase per layer",
  accepts: 'layers',
  fits: (model) =>
    componentsOfType(model.sim.components, systolicEngine).length > 0 ||
    componentsOfType(model.sim.components, systolicArray).length > 0,
  open: (w, model) => openLayers(w, model),
};
