export * from './graph.js';
export * from './layout.js';
export * from './operators.js';
export * from './options.js';
export * from './reader.js';
export * from './writer.js';
