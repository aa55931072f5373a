/**
 * What an element that shows only the unread totals (the envelope in a portal's header) needs of
 * a backend: the totals, and word that they may have changed. Narrower than `ConversationsAdapter`
 * on purpose: a backend can answer it without loading everything else, which keeps a badge-only
 * page to a few kilobytes (the local adapter's `openLocalUnreadSource` reads one row of its
 * database). Any adapter gives one through `unreadSourceOf`.
 */
import type { ConversationsAdapter, RequestOptions } from './adapter.js';
import type { AdapterEventType, Unsubscribe } from './events.js';
import type { UnreadSummary } from '../core/types.js';

export interface UnreadSource {
  getUnreadSummary(options?: RequestOptions): Promise<UnreadSummary>;
  /** Calls `onChange` whenever the totals may have changed (in this tab or another). */
  watch(onChange: () => void): Unsubscribe;
  /** Lets go of what the source holds open, for a source made for the caller alone. */
  close?(): void;
}

/** The events after which the totals may differ; settings never change them. */
const MOVES_TOTALS: ReadonlySet<AdapterEventType> = new Set([
  'message-added',
  'conversation-added',
  'read-changed',
  'viewer-changed',
]);

/** The unread totals of any adapter. Closing the source leaves the adapter open: it is the page's. */
export function unreadSourceOf(adapter: ConversationsAdapter): UnreadSource {
  return {
    getUnreadSummary: (options) => adapter.getUnreadSummary(options),
    watch: (onChange) =>
      adapter.subscribe((event) => {
        if (MOVES_TOTALS.has(event.type)) onChange();
      }),
  };
}
