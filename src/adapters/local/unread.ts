/**
 * Members' unread totals. Moved by the writes that change them, inside their transaction; counted
 * afresh for a member whose groups changed, since that changes which conversations are theirs.
 */
import { countedUnread, shownUnread } from '../../core/presence.js';
import { partyKey } from '../../core/types.js';
import {
  inboxRange,
  prefixRange,
  type ConversationRow,
  type ReadRow,
  type ReadTx,
  type UnreadTotalsRow,
  type WriteTx,
} from './schema.js';

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

/** Moves a member's totals by one conversation's unread count going from `before` to `after`. */
export async function adjustUnread(
  tx: WriteTx,
  memberId: string,
  before: number,
  after: number,
): Promise<void> {
  if (before === after) return;
  const store = tx.objectStore('unread');
  const row = await store.get(memberId);
  await store.put({
    memberId,
    total: Math.max(0, (row?.total ?? 0) + after - before),
    conversations: Math.max(0, (row?.conversations ?? 0) + Number(after > 0) - Number(before > 0)),
  });
}

export async function readUnread(tx: ReadTx, memberId: string): Promise<UnreadTotalsRow | undefined> {
  return tx.objectStore('unread').get(memberId);
}

/** Counts a member's totals from scratch: every conversation they now see, against their reads. */
export async function recountUnread(tx: WriteTx, memberId: string): Promise<void> {
  const memberships = await tx.objectStore('memberships').index('byMember').getAll(memberId);
  const parties = [
    partyKey({ kind: 'member', id: memberId }),
    ...memberships.map((row) => partyKey({ kind: 'group', id: row.groupId })),
  ];
  const index = tx.objectStore('conversations').index('inbox');
  const [streams, reads] = await Promise.all([
    Promise.all(parties.map((party) => index.getAll(inboxRange(party)))),
    tx.objectStore('reads').getAll(prefixRange(memberId)),
  ]);
  const conversations = new Map<string, ConversationRow>();
  for (const row of streams.flat()) conversations.set(row.id, row);
  const readRows = new Map(reads.map((row) => [row.conversationId, row]));
  let total = 0;
  let count = 0;
  for (const row of conversations.values()) {
    if (row.left?.includes(memberId)) continue;
    const unread = countedOf(row.lastSeq, readRows.get(row.id));
    total += unread;
    count += Number(unread > 0);
  }
  await tx.objectStore('unread').put({ memberId, total, conversations: count });
}
