/**
 * What each of the client's stores holds before it knows anything. In a module of their own so
 * that controllers (and `UnreadTotals`) can start from them without loading the client itself.
 */
import type { ConversationListState, SettingsState, ThreadState } from './types.js';

export { NO_UNREAD } from './unread-totals.js';
export const IDLE_LIST: ConversationListState = Object.freeze({
  status: 'idle',
  items: [],
  hasMore: false,
  fromCache: false,
});
export const IDLE_THREAD: ThreadState = Object.freeze({ status: 'idle', messages: [], hasOlder: false });
export const IDLE_SETTINGS: SettingsState = Object.freeze({ status: 'idle' });
