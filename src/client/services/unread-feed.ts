/**
 * How the client keeps its `UnreadTotals` fed: the last known totals from the cache as soon as
 * they are wanted, then the adapter's, each answer written back to the cache. The totals are the
 * client's own (read from the adapter when the client asks: it hears every event), or ones the
 * page made before there was a client (over an `UnreadSource`, for a badge), which the client
 * then keeps current in the same way and leaves to whoever made them.
 */
import type { ClientKernel } from '../kernel.js';
import { UnreadTotals } from '../unread-totals.js';

export interface UnreadFeed {
  readonly totals: UnreadTotals;
  /** The client stopped: no more feeding, and its own totals are disposed. */
  stop(): void;
}

export function feedUnreadTotals(kernel: ClientKernel, given: UnreadTotals | undefined): UnreadFeed {
  const adapter = kernel.adapter;
  const totals =
    given ??
    new UnreadTotals({
      getUnreadSummary: (options) => adapter.getUnreadSummary(options),
      watch: () => () => undefined,
    });
  const feeder = {
    // No read of its own: the totals read as they become wanted, and again on every change
    // their source or this client sees (one request at start, not two).
    wanted: async () => {
      await kernel.whenCacheReady();
      if (!kernel.active) return;
      const cached = kernel.snapshot.unread;
      if (cached) totals.assume(cached);
    },
    read: () => kernel.persist('unread', (cache) => cache.putMeta('unread', totals.unread.value)),
  };
  const release = totals.feed(feeder);
  return {
    totals,
    stop: () => {
      release();
      if (!given) totals.dispose();
    },
  };
}
