/**
 * Per-member limits, shared by every process on the database: the allowance is taken in the same
 * transaction as the write it allows (`conv_take_allowance`, migration 3: one row per member and
 * limit), so parallel requests take turns on that row and a refused or failed write takes
 * nothing. A window starts with the first unit taken and lasts `WINDOW_MS`: at most `limit` in it.
 */
import { RateLimitedError } from '../../../src/core/errors.js';
import type { Queryable } from '../db.js';

export type LimitKind = 'sends' | 'starts' | 'reports';

const WHAT: Record<LimitKind, string> = {
  sends: 'messages',
  starts: 'new conversations',
  reports: 'reports',
};

export const WINDOW_MS: Record<LimitKind, number> = {
  sends: 60_000,
  starts: 3_600_000,
  reports: 3_600_000,
};

export function rateLimited(kind: LimitKind, retryAfterMs: number): RateLimitedError {
  return new RateLimitedError(
    Math.max(1, Math.ceil(retryAfterMs)),
    `Too many ${WHAT[kind]}; try again in a little while.`,
  );
}

/** Takes one unit of the member's allowance inside `q`'s transaction, or throws `RateLimitedError`. */
export async function takeAllowance(
  q: Queryable,
  memberId: string,
  kind: LimitKind,
  limit: number,
): Promise<void> {
  const [row] = await q.query<{ wait: number }>('select conv_take_allowance($1, $2, $3, $4) as wait', [
    memberId,
    kind,
    limit,
    WINDOW_MS[kind],
  ]);
  if (row.wait > 0) throw rateLimited(kind, row.wait);
}
