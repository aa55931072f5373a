/**
 * German strings. Not part of the library's bundles: a page registers them itself,
 * `registerStrings('de', de)`, and elements under `lang="de"` use them.
 */
import type { ConvStrings } from '../strings.js';

const list = (names: readonly string[]) => new Intl.ListFormat('de', { type: 'conjunction' }).format(names);

export const de: ConvStrings = {
  envelope: (unread, formatted) =>
    unread === 0 ? 'Unterhaltungen' : `Unterhaltungen, ${formatted} ungelesen`,
  notifierLabel: 'Neue Nachrichten',
  newMessage: (sender, conversation) => `Neue Nachricht von ${sender} in ${conversation}`,
  newDirectMessage: (sender) => `Neue Nachricht von ${sender}`,
  openConversation: 'Öffnen',
  dismiss: 'Schließen',
  settingsLegend: 'Über neue Nachrichten informieren',
  settingsInApp: 'Im Portal',
  settingsInAppHint: 'Ein Hinweis erscheint, während Sie im Portal sind.',
  settingsEmail: 'Per E-Mail',
  settingsEmailHint: 'Eine E-Mail pro Unterhaltung, bis Sie sie gelesen haben.',
  settingsSaved: 'Gespeichert.',
  settingsFailed: (reason) => `Nicht gespeichert: ${reason}`,
  loading: 'Wird geladen …',
  retry: 'Erneut versuchen',
  unavailable: 'Die Unterhaltungen sind gerade nicht erreichbar.',
  group: 'Gruppe',
  conversationWith: (names) => (names.length === 0 ? 'Unterhaltung' : list(names)),
  composeTitle: 'Neue Unterhaltung',
  composeClose: 'Schließen',
  composeRecipients: 'An',
  composeRecipientsHint: 'Mitglieder und Gruppen nach Namen suchen.',
  composeSearching: 'Suche läuft …',
  composeNoResults: (query) => `Kein Mitglied und keine Gruppe passt zu „${query}“.`,
  composeResults: (count, formatted) => (count === 1 ? '1 Treffer' : `${formatted} Treffer`),
  composeKindMember: 'Mitglied',
  composeKindGroup: 'Gruppe',
  composeChosen: 'Empfänger',
  composeRemoveRecipient: (name) => `${name} entfernen`,
  composeRecipientLimit: (limit, formatted) =>
    `Eine Unterhaltung kann höchstens ${formatted} ${limit === 1 ? 'weitere Person' : 'weitere Personen'} einschließen. Entfernen Sie jemanden, um eine weitere hinzuzufügen.`,
  composeSendAs: 'Senden als',
  composeSendAsSelf: (name) => `Sie selbst (${name})`,
  composeMessage: 'Nachricht',
  composeConductBefore: 'Unterhaltungen unterliegen dem ',
  composeConductLink: 'Verhaltenskodex',
  composeConductAfter: '.',
  composeGuidance: 'Hinweis',
  composeSend: 'Senden',
  composeSending: 'Wird gesendet …',
  composeSent: 'Gesendet.',
  messageCharactersLeft: (remaining, formatted) =>
    remaining >= 0 ? `Noch ${formatted} Zeichen` : `${formatted} Zeichen zu viel`,
  messageErrorEmpty: 'Schreiben Sie zuerst eine Nachricht.',
  messageErrorTooLong: (limit, actual) =>
    `Eine Nachricht hat höchstens ${limit} Zeichen; diese hat ${actual}.`,
  messageErrorTooLarge: 'Die Nachricht ist zu groß zum Senden; kürzen Sie sie.',
  messageErrorMalformed: 'Die Nachricht enthält Zeichen, die nicht gesendet werden können.',
  composeErrorNoRecipients: 'Wählen Sie mindestens ein Mitglied oder eine Gruppe.',
  composeErrorSelfOnly: 'Eine Unterhaltung braucht außer Ihnen noch jemanden.',
  composeErrorTooManyRecipients: (limit) =>
    `Eine Unterhaltung kann höchstens ${limit} weitere Personen einschließen.`,
  composeErrorUnknownRecipient:
    'Ein Empfänger wurde im Portal nicht gefunden. Entfernen Sie ihn und suchen Sie erneut.',
  composeErrorNotManager: (group) => `Sie verwalten ${group} nicht mehr; wählen Sie, als wer Sie senden.`,
  composeErrorFailed: (reason) => `Nicht gesendet: ${reason} Ihre Nachricht bleibt erhalten.`,
  composeAdded: (name) => `${name} hinzugefügt.`,
  composeRemoved: (name) => `${name} entfernt.`,
  contactButtonLabel: (name) => `${name} eine Nachricht senden`,
  conversationListLabel: 'Unterhaltungen',
  conversationListEmpty: 'Noch keine Unterhaltungen.',
  conversationListFailed: 'Ihre Unterhaltungen konnten nicht geladen werden.',
  conversationListStale:
    'Das sind die auf diesem Gerät gespeicherten Unterhaltungen; sie konnten nicht aktualisiert werden.',
  conversationListLoadingMore: 'Weitere Unterhaltungen werden geladen …',
  conversationUnread: (_count, formatted) => `${formatted} ungelesen`,
  conversationPreviewYou: (body) => `Sie: ${body}`,
  conversationNoMessages: 'Noch keine Nachrichten',
  startConversation: 'Unterhaltung beginnen',
  threadWith: (names) => (names.length === 0 ? 'Unterhaltung' : `Mit ${list(names)}`),
  threadMessages: 'Nachrichten',
  threadLoadOlder: 'Ältere Nachrichten anzeigen',
  threadLoadingOlder: 'Ältere Nachrichten werden geladen …',
  threadEmpty: 'Noch keine Nachrichten.',
  threadNotFound: 'Diese Unterhaltung wurde nicht gefunden.',
  threadChoose: 'Wählen Sie eine Unterhaltung, oder beginnen Sie eine neue.',
  threadYou: 'Sie',
  threadOnBehalfOf: (author, group) => `${author} für ${group}`,
  threadIncoming: (author, body) => `${author}: ${body}`,
  threadPending: 'Wird gesendet …',
  threadWaiting: 'Noch nicht gesendet. Sie wird automatisch gesendet.',
  threadSent: 'Gesendet',
  threadFailed: (reason) => `Nicht gesendet: ${reason}`,
  threadDiscard: 'Verwerfen',
  threadReply: 'Antworten',
  threadSend: 'Senden',
  reportMessage: 'Nachricht melden',
  reportConversation: 'Unterhaltung melden',
  reportMessageTitle: 'Diese Nachricht melden',
  reportConversationTitle: 'Diese Unterhaltung melden',
  reportExplanation: 'Das Moderationsteam des Portals liest Ihre Meldung, gemäß seinem Verhaltenskodex.',
  reportReason: 'Warum melden Sie dies?',
  reportReasonRequired: 'Sagen Sie kurz, warum Sie dies melden.',
  reportReasonTooLong: (limit) => `Eine Meldung hat höchstens ${limit} Zeichen.`,
  reportSubmit: 'Meldung senden',
  reportCancel: 'Abbrechen',
  reportSent: 'Danke. Ihre Meldung wurde an das Portal gesendet.',
  reportFailed: (reason) => `Die Meldung wurde nicht gesendet: ${reason}`,
  inboxBack: 'Zurück zu den Unterhaltungen',
  // Who may message whom (S14, S15) and the contact button's states (S19), issue 15
  acceptLegend: 'Wer Ihnen Nachrichten senden darf',
  acceptAnyone: 'Alle',
  acceptFollowed: 'Nur Mitglieder, denen ich folge',
  acceptFollowedHint:
    'Andere können Ihre bestehenden Unterhaltungen weiter lesen, Ihnen aber nicht schreiben.',
  blockedLegend: 'Blockierte Mitglieder',
  blockedNone: 'Sie haben niemanden blockiert.',
  unblock: 'Freigeben',
  unblockMember: (name) => `${name} freigeben`,
  unblocked: (name) => `${name} ist nicht mehr blockiert.`,
  notAccepting: (name) => `${name} nimmt keine Nachrichten von Ihnen an.`,
  notAcceptingSome: (names) =>
    `${list(names)} ${names.length === 1 ? 'nimmt' : 'nehmen'} keine Nachrichten von Ihnen an.`,
  blockMember: (name) => `${name} blockieren`,
  blockConfirm: (name) =>
    `${name} blockieren? Dieses Mitglied kann Ihnen dann nicht mehr schreiben und erfährt es nicht.`,
  blockConfirmYes: 'Blockieren',
  blocked: (name) => `${name} ist blockiert.`,
  blockFailed: (reason) => `Nicht erledigt: ${reason}`,
  contactOpenConversation: (name) => `Ihre Unterhaltung mit ${name} öffnen`,
  // msg-features (S24–S26): links, edit and delete, reactions.
  linkNewTab: '(öffnet in einem neuen Tab)',
  threadEdited: 'bearbeitet',
  threadDeleted: 'Nachricht gelöscht',
  messageActions: 'Aktionen zur Nachricht',
  messageEdit: 'Bearbeiten',
  messageEditLabel: 'Ihre Nachricht bearbeiten',
  messageEditSave: 'Speichern',
  messageEditCancel: 'Abbrechen',
  messageEditClosed: 'Diese Nachricht kann nicht mehr bearbeitet werden.',
  messageDelete: 'Löschen',
  messageDeleteConfirm: 'Diese Nachricht für alle löschen?',
  messageChangeFailed: (reason) => `Nicht geändert: ${reason}`,
  reactionAdd: 'Reaktion hinzufügen',
  reactionPicker: 'Reaktionen',
  reactionSummary: (emoji, count, names) =>
    `${emoji} ${count}: ${new Intl.ListFormat('de', { type: 'conjunction' }).format(names)}`,
  reactionToggle: (emoji) => `Mit ${emoji} reagieren`,
  contactSignIn: (name) =>
    name ? `Anmelden, um ${name} eine Nachricht zu senden` : 'Anmelden, um eine Nachricht zu senden',
  // Moderated and deleted members, group readers (S16–S18)
  partyBlocked: 'Gesperrtes Mitglied',
  partyDeleted: 'Gelöschtes Mitglied',
  messageDeleted: 'Nachricht gelöscht',
  threadOnlyDeleted:
    'Antworten ist nicht möglich: Alle anderen in dieser Unterhaltung haben das Portal verlassen.',
  listMyGroups: 'Meine Gruppen',
  listAllConversations: 'Alle Unterhaltungen',
  listForGroup: (group) => `Für ${group}`,
  listGroupUnread: (group, count, formatted) =>
    count === 0 ? group : `${group}, ${formatted} ungelesene ${count === 1 ? 'Nachricht' : 'Nachrichten'}`,
  // S27–S29, S31 (presence)
  threadSeen: 'Gesehen',
  threadSeenBy: (names, others, formatted) =>
    `Gesehen von ${list(others > 0 ? [...names, others === 1 ? 'einer weiteren Person' : `${formatted} weiteren`] : names)}`,
  threadTyping: (names) =>
    names.length === 1
      ? `${names[0]} schreibt …`
      : names.length === 2
        ? `${names[0]} und ${names[1]} schreiben …`
        : 'Mehrere Personen schreiben …',
  threadLeft: (name) => `${name} hat die Unterhaltung verlassen`,
  threadMute: 'Stummschalten',
  threadMuted: 'Stummgeschaltet: keine Benachrichtigungen zu dieser Unterhaltung.',
  threadLeave: 'Verlassen',
  threadLeaveConfirm:
    'Diese Unterhaltung verlassen? Sie sehen sie dann nicht mehr und hören nichts mehr von ihr.',
  threadLeaveYes: 'Unterhaltung verlassen',
  threadLeaveNo: 'Bleiben',
  conversationMuted: 'Stumm',
  conversationMarkUnread: 'Als ungelesen markieren (U)',
  settingsPrivacyLegend: 'Was andere sehen',
  settingsReceipts: 'Lesebestätigungen und Tippen',
  settingsReceiptsHint:
    'Andere sehen, wann Sie ihre Nachrichten gelesen haben und wann Sie schreiben. Aus: Sie sehen beides auch bei anderen nicht.',
  // Search your conversations (S30)
  searchOpen: 'Unterhaltungen durchsuchen',
  searchLabel: 'Nach Name oder Nachricht suchen',
  searchClose: 'Suche schließen',
  searchSearching: 'Wird gesucht …',
  searchByName: 'Unterhaltungen',
  searchByText: 'Nachrichten',
  searchNothing: (query) => `Nichts gefunden für „${query}“.`,
  searchTooLong: (limit) => `Eine Suche hat höchstens ${limit} Zeichen.`,
  searchFound: (count, formatted) => (count === 1 ? '1 Treffer' : `${formatted} Treffer`),
  threadLoadNewer: 'Neuere Nachrichten anzeigen',
  threadShowLatest: 'Zu den neuesten Nachrichten',
  // Data out (issue 16)
  settingsExport: 'Meine Daten herunterladen',
  settingsExportHint:
    'Alle Unterhaltungen, die Sie sehen, mit allen Nachrichten, und Ihre Einstellungen als JSON-Datei.',
  settingsExporting: 'Ihre Daten werden vorbereitet …',
  settingsExportFailed: (reason) => `Ihre Daten konnten nicht heruntergeladen werden: ${reason}`,
  settingsEmailDigest: 'Stattdessen eine Zusammenfassung',
  settingsEmailDigestHint:
    'Höchstens eine E-Mail alle paar Stunden mit allen Unterhaltungen, die ungelesene Nachrichten haben.',
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
