/**
 * The viewer's unread totals, kept current: the one holder of them on a page. Over an
 * `UnreadSource` alone it is what `<conv-envelope-badge>` needs when nothing else on the page
 * needs the whole `ConversationsClient` (the header of every page of a portal); once there is a
 * client, the client keeps the same instance fed (moving the totals at once when the member
 * reads, writing them to its cache), so the badge never switches between two sources.
 */
import type { UnreadSource } from '../adapter/unread-source.js';
import type { UnreadSummary } from '../core/types.js';
import { warn } from '../internal/dev-mode.js';
import { SingleFlight } from './single-flight.js';
import { WritableStore, type ReadableStore } from './store.js';

/** The totals before anything is known. */
export const NO_UNREAD: UnreadSummary = Object.freeze({ total: 0, conversations: 0 });

/** Whatever holds the totals: this, or a `ConversationsClient`. */
export interface UnreadTotalsHolder {
  readonly unread: ReadableStore<UnreadSummary>;
}

/** A client keeping the totals fed (see `UnreadTotals.feed`). */
export interface UnreadFeeder {
  wanted(): void;
  read(): void;
}

export class UnreadTotals implements UnreadTotalsHolder {
  readonly #store = new WritableStore<UnreadSummary>(NO_UNREAD, () => this.#start());
  readonly #abort = new AbortController();
  /** One read at a time; a change seen meanwhile asks for one more read after it. */
  readonly #reading = new SingleFlight(
    () => this.#read(),
    () => !this.#abort.signal.aborted,
  );
  #stopWatching?: () => void;
  #wanted = false;
  #answered = false;
  /** Reads again after failed reads in a row (`#read`). */
  #retries = 0;
  /** Bumped by every `adjust`: a read begun before one cannot know of it. */
  #moves = 0;
  #feeder?: UnreadFeeder;

  readonly #source: UnreadSource;

  /** Reads from `source` once the first listener subscribes; `dispose` closes it. */
  constructor(source: UnreadSource) {
    this.#source = source;
  }

  get unread(): ReadableStore<UnreadSummary> {
    return this.#store;
  }

  /** Stops following the totals and closes the source. The store keeps its last value. */
  dispose(): void {
    if (this.#abort.signal.aborted) return;
    this.#abort.abort();
    this.#stopWatching?.();
    removeEventListener('online', this.refresh);
    document.removeEventListener('visibilitychange', this.#onVisibility);
    this.#source.close?.();
  }

  // ─── For a client that keeps these totals fed ─────────────────────────────────────────────────

  /**
   * Lets a client keep these totals fed: told once they are wanted (at once if they already
   * are) and after every answer of the source. One feeder at a time; returns the function
   * that lets go.
   */
  feed(feeder: UnreadFeeder): () => void {
    this.#feeder = feeder;
    if (this.#wanted) feeder.wanted();
    return () => {
      if (this.#feeder === feeder) this.#feeder = undefined;
    };
  }

  /** Reads the totals again; resolves once a read begun after this call has answered. */
  readonly refresh = (): Promise<void> => {
    if (!this.#wanted || this.#abort.signal.aborted) return Promise.resolve();
    return this.#reading.rerun();
  };

  /** Shows the last known totals (a cache's) until the source first answers. */
  assume(summary: UnreadSummary): void {
    if (!this.#answered && this.#store.value === NO_UNREAD) this.#store.set(summary);
  }

  /** Moves the totals at once by what one conversation's count changed; a read confirms. */
  adjust(before: number, after: number): void {
    if (!this.#wanted || before === after) return;
    this.#moves++;
    this.#reading.invalidate();
    const { total, conversations } = this.#store.value;
    this.#store.set({
      total: Math.max(0, total + after - before),
      conversations: Math.max(0, conversations + (after > 0 ? 1 : 0) - (before > 0 ? 1 : 0)),
    });
  }

  /** Back to nothing known (the viewer signed out). */
  reset(): void {
    this.#answered = false;
    this.#store.set(NO_UNREAD);
  }

  // ─── Following the source ─────────────────────────────────────────────────────────────────────

  #start(): void {
    if (this.#abort.signal.aborted) return;
    this.#wanted = true;
    this.#stopWatching = this.#source.watch(this.refresh);
    // Events missed while offline or asleep are caught up by reading the totals again.
    addEventListener('online', this.refresh);
    document.addEventListener('visibilitychange', this.#onVisibility);
    // The read first: on a first visit, the feeder starts the client, whose requests would
    // otherwise go before the one the envelope waits for.
    void this.refresh();
    this.#feeder?.wanted();
  }

  readonly #onVisibility = (): void => {
    if (document.visibilityState === 'visible') void this.refresh();
  };

  async #read(): Promise<void> {
    const moves = this.#moves;
    try {
      const summary = await this.#source.getUnreadSummary({ signal: this.#abort.signal });
      // Moved meanwhile: this answer is older than what is shown, and the next pass reads again.
      if (this.#abort.signal.aborted || moves !== this.#moves) return;
      this.#answered = true;
      this.#retries = 0;
      const current = this.#store.value;
      // Same totals, same object: subscribers re-render only for a real change, and for the
      // first answer (a new object, though nothing is unread: the envelope then knows it).
      if (
        current === NO_UNREAD ||
        summary.total !== current.total ||
        summary.conversations !== current.conversations
      ) {
        this.#store.set({ total: summary.total, conversations: summary.conversations });
      }
      this.#feeder?.read();
    } catch (error) {
      // Offline or failing: the envelope keeps what it last knew, and the next change or the
      // return of the network reads again.
      if (this.#abort.signal.aborted) return;
      warn('could not read the unread totals.', error);
      // What is shown may be stale, or nothing (a first read): read again 1, 2, 4, 8 and 16 s
      // later, for a fault that passes without a change or a return of the network to read on.
      if (this.#retries < 5) setTimeout(this.refresh, 1000 << this.#retries++);
    }
  }
}
