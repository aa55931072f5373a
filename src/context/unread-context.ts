/**
 * The context key for the unread totals alone, which is all the envelope asks for. A provider
 * answers it with the `UnreadTotals` it made (which a client made later keeps fed), or with the
 * client, so that a page with only the envelope never makes (or downloads) the client. Keyed by
 * `Symbol.for`, like `clientContext`, for two copies of the library on one page.
 */
import { createContext, type Context } from '@lit/context';
import type { UnreadTotalsHolder } from '../client/unread-totals.js';

/** The totals before the provider's source has answered (the envelope then shows its `unread`). */
export { NO_UNREAD } from '../client/unread-totals.js';

export const unreadContext: Context<symbol, UnreadTotalsHolder | undefined> = createContext<
  UnreadTotalsHolder | undefined,
  symbol
>(Symbol.for('conv-elements/unread'));
