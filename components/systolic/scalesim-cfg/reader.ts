// SCALE-Sim v2 .cfg files as Helen architectures: a located document the normal loader and elaborator read.
import {
  didYouMean,
  HelenError,
  HelenErrors,
  readUserTextFile,
  type ArchitectureDocument,
  type ArchitectureNote,
  type ArchitectureReader,
  type SourceLocation,
  type YMap,
  type YNode,
} from '../../../core/index.js';
import { DATAFLOWS, type Dataflow } from '../dataflow.js';
import { parseIni, type IniEntry, type IniSection } from './ini.js';
import { SCALESIM_KEYS, SCALESIM_SECTIONS, scalesimKey } from './keys.js';
import { systolicToScalesimCfg } from './writer.js';

/** What a SCALE-Sim configuration sets that Helen models, with where each came from. */
export interface ScalesimConfig {
  runName: string;
  rows: number;
  cols: number;
  dataflow: Dataflow;
  /** Keys read but not modelled, with their values as written. */
  notes: ArchitectureNote[];
  /** Where each modelled key was written, by SCALE-Sim's spelling (`ArrayHeight`, …); the file for a missing section. */
  locations: Record<string, SourceLocation>;
}

/**
 * Clock of an architecture read from a .cfg. Named assumption: SCALE-Sim counts
 * cycles only and has no clock; 1 GHz makes a cycle 1 ns and changes no cycle count.
 */
export const SCALESIM_ASSUMED_CLOCK = '1GHz';

/** A .cfg larger than this is not a configuration. */
const MAX_CFG_BYTES = 1024 * 1024;

/** Reads and checks a SCALE-Sim v2 configuration; every problem is located (file, line, column, key). */
export function readScalesimConfig(file: string, shown: string = file): ScalesimConfig {
  return scalesimConfigFromText(readUserTextFile(file, shown, MAX_CFG_BYTES, 'a SCALE-Sim configuration'), shown);
}

/** As readScalesimConfig, from the file's text. */
export function scalesimConfigFromText(text: string, file: string): ScalesimConfig {
  const sections = parseIni(text, file);
  const problems: HelenError[] = [];
  const found = new Map<string, IniEntry>();
  for (const section of sections) {
    if (!SCALESIM_SECTIONS.includes(section.name)) {
      const hint = didYouMean(section.name, [...SCALESIM_SECTIONS]);
      problems.push(
        new HelenError(
          'E_CONFIG',
          `unknown section [${section.name}]${hint ? `; did you mean [${hint}]?` : ''}; SCALE-Sim v2 reads ${SCALESIM_SECTIONS.map((s) => `[${s}]`).join(', ')}`,
          section.loc,
        ),
      );
      continue;
    }
    for (const entry of section.entries) {
      const known = scalesimKey(section.name, entry.key);
      if (known) {
        found.set(known.key, entry);
        continue;
      }
      const names = SCALESIM_KEYS.filter((k) => k.section === section.name).map((k) => k.key);
      const elsewhere = SCALESIM_KEYS.find((k) => k.key.toLowerCase() === entry.key.toLowerCase());
      const hint = elsewhere ? undefined : didYouMean(entry.key, names);
      problems.push(
        new HelenError(
          'E_CONFIG',
          elsewhere
            ? `"${entry.key}" belongs in [${elsewhere.section}], not [${section.name}]`
            : `unknown key "${entry.key}" in [${section.name}]${hint ? `; did you mean "${hint}"?` : ''}; SCALE-Sim v2 reads ${names.join(', ')} there`,
          entry.keyLoc,
        ),
      );
    }
  }
  const sectionOf = (name: string): IniSection | undefined => sections.find((s) => s.name === name);
  for (const k of SCALESIM_KEYS) {
    if (!k.required || found.has(k.key)) continue;
    const section = sectionOf(k.section);
    problems.push(
      new HelenError(
        'E_CONFIG',
        section
          ? `missing key "${k.key}" (${k.meaning}), which SCALE-Sim v2 requires in [${k.section}]`
          : `missing section [${k.section}] with "${k.key}" (${k.meaning}), which SCALE-Sim v2 requires`,
        section?.loc ?? { file, line: 1, column: 1, path: `${k.section}.${k.key}` },
      ),
    );
  }
  const whole = (key: string, min: number): number => {
    const e = found.get(key);
    if (!e) return min;
    const n = /^[+-]?\d+$/.test(e.value) ? Number(e.value) : NaN;
    if (!Number.isSafeInteger(n) || n < min)
      problems.push(
        new HelenError(
          'E_CONFIG',
          `"${e.key}" must be a whole number ≥ ${min} (SCALE-Sim reads it with int()), got ${JSON.stringify(e.value)}`,
          e.valueLoc,
        ),
      );
    return n;
  };
  const rows = whole('ArrayHeight', 1);
  const cols = whole('ArrayWidth', 1);
  for (const key of ['IfmapSramSzkB', 'FilterSramSzkB', 'OfmapSramSzkB']) whole(key, 0);
  for (const key of ['IfmapOffset', 'FilterOffset', 'OfmapOffset']) whole(key, 0);
  const dataflowEntry = found.get('Dataflow');
  const dataflow = dataflowEntry?.value as Dataflow;
  if (dataflowEntry && !DATAFLOWS.includes(dataflow))
    problems.push(
      new HelenError(
        'E_CONFIG',
        `"${dataflowEntry.key}" must be ${DATAFLOWS.join(', ')} (lower case, no comment on the line), got ${JSON.stringify(dataflowEntry.value)}`,
        dataflowEntry.valueLoc,
      ),
    );
  const bandwidthMode = found.get('InterfaceBandwidth');
  if (bandwidthMode && bandwidthMode.value !== 'CALC')
    problems.push(
      new HelenError(
        'E_CONFIG',
        bandwidthMode.value === 'USER'
          ? '"InterfaceBandwidth: USER" makes SCALE-Sim stall on a DRAM bandwidth, which a systolic.array (ideal memory) cannot honour; use CALC, or model memory with systolic.engine in YAML'
          : `"${bandwidthMode.key}" must be CALC (USER is not modelled), got ${JSON.stringify(bandwidthMode.value)}`,
        bandwidthMode.valueLoc,
      ),
    );
  const runName = found.get('run_name');
  if (runName && !runName.value)
    problems.push(new HelenError('E_CONFIG', '"run_name" must not be empty', runName.valueLoc));
  if (problems.length === 1) throw problems[0]!;
  if (problems.length) throw new HelenErrors(problems);
  const notes: ArchitectureNote[] = [];
  const locations: Record<string, SourceLocation> = {};
  for (const k of SCALESIM_KEYS) {
    const e = found.get(k.key);
    if (!e) continue;
    if (k.use === 'modelled') locations[k.key] = e.valueLoc;
    else
      notes.push({
        message: `${e.key} = ${e.value} (${k.meaning}) is not modelled: ${k.instead ?? ''}`,
        location: e.keyLoc,
        key: k.key,
        value: e.value,
      });
  }
  return { runName: runName!.value, rows, cols, dataflow, notes, locations };
}

