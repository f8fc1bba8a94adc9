// The `gemm-list` format: a text file of GEMMs, read into the neutral kind `cim-gemms`.
import { readFileSync } from 'node:fs';
import { HelenError } from 'helen';

/**
 * One GEMM of a list: C[M×N] = A[M×K]·B[K×N].
 * @typedef {object} Gemm
 * @property {string} name the phase it runs in
 * @property {number} M input vectors
 * @property {number} N outputs per vector
 * @property {number} K inner dimension
 * @property {number} line where it is written (1-based), for messages
 */

/**
 * A GEMM list in neutral form: what the reader produces and the driver accepts.
 * @typedef {object} CimGemmsWorkload
 * @property {'cim-gemms'} kind
 * @property {string} file
 * @property {Gemm[]} gemms
 */

/** A data line: a name and three fields, separated by spaces, tabs or commas (`d`: field positions, for messages). */
const LINE = /^\s*([A-Za-z_][\w.-]*)[\s,]+([^\s,]+)[\s,]+([^\s,]+)[\s,]+([^\s,]+)[\s,]*$/d;

/**
 * Whether a line holds nothing to read (blank, or a `#` comment).
 * @param {string} line
 */
const isBlank = (line) => /^\s*(#.*)?$/.test(line);

/**
 * Parses the text of a GEMM list; problems are HelenErrors located at the field.
 * @param {string} text
 * @param {string} file
 * @returns {Gemm[]}
 */
export function parseGemmList(text, file) {
  /** @type {Gemm[]} */
  const gemms = [];
  const names = new Set();
  text.split(/\r?\n/).forEach((line, i) => {
    if (isBlank(line)) return;
    const at = { file, line: i + 1 };
    const m = LINE.exec(line);
    if (!m)
      throw new HelenError('E_WORKLOAD', 'expected "NAME M N K" (a name and three whole numbers)', {
        ...at,
        column: 1,
      });
    const [, name = '', ...dims] = m;
    const column = (/** @type {number} */ k) => (m.indices?.[k]?.[0] ?? 0) + 1;
    if (names.has(name))
      throw new HelenError('E_WORKLOAD', `GEMM "${name}" is listed twice; phases need distinct names`, {
        ...at,
        column: column(1),
      });
    names.add(name);
    const values = dims.map((d, k) => {
      const v = Number(d);
      if (!/^\d+$/.test(d) || !Number.isSafeInteger(v) || v < 1)
        throw new HelenError('E_WORKLOAD', `${'MNK'[k]} must be a whole number ≥ 1, got "${d}"`, {
          ...at,
          column: column(k + 2),
        });
      return v;
    });
    gemms.push({ name, M: values[0] ?? 0, N: values[1] ?? 0, K: values[2] ?? 0, line: i + 1 });
  });
  if (gemms.length === 0) throw new HelenError('E_WORKLOAD', 'the GEMM list is empty', { file });
  return gemms;
}

/**
 * Reads `.gemms` files (and any file named with `--format gemm-list`).
 * @type {import('helen').WorkloadReader<CimGemmsWorkload>}
 */
export const gemmListReader = {
  format: 'gemm-list',
  description:
    'a list of GEMMs, one "NAME M N K" per line (# starts a comment line), run one after another, one phase each',
  produces: 'cim-gemms',
  extensions: ['.gemms'],
  // A .gemms file is ours when its first data line reads as a GEMM.
  recognises: (head) => {
    const first = head.split(/\r?\n/).find((l) => !isBlank(l));
    return first === undefined || LINE.test(first);
  },
  read: (file) => {
    let text;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new HelenError('E_FILE', `cannot be read (${/** @type {NodeJS.ErrnoException} */ (e).code})`, { file });
    }
    return { kind: 'cim-gemms', file, gemms: parseGemmList(text, file) };
  },
};
