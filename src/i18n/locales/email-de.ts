/** German emails and unsubscribe page (S22); see `../email-strings.ts`. */
import type { EmailStrings } from '../email-strings.js';

export const de: EmailStrings = {
  emailSubject: (sender) => `Neue Nachricht von ${sender}`,
  emailSubjectFromGroup: (group) => `Neue Nachricht von ${group}`,
  emailSubjectToGroup: (sender, group) => `Neue Nachricht von ${sender} an ${group}`,
  emailIntroNewConversation: (sender) => `${sender} hat eine Unterhaltung mit Ihnen begonnen:`,
  emailIntroNewMessage: (sender) => `${sender} schreibt:`,
  emailIntroToGroup: (sender, group) => `${sender} schreibt an ${group}, eine Gruppe, die Sie verwalten:`,
  emailIntroFromGroup: (author, group) => `${author} schreibt für ${group}:`,
  emailOpen: 'Antworten',
  emailFirstUnreadNote:
    'Sie erhalten höchstens eine E-Mail pro Unterhaltung, bis Sie sie gelesen haben. Das können Sie in Ihren Benachrichtigungseinstellungen ändern.',
  emailUnsubscribe: 'Diese E-Mails abbestellen',
  emailDigestSubject: (count, formatted) =>
    count === 1
      ? 'Ungelesene Nachrichten in 1 Unterhaltung'
      : `Ungelesene Nachrichten in ${formatted} Unterhaltungen`,
  emailDigestIntro: (count, formatted) =>
    count === 1
      ? 'Eine Unterhaltung hat ungelesene Nachrichten:'
      : `${formatted} Unterhaltungen haben ungelesene Nachrichten:`,
  emailDigestLine: (conversation, count, formatted) =>
    `${conversation}: ${count === 1 ? '1 ungelesene Nachricht' : `${formatted} ungelesene Nachrichten`}`,
  emailDigestNote: (hours) => `Diese Zusammenfassung erhalten Sie höchstens alle ${hours} Stunden.`,
  unsubscribeTitle: 'E-Mails über neue Nachrichten',
  unsubscribeQuestion: 'Keine E-Mails über neue Nachrichten mehr erhalten?',
  unsubscribeButton: 'E-Mails abbestellen',
  unsubscribeDone:
    'Erledigt: Sie erhalten keine E-Mails über neue Nachrichten mehr. In Ihren Benachrichtigungseinstellungen können Sie sie wieder einschalten.',
  unsubscribeInvalid:
    'Dieser Link ist nicht gültig. Ändern Sie Ihre E-Mails stattdessen in Ihren Benachrichtigungseinstellungen.',
};
