// INI files as Python's configparser reads them (SCALE-Sim's .cfg), every key and value located.
import { HelenError, HelenErrors, type SourceLocation } from '../../../core/index.js';

/** One `key = value` (or `key: value`) line. */
export interface IniEntry {
  /** The key as written (configparser matches keys case-insensitively). */
  key: string;
  value: string;
  keyLoc: SourceLocation;
  valueLoc: SourceLocation;
}

/** One `[section]` and its entries in file order. */
export interface IniSection {
  name: string;
  loc: SourceLocation;
  entries: IniEntry[];
}

/**
 * Parses INI text with configparser's defaults: `[section]` headers, `key = value`
 * or `key : value` (the first `=` or `:` splits), whole-line comments starting
 * with `#` or `;`, keys compared without case, a key or section given twice an
 * error (configparser's strict mode). configparser continues a value on indented
 * lines; SCALE-Sim's keys are single words, so an indented line is reported.
 * Every problem is located; all of them are thrown together.
 */
export function parseIni(text: string, file: string): IniSection[] {
  const sections: IniSection[] = [];
  const problems: HelenError[] = [];
  const at = (line: number, column: number, path?: string): SourceLocation => ({
    file,
    line,
    column,
    ...(path ? { path } : {}),
  });
  let current: IniSection | undefined;
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    const trimmed = raw.trim();
    if (!trimmed || trimmed.startsWith('#') || trimmed.startsWith(';')) return;
    const column = raw.length - raw.trimStart().length + 1;
    if (/^\s/.test(raw) && current?.entries.length) {
      problems.push(
        new HelenError(
          'E_CONFIG',
          'an indented line continues the previous value; write each key and its value on one line',
          at(line, column),
        ),
      );
      return;
    }
    const header = /^\[(.*)\]$/.exec(trimmed);
    if (header) {
      const name = header[1]!.trim();
      if (sections.some((s) => s.name === name))
        problems.push(new HelenError('E_CONFIG', `section [${name}] is given twice`, at(line, column, name)));
      current = { name, loc: at(line, column, name), entries: [] };
      sections.push(current);
      return;
    }
    const split = trimmed.search(/[=:]/);
    if (split <= 0) {
      problems.push(
        new HelenError(
          'E_CONFIG',
          `expected "[section]" or "key = value", got ${JSON.stringify(trimmed.slice(0, 60))}`,
          at(line, column),
        ),
      );
      return;
    }
    const key = trimmed.slice(0, split).trim();
    if (!current) {
      problems.push(new HelenError('E_CONFIG', `"${key}" comes before any [section] header`, at(line, column, key)));
      return;
    }
    const afterDelimiter = raw.slice(column - 1 + split + 1);
    const value = afterDelimiter.trim();
    const valueColumn = column + split + 1 + (afterDelimiter.length - afterDelimiter.trimStart().length);
    const path = `${current.name}.${key}`;
    if (current.entries.some((e) => e.key.toLowerCase() === key.toLowerCase()))
      problems.push(new HelenError('E_CONFIG', `"${key}" is given twice in [${current.name}]`, at(line, column, path)));
    current.entries.push({ key, value, keyLoc: at(line, column, path), valueLoc: at(line, valueColumn, path) });
  });
  if (problems.length === 1) throw problems[0]!;
  if (problems.length) throw new HelenErrors(problems);
  return sections;
}
