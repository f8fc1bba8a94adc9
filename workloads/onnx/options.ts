import { HelenError, type ReaderOptions } from '../../core/index.js';
import type { ValuesRequest } from '../layers/values-block.js';

/** The reader options the ONNX reader takes: name → what it does (for messages and `helen list`). */
export const ONNX_READER_OPTIONS: Readonly<Record<string, string>> = {
  'input-shape': 'shape of a graph input with dynamic dimensions: [NAME=]N×C×H×W as 1x3x224x224',
  'ignore-op': 'operator types to skip on purpose (comma-separated): the shape passes through',
  values:
    "check outputs through the hardware's value model with the model's weights: true, or options such as seed=1,layers=2,vectors=8",
};

/** The ONNX reader's options, parsed. */
export interface OnnxReaderOptions {
  /** Input name → shape; the key '' is a shape given without a name (for a model with one input). */
  inputShapes: Map<string, number[]>;
  /** Operator types skipped on purpose. */
  ignoreOps: Set<string>;
  /** The values check asked for (as a layer list's `values:`), if any. */
  values: ValuesRequest | undefined;
}

/** Parses `--input-shape` and `--ignore-op` values; a bad value is a HelenError naming the option and the value. */
export function parseOnnxOptions(options: ReaderOptions = {}): OnnxReaderOptions {
  const inputShapes = new Map<string, number[]>();
  for (const value of options['input-shape'] ?? []) {
    const eq = value.lastIndexOf('=');
    const name = eq >= 0 ? value.slice(0, eq).trim() : '';
    const dims = (eq >= 0 ? value.slice(eq + 1) : value).trim();
    if (!/^\d+(x\d+)*$/.test(dims) || dims.split('x').some((d) => Number(d) < 1) || (eq >= 0 && name === ''))
      throw new HelenError(
        'E_OPTION',
        `"${value}" is not a shape; expected [NAME=]DIMS with whole numbers ≥ 1 joined by x, e.g. input=1x3x224x224`,
        { file: '--input-shape' },
      );
    if (inputShapes.has(name))
      throw new HelenError('E_OPTION', `the shape of ${name ? `"${name}"` : 'the input'} is given twice`, {
        file: '--input-shape',
      });
    inputShapes.set(name, dims.split('x').map(Number));
  }
  const ignoreOps = new Set<string>();
  for (const value of options['ignore-op'] ?? []) {
    for (const op of value.split(',').map((s) => s.trim())) {
      if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(op))
        throw new HelenError(
          'E_OPTION',
          `"${op}" is not an operator type; expected names such as Softmax,LogSoftmax (comma-separated)`,
          { file: '--ignore-op' },
        );
      ignoreOps.add(op);
    }
  }
  return { inputShapes, ignoreOps, values: valuesRequest(options.values ?? []) };
}

/**
 * `--values true`, `--values false` or `--values seed=1,layers=2` as a layer
 * list's `values:` request; the driver that checks values judges the keys.
 */
function valuesRequest(given: readonly string[]): ValuesRequest | undefined {
  if (given.length > 1) throw new HelenError('E_OPTION', 'give --values once', { file: '--values' });
  const text = given[0]?.trim();
  const at = { file: '--values' };
  if (text === undefined || text === 'false') return undefined;
  if (text === 'true') return { form: 'defaults', at };
  const pairs = text.split(',').map((p) => p.split('='));
  if (pairs.some((p) => p.length !== 2 || p[0]!.trim() === ''))
    throw new HelenError('E_OPTION', `"${text}" is not true, false or key=value pairs such as seed=1,layers=2`, at);
  return {
    form: 'options',
    at,
    entries: pairs.map(([key, value]) => {
      const v = value!.trim();
      return {
        key: key!.trim(),
        value: v !== '' && Number.isFinite(Number(v)) ? Number(v) : v,
        keyAt: at,
        valueAt: at,
      };
    }),
  };
}
