// Public API of Helen's core: the kernel, the component model, statistics and tracing.
export * from './errors.js';
export * from './kernel/time.js';
export * from './kernel/clock.js';
export * from './kernel/rng.js';
export * from './kernel/simulator.js';
export type { EventHandler } from './kernel/event-queue.js';
export * from './model/component.js';
export * from './model/port.js';
export * from './model/link.js';
export * from './model/clocked.js';
export * from './stats/statistics.js';
export * from './stats/energy.js';
export * from './trace/trace-bus.js';
export * from './stats/report.js';
