/**
 * Per-member sliding-window limits, kept in this process's memory. With several processes each
 * keeps its own window, so the effective limit is at most N times the configured one; a shared
 * limiter would need a table or Redis, which this reference server leaves out.
 */
import { RateLimitedError } from '../../src/core/errors.js';

export class SlidingWindow {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly what: string,
  ) {}

  /** Throws `RateLimitedError` when `key` has used up its window; records nothing. */
  check(key: string, now = Date.now()): void {
    const recent = this.recent(key, now);
    if (recent.length >= this.limit) {
      throw new RateLimitedError(
        Math.max(1, recent[0] + this.windowMs - now),
        `Too many ${this.what}; try again in a little while.`,
      );
    }
  }

  record(key: string, now = Date.now()): void {
    const recent = this.recent(key, now);
    recent.push(now);
    this.hits.set(key, recent);
  }

  private recent(key: string, now: number): number[] {
    const list = this.hits.get(key);
    if (!list) return [];
    const fresh = list.filter((time) => time > now - this.windowMs);
    if (fresh.length === 0) this.hits.delete(key);
    else this.hits.set(key, fresh);
    return fresh;
  }
}
