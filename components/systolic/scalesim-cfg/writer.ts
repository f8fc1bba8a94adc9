// Helen architectures as SCALE-Sim v2 .cfg files.
import { componentsOfType, HelenError, type Elaboration } from '../../../core/index.js';
import { systolicArray, type SystolicArray } from '../array.js';
import { SCALESIM_KEYS } from './keys.js';

/**
 * Values written for the keys SCALE-Sim requires but Helen does not model, when
 * the architecture did not come from a .cfg that gave them: SCALE-Sim v2's own
 * defaults (`scale_config.__init__`) and the Bandwidth its shipped configs use.
 * With InterfaceBandwidth CALC none of them changes SCALE-Sim's cycles.
 */
export const SCALESIM_DEFAULTS: Readonly<Record<string, string>> = {
  IfmapSramSzkB: '256',
  FilterSramSzkB: '256',
  OfmapSramSzkB: '128',
  IfmapOffset: '0',
  FilterOffset: '10000000',
  OfmapOffset: '20000000',
  Bandwidth: '10',
};

/** The model's one systolic.array; an error naming what was found otherwise. */
function onlyArray(model: Elaboration): SystolicArray {
  const arrays = componentsOfType<SystolicArray>(model.sim.components, systolicArray);
  if (arrays.length !== 1) {
    const found = arrays.length ? `${arrays.length}: ${arrays.map((a) => a.path).join(', ')}` : 'none';
    throw new HelenError(
      'E_EXPORT',
      `a SCALE-Sim configuration describes one systolic array; ${model.spec.name} has ${found} (${systolicArray.type} components)`,
      { file: model.spec.file },
    );
  }
  return arrays[0]!;
}

/**
 * A SCALE-Sim v2 .cfg for a model with exactly one `systolic.array`: its shape
 * and dataflow, InterfaceBandwidth CALC (ideal memory, as the array models), and
 * for the keys Helen does not model the values of the .cfg the model was read
 * from when it was one, else SCALESIM_DEFAULTS. A `#` header says which is which.
 */
export function systolicToScalesimCfg(model: Elaboration): string {
  const array = onlyArray(model);
  const fromCfg = new Map((model.spec.notes ?? []).flatMap((n) => (n.key ? [[n.key, n.value ?? '']] : [])));
  const modelled: Record<string, string> = {
    run_name: model.spec.name,
    ArrayHeight: String(array.p.rows),
    ArrayWidth: String(array.p.cols),
    Dataflow: array.p.dataflow,
    InterfaceBandwidth: 'CALC',
  };
  const lines: string[] = [
    `# SCALE-Sim v2 configuration written by Helen from ${model.spec.file} (${array.path}).`,
    '# Helen models ArrayHeight, ArrayWidth, Dataflow and InterfaceBandwidth CALC; the other',
    '# values do not change SCALE-Sim cycles with CALC.',
  ];
  let section = '';
  for (const k of SCALESIM_KEYS) {
    const value =
      modelled[k.key] ??
      fromCfg.get(k.key) ??
      (k.required || k.key === 'Bandwidth' ? SCALESIM_DEFAULTS[k.key] : undefined);
    if (value === undefined) continue;
    if (k.section !== section) {
      if (section) lines.push('');
      lines.push(`[${k.section}]`);
      section = k.section;
    }
    lines.push(`${k.key} ${k.section === 'general' ? '=' : ':'} ${value}`);
  }
  return lines.join('\n') + '\n';
}
