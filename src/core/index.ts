/**
 * The domain and its rulebook, in plain TypeScript (no I/O, no DOM): types, the policy (limits,
 * character counting), typed errors, cursors, ids, the limits table, text rules and search
 * folding, the parsers of every request and of the directory, and the decisions every backend
 * takes on the facts it loads.
 */
export * from './types.js';
export * from './errors.js';
export * from './limits.js';
export * from './text.js';
export * from './policy.js';
export * from './recipients.js';
export * from './cursor.js';
export * from './ids.js';
export * from './requests.js';
export * from './change-requests.js';
export * from './directory.js';
export * from './decisions.js';
export * from './presence.js';
export * from './acceptance.js';
export * from './member-status.js';
export * from './delivery.js';
export * from './reply-reason.js';
export * from './group-readers.js';
export * from './message-changes.js';
export * from './message-decisions.js';
export * from './import.js';
export * from './search.js';
export * from './highlight.js';
export * from './export.js';
