/**
 * The writes and reads of presence on the local database (S27–S29, S31): "Seen by", mute, leave
 * and mark as unread. Each runs inside the request's transaction, after the rulebook's checks
 * (`core/presence`); the adapter announces what changed.
 */
import { seenByOf, sharesReceipts } from '../../core/presence.js';
import { createClientId } from '../../core/ids.js';
import type { SeenBy } from '../../core/types.js';
import { appendMessage, membersOf, type Appended } from './messages.js';
import type { ConversationRow, ReadRow, ReadTx, WriteTx } from './schema.js';
import { countedOf } from './read-counts.js';
import { adjustUnread, recountUnread } from './unread.js';
import { DirectoryLookup, type DirectoryCache } from './views.js';

/** S27: who has read the viewer's own newest message of the conversation. */
export async function seenByIn(
  tx: ReadTx,
  cache: DirectoryCache,
  viewerId: string,
  row: ConversationRow,
): Promise<SeenBy> {
  const reads = tx.objectStore('reads');
  const settings = tx.objectStore('settings');
  const [own, viewerSettings, others] = await Promise.all([
    reads.get([viewerId, row.id]),
    settings.get(viewerId),
    membersOf(tx, row),
  ]);
  const ownSeq = own?.ownSeq;
  const ownMessage =
    ownSeq === undefined ? undefined : await tx.objectStore('messages').index('bySeq').get([row.id, ownSeq]);
  const candidates = others.filter((id) => id !== viewerId);
  const facts = await Promise.all(
    candidates.map(async (memberId) => {
      const [read, theirs] = await Promise.all([reads.get([memberId, row.id]), settings.get(memberId)]);
      return {
        memberId,
        member: memberId,
        readUpTo: read?.readSeq ?? 0,
        sharesReceipts: sharesReceipts(theirs),
      };
    }),
  );
  const readerIds = seenByOf(
    { memberId: viewerId, sharesReceipts: sharesReceipts(viewerSettings) },
    ownSeq,
    facts,
  );
  const directory = new DirectoryLookup(tx, cache);
  await directory.load(readerIds.map((id) => ({ kind: 'member' as const, id })));
  return {
    conversationId: row.id,
    ...(ownMessage ? { messageId: ownMessage.id } : {}),
    readers: readerIds
      .map((id) => directory.member(id))
      .sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1)),
  };
}

/** Writes the viewer's read row, keeping their unread totals in step with what it counts. */
async function putRead(
  tx: WriteTx,
  viewerId: string,
  row: ConversationRow,
  current: ReadRow | undefined,
  next: ReadRow,
): Promise<void> {
  await Promise.all([
    tx.objectStore('reads').put(next),
    adjustUnread(tx, viewerId, countedOf(row.lastSeq, current), countedOf(row.lastSeq, next)),
  ]);
}

function baseRead(viewerId: string, row: ConversationRow, current: ReadRow | undefined): ReadRow {
  return { readSeq: 0, ...current, memberId: viewerId, conversationId: row.id };
}

/** S29: mutes or unmutes; false when nothing changed. */
export async function writeMuted(
  tx: WriteTx,
  viewerId: string,
  row: ConversationRow,
  muted: boolean,
): Promise<boolean> {
  const current = await tx.objectStore('reads').get([viewerId, row.id]);
  if ((current?.muted ?? false) === muted) return false;
  const { muted: _was, ...rest } = baseRead(viewerId, row, current);
  await putRead(tx, viewerId, row, current, muted ? { ...rest, muted: true } : rest);
  return true;
}

/** S31: flags the conversation unread for the viewer; false when it already was. */
export async function writeMarkedUnread(
  tx: WriteTx,
  viewerId: string,
  row: ConversationRow,
): Promise<boolean> {
  const current = await tx.objectStore('reads').get([viewerId, row.id]);
  if (current?.markedUnread) return false;
  await putRead(tx, viewerId, row, current, { ...baseRead(viewerId, row, current), markedUnread: true });
  return true;
}

/**
 * S29: the viewer leaves: they join the conversation's `left` list (out of its inbox and its
 * deliveries), the others get a "left" entry, and the viewer's totals are counted without it.
 */
export async function writeLeave(
  tx: WriteTx,
  viewerId: string,
  row: ConversationRow,
  at: number,
): Promise<Appended> {
  const existing: ConversationRow = { ...row, left: [...(row.left ?? []), viewerId] };
  const appended = await appendMessage(
    tx,
    { existing },
    { authorId: viewerId, clientId: createClientId(), body: '', system: 'left', at },
  );
  await recountUnread(tx, viewerId);
  return appended;
}

/** S29: a member who left and starts the same conversation again takes part again. */
export function rejoined(row: ConversationRow, viewerId: string): ConversationRow {
  if (!row.left?.includes(viewerId)) return row;
  const left = row.left.filter((id) => id !== viewerId);
  const { left: _old, ...rest } = row;
  return left.length > 0 ? { ...rest, left } : rest;
}
