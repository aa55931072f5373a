/**
 * How long the outbox waits before trying a delivery again. Exponential with jitter, so that many
 * tabs and many members coming back online at once do not arrive in one burst; a server's own
 * `retryAfterMs` always wins, because it knows better than a guess.
 */
import type { ConvError } from '../core/errors.js';

export interface RetryOptions {
  /** The first wait, in milliseconds (default 1,000). */
  readonly baseDelayMs?: number;
  /** The longest wait (default 60,000). */
  readonly maxDelayMs?: number;
}

export const DEFAULT_RETRY: Required<RetryOptions> = Object.freeze({
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
});

/**
 * The wait before attempt number `attempts + 1`, after `attempts` (at least 1) that could not be
 * delivered. `random` is injectable so the jitter can be tested.
 */
export function retryDelay(
  error: Pick<ConvError, 'code'> & { readonly retryAfterMs?: number },
  attempts: number,
  options: RetryOptions = {},
  random: () => number = Math.random,
): number {
  const base = options.baseDelayMs ?? DEFAULT_RETRY.baseDelayMs;
  const max = options.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs;
  if (error.retryAfterMs !== undefined && Number.isFinite(error.retryAfterMs) && error.retryAfterMs >= 0) {
    // Not capped: retrying before the server said so would only be refused again.
    return error.retryAfterMs;
  }
  const exponential = Math.min(max, base * 2 ** Math.max(0, Math.min(attempts - 1, 30)));
  // ±20 %, never above the ceiling.
  return Math.min(max, Math.round(exponential * (0.8 + 0.4 * random())));
}
