export type * from './adapter.js';
export type * from './events.js';
