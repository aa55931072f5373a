/**
 * The viewer's unread totals alone, kept current: what `<conv-envelope-badge>` shows when nothing
 * else on the page needs the whole `ConversationsClient` (the header of every page of a portal).
 * The client has the same `unread` store with more behind it (a cache, reads marked at once);
 * the provider hands the badge the client when there is one, and this otherwise.
 */
import type { UnreadSource } from '../adapter/unread-source.js';
import type { UnreadSummary } from '../core/types.js';
import { warn } from '../internal/dev-mode.js';
import { NO_UNREAD } from './idle-states.js';
import { WritableStore, type ReadableStore } from './store.js';

/** Whatever holds the totals: this, or a `ConversationsClient`. */
export interface UnreadTotalsHolder {
  readonly unread: ReadableStore<UnreadSummary>;
}

export class UnreadTotals implements UnreadTotalsHolder {
  private readonly store = new WritableStore<UnreadSummary>(NO_UNREAD, () => this.start());
  private readonly abort = new AbortController();
  private stopWatching?: () => void;
  /** A read under way; a change seen meanwhile asks for one more read after it. */
  private reading?: Promise<void>;
  private readAgain = false;

  /** Reads from `source` once the first listener subscribes; `dispose` closes it. */
  constructor(private readonly source: UnreadSource) {}

  get unread(): ReadableStore<UnreadSummary> {
    return this.store;
  }

  /** Stops following the totals and closes the source. The store keeps its last value. */
  dispose(): void {
    if (this.abort.signal.aborted) return;
    this.abort.abort();
    this.stopWatching?.();
    removeEventListener('online', this.refresh);
    document.removeEventListener('visibilitychange', this.onVisibility);
    this.source.close?.();
  }

  private start(): void {
    if (this.abort.signal.aborted) return;
    this.stopWatching = this.source.watch(this.refresh);
    // Events missed while offline or asleep are caught up by reading the totals again.
    addEventListener('online', this.refresh);
    document.addEventListener('visibilitychange', this.onVisibility);
    this.refresh();
  }

  private readonly onVisibility = (): void => {
    if (document.visibilityState === 'visible') this.refresh();
  };

  private readonly refresh = (): void => {
    if (this.abort.signal.aborted) return;
    if (this.reading) {
      this.readAgain = true;
      return;
    }
    this.reading = this.read().finally(() => {
      this.reading = undefined;
      if (this.readAgain) {
        this.readAgain = false;
        this.refresh();
      }
    });
  };

  private async read(): Promise<void> {
    try {
      const summary = await this.source.getUnreadSummary({ signal: this.abort.signal });
      if (this.abort.signal.aborted) return;
      const current = this.store.value;
      // Same totals, same object: subscribers re-render only for a real change.
      if (summary.total !== current.total || summary.conversations !== current.conversations) {
        this.store.set({ total: summary.total, conversations: summary.conversations });
      }
    } catch (error) {
      // Offline or failing: the envelope keeps what it last knew, and the next change or the
      // return of the network reads again.
      if (!this.abort.signal.aborted) warn('could not read the unread totals.', error);
    }
  }
}
