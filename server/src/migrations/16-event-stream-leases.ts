/**
 * Migration 16: the open event streams, one row each, so that the limit of streams per member
 * holds across every process on the database (`store/stream-leases.ts`). A row is a lease: the
 * process holding the stream renews it while the stream is open and deletes it when it closes;
 * the leases of a process that died run out on the database's clock.
 */
export const MIGRATION_16 = `
  create table event_streams (
    id text primary key,
    member_id text not null,
    -- milliseconds since the epoch (the database's clock): past it, the stream no longer counts
    expires_at double precision not null
  );
  create index event_streams_member on event_streams (member_id, expires_at);
`;
