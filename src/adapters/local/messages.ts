/**
 * Adding a message: the next `seq` of its conversation, the conversation's activity and inbox
 * keys, the author's own read position, everyone's unread totals, and the email records its
 * recipients are owed (S10).
 * Called inside the request's write transaction, after every check has passed.
 */
import { readPositionAfterWriting } from '../../core/decisions.js';
import { readsGroup, storedGroupReaders } from '../../core/group-readers.js';
import { createClientId } from '../../core/ids.js';
import { searchWords } from '../../core/search.js';
import { DEFAULT_NOTIFICATION_SETTINGS, partyKey, type PartyRef } from '../../core/types.js';
import {
  inboxKeys,
  participantSetKey,
  prefixRange,
  type ConversationRow,
  type EmailRecord,
  type MessageRow,
  type ReadTx,
  type WriteTx,
} from './schema.js';
import { countedOf } from './read-counts.js';
import { adjustUnread } from './unread.js';

export interface MessageDraft {
  readonly authorId: string;
  readonly clientId: string;
  readonly onBehalfOf?: string;
  readonly body: string;
  /** S29: an entry of the conversation itself ("… left"): no email, no unread for the author. */
  readonly system?: 'left';
  /** From `LocalDatabase.tick`: later than every earlier change. */
  readonly at: number;
}

export interface NewConversation {
  readonly participants: readonly PartyRef[];
  readonly startedBy: PartyRef;
}

export interface Appended {
  readonly conversation: ConversationRow;
  readonly message: MessageRow;
  readonly created: boolean;
}

/** Appends to `existing`, or starts the conversation `fresh` with this as its first message. */
export async function appendMessage(
  tx: WriteTx,
  target: { readonly existing: ConversationRow } | { readonly fresh: NewConversation },
  draft: MessageDraft,
): Promise<Appended> {
  const created = !('existing' in target);
  const base: Omit<ConversationRow, 'lastActivityAt' | 'lastSeq' | 'last' | 'inbox'> =
    'existing' in target
      ? target.existing
      : {
          id: createClientId(),
          participants: target.fresh.participants.map((ref) => ({ kind: ref.kind, id: ref.id })),
          participantSet: participantSetKey(target.fresh.participants.map(partyKey)),
          startedBy: { kind: target.fresh.startedBy.kind, id: target.fresh.startedBy.id },
          createdAt: draft.at,
        };
  const seq = ('existing' in target ? target.existing.lastSeq : 0) + 1;
  const message: MessageRow = {
    id: createClientId(),
    conversationId: base.id,
    seq,
    authorId: draft.authorId,
    clientId: draft.clientId,
    ...(draft.onBehalfOf === undefined ? {} : { onBehalfOf: draft.onBehalfOf }),
    body: draft.body,
    sentAt: draft.at,
    ...(draft.system === undefined ? {} : { system: draft.system }),
    words: searchWords(draft.body),
  };
  const left = 'existing' in target ? (target.existing.left ?? []) : [];
  const inboxParties = base.participants
    .filter((party) => party.kind !== 'member' || !left.includes(party.id))
    .map(partyKey);
  const conversation: ConversationRow = {
    id: base.id,
    participants: base.participants,
    participantSet: base.participantSet,
    startedBy: base.startedBy,
    createdAt: base.createdAt,
    lastActivityAt: draft.at,
    lastSeq: seq,
    last: message,
    inbox: inboxKeys(inboxParties, draft.at, base.id),
    ...(left.length > 0 ? { left } : {}),
  };
  await Promise.all([
    tx.objectStore('messages').add(message),
    tx.objectStore('conversations').put(conversation),
    deliver(tx, conversation, message, seq - 1),
  ]);
  return { conversation, message, created };
}

/**
 * Every member a conversation reaches: named members and the members of named groups who read its
 * conversations (S18), but not a member the portal deleted (S17), nor those who left it (S29).
 */
