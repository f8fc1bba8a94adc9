export * from './dataset.js';
export * from './rate-code.js';
export * from './spike-workload.js';
