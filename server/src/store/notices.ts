/**
 * What an email job (queued by `conv_message_added`, migration 3) names, read when it is
 * delivered: the recipient as they are now (an address removed or email switched off since means
 * no email) and the message.
 */
import type { Message } from '../../../src/core/index.js';
import type { Queryable } from '../db.js';
import { MESSAGE_SELECT, isRecord, toMessage, type MessageRow } from './rows.js';

/** An email to send: to whom, and about which message. */
export interface EmailNotice {
  readonly to: string;
  readonly recipientName: string;
  readonly message: Message;
}

export async function loadEmailNotice(q: Queryable, payload: unknown): Promise<EmailNotice | undefined> {
  if (!isRecord(payload) || typeof payload.memberId !== 'string' || typeof payload.messageId !== 'string') {
    throw new Error('An email job names a member and a message.');
  }
  const [recipient] = await q.query<{ email: string | null; name: string; notify_email: boolean }>(
    'select email, name, notify_email from members where id = $1',
    [payload.memberId],
  );
  if (!recipient?.email || !recipient.notify_email) return undefined;
  const [message] = await q.query<MessageRow>(`${MESSAGE_SELECT} where m.id = $1`, [payload.messageId]);
  // Deleted before the email went out (S25): there is nothing to tell.
  if (!message || message.deleted) return undefined;
  return { to: recipient.email, recipientName: recipient.name, message: toMessage(message) };
}
