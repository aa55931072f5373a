/**
 * Members' unread totals. Moved by the writes that change them, inside their transaction; counted
 * afresh for a member whose groups changed, since that changes which conversations are theirs.
 */
import { readableGroups } from '../../core/group-readers.js';
import { partyKey, type GroupUnread } from '../../core/types.js';
import {
  inboxRange,
  prefixRange,
  type ConversationRow,
  type ReadTx,
  type UnreadTotalsRow,
  type WriteTx,
} from './schema.js';
import { groupReaders } from './views.js';

export function unreadOf(lastSeq: number, readSeq: number | undefined): number {
  return Math.max(0, lastSeq - (readSeq ?? 0));
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
  const roles = new Map(memberships.map((row) => [row.groupId, row.role] as const));
  // S18: only the groups whose conversations they read count.
  const readable = readableGroups(roles, await groupReaders(tx, roles.keys()));
  const parties = [
    partyKey({ kind: 'member', id: memberId }),
    ...readable.map((groupId) => partyKey({ kind: 'group', id: groupId })),
  ];
  const index = tx.objectStore('conversations').index('inbox');
  const [streams, reads] = await Promise.all([
    Promise.all(parties.map((party) => index.getAll(inboxRange(party)))),
    tx.objectStore('reads').getAll(prefixRange(memberId)),
  ]);
  const conversations = new Map<string, ConversationRow>();
  for (const row of streams.flat()) conversations.set(row.id, row);
  const readSeqs = new Map(reads.map((row) => [row.conversationId, row.readSeq]));
  let total = 0;
  let count = 0;
  for (const row of conversations.values()) {
    const unread = unreadOf(row.lastSeq, readSeqs.get(row.id));
    total += unread;
    count += Number(unread > 0);
  }
  await tx.objectStore('unread').put({ memberId, total, conversations: count });
}

/**
 * S18: the unread counts of each group the viewer reads, counted from that group's inbox and the
 * viewer's reads (only a viewer in groups pays for it; the totals stay one read).
 */
export async function unreadByGroup(
  tx: ReadTx,
  memberId: string,
  groupIds: readonly string[],
): Promise<GroupUnread[]> {
  if (groupIds.length === 0) return [];
  const index = tx.objectStore('conversations').index('inbox');
  const [streams, reads] = await Promise.all([
    Promise.all(groupIds.map((id) => index.getAll(inboxRange(partyKey({ kind: 'group', id }))))),
    tx.objectStore('reads').getAll(prefixRange(memberId)),
  ]);
  const readSeqs = new Map(reads.map((row) => [row.conversationId, row.readSeq]));
  return groupIds.map((groupId, i) => {
    let total = 0;
    let conversations = 0;
    for (const row of streams[i]!) {
      const unread = unreadOf(row.lastSeq, readSeqs.get(row.id));
      total += unread;
      conversations += Number(unread > 0);
    }
    return { groupId, total, conversations };
  });
}
