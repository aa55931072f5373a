/**
 * Delivers the outbox: given a `send` function and a retry strategy, it takes the queued entry
 * that was written first, sends it, and says what became of it (delivered, retrying, failed). The
 * shape is matrix-js-sdk's `MatrixScheduler`; the semantics are ours:
 *
 * - one tab of a viewer delivers at a time, under a Web Lock named after the cache; the others
 *   wait in line and take over when that tab closes;
 * - the entries are delivered in the order they were written (IndexedDB's key generator gives
 *   that order across tabs), so a conversation's messages arrive in order;
 * - each is sent with its client id, so a retry whose first answer was lost lands once;
 * - a wait is cut short when the browser is back online, the member asks for a retry, or the
 *   client stops (`wake()`); offline, a timer would only fail again, so it waits for `online`.
 *   A wake that comes after an attempt began and before its wait (while the failure is being
 *   stored) is kept for that wait, which then ends at once: the `online` of a member back on the
 *   network is never lost to that gap.
 */
import type { Message } from '../core/types.js';
import { warn } from '../internal/dev-mode.js';
import type { RetryStrategy } from './backoff.js';
import type { ClientCache, OutboxEntry } from './cache.js';
import { toPayload } from './checks.js';
import { SingleFlight } from './single-flight.js';

export interface OutboxSchedulerOptions {
  /** The stored outbox (the cache), or undefined while it is not open. */
  readonly queue: () => ClientCache | undefined;
  /** The Web Lock to hold while delivering, or undefined to deliver without one. */
  readonly lockName: (queue: ClientCache) => string | undefined;
  readonly send: (entry: OutboxEntry, signal: AbortSignal) => Promise<Message>;
  readonly retry: RetryStrategy;
  /** Aborted when the client stops: no more deliveries, and the lock is let go. */
  readonly signal: AbortSignal;
  /** After the entry's stored copy is gone: the backend has the message. */
  delivered(entry: OutboxEntry, message: Message): void;
  /** After the stored copy was updated with the attempt: it will be tried again. */
  retrying(entry: OutboxEntry): void;
  /** After the stored copy was marked failed: only the member can send it again. */
  failed(entry: OutboxEntry): void;
}

export class OutboxScheduler {
  readonly #flight = new SingleFlight(
    () => this.#locked(),
    () => this.#live,
  );
  #wakeUp?: () => void;
  /** `wake()` was called during an attempt, before its wait began. */
  #wokenEarly = false;

  readonly #options: OutboxSchedulerOptions;

  constructor(options: OutboxSchedulerOptions) {
    this.#options = options;
  }

  get #live(): boolean {
    return !this.#options.signal.aborted;
  }

  /** Delivers what is queued; a call while a delivery runs makes it look again before it stops. */
  schedule(): void {
    if (!this.#live || !this.#options.queue()) return;
    this.#flight.rerun().catch((error: unknown) => {
      if (this.#live) warn('the outbox stopped unexpectedly.', error);
    });
  }

  /** Ends the wait before the next attempt, if one is under way. */
  wake(): void {
    if (this.#wakeUp) this.#wakeUp();
    else this.#wokenEarly = true;
  }

  async #locked(): Promise<void> {
    const queue = this.#options.queue();
    if (!queue || !this.#live) return;
    const name = this.#options.lockName(queue);
    const locks = typeof navigator === 'object' ? navigator.locks : undefined;
    // Without Web Locks (an insecure context) tabs may deliver side by side: client ids keep that
    // to one copy per message, though order across tabs is then not guaranteed.
    if (name === undefined || !locks) return this.#drain(queue);
    await locks.request(name, { signal: this.#options.signal }, () => this.#drain(queue));
  }

  async #drain(queue: ClientCache): Promise<void> {
    const { signal } = this.#options;
    while (this.#live) {
      const entry = await queue.nextQueued();
      if (!entry || !this.#live) return;
      let message: Message;
      // A wake from before this attempt is answered by the attempt itself.
      this.#wokenEarly = false;
      try {
        message = await this.#options.send(entry, signal);
      } catch (error) {
        if (!this.#live) return;
        const payload = toPayload(error);
        const tried: OutboxEntry = {
          ...entry,
          attempts: entry.attempts + 1,
          faults: payload.code === 'internal' ? (entry.faults ?? 0) + 1 : 0,
          error: payload,
        };
        const wait = this.#options.retry(error, tried);
        if (wait === undefined) {
          const failed: OutboxEntry = { ...tried, status: 'failed' };
          await queue.putOutbox(failed);
          this.#options.failed(failed);
        } else {
          await queue.putOutbox(tried);
          this.#options.retrying(tried);
          await this.#wait(wait);
        }
        continue;
      }
      // Should this tab close before the delete, the next drain sends the same client id again
      // and the adapter answers with this same message: still exactly once.
      await queue.deleteOutbox(entry.clientId);
      if (!this.#live) return;
      this.#options.delivered(entry, message);
    }
  }

  /** Waits `ms`, or until `wake()` or the client stops. */
  #wait(ms: number): Promise<void> {
    if (this.#wokenEarly) {
      this.#wokenEarly = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#options.signal.removeEventListener('abort', done);
        if (this.#wakeUp === done) this.#wakeUp = undefined;
        resolve();
      };
      // Offline, a timer would only fail again: wait for `online` (the longest wait still applies).
      const timer = setTimeout(done, navigator.onLine === false ? Math.max(ms, 60_000) : ms);
      this.#wakeUp = done;
      this.#options.signal.addEventListener('abort', done);
      if (!this.#live) done();
    });
  }
}
