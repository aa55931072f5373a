/**
 * Email notifications (S10) over SMTP. Which members get an email is decided inside the send's
 * transaction and queued there (`conv_message_added`, migration 3); this is the queue's `email`
 * handler, so a slow or failing mail server never delays or fails a send, and a crash between
 * the commit and the email loses nothing. Each email's Message-ID is made from its job's key: a
 * delivery repeated after a crash carries the same one, so mail systems and readers see one.
 */
import { createHash } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Database } from './db.js';
import type { JobHandler } from './queue/worker.js';
import { loadEmailNotice, type EmailNotice } from './store/notices.js';

export type { EmailNotice } from './store/notices.js';

export class Mailer {
  private readonly transport: Transporter;
  private readonly domain: string;

  constructor(
    smtpUrl: string,
    private readonly from: string,
    private readonly linkTemplate: string,
  ) {
    // One pooled connection: emails leave in the order their sends committed, and a busy
    // conversation does not open a connection per message.
    const url = new URL(smtpUrl);
    if (!url.searchParams.has('pool')) url.searchParams.set('pool', 'true');
    if (!url.searchParams.has('maxConnections')) url.searchParams.set('maxConnections', '1');
    this.transport = nodemailer.createTransport(url.toString());
    this.domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'localhost';
  }

  link(conversationId: string): string {
    return this.linkTemplate.replace('{conversationId}', encodeURIComponent(conversationId));
  }

  /** The Message-ID of the email for the job with this key: the same on every attempt. */
  messageIdFor(key: string): string {
    return `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@${this.domain}>`;
  }

  async send(notice: EmailNotice, messageId: string): Promise<void> {
    const { message } = notice;
    const sender = message.onBehalfOf
      ? `${message.author.name} (${message.onBehalfOf.name})`
      : message.author.name;
    const link = this.link(message.conversationId);
    await this.transport.sendMail({
      from: this.from,
      to: { name: notice.recipientName, address: notice.to },
      messageId,
      subject: `New message from ${sender}`,
      // Plain text only: the message is data and is never turned into markup.
      text: `${sender} wrote:\n\n${message.body}\n\nReply: ${link}\n\nYou get at most one email per conversation until you read it. Change this in your notification settings.\n`,
    });
  }

  /** The delivery queue's handler for `email` jobs of the space whose database is `db`. */
  handler(db: Database): JobHandler {
    return async (job) => {
      const notice = await loadEmailNotice(db, job.payload);
      // The member switched email off or lost their address since: nothing to deliver.
      if (notice) await this.send(notice, this.messageIdFor(job.key));
    };
  }

  close(): void {
    this.transport.close();
  }
}
