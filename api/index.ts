// Helen's public API: what `import { … } from 'helen'` gives. Everything a plug-in or a script builds on is here;
// deeper paths are internal and may change.
import { useNodeFileSystem } from './node-file-system.js';

// Files are read and written through Node's file system wherever Helen is imported through its api.
useNodeFileSystem();

// The kernel, the component model (components, ports, links, FIFOs, serial resources, declarations and slots),
// parameters, the registry, sessions and plug-ins, workload readers and drivers, the phase tracker, report views.
export * from '../core/index.js';
// What `helen verify` checks and how a component type declares its own properties.
export * from '../core/verify/index.js';
// The schema and property-testing libraries Helen's declarations are written with: use these copies, not a second install.
export { z } from 'zod';
export { default as fc } from 'fast-check';

export { defaultSession, Session } from './session.js';
export {
  runSimulation,
  RUN_STAGES,
  type RunOptions,
  type RunReport,
  type RunProgress,
  type RunStage,
  type ComponentSummary,
} from './run.js';
export { exportOnnx, exportTimeloop, type ExportOptions, type ExportResult } from './export.js';
export { compareArchitectures, type CompareOptions, type ComparisonReport, type ComparisonRow } from './compare.js';
export {
  verifyArchitecture,
  DEFAULT_RUNS,
  type VerifyOptions,
  type VerifyReport,
  type VerifiedProperty,
} from './verify.js';
export { validateFiles, type ValidationResult } from './validate.js';
export {
  listTypes,
  describeType,
  formatTypeDocs,
  type TypeDoc,
  type ParamDoc,
  type OperationDoc,
  type SlotDoc,
} from './list.js';
export { architectureJsonSchema, partJsonSchema } from './schema.js';
export {
  renderHtmlReport,
  writeHtmlReport,
  htmlReport,
  readRunReport,
  type HtmlReportOptions,
  type WriteHtmlReportOptions,
  type WrittenReport,
  type ReportViews,
} from './report/index.js';
export { runWithTrace, startTraceRecording, type TraceOptions } from './trace/record.js';
export { writeFileAtomic } from './output.js';
export { nodeFileSystem, useNodeFileSystem } from './node-file-system.js';
export { MemoryFileSystem } from '../core/io/memory-file-system.js';
// Design-space sweeps: on local threads, or through a BullMQ/Redis queue (bullmq and ioredis load only then).
export {
  runSweep,
  loadSweepFile,
  sweepPoints,
  runPoint,
  startSweepWorker,
  type SweepOptions,
  type SweepOutcome,
  type SweepProgress,
  type SweepWorker,
  type SweepWorkerOptions,
} from './sweep/index.js';
// Loading plug-in modules as the CLI does (for scripts whose sessions sweeps ship to worker threads).
export * from './plugins.js';
