/**
 * The durable delivery queue: a job is a row written in the same transaction as what it
 * announces, so a crash after the commit loses nothing and a rolled-back write sends nothing.
 * Generic: a kind (what handler delivers it), a payload, and a unique key, which makes enqueuing
 * idempotent and a retried delivery recognisable (an email's Message-ID is made from it).
 * Times are the database's clock, shared by every process.
 */
import { DB_NOW_MS, type Database, type Queryable } from '../db.js';

/** NOTIFY channel that wakes the workers of a space (the payload is the space's name). */
export const JOBS_CHANNEL = 'conv_jobs';

export interface Job {
  readonly id: number;
  readonly kind: string;
  readonly key: string;
  readonly payload: unknown;
  /** 1 on the first delivery attempt. */
  readonly attempts: number;
}

export interface QueueFigures {
  /** Jobs waiting or being delivered (not given up on, not parked). */
  readonly depth: number;
  /** Age of the oldest of them, in ms; 0 when there is none. */
  readonly oldestAgeMs: number;
  /** Jobs whose attempts are used up, kept for an operator. */
  readonly failed: number;
}

/**
 * Adds a job inside the caller's transaction; the workers are woken when it commits. A job with
 * this key already queued is kept as it is. Returns whether this call added it.
 */
export async function enqueue(
  q: Queryable,
  space: string,
  kind: string,
  key: string,
  payload: unknown,
): Promise<boolean> {
  const rows = await q.query(
    `with added as (
       insert into jobs (kind, key, payload, run_at, created_at) values ($1, $2, $3, ${DB_NOW_MS}, ${DB_NOW_MS})
       on conflict (key) do nothing returning 1)
     select pg_notify($4, $5) from added`,
    [kind, key, JSON.stringify(payload), JOBS_CHANNEL, space],
  );
  return rows.length > 0;
}

export async function queueFigures(db: Database): Promise<QueueFigures> {
  const [row] = await db.query<{ depth: number; oldest: number | null; failed: number; now: number }>(
    `select count(*) filter (where failed_at is null and run_at <> ${PARKED})::int as depth,
            min(created_at) filter (where failed_at is null and run_at <> ${PARKED}) as oldest,
            count(*) filter (where failed_at is not null)::int as failed,
            ${DB_NOW_MS} as now
       from jobs`,
  );
  return {
    depth: row.depth,
    oldestAgeMs: row.oldest === null ? 0 : Math.max(0, Math.round(row.now - row.oldest)),
    failed: row.failed,
  };
}

/**
 * Takes up to `limit` due jobs of these kinds for `leaseMs`, oldest first. Rows another worker is
 * taking at this moment are skipped (`for update skip locked`), and a lease that ran out (its
 * worker died) makes the job due again: each job is delivered at least once.
 */
export async function claimJobs(
  db: Database,
  kinds: readonly string[],
  limit: number,
  leaseMs: number,
): Promise<Job[]> {
  const rows = await db.query<Omit<Job, 'id'> & { id: string | number }>(
    `update jobs set attempts = attempts + 1, locked_until = ${DB_NOW_MS} + $3
      where id in (
        select id from jobs
         where failed_at is null and kind = any($1::text[]) and run_at <= ${DB_NOW_MS}
           and (locked_until is null or locked_until <= ${DB_NOW_MS})
         order by id limit $2
         for update skip locked)
      returning id, kind, key, payload, attempts`,
    [[...kinds], limit, leaseMs],
  );
  return rows.map((row) => ({ ...row, id: Number(row.id) })).sort((a, b) => a.id - b.id);
}

export async function completeJob(db: Database, id: number): Promise<void> {
  await db.query('delete from jobs where id = $1', [id]);
}

/** Puts a failed job back for `retryInMs`, or gives up on it (`retryInMs` null). */
export async function failJob(
  db: Database,
  id: number,
  error: string,
  retryInMs: number | null,
): Promise<void> {
  await db.query(
    `update jobs set locked_until = null, last_error = $2,
            run_at = case when $3::float8 is null then run_at else ${DB_NOW_MS} + $3::float8 end,
            failed_at = case when $3::float8 is null then ${DB_NOW_MS} end
      where id = $1`,
    [id, error.slice(0, 1000), retryInMs],
  );
}

/**
 * A parked job (its handler said it cannot be delivered for now, as to a disabled webhook
 * endpoint) waits without a time: never due, its attempt not counted, until `resumeJobs`.
 */
const PARKED = `'Infinity'::float8`;

export async function parkJob(db: Database, id: number): Promise<void> {
  await db.query(
    `update jobs set locked_until = null, attempts = attempts - 1, run_at = ${PARKED} where id = $1`,
    [id],
  );
}

/**
 * Makes the parked jobs of this kind whose payload has `field` = `value` due now, in the caller's
 * transaction, and wakes the workers at commit. Returns how many.
 */
export async function resumeJobs(
  q: Queryable,
  space: string,
  kind: string,
  field: string,
  value: string,
): Promise<number> {
  const rows = await q.query(
    `update jobs set run_at = ${DB_NOW_MS}
      where kind = $1 and payload->>$2 = $3 and failed_at is null and run_at = ${PARKED}
      returning id`,
    [kind, field, value],
  );
  if (rows.length > 0) await q.query('select pg_notify($1, $2)', [JOBS_CHANNEL, space]);
  return rows.length;
}

/** Releases jobs taken but not started (the worker is stopping): they are due again at once. */
export async function releaseJobs(db: Database, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.query(
    'update jobs set locked_until = null, attempts = attempts - 1 where id = any($1::bigint[])',
    [[...ids]],
  );
}
