/**
 * The local database's schema version, in a module of its own: `unread-source.ts`, which a
 * badge-only page loads, checks it without taking in the schema's upgrade code.
 */
export const SCHEMA_VERSION = 5;
// 3 (S16–S18): members carry `status`, groups `readers`, messages `deleted`. New fields on the
// rows there are, absent meaning what every row meant before: nothing to upgrade.
// 5 (S27–S31): see `upgradeSchema` in `schema.ts`.
