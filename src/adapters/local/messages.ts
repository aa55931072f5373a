/**
 * Adding a message: the next `seq` of its conversation, the conversation's activity and inbox
 * keys, the author's own read position, and the email records its recipients are owed (S10).
 * Called inside the request's write transaction, after every check has passed.
 */
import { createClientId } from '../../core/ids.js';
import { DEFAULT_NOTIFICATION_SETTINGS, partyKey, type PartyRef } from '../../core/types.js';
import {
  inboxKeys,
  participantSetKey,
  prefixRange,
  type ConversationRow,
  type EmailRecord,
  type MessageRow,
  type WriteTx,
} from './schema.js';

export interface MessageDraft {
  readonly authorId: string;
  readonly clientId: string;
  readonly onBehalfOf?: string;
  readonly body: string;
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
  };
  const conversation: ConversationRow = {
    id: base.id,
    participants: base.participants,
    participantSet: base.participantSet,
    startedBy: base.startedBy,
    createdAt: base.createdAt,
    lastActivityAt: draft.at,
    lastSeq: seq,
    last: message,
    inbox: inboxKeys(base.participants.map(partyKey), draft.at, base.id),
  };
  const reads = tx.objectStore('reads');
  const authorRead = await reads.get([draft.authorId, base.id]);
  // Writing a message means having read the conversation up to it.
  await Promise.all([
    tx.objectStore('messages').add(message),
    tx.objectStore('conversations').put(conversation),
    reads.put({ ...authorRead, memberId: draft.authorId, conversationId: base.id, readSeq: seq }),
    recordEmails(tx, conversation, message),
  ]);
  return { conversation, message, created };
}

/** Every member a message reaches: named members and members of named groups, but not its author. */
async function recipientsOf(tx: WriteTx, conversation: ConversationRow, authorId: string): Promise<string[]> {
  const ids = new Set<string>();
  const groupIds: string[] = [];
  for (const party of conversation.participants) {
    if (party.kind === 'member') ids.add(party.id);
    else groupIds.push(party.id);
  }
  const memberships = await Promise.all(
    groupIds.map((id) => tx.objectStore('memberships').getAll(prefixRange(id))),
  );
  for (const row of memberships.flat()) ids.add(row.memberId);
  ids.delete(authorId);
  return [...ids];
}

/**
 * S10: a recipient whose email setting is on gets one email per conversation until they have read
 * the message it was about; more messages meanwhile do not send more.
 */
async function recordEmails(tx: WriteTx, conversation: ConversationRow, message: MessageRow): Promise<void> {
  const recipients = await recipientsOf(tx, conversation, message.authorId);
  if (recipients.length === 0) return;
  const members = tx.objectStore('members');
  const [author, group, rows] = await Promise.all([
    members.get(message.authorId),
    message.onBehalfOf === undefined ? undefined : tx.objectStore('groups').get(message.onBehalfOf),
    Promise.all(
      recipients.map((id) =>
        Promise.all([
          members.get(id),
          tx.objectStore('settings').get(id),
          tx.objectStore('reads').get([id, conversation.id]),
        ]),
      ),
    ),
  ]);
  const fromName = author?.name ?? message.authorId;
  const writes: Promise<unknown>[] = [];
  recipients.forEach((memberId, i) => {
    const [member, settings, read] = rows[i]!;
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
      tx.objectStore('reads').put({
        memberId,
        conversationId: conversation.id,
        readSeq: read?.readSeq ?? 0,
        emailedSeq: message.seq,
      }),
    );
  });
  await Promise.all(writes);
}
