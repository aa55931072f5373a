/**
 * Seeds a local-adapter database for the benchmarks, fast: rows are written straight into the
 * stores in large transactions, in the adapter's own row format (the adapter itself would take
 * minutes for 100,000 messages, one transaction each).
 *
 * One viewer with `conversations` conversations (every fifth reached through one of two groups,
 * so the inbox merge is exercised), the first of which, `BIG_CONVERSATION`, holds
 * `bigMessages` messages. The viewer has read every other conversation.
 */
import { openDB } from 'idb';
import { LocalBackend } from '../src/adapters/local/index.js';
import {
  inboxKeys,
  participantSetKey,
  type ConversationRow,
  type LocalSchema,
  type MessageRow,
} from '../src/adapters/local/schema.js';
import { partyKey, type PartyRef } from '../src/core/types.js';

export const VIEWER = 'viewer';
export const GROUPS = ['g1', 'g2'];
export const BIG_CONVERSATION = 'big-conversation';
const CHUNK = 20_000;

function conversationRow(
  id: string,
  participants: readonly PartyRef[],
  last: MessageRow,
  createdAt: number,
): ConversationRow {
  const keys = participants.map(partyKey);
  return {
    id,
    participants,
    participantSet: participantSetKey(keys),
    startedBy: participants[0]!,
    createdAt,
    lastActivityAt: last.sentAt,
    lastSeq: last.seq,
    last,
    inbox: inboxKeys(keys, last.sentAt, id),
  };
}

export function messageRow(
  conversationId: string,
  seq: number,
  authorId: string,
  sentAt: number,
): MessageRow {
  return {
    id: `${conversationId}-m${seq}`,
    conversationId,
    seq,
    authorId,
    clientId: `${conversationId}-c${seq}`,
    body: `Message ${seq} of ${conversationId}: a line of ordinary length, as people write them.`,
    sentAt,
  };
}

export async function seed(
  name: string,
  { conversations, bigMessages }: { readonly conversations: number; readonly bigMessages: number },
): Promise<void> {
  const backend = new LocalBackend({ name });
  const others = [
    ...Array.from({ length: 200 }, (_, i) => ({ id: `p${i}`, name: `Person ${i}` })),
    ...Array.from({ length: 50 }, (_, i) => ({ id: `q${i}`, name: `Other person ${i}` })),
  ];
  await backend.loadDirectory({
    members: [{ id: VIEWER, name: 'Viewer' }, ...others],
    groups: GROUPS.map((id, i) => ({
      id,
      name: `Group ${id}`,
      managers: i === 0 ? [VIEWER] : [],
      members: i === 0 ? [] : [VIEWER],
    })),
  });
  backend.close();

  const db = await openDB<LocalSchema>(name);
  const start = Date.now() - 30 * 24 * 3600_000;
  const big = BIG_CONVERSATION;
  for (let from = 1; from <= bigMessages; from += CHUNK) {
    const tx = db.transaction('messages', 'readwrite', { durability: 'relaxed' });
    const writes: Promise<unknown>[] = [];
    for (let seq = from; seq < from + CHUNK && seq <= bigMessages; seq++) {
      writes.push(tx.store.put(messageRow(big, seq, seq % 2 ? VIEWER : 'p0', start + seq)));
    }
    await Promise.all([...writes, tx.done]);
  }

  const rows: ConversationRow[] = [
    conversationRow(
      big,
      [
        { kind: 'member', id: VIEWER },
        { kind: 'member', id: 'p0' },
      ],
      messageRow(big, bigMessages, 'p0', start + bigMessages),
      start,
    ),
  ];
  for (let i = 1; i < conversations; i++) {
    const id = `c${i}`;
    // Every fifth is reached through a group, the rest directly; (p, q) makes each set distinct.
    const viewerSide: PartyRef =
      i % 5 === 0 ? { kind: 'group', id: GROUPS[i % 2]! } : { kind: 'member', id: VIEWER };
    const participants: PartyRef[] = [
      viewerSide,
      { kind: 'member', id: `p${i % 200}` },
      { kind: 'member', id: `q${Math.floor(i / 200)}` },
    ];
    const at = start + bigMessages + i * 60_000;
    rows.push(conversationRow(id, participants, messageRow(id, 1, `p${i % 200}`, at), at));
  }
  const tx = db.transaction(['conversations', 'messages', 'reads', 'unread'], 'readwrite', {
    durability: 'relaxed',
  });
  const writes: Promise<unknown>[] = [];
  // The viewer has read half of them; the maintained totals say so too.
  const unread = { memberId: VIEWER, total: 0, conversations: 0 };
  for (const [i, row] of rows.entries()) {
    writes.push(tx.objectStore('conversations').put(row));
    if (row.id !== big) writes.push(tx.objectStore('messages').put(row.last));
    if (i % 2 === 0) {
      writes.push(
        tx.objectStore('reads').put({ memberId: VIEWER, conversationId: row.id, readSeq: row.lastSeq }),
      );
    } else {
      unread.total += row.lastSeq;
      unread.conversations += 1;
    }
  }
  writes.push(tx.objectStore('unread').put(unread));
  await Promise.all([...writes, tx.done]);
  db.close();
}
