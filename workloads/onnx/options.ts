import { HelenError, type ReaderOptions } from '../../core/index.js';

/** The reader options the ONNX reader takes: name → what it does (for messages and `helen list`). */
export const ONNX_READER_OPTIONS: Readonly<Record<string, string>> = {
  'input-shape': 'shape of a graph input with dynamic dimensions: [NAME=]N×C×H×W as 1x3x224x224',
  'ignore-op': 'operator types to skip on purpose (comma-separated): the shape passes through',
};

/** The ONNX reader's options, parsed. */
export interface OnnxReaderOptions {
  /** Input name → shape; the key '' is a shape given without a name (for a model with one input). */
  inputShapes: Map<string, number[]>;
  /** Operator types skipped on purpose. */
  ignoreOps: Set<string>;
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
  return { inputShapes, ignoreOps };
}
