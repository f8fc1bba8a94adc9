// Output files: atomic writes and the typed errors of a failed write live in core/io, shared with the trace writers.
export {
  checkOutputTarget,
  ensureDir,
  outputError,
  writeFileAtomic,
  type OutputRequest,
} from '../core/io/output-file.js';
