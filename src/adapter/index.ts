export type * from './adapter.js';
export type * from './events.js';
export type * from './capabilities.js';
