/**
 * The limit of open event streams per member, shared by every process on the database: each open
 * stream holds a lease row (migration 16), taken under a lock of the member's streams so that
 * parallel opens, on one process or several, are counted as they come. A process renews the
 * leases of its open streams (`renewStreamLeases`) and ends them as the streams close; the leases
 * of a process that died run out after `STREAM_LEASE_MS`, freeing their places.
 */
import { randomUUID } from 'node:crypto';
import { DB_NOW_MS, type Database } from '../db.js';

/** How long a lease counts without being renewed: what a dead process's streams still hold. */
export const STREAM_LEASE_MS = 60_000;

/**
 * Takes a lease for one more stream of the member, or answers undefined when `max` are open. The
 * advisory lock is the member's, in this schema, for the transaction: not a row that sends lock.
 */
export function leaseStream(db: Database, memberId: string, max: number): Promise<string | undefined> {
  return db.transaction(async (tx) => {
    await tx.query(`select pg_advisory_xact_lock(hashtext(current_schema() || ':streams:' || $1))`, [
      memberId,
    ]);
    await tx.query(`delete from event_streams where member_id = $1 and expires_at <= ${DB_NOW_MS}`, [
      memberId,
    ]);
    const [{ open }] = await tx.query<{ open: number }>(
      'select count(*)::int as open from event_streams where member_id = $1',
      [memberId],
    );
    if (open >= max) return undefined;
    const id = randomUUID();
    await tx.query(
      `insert into event_streams (id, member_id, expires_at) values ($1, $2, ${DB_NOW_MS} + $3)`,
      [id, memberId, STREAM_LEASE_MS],
    );
    return id;
  });
}

/** Keeps these streams' leases counting for another `STREAM_LEASE_MS`. */
export async function renewStreamLeases(db: Database, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.query(`update event_streams set expires_at = ${DB_NOW_MS} + $2 where id = any($1::text[])`, [
    [...ids],
    STREAM_LEASE_MS,
  ]);
}

export async function endStreamLease(db: Database, id: string): Promise<void> {
  await db.query('delete from event_streams where id = $1', [id]);
}
