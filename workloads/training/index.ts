export * from './dense.js';
export * from './mlp.js';
