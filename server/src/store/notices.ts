/**
 * What an email job (queued by `conv_message_added`, migration 9) names, read when it is
 * delivered: the recipient as they are now (an address removed or email switched off since means
 * no email), their language, the message, and why they hear of it (S22: a new conversation, a
 * new message, a message to a group they manage, a message from a group). And a digest's
 * content: every conversation with messages they have not read.
 */
import type { Message } from '../../../src/core/index.js';
import type { Database, Queryable } from '../db.js';
import { MESSAGE_SELECT, VISIBLE, isRecord, toMessage, type MessageRow } from './rows.js';

export interface Recipient {
  readonly to: string;
  readonly recipientName: string;
  /** The directory's locale, if it gave one. */
  readonly locale: string | null;
}

/** An email to send: to whom, and about which message. */
export interface EmailNotice extends Recipient {
  readonly message: Message;
  /** The message started the conversation. */
  readonly started: boolean;
  /** The group the recipient manages through which they are in the conversation, if not named in it. */
  readonly managedGroup?: string;
}

async function loadRecipient(q: Queryable, memberId: string): Promise<Recipient | undefined> {
  const [row] = await q.query<{
    email: string | null;
    name: string;
    notify_email: boolean;
    locale: string | null;
  }>('select email, name, notify_email, locale from members where id = $1', [memberId]);
  if (!row?.email || !row.notify_email) return undefined;
  return { to: row.email, recipientName: row.name, locale: row.locale };
}

export async function loadEmailNotice(q: Queryable, payload: unknown): Promise<EmailNotice | undefined> {
  if (!isRecord(payload) || typeof payload.memberId !== 'string' || typeof payload.messageId !== 'string') {
    throw new Error('An email job names a member and a message.');
  }
  const recipient = await loadRecipient(q, payload.memberId);
  if (!recipient) return undefined;
  const [message] = await q.query<MessageRow>(`${MESSAGE_SELECT} where m.id = $1`, [payload.messageId]);
  // Deleted before the email went out (S25): there is nothing to tell.
  if (!message || message.deleted) return undefined;
  const [group] = await q.query<{ name: string }>(
    `select g.name from conversation_participants p
       join group_members gm on gm.group_id = p.party_id and gm.member_id = $2 and gm.role = 'manager'
       join groups g on g.id = p.party_id
      where p.conversation_id = $1 and p.party_kind = 'group'
        and not exists (select 1 from conversation_participants d
                         where d.conversation_id = $1 and d.party_kind = 'member' and d.party_id = $2)
      order by p.position limit 1`,
    [message.conversation_id, payload.memberId],
  );
  return {
    ...recipient,
    message: toMessage(message),
    started: payload.started === true,
    ...(group ? { managedGroup: group.name } : {}),
  };
}

export interface DigestConversation {
  readonly conversationId: string;
  /** The other participants' names, in the order they were named. */
  readonly others: readonly string[];
  readonly unread: number;
}

export interface DigestContent extends Recipient {
  readonly conversations: readonly DigestConversation[];
}

/**
 * Starts a digest of a member's unread conversations (S22): bumps `digest_seq` under the
 * member's row lock, so that a message committing after this queues the next digest, sets when
 * the next may leave, and reads, after the lock, what they have not read. Undefined when they
 * want no email now or have nothing unread.
 */
export async function takeDigest(
  db: Database,
  memberId: string,
  nextAt: number,
): Promise<DigestContent | undefined> {
  return db.transaction(async (tx) => {
    await tx.query('update members set digest_seq = digest_seq + 1, digest_next_at = $2 where id = $1', [
      memberId,
      nextAt,
    ]);
    const recipient = await loadRecipient(tx, memberId);
    if (!recipient) return undefined;
    const rows = await tx.query<{ id: string; unread: number }>(
      `select c.id, count(*)::int as unread
         from messages m
         join conversations c on c.id = m.conversation_id
         left join reads r on r.member_id = $1 and r.conversation_id = m.conversation_id
        where ${VISIBLE} and m.author_id <> $1 and m.seq > coalesce(r.up_to_seq, 0)
        group by c.id, c.last_message_seq
        order by c.last_message_seq desc
        limit 50`,
      [memberId],
    );
    if (rows.length === 0) return undefined;
    const names = await tx.query<{ conversation_id: string; name: string }>(
      `select p.conversation_id, coalesce(mb.name, g.name, '') as name
         from conversation_participants p
         left join members mb on p.party_kind = 'member' and mb.id = p.party_id
         left join groups g on p.party_kind = 'group' and g.id = p.party_id
        where p.conversation_id = any($1::text[]) and not (p.party_kind = 'member' and p.party_id = $2)
        order by p.conversation_id, p.position`,
      [rows.map((row) => row.id), memberId],
    );
    return {
      ...recipient,
      conversations: rows.map((row) => ({
        conversationId: row.id,
        others: names.filter((name) => name.conversation_id === row.id).map((name) => name.name),
        unread: row.unread,
      })),
    };
  });
}
