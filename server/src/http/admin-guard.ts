/**
 * Failed admin-secret attempts, counted per address in this process: past the limit within a
 * minute the address is refused (429 with Retry-After) until its oldest failure is a minute old,
 * even with the right secret. Guessing a 16-character secret at that pace takes forever.
 */
import { RateLimitedError } from '../../../src/core/index.js';

const WINDOW_MS = 60_000;
/** Addresses remembered at most; the oldest is forgotten first (a flood of addresses cannot fill memory). */
const MAX_ADDRESSES = 10_000;

export class AdminGuard {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly perMinute: number) {}

  check(address: string, now = Date.now()): void {
    const recent = this.recent(address, now);
    if (recent.length >= this.perMinute) {
      throw new RateLimitedError(
        Math.max(1000, recent[0] + WINDOW_MS - now),
        'Too many failed attempts with the admin secret; try again later.',
      );
    }
  }

  failed(address: string, now = Date.now()): void {
    const recent = this.recent(address, now);
    recent.push(now);
    this.failures.delete(address);
    this.failures.set(address, recent);
    if (this.failures.size > MAX_ADDRESSES) this.failures.delete(this.failures.keys().next().value as string);
  }

  private recent(address: string, now: number): number[] {
    const fresh = (this.failures.get(address) ?? []).filter((time) => time > now - WINDOW_MS);
    if (fresh.length === 0) this.failures.delete(address);
    return fresh;
  }
}
