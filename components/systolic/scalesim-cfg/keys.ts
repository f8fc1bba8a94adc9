// The keys of a SCALE-Sim v2 configuration and what Helen does with each.

/** How Helen treats a key: it sets part of the architecture, or Helen does not model it (told, not dropped). */
export type ScalesimKeyUse = 'modelled' | 'not-modelled';

/** One key SCALE-Sim v2 reads (scalesim/scale_config.py, `read_conf_file`). */
export interface ScalesimKey {
  /** Section it belongs to. */
  section: string;
  /** Spelling of SCALE-Sim's shipped configs (configparser matches keys without case). */
  key: string;
  /** Whether SCALE-Sim v2 fails without it. */
  required: boolean;
  use: ScalesimKeyUse;
  /** What it means. */
  meaning: string;
  /** For a key not modelled: why that leaves SCALE-Sim's cycles alone, or what to do instead. */
  instead?: string;
}

const MEMORY_NOT_MODELLED =
  'operands never stall (ideal memory), as in SCALE-Sim with InterfaceBandwidth CALC, so cycles are the same';
const NO_TRACES = 'Helen writes no address traces';

/** Every key of a SCALE-Sim v2 .cfg, in the order its shipped configs write them. */
export const SCALESIM_KEYS: readonly ScalesimKey[] = [
  { section: 'general', key: 'run_name', required: true, use: 'modelled', meaning: "the architecture's name" },
  { section: 'architecture_presets', key: 'ArrayHeight', required: true, use: 'modelled', meaning: 'PE rows' },
  { section: 'architecture_presets', key: 'ArrayWidth', required: true, use: 'modelled', meaning: 'PE columns' },
  {
    section: 'architecture_presets',
    key: 'IfmapSramSzkB',
    required: true,
    use: 'not-modelled',
    meaning: 'IFMAP SRAM size in KiB',
    instead: MEMORY_NOT_MODELLED,
  },
  {
    section: 'architecture_presets',
    key: 'FilterSramSzkB',
    required: true,
    use: 'not-modelled',
    meaning: 'filter SRAM size in KiB',
    instead: MEMORY_NOT_MODELLED,
  },
  {
    section: 'architecture_presets',
    key: 'OfmapSramSzkB',
    required: true,
    use: 'not-modelled',
    meaning: 'OFMAP SRAM size in KiB',
    instead: MEMORY_NOT_MODELLED,
  },
  {
    section: 'architecture_presets',
    key: 'IfmapOffset',
    required: true,
    use: 'not-modelled',
    meaning: 'IFMAP base address in SCALE-Sim traces',
    instead: NO_TRACES,
  },
  {
    section: 'architecture_presets',
    key: 'FilterOffset',
    required: true,
    use: 'not-modelled',
    meaning: 'filter base address in SCALE-Sim traces',
    instead: NO_TRACES,
  },
  {
    section: 'architecture_presets',
    key: 'OfmapOffset',
    required: true,
    use: 'not-modelled',
    meaning: 'OFMAP base address in SCALE-Sim traces',
    instead: NO_TRACES,
  },
  {
    section: 'architecture_presets',
    key: 'Bandwidth',
    required: false,
    use: 'not-modelled',
    meaning: 'DRAM words per cycle',
    instead: 'SCALE-Sim reads it only with InterfaceBandwidth USER, which Helen refuses',
  },
  {
    section: 'architecture_presets',
    key: 'Dataflow',
    required: true,
    use: 'modelled',
    meaning: 'the dataflow: os, ws or is',
  },
  {
    section: 'architecture_presets',
    key: 'MemoryBanks',
    required: false,
    use: 'not-modelled',
    meaning: 'SRAM banks',
    instead: 'SCALE-Sim v2 does not read it either',
  },
  {
    section: 'run_presets',
    key: 'InterfaceBandwidth',
    required: true,
    use: 'modelled',
    meaning: 'how SCALE-Sim sets the DRAM bandwidth: CALC (nothing stalls, as Helen models) or USER (refused)',
  },
  {
    section: 'network_presets',
    key: 'TopologyCsvLoc',
    required: false,
    use: 'not-modelled',
    meaning: 'the topology file',
    instead: 'give the topology to `helen run` as its workload',
  },
];

/** The sections of a SCALE-Sim v2 .cfg. */
export const SCALESIM_SECTIONS: readonly string[] = [...new Set(SCALESIM_KEYS.map((k) => k.section))];

/** The key `key` (any case) of `section`, if SCALE-Sim reads one. */
export function scalesimKey(section: string, key: string): ScalesimKey | undefined {
  return SCALESIM_KEYS.find((k) => k.section === section && k.key.toLowerCase() === key.toLowerCase());
}