export async function membersOf(tx: ReadTx, conversation: ConversationRow): Promise<string[]> {
  const ids = new Set<string>();
  const groupIds: string[] = [];
  for (const party of conversation.participants) {
    if (party.kind === 'member') ids.add(party.id);
    else groupIds.push(party.id);
  }
  const [memberships, groups] = await Promise.all([
    Promise.all(groupIds.map((id) => tx.objectStore('memberships').getAll(prefixRange(id)))),
    Promise.all(groupIds.map((id) => tx.objectStore('groups').get(id))),
  ]);
  memberships.forEach((rows, i) => {
    const readers = groups[i] && storedGroupReaders(groups[i].readers);
    for (const row of rows) if (readsGroup(row.role, readers)) ids.add(row.memberId);
  });
  for (const id of conversation.left ?? []) ids.delete(id);
  const members = await Promise.all([...ids].map((id) => tx.objectStore('members').get(id)));
  return members.filter((row) => row !== undefined && row.status !== 'deleted').map((row) => row!.id);
}

/**
 * What a new message changes for the people in the conversation: the author has read up to it;
 * every other member it reaches has one more unread message, and may be owed an email (S10): one
 * per conversation until they have read the message it was about, if their email setting is on.
 */
async function deliver(
  tx: WriteTx,
  conversation: ConversationRow,
  message: MessageRow,
  previousSeq: number,
): Promise<void> {
  const reads = tx.objectStore('reads');
  const members = tx.objectStore('members');
  const recipients = (await membersOf(tx, conversation)).filter((id) => id !== message.authorId);
  const [authorRead, author, group, rows] = await Promise.all([
    reads.get([message.authorId, conversation.id]),
    members.get(message.authorId),
    message.onBehalfOf === undefined ? undefined : tx.objectStore('groups').get(message.onBehalfOf),
    Promise.all(
      recipients.map((id) =>
        Promise.all([members.get(id), tx.objectStore('settings').get(id), reads.get([id, conversation.id])]),
      ),
    ),
  ]);
  // Writing reads the conversation (the rulebook's readPositionAfterWriting; a marked-unread flag
  // goes too). "Seen by" keeps naming readers of the writer's last real message, not a "left" entry.
  const { markedUnread: _marked, ...authorKept } = authorRead ?? {};
  const writes: Promise<unknown>[] = [
    reads.put({
      ...authorKept,
      memberId: message.authorId,
      conversationId: conversation.id,
      readSeq: readPositionAfterWriting(authorRead?.readSeq, message.seq),
      ...(message.system === undefined ? { ownSeq: message.seq } : {}),
    }),
    adjustUnread(tx, message.authorId, countedOf(previousSeq, authorRead), 0),
  ];
  const fromName = author?.name ?? message.authorId;
  recipients.forEach((memberId, i) => {
    const [member, settings, read] = rows[i]!;
    writes.push(adjustUnread(tx, memberId, countedOf(previousSeq, read), countedOf(message.seq, read)));
    // A muted conversation emails nobody who muted it, and nobody is emailed that someone left.
    if (read?.muted || message.system !== undefined) return;
    if (!(settings ?? DEFAULT_NOTIFICATION_SETTINGS).email) return;
    if (read?.emailedSeq !== undefined && read.readSeq < read.emailedSeq) return;
    const email: EmailRecord = {
      id: createClientId(),
      to: { memberId, name: member?.name ?? memberId },
      from: { memberId: message.authorId, name: fromName },
      ...(group ? { onBehalfOf: { groupId: group.id, name: group.name } } : {}),
      conversationId: conversation.id,
      messageId: message.id,
      subject: group ? `New message from ${fromName} for ${group.name}` : `New message from ${fromName}`,
      text: message.body,
      createdAt: message.sentAt,
    };
    writes.push(tx.objectStore('emails').add(email));
    writes.push(
      reads.put({
        ...read,
        memberId,
        conversationId: conversation.id,
        readSeq: read?.readSeq ?? 0,
        emailedSeq: message.seq,
      }),
    );
  });
  await Promise.all(writes);
}