/** The architecture a configuration describes: one R×C `systolic.array` at `chip.array`, located in the .cfg. */
export function scalesimArchitectureDocument(config: ScalesimConfig, file: string): ArchitectureDocument {
  const fileLoc: SourceLocation = { file, line: 1, column: 1 };
  const at = (key: string): SourceLocation => config.locations[key] ?? fileLoc;
  const scalar = (value: string | number, loc: SourceLocation): YNode => ({ kind: 'scalar', value, loc });
  const map = (loc: SourceLocation, entries: [string, YNode][]): YMap => ({
    kind: 'map',
    loc,
    entries: entries.map(([key, value]) => ({ key, keyLoc: value.loc, value })),
  });
  const arrayLoc = at('ArrayHeight');
  const root = map(fileLoc, [
    ['name', scalar(config.runName, at('run_name'))],
    [
      'description',
      scalar(
        `SCALE-Sim configuration ${file}: a ${config.rows}×${config.cols} ${config.dataflow} systolic array, ideal memory (InterfaceBandwidth CALC)`,
        fileLoc,
      ),
    ],
    ['clock', scalar(SCALESIM_ASSUMED_CLOCK, fileLoc)],
    [
      'components',
      map(arrayLoc, [
        [
          'chip',
          map(arrayLoc, [
            ['type', scalar('generic.group', arrayLoc)],
            [
              'children',
              map(arrayLoc, [
                [
                  'array',
                  map(arrayLoc, [
                    ['type', scalar('systolic.array', arrayLoc)],
                    [
                      'params',
                      map(arrayLoc, [
                        ['rows', scalar(config.rows, at('ArrayHeight'))],
                        ['cols', scalar(config.cols, at('ArrayWidth'))],
                        ['dataflow', scalar(config.dataflow, at('Dataflow'))],
                      ]),
                    ],
                  ]),
                ],
              ]),
            ],
          ]),
        ],
      ]),
    ],
  ]);
  return { root, notes: config.notes };
}

/** SCALE-Sim v2 configuration files (`.cfg`) as architectures: registered by the systolic family. */
export const scalesimCfgReader: ArchitectureReader = {
  format: 'scalesim-cfg',
  description: 'SCALE-Sim v2 configuration (.cfg): one systolic array, ideal memory (InterfaceBandwidth CALC)',
  extensions: ['.cfg'],
  read: (file, shown) => scalesimArchitectureDocument(readScalesimConfig(file, shown), shown),
  write: (model) => systolicToScalesimCfg(model),
};
