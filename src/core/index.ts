export * from './types.js';
export * from './errors.js';
export * from './policy.js';
export * from './cursor.js';
export * from './ids.js';
