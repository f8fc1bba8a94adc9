import { cwd, readFileSync, statSync } from '../../../core/io/fs.js';
import { dirname, extname, relative, resolve } from '../../../core/io/path.js';
import { excerpt, HelenError, shownValue, type SourceLocation } from '../../../core/index.js';
import { parseNpy } from './npy.js';

/** A weight matrix read from a file, row-major. */
export interface WeightMatrix {
  rows: number;
  cols: number;
  /** Values in row-major order. */
  values: Float64Array;
}

/**
 * Resolves a file named by a parameter: relative to the file the parameter was
 * written in (like `include`), or to the working directory when it came from
 * `--set` or from code.
 */
export function resolveParamFile(name: string, loc: SourceLocation | undefined): string {
  const from = loc?.file && loc.file !== '--set' ? dirname(resolve(loc.file)) : cwd();
  return resolve(from, name);
}

function shown(abs: string): string {
  const rel = relative(cwd(), abs);
  return rel && !rel.startsWith('..') ? rel : abs;
}

/**
 * Reads a rows × cols weight matrix from JSON (a list of rows, or an object
 * whose `weights` key holds one), CSV (one row per line, `#` comments) or
 * NumPy `.npy` (a 2-D array). Problems inside the file are located in it;
 * a missing file or a wrong shape is located at the parameter that names it.
 * From an architecture `name` is already a confined real path (`weights_file`
 * is a `param.file`); it is resolved here only for arrays built in code.
 */
export function readWeightsFile(name: string, rows: number, cols: number, loc?: SourceLocation): Float64Array {
  const abs = resolveParamFile(name, loc);
  const file = shown(abs);
  if (!(statSync(abs, { throwIfNoEntry: false })?.isFile() ?? false)) {
    throw new HelenError('E_FILE', `weights_file "${name}": no such file (looked for ${file})`, loc);
  }
  const ext = extname(abs).toLowerCase();
  let m: WeightMatrix;
  if (ext === '.npy') m = npyMatrix(readFileSync(abs), file);
  else if (ext === '.json') m = jsonMatrix(readFileSync(abs, 'utf8'), file);
  else if (ext === '.csv') m = csvMatrix(readFileSync(abs, 'utf8'), file);
  else
    throw new HelenError(
      'E_FILE',
      `weights_file "${file}": unknown format "${ext || '(none)'}"; use .json, .csv or .npy`,
      loc,
    );
  if (m.rows !== rows || m.cols !== cols) {
    throw new HelenError(
      'E_SHAPE',
      `weights_file "${file}" holds a ${m.rows}×${m.cols} matrix, but the array is rows × cols = ${rows}×${cols}`,
      loc,
    );
  }
  return m.values;
}

function npyMatrix(bytes: Uint8Array, file: string): WeightMatrix {
  const a = parseNpy(bytes, file);
  if (a.shape.length !== 2)
    throw new HelenError('E_SHAPE', `${file}: expected a 2-D array (rows, cols), got shape (${a.shape.join(', ')})`, {
      file,
    });
  for (let k = 0; k < a.data.length; k++) {
    if (!Number.isFinite(a.data[k]!))
      throw new HelenError(
        'E_VALUE',
        `${file}: element [${Math.floor(k / a.shape[1]!)}, ${k % a.shape[1]!}] is ${a.data[k]}, not a finite number`,
        { file },
      );
  }
  return { rows: a.shape[0]!, cols: a.shape[1]!, values: a.data };
}

/** 1-based line and column of a character offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

function csvMatrix(text: string, file: string): WeightMatrix {
  const values: number[] = [];
  let cols = -1;
  let rows = 0;
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!.replace(/\r$/, '');
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const cells = line.split(',');
    if (cols < 0) cols = cells.length;
    else if (cells.length !== cols) {
      throw new HelenError('E_SHAPE', `row ${rows} has ${cells.length} values, the rows before it ${cols}`, {
        file,
        line: n + 1,
        column: 1,
      });
    }
    let column = 1;
    for (const cell of cells) {
      const t = cell.trim();
      const v = t === '' ? NaN : Number(t);
      if (!Number.isFinite(v)) {
        throw new HelenError('E_VALUE', `expected a number, got "${excerpt(t)}"`, {
          file,
          line: n + 1,
          column: column + cell.length - cell.trimStart().length,
        });
      }
      values.push(v);
      column += cell.length + 1;
    }
    rows++;
  }
  if (rows === 0)
    throw new HelenError('E_SHAPE', 'no rows: a weights CSV holds one row of numbers per line', {
      file,
      line: 1,
      column: 1,
    });
  return { rows, cols, values: Float64Array.from(values) };
}

/** Offsets of the '[' opening each row of the weight matrix, found by a scan that skips strings. */
function rowOffsets(text: string, wrapped: boolean): number[] {
  const out: number[] = [];
  let depth = 0;
  let inString = false;
  let lastString = '';
  let stringStart = 0;
  let matrixDepth = wrapped ? -1 : 1; // depth of the matrix's '[' (root array: 1)
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') {
        inString = false;
        lastString = text.slice(stringStart + 1, i);
      }
      continue;
    }
    if (ch === '"') {
      inString = true;
      stringStart = i;
    } else if (ch === '[' || ch === '{') {
      depth++;
      if (ch === '[' && depth === matrixDepth + 1) out.push(i);
    } else if (ch === ']' || ch === '}') {
      depth--;
      if (wrapped && matrixDepth > 0 && depth < matrixDepth) return out;
    } else if (ch === ':' && wrapped && depth === 1 && lastString === 'weights' && matrixDepth < 0) {
      matrixDepth = 2;
    }
  }
  return out;
}

function jsonMatrix(text: string, file: string): WeightMatrix {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const pos = /position (\d+)/.exec(msg);
    const at = pos ? lineColumn(text, Number(pos[1])) : { line: 1, column: 1 };
    throw new HelenError('E_SYNTAX', `not valid JSON: ${excerpt(msg.replace(/ in JSON at position \d+.*$/, ''))}`, {
      file,
      ...at,
    });
  }
  const wrapped = doc !== null && typeof doc === 'object' && !Array.isArray(doc);
  const matrix = wrapped ? (doc as Record<string, unknown>)['weights'] : doc;
  if (!Array.isArray(matrix) || matrix.length === 0) {
    throw new HelenError(
      'E_SHAPE',
      'expected a non-empty list of rows, e.g. [[0.5, -1], [2, 0]], or {"weights": [[…], …]}',
      { file, line: 1, column: 1 },
    );
  }
  const offsets = rowOffsets(text, wrapped);
  const at = (r: number): SourceLocation => ({ file, ...lineColumn(text, offsets[r] ?? 0) });
  const cols = Array.isArray(matrix[0]) ? matrix[0].length : -1;
  const values = new Float64Array(matrix.length * Math.max(cols, 0));
  for (let r = 0; r < matrix.length; r++) {
    const row = matrix[r];
    if (!Array.isArray(row)) throw new HelenError('E_SHAPE', `row ${r} is not a list of numbers`, at(r));
    if (row.length !== cols)
      throw new HelenError('E_SHAPE', `row ${r} has ${row.length} values, row 0 has ${cols}`, at(r));
    for (let c = 0; c < cols; c++) {
      const v = row[c];
      if (typeof v !== 'number' || !Number.isFinite(v))
        throw new HelenError('E_VALUE', `row ${r}, column ${c}: expected a number, got ${shownValue(v)}`, at(r));
      values[r * cols + c] = v;
    }
  }
  return { rows: matrix.length, cols, values };
}
