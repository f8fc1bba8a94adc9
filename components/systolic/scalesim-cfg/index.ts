export * from './ini.js';
export * from './keys.js';
export * from './reader.js';
export * from './writer.js';
