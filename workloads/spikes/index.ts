export * from './events.js';
export * from './workload.js';
export * from './aer-csv.js';
export * from './aer-write.js';
export * from './nmnist.js';
export * from './generators.js';
