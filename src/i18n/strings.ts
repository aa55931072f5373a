/**
 * Every string a member reads, as one typed table per language. A portal replaces any of them
 * with `registerStrings(locale, partialTable)`; elements pick the table of their closest `lang`
 * (falling back by language, then to English) and re-render when a table is registered.
 *
 * Entries that contain numbers are functions, given the number already formatted for the locale
 * (`Intl.NumberFormat`) and the raw count for plural choice.
 */
export interface ConvStrings {
  /** The envelope's accessible name. */
  envelope(unread: number, formatted: string): string;
  /** The notifier's region label, and its notice for a new message. */
  notifierLabel: string;
  newMessage(sender: string, conversation: string): string;
  openConversation: string;
  dismiss: string;
  /** Notification settings. */
  settingsLegend: string;
  settingsInApp: string;
  settingsInAppHint: string;
  settingsEmail: string;
  settingsEmailHint: string;
  settingsSaved: string;
  settingsFailed(reason: string): string;
  loading: string;
  retry: string;
  unavailable: string;
  group: string;
  /** A conversation's title from its participants' names. */
  conversationWith(names: readonly string[]): string;
}

export const en: ConvStrings = {
  envelope: (unread, formatted) => (unread === 0 ? 'Conversations' : `Conversations, ${formatted} unread`),
  notifierLabel: 'New messages',
  newMessage: (sender, conversation) => `New message from ${sender} in ${conversation}`,
  openConversation: 'Open',
  dismiss: 'Dismiss',
  settingsLegend: 'Tell me about new messages',
  settingsInApp: 'In the portal',
  settingsInAppHint: 'A notice appears while you are on the portal.',
  settingsEmail: 'By email',
  settingsEmailHint: 'One email per conversation until you have read it.',
  settingsSaved: 'Saved.',
  settingsFailed: (reason) => `Not saved: ${reason}`,
  loading: 'Loading…',
  retry: 'Try again',
  unavailable: 'Conversations cannot be reached right now.',
  group: 'group',
  conversationWith: (names) =>
    names.length === 0 ? 'Conversation' : new Intl.ListFormat('en', { type: 'conjunction' }).format(names),
};
