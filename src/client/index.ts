export * from './conversations-client.js';
export type { ReadableStore } from './store.js';
export type { RetryOptions } from './backoff.js';
export type { OutboxEntry } from './cache.js';
export { UnreadTotals, type UnreadTotalsHolder } from './unread-totals.js';
export type { PresenceState } from './services/presence-service.js';
