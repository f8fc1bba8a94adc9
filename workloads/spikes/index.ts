export * from './aer-csv.js';
export * from './summary.js';
