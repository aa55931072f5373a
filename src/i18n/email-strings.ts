/**
 * What a member reads in an email about new messages and on the unsubscribe page it links to (S22),
 * as one typed table per language, like the elements' (`strings.ts`) but apart from them: only the
 * reference server reads these, so no page that loads the elements' English table carries them.
 * The server picks a recipient's table (`server/src/mail/strings.ts`); the locale tables are in
 * `locales/email-*.ts`.
 *
 * Entries that contain numbers are functions, given the number already formatted for the locale
 * (`Intl.NumberFormat`) and the raw count for plural choice.
 */
export interface EmailStrings {
  /** Subject of an email about a new message (or conversation). */
  emailSubject(sender: string): string;
  /** Subject of an email about a message written for a group. */
  emailSubjectFromGroup(group: string): string;
  /** Subject of an email about a message to a group the recipient manages. */
  emailSubjectToGroup(sender: string, group: string): string;
  /** The line above the message: a new conversation, a new message, to a group, from a group. */
  emailIntroNewConversation(sender: string): string;
  emailIntroNewMessage(sender: string): string;
  emailIntroToGroup(sender: string, group: string): string;
  emailIntroFromGroup(author: string, group: string): string;
  emailOpen: string;
  emailFirstUnreadNote: string;
  emailUnsubscribe: string;
  emailDigestSubject(count: number, formatted: string): string;
  emailDigestIntro(count: number, formatted: string): string;
  emailDigestLine(conversation: string, count: number, formatted: string): string;
  emailDigestNote(hours: string): string;
  unsubscribeTitle: string;
  unsubscribeQuestion: string;
  unsubscribeButton: string;
  unsubscribeDone: string;
  unsubscribeInvalid: string;
}

export const en: EmailStrings = {
  emailSubject: (sender) => `New message from ${sender}`,
  emailSubjectFromGroup: (group) => `New message from ${group}`,
  emailSubjectToGroup: (sender, group) => `New message from ${sender} to ${group}`,
  emailIntroNewConversation: (sender) => `${sender} started a conversation with you:`,
  emailIntroNewMessage: (sender) => `${sender} wrote:`,
  emailIntroToGroup: (sender, group) => `${sender} wrote to ${group}, a group you manage:`,
  emailIntroFromGroup: (author, group) => `${author} wrote for ${group}:`,
  emailOpen: 'Reply',
  emailFirstUnreadNote:
    'You get at most one email per conversation until you read it. Change this in your notification settings.',
  emailUnsubscribe: 'Stop these emails',
  emailDigestSubject: (count, formatted) =>
    count === 1 ? 'Unread messages in 1 conversation' : `Unread messages in ${formatted} conversations`,
  emailDigestIntro: (count, formatted) =>
    count === 1
      ? 'One conversation has unread messages:'
      : `${formatted} conversations have unread messages:`,
  emailDigestLine: (conversation, count, formatted) =>
    `${conversation}: ${count === 1 ? '1 unread message' : `${formatted} unread messages`}`,
  emailDigestNote: (hours) => `You get this summary at most every ${hours} hours.`,
  unsubscribeTitle: 'Emails about new messages',
  unsubscribeQuestion: 'Stop getting emails about new messages?',
  unsubscribeButton: 'Stop these emails',
  unsubscribeDone:
    'Done: you will no longer get emails about new messages. You can switch them on again in your notification settings.',
  unsubscribeInvalid: 'This link is not valid. Change your emails in your notification settings instead.',
};
