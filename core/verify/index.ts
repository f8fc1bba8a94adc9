// Public API of Helen's property verification: what a component type registers, and the workload arbitraries to build it from.
export * from './property.js';
export * from './arbitraries.js';
export * from './harness.js';
export * from './targets.js';
export * from './observer.js';
export * from './component-checks.js';
export * from './invariants.js';
export * from './report-checks.js';
export * from './model-snapshot.js';
export * from './common-checks.js';
