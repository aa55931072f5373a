/**
 * Failed admin-secret attempts, counted per address in the database, so that every process
 * serving the API counts the same failures (an address cannot guess N times as fast against N
 * processes). Past the limit, the address is refused (429 with Retry-After) until its window —
 * a minute from its first failure — ends, even with the right secret. Guessing a 16-character
 * secret at that pace takes forever.
 *
 * The count is a row of `rate_limits` (migration 3) keyed `admin:<address>`, taken with
 * `conv_take_allowance` as member limits are, on the server's own schema; the database's clock
 * decides, so processes with drifting clocks agree. Rows of windows long over are pruned now
 * and then while failures are recorded.
 */
import { RateLimitedError } from '../../../src/core/index.js';
import { DB_NOW_MS, type Queryable } from '../db.js';

const WINDOW_MS = 60_000;
const KIND = 'admin-failures';
/** About one recorded failure in this many also deletes the rows of windows long over. */
const PRUNE_EVERY = 64;

const keyOf = (address: string) => `admin:${address}`;

export class AdminGuard {
  constructor(
    private readonly db: Queryable,
    private readonly perMinute: number,
  ) {}

  /** Refuses the address while it has used up its failures of the current window. */
  async check(address: string): Promise<void> {
    const [row] = await this.db.query<{ used: number; wait: number }>(
      `select used, window_end - ${DB_NOW_MS} as wait
         from rate_limits where member_id = $1 and kind = $2`,
      [keyOf(address), KIND],
    );
    if (row && row.used >= this.perMinute && row.wait > 0) {
      throw new RateLimitedError(
        Math.max(1000, Math.ceil(row.wait)),
        'Too many failed attempts with the admin secret; try again later.',
      );
    }
  }

  /** Counts one failure of the address. */
  async failed(address: string): Promise<void> {
    await this.db.query('select conv_take_allowance($1, $2, $3, $4)', [
      keyOf(address),
      KIND,
      this.perMinute,
      WINDOW_MS,
    ]);
    if (Math.random() * PRUNE_EVERY < 1) {
      await this.db.query(
        `delete from rate_limits
          where kind = $1 and window_end < ${DB_NOW_MS} - $2`,
        [KIND, WINDOW_MS],
      );
    }
  }
}
