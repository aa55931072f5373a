/**
 * Email notifications (S10) over SMTP. Which members get an email is decided inside the send's
 * transaction (see `Store.decideEmails`); this only writes and sends them, after commit, so a
 * slow or failing mail server never delays or fails a send.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { EmailNotice } from './store.js';

export class Mailer {
  private readonly transport: Transporter;

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
  }

  link(conversationId: string): string {
    return this.linkTemplate.replace('{conversationId}', encodeURIComponent(conversationId));
  }

  async send(notice: EmailNotice): Promise<void> {
    const { message } = notice;
    const sender = message.onBehalfOf
      ? `${message.author.name} (${message.onBehalfOf.name})`
      : message.author.name;
    const link = this.link(message.conversationId);
    await this.transport.sendMail({
      from: this.from,
      to: { name: notice.recipientName, address: notice.to },
      subject: `New message from ${sender}`,
      // Plain text only: the message is data and is never turned into markup.
      text: `${sender} wrote:\n\n${message.body}\n\nReply: ${link}\n\nYou get at most one email per conversation until you read it. Change this in your notification settings.\n`,
    });
  }

  deliver(notices: readonly EmailNotice[]): void {
    for (const notice of notices) {
      this.send(notice).catch((error: unknown) =>
        console.error(`Email to ${notice.to} failed:`, error instanceof Error ? error.message : error),
      );
    }
  }

  close(): void {
    this.transport.close();
  }
}
