/**
 * How the outbox retries a delivery the backend could not take. Exponential with jitter, so that
 * many tabs and many members coming back online at once do not arrive in one burst; a server's
 * own `retryAfterMs` always wins, because it knows better than a guess. A refusal is never
 * retried, and an unexpected server error (a 500) only a few times: it may be a fault that the
 * same message will always meet, and it must not hold the messages behind it forever.
 */
import { isConvError, type ConvError } from '../core/errors.js';
import type { OutboxEntry } from './cache.js';

export interface RetryOptions {
  /** The first wait, in milliseconds (default 1,000). */
  readonly baseDelayMs?: number;
  /** The longest wait (default 60,000). */
  readonly maxDelayMs?: number;
  /**
   * Tries of a message that the backend failed on unexpectedly (`InternalError`), in a row,
   * before it is shown as failed for the member to retry or discard (default 3).
   */
  readonly internalErrorAttempts?: number;
}

export const DEFAULT_RETRY: Required<RetryOptions> = Object.freeze({
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
  internalErrorAttempts: 3,
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

/**
 * Whether, and when, to try an entry again after `error`: the wait in milliseconds, or
 * `undefined` to mark it failed. `tried` counts the attempt that just failed.
 */
export type RetryStrategy = (error: unknown, tried: OutboxEntry) => number | undefined;

/** The outbox's strategy: see the file's comment. */
export function outboxRetry(options: RetryOptions = {}): RetryStrategy {
  const limit = options.internalErrorAttempts ?? DEFAULT_RETRY.internalErrorAttempts;
  return (error, tried) => {
    // Anything but a typed error is an adapter breaking the contract: not retried by itself.
    if (!isConvError(error)) return undefined;
    if (error.code === 'internal') {
      const faults = tried.faults ?? 0;
      return faults < limit ? retryDelay(error, faults, options) : undefined;
    }
    return error.retryable ? retryDelay(error, tried.attempts, options) : undefined;
  };
}
