// The driver of `cim-gemms` workloads: each GEMM split across the macros of the model's one cim.chip.
import { HelenError, PhaseTracker, componentsOfType, issueOperation } from 'helen';
import { cimChip } from './chip.js';
import { gemmCost } from './timing.js';
import { VIEW_NAME } from './view.js';

/**
 * @typedef {import('./gemm-list.js').Gemm} Gemm
 * @typedef {import('./gemm-list.js').CimGemmsWorkload} CimGemmsWorkload
 * @typedef {import('./macro.js').SramMacro} SramMacro
 * @typedef {import('./chip.js').CimChip} CimChip
 * @typedef {import('helen').WorkloadDriver} WorkloadDriver
 */

/**
 * One macro's share of a GEMM: the columns of B (and C) it computes.
 * @typedef {object} Part
 * @property {SramMacro} macro
 * @property {number} N
 */

/**
 * Splits the N columns of a GEMM across `macros` in whole column tiles (of the
 * first macro's width), as evenly as tiles allow; macros left without a tile
 * get no part. K is not split: partial sums would need an adder across macros.
 * @param {number} N
 * @param {readonly SramMacro[]} macros
 * @returns {Part[]}
 */
export function splitColumns(N, macros) {
  const width = macros[0]?.p.columns ?? 1;
  const tilesPerMacro = Math.ceil(Math.ceil(N / width) / macros.length);
  /** @type {Part[]} */
  const parts = [];
  macros.forEach((macro, i) => {
    const first = i * tilesPerMacro * width;
    const n = Math.min(N, first + tilesPerMacro * width) - first;
    if (n > 0) parts.push({ macro, N: n });
  });
  return parts;
}

/**
 * The model's one chip; none or several is an error naming them.
 * @param {import('helen').Elaboration} model
 * @param {string} file
 * @returns {CimChip}
 */
function theChip(model, file) {
  const chips = componentsOfType(model.sim.components, cimChip);
  if (chips.length !== 1) {
    const found = chips.length ? `found ${chips.length}: ${chips.map((c) => c.path).join(', ')}` : 'found none';
    throw new HelenError('E_WORKLOAD', `a GEMM list runs on exactly one ${cimChip.type}; ${model.spec.name} ${found}`, {
      file,
    });
  }
  return /** @type {CimChip} */ (chips[0]);
}

/**
 * Runs the GEMMs one after another, each in a phase named after it: every
 * macro's part is issued at the start of the phase, and the next GEMM starts
 * when the last part is done.
 * @implements {WorkloadDriver}
 */
export class CimGemmDriver {
  /**
   * @param {CimGemmsWorkload} workload
   * @param {CimChip} chip
   * @param {import('helen').Elaboration} model
   */
  constructor(workload, chip, model) {
    this.workload = workload;
    this.macros = chip.macros;
    this.model = model;
    this.tracker = new PhaseTracker(model);
    this.next = 0;
    /** Parts issued and not yet done, as `gemm@path (file:line)`. @type {Set<string>} */
    this.inFlight = new Set();
    this.operationsIssued = 0;
    /** Per GEMM: how many macros shared it and how many tiles they ran. @type {{ macros: number, tiles: number }[]} */
    this.shares = [];
    this.issueNext = this.issueNext.bind(this);
  }

  get finished() {
    return this.next >= this.workload.gemms.length && this.inFlight.size === 0;
  }

  start() {
    this.model.sim.scheduleAt(this.model.sim.nowPs, this.issueNext);
  }

  phases() {
    return this.tracker.phases();
  }

  fraction() {
    return this.next / this.workload.gemms.length;
  }

  outstanding() {
    return [...this.inFlight];
  }

