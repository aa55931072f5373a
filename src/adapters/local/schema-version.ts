/**
 * The local database's schema version, in a module of its own: `unread-source.ts`, which a
 * badge-only page loads, checks it without taking in the schema's upgrade code.
 */
export const SCHEMA_VERSION = 6;
// 2 (S15): member blocks. 3 (S16–S18): members carry `status`, groups `readers`, messages
// `deleted`; 4 (S24–S26): messages carry `editedAt` and `reactions`. New fields on the rows there
// are, absent meaning what every row meant before: nothing to upgrade. 5 (S27–S31): reads carry
// `ownSeq`, found once for an older database. 6 (S30): message `words`. See `upgradeSchema` in
// `schema.ts`.
