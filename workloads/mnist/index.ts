export * from './digits.js';
export * from './rate-code.js';
export * from './spike-workload.js';