  /** @private */
  issueNext() {
    const gemm = this.workload.gemms[this.next];
    if (!gemm) {
      this.tracker.end();
      return;
    }
    this.next++;
    this.tracker.begin(gemm.name);
    const parts = splitColumns(gemm.N, this.macros);
    this.shares.push({
      macros: parts.length,
      tiles: parts.reduce((t, p) => t + gemmCost(p.macro.p, gemm.M, p.N, gemm.K).tiles, 0),
    });
    for (const part of parts) this.issuePart(gemm, part);
  }

  /**
   * @private
   * @param {Gemm} gemm
   * @param {Part} part
   */
  issuePart(gemm, part) {
    const label = `gemm@${part.macro.path} (${this.workload.file}:${gemm.line})`;
    this.inFlight.add(label);
    this.tracker.countOperation();
    this.operationsIssued++;
    const op = {
      id: `${gemm.name}.${part.macro.name}`,
      name: 'gemm',
      args: { M: gemm.M, N: part.N, K: gemm.K },
      phase: gemm.name,
    };
    try {
      issueOperation(part.macro, op, () => {
        this.inFlight.delete(label);
        if (this.inFlight.size === 0) this.model.sim.schedule(0, this.issueNext);
      });
    } catch (e) {
      // The macro's complaint (say, a dimension it refuses) belongs to the line of the list.
      if (e instanceof HelenError && !e.location)
        throw new HelenError(e.code, e.message, { file: this.workload.file, line: gemm.line });
      throw e;
    }
  }

  /** @returns {import('helen').WorkloadSummary} */
  summary() {
    const phases = this.tracker.phases();
    const rows = this.workload.gemms.map((g, i) => {
      const phase = phases[i];
      const share = this.shares[i];
      const cycles = phase?.cycles ?? 0;
      const macs = g.M * g.N * g.K;
      return {
        name: g.name,
        M: g.M,
        N: g.N,
        K: g.K,
        macros: share?.macros ?? 0,
        tiles: share?.tiles ?? 0,
        cycles,
        energy_pj: phase?.energy_pj ?? 0,
        macs,
      };
    });
    const macs = rows.reduce((s, r) => s + r.macs, 0);
    const cycles = rows.reduce((s, r) => s + r.cycles, 0);
    const energyPj = rows.reduce((s, r) => s + r.energy_pj, 0);
    return {
      metrics: [
        { name: 'macs', value: macs, unit: '', description: 'useful multiply-accumulates of the whole list' },
        {
          name: 'macs_per_cycle',
          value: cycles ? macs / cycles : 0,
          unit: 'MACs/cycle',
          description: 'useful MACs per main-clock cycle, over the GEMMs',
        },
        {
          name: 'pj_per_mac',
          value: macs ? energyPj / macs : 0,
          unit: 'pJ',
          description: 'energy of the GEMM phases (leakage included) per useful MAC',
        },
      ],
      tables: [
        {
          id: 'cim_gemms',
          title: 'GEMMs on the CIM macros',
          columns: ['gemm', 'M', 'N', 'K', 'macros', 'tiles', 'cycles', 'energy_pj', 'macs_per_cycle'],
          rows: rows.map((r) => [
            r.name,
            r.M,
            r.N,
            r.K,
            r.macros,
            r.tiles,
            r.cycles,
            r.energy_pj,
            r.cycles ? r.macs / r.cycles : 0,
          ]),
        },
      ],
      views: {
        [VIEW_NAME]: { gemms: rows.map((r) => ({ name: r.name, cycles: r.cycles, macs: r.macs, macros: r.macros })) },
      },
    };
  }
}

/**
 * `cim-gemms` workloads on a model with one cim.chip.
 * @type {import('helen').DriverType<CimGemmsWorkload>}
 */
export const cimGemmDriver = {
  name: 'cim-gemms',
  description:
    "GEMMs one after another on the macros of the model's one cim.chip, N split across the macros, one phase per GEMM",
  accepts: 'cim-gemms',
  fits: (model) => componentsOfType(model.sim.components, cimChip).length > 0,
  open: (workload, model) => new CimGemmDriver(workload, theChip(model, workload.file), model),
};
