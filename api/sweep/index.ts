export * from './types.js';
export { loadSweepFile, SWEEP_KEYS } from './sweep-file.js';
export { sweepPoints, productPoints, pointKey, canonicalJson, baseFilesHash, MAX_POINTS } from './points.js';
export { runPoint } from './run-point.js';
export { LocalPool, defaultWorkerFile, type PointExecutor, type LocalPoolOptions } from './local-pool.js';
export { ResultsStore, RESULTS_CSV, RESULTS_JSONL } from './results-store.js';
export { paretoFront, placeRows, dominates, type ParetoPoint } from './pareto.js';
export { paretoSvg } from './svg-chart.js';
export { summarise, formatSummary, PARETO_SVG, SUMMARY_TXT, type SweepSummary } from './summary.js';
export { runSweep, type SweepOptions, type SweepOutcome, type SweepProgress } from './run-sweep.js';
export { RedisSweepQueue, type RedisQueueOptions } from './redis-queue.js';
export { startSweepWorker, type SweepWorker, type SweepWorkerOptions } from './redis-worker.js';
export { parseRedisUrl, SWEEP_QUEUE } from './redis-connection.js';
// The thread entry is loaded by path at run time; exporting it keeps it in the compiled program.
export { default as runPointInThread } from './worker.js';
