/**
 * The local database's schema version, in a module of its own: `unread-source.ts`, which a
 * badge-only page loads, checks it without taking in the schema's upgrade code.
 */
export const SCHEMA_VERSION = 6;
