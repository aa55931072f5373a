/**
 * The unread count of one conversation for one member, from its last message and their read row:
 * what they see (S31: marked unread shows one) and what it adds to their totals (S29: nothing
 * while muted). A module of its own so that the views and the totals both read it.
 */
import { countedUnread, shownUnread } from '../../core/presence.js';
import type { ReadRow } from './schema.js';

export function unreadOf(lastSeq: number, readSeq: number | undefined): number {
  return Math.max(0, lastSeq - (readSeq ?? 0));
}

/** The unread count a member sees for a conversation at `lastSeq`: marked unread shows one (S31). */
export function shownOf(lastSeq: number, read: ReadRow | undefined): number {
  return shownUnread({ unread: unreadOf(lastSeq, read?.readSeq), markedUnread: read?.markedUnread ?? false });
}

/** What the conversation adds to the member's totals: nothing while muted (S29). */
export function countedOf(lastSeq: number, read: ReadRow | undefined): number {
  return countedUnread({
    unread: unreadOf(lastSeq, read?.readSeq),
    markedUnread: read?.markedUnread ?? false,
    muted: read?.muted ?? false,
  });
}
