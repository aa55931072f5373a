/**
 * Migration 10: imports (S20). Conversations and messages brought from another system keep the
 * id they had there (`external_id`), so an import run twice finds what the first stored and adds
 * nothing. Live rows have none (PostgreSQL's unique allows any number of nulls).
 */
export const MIGRATION_10 = `
  alter table conversations add column external_id text unique;
  alter table messages add column external_id text unique;
`;
