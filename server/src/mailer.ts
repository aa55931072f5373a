/**
 * Email notifications (S10, S22) over SMTP. Which members get an email is decided inside the
 * send's transaction and queued there (`conv_message_added`, migration 9); this holds the
 * queue's `email` and `digest` handlers, so a slow or failing mail server never delays or fails
 * a send, and a crash between the commit and the email loses nothing. Each email's Message-ID is
 * made from its job's key: a delivery repeated after a crash carries the same one, so mail
 * systems and readers see one.
 *
 * Every email is in the recipient's language (`mail/strings.ts`), multipart text and HTML
 * (`mail/compose.ts`), and carries one-click unsubscribe (RFC 8058: `List-Unsubscribe` with
 * `List-Unsubscribe-Post`, and the same link in the text), a signed single-purpose token.
 */
import { createHash } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Database } from './db.js';
import { composeDigest, composeNotice, type ComposedEmail, type NoticeKind } from './mail/compose.js';
import { emailLanguage } from './mail/strings.js';
import { unsubscribeToken } from './mail/unsubscribe-token.js';
import type { JobHandler } from './queue/worker.js';
import { isRecord } from './store.js';
import { loadEmailNotice, takeDigest, type EmailNotice, type Recipient } from './store/notices.js';

export type { EmailNotice } from './store/notices.js';

export interface MailerOptions {
  readonly smtpUrl: string;
  readonly from: string;
  /** The link to a conversation; `{conversationId}` is replaced. */
  readonly linkTemplate: string;
  readonly defaultLocale: string;
  readonly digestHours: number;
  /** The HMAC key of unsubscribe links. */
  readonly linkSecret: string;
  /** Where members' mail clients reach this server (asked when an email is written). */
  readonly publicUrl: () => string;
}

export class Mailer {
  private readonly transport: Transporter;
  private readonly domain: string;

  constructor(private readonly options: MailerOptions) {
    // One pooled connection: emails leave in the order their sends committed, and a busy
    // conversation does not open a connection per message.
    const url = new URL(options.smtpUrl);
    if (!url.searchParams.has('pool')) url.searchParams.set('pool', 'true');
    if (!url.searchParams.has('maxConnections')) url.searchParams.set('maxConnections', '1');
    this.transport = nodemailer.createTransport(url.toString());
    this.domain = /@([^>\s]+)>?\s*$/.exec(options.from)?.[1] ?? 'localhost';
  }

  get linkSecret(): string {
    return this.options.linkSecret;
  }

  link(conversationId: string): string {
    return this.options.linkTemplate.replace('{conversationId}', encodeURIComponent(conversationId));
  }

  /** The one-click unsubscribe URL of a member of a space. */
  unsubscribeUrl(space: string, memberId: string): string {
    const token = unsubscribeToken(this.options.linkSecret, { space, memberId });
    return `${this.options.publicUrl()}/v1/unsubscribe?token=${encodeURIComponent(token)}`;
  }

  /** The Message-ID of the email for the job with this key: the same on every attempt. */
  messageIdFor(key: string): string {
    return `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@${this.domain}>`;
  }

  private async deliver(recipient: Recipient, email: ComposedEmail, messageId: string, unsubscribe: string) {
    await this.transport.sendMail({
      from: this.options.from,
      to: { name: recipient.recipientName, address: recipient.to },
      messageId,
      subject: email.subject,
      text: email.text,
      html: email.html,
      list: { unsubscribe: { url: unsubscribe } },
      headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    });
  }

  async send(notice: EmailNotice, messageId: string, space: string, memberId: string): Promise<void> {
    const { message } = notice;
    const why: NoticeKind = message.onBehalfOf
      ? { kind: 'from-group', group: message.onBehalfOf.name }
      : notice.managedGroup !== undefined
        ? { kind: 'to-group', group: notice.managedGroup }
        : notice.started
          ? { kind: 'new-conversation' }
          : { kind: 'new-message' };
    const unsubscribe = this.unsubscribeUrl(space, memberId);
    const email = composeNotice(emailLanguage(notice.locale, this.options.defaultLocale), message, why, {
      conversation: this.link(message.conversationId),
      unsubscribe,
    });
    await this.deliver(notice, email, messageId, unsubscribe);
  }

  /** The delivery queue's handler for `email` jobs of the space whose database is `db`. */
  handler(db: Database, space: string): JobHandler {
    return async (job) => {
      const notice = await loadEmailNotice(db, job.payload);
      // The member switched email off or lost their address since: nothing to deliver.
      if (notice) {
        await this.send(
          notice,
          this.messageIdFor(job.key),
          space,
          (job.payload as { memberId: string }).memberId,
        );
      }
    };
  }

  /** The handler for `digest` jobs: every conversation with unread messages, in one email. */
  digestHandler(db: Database, space: string): JobHandler {
    return async (job) => {
      const payload = job.payload;
      if (!isRecord(payload) || typeof payload.memberId !== 'string')
        throw new Error('A digest job names a member.');
      const digest = await takeDigest(
        db,
        payload.memberId,
        Date.now() + this.options.digestHours * 3_600_000,
      );
      if (!digest) return;
      const unsubscribe = this.unsubscribeUrl(space, payload.memberId);
      const language = emailLanguage(digest.locale, this.options.defaultLocale);
      const email = composeDigest(
        language,
        digest.conversations.map((conversation) => ({
          title: language.strings.conversationWith(conversation.others),
          unread: conversation.unread,
          link: this.link(conversation.conversationId),
        })),
        this.options.digestHours,
        unsubscribe,
      );
      await this.deliver(digest, email, this.messageIdFor(job.key), unsubscribe);
    };
  }

  close(): void {
    this.transport.close();
  }
}
