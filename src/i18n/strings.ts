/**
 * Every string a member reads, as one typed table per language. A portal replaces any of them
 * with `registerStrings(locale, partialTable)`; elements pick the table of their closest `lang`
 * (falling back by language, then to English) and re-render when a table is registered.
 *
 * Entries that contain numbers are functions, given the number already formatted for the locale
 * (`Intl.NumberFormat`) and the raw count for plural choice.
 */
import { envelopeName } from './envelope-name.js';

export interface ConvStrings {
  /** The envelope's accessible name. */
  envelope(unread: number, formatted: string): string;
  /** The notifier's region label, and its notice for a new message. */
  notifierLabel: string;
  /** A new message in a conversation with several others, named by `conversation`. */
  newMessage(sender: string, conversation: string): string;
  /** A new message in a one-to-one conversation with its sender. */
  newDirectMessage(sender: string): string;
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
  // <conv-compose> and <conv-contact-button> (issue 5)
  composeTitle: string;
  composeClose: string;
  composeRecipients: string;
  composeRecipientsHint: string;
  composeSearching: string;
  composeNoResults(query: string): string;
  composeResults(count: number, formatted: string): string;
  composeKindMember: string;
  composeKindGroup: string;
  composeChosen: string;
  composeRemoveRecipient(name: string): string;
  composeRecipientLimit(limit: number, formatted: string): string;
  composeSendAs: string;
  composeSendAsSelf(name: string): string;
  composeMessage: string;
  composeConductBefore: string;
  composeConductLink: string;
  composeConductAfter: string;
  composeGuidance: string;
  composeSend: string;
  composeSending: string;
  composeSent: string;
  /** `remaining` is negative over the limit; `formatted` is its absolute value, formatted. */
  messageCharactersLeft(remaining: number, formatted: string): string;
  messageErrorEmpty: string;
  messageErrorTooLong(limit: string, actual: string): string;
  messageErrorTooLarge: string;
  messageErrorMalformed: string;
  composeErrorNoRecipients: string;
  composeErrorSelfOnly: string;
  composeErrorTooManyRecipients(limit: string): string;
  composeErrorUnknownRecipient: string;
  composeErrorNotManager(group: string): string;
  composeErrorFailed(reason: string): string;
  composeAdded(name: string): string;
  composeRemoved(name: string): string;
  contactButtonLabel(name: string): string;
  // <conv-conversation-list>, <conv-thread>, <conv-inbox> (issue 4)
  conversationListLabel: string;
  conversationListEmpty: string;
  conversationListFailed: string;
  /** Above conversations saved on this device when they could not be refreshed (offline). */
  conversationListStale: string;
  conversationListLoadingMore: string;
  conversationUnread(count: number, formatted: string): string;
  conversationPreviewYou(body: string): string;
  conversationNoMessages: string;
  startConversation: string;
  threadWith(names: readonly string[]): string;
  threadMessages: string;
  threadLoadOlder: string;
  threadLoadingOlder: string;
  threadEmpty: string;
  threadNotFound: string;
  threadChoose: string;
  threadYou: string;
  threadOnBehalfOf(author: string, group: string): string;
  threadIncoming(author: string, body: string): string;
  threadPending: string;
  /** A message whose last attempt could not be delivered (offline, the service busy): retried by itself. */
  threadWaiting: string;
  threadSent: string;
  threadFailed(reason: string): string;
  threadDiscard: string;
  threadReply: string;
  threadSend: string;
  reportMessage: string;
  reportConversation: string;
  reportMessageTitle: string;
  reportConversationTitle: string;
  reportExplanation: string;
  reportReason: string;
  reportReasonRequired: string;
  reportReasonTooLong(limit: string): string;
  reportSubmit: string;
  reportCancel: string;
  reportSent: string;
  reportFailed(reason: string): string;
  inboxBack: string;
  // Who may message whom (S14, S15) and the contact button's states (S19), issue 15
  /** The settings' choice of who may write to the member. */
  acceptLegend: string;
  acceptAnyone: string;
  acceptFollowed: string;
  acceptFollowedHint: string;
  /** The settings' list of blocked members. */
  blockedLegend: string;
  blockedNone: string;
  /** The word of the header's Block action and of its confirmation; the action's name is `blockMember(name)`. */
  block: string;
  unblock: string;
  unblockMember(name: string): string;
  unblocked(name: string): string;
  /** Beside a search result, a reply box, a contact button: the member does not accept the viewer. */
  notAccepting(name: string): string;
  /** The same, for several members of one conversation. */
  notAcceptingSome(names: readonly string[]): string;
  /** The thread's block action, its confirmation, and what it says after. */
  blockMember(name: string): string;
  blockConfirm(name: string): string;
  blocked(name: string): string;
  blockFailed(reason: string): string;
  /** The contact button for a signed-out visitor. */
  contactOpenConversation(name: string): string;
  // msg-features (S24–S26): links, edit and delete, reactions.
  /** A link's accessible hint when it opens in a new tab. */
  linkNewTab: string;
  threadEdited: string;
  threadDeleted: string;
  messageEdit: string;
  messageEditLabel: string;
  messageEditSave: string;
  messageEditCancel: string;
  messageEditClosed: string;
  messageDelete: string;
  messageDeleteConfirm: string;
  messageChangeFailed(reason: string): string;
  reactionAdd: string;
  reactionPicker: string;
  /** "👍 2: Ana, Bo and you". */
  reactionSummary(emoji: string, count: string, names: readonly string[]): string;
  reactionToggle(emoji: string): string;
  contactSignIn(name?: string): string;
  // Moderated and deleted members, group readers (S16–S18)
  partyBlocked: string;
  partyDeleted: string;
  messageDeleted: string;
  threadOnlyDeleted: string;
  listMyGroups: string;
  listAllConversations: string;
  listForGroup(group: string): string;
  listGroupUnread(group: string, count: number, formatted: string): string;

  // S27–S29, S31 (presence): seen by, typing, mute and leave, mark as unread.
  /** Under one's own newest message in a one-to-one, once the other has read it. */
  threadSeen: string;
  /** Names (the first few), then "N others" when there are more; `others` is 0 when all are named. */
  threadSeenBy(names: readonly string[], others: number, formattedOthers: string): string;
  threadTyping(names: readonly string[]): string;
  /** The line a conversation keeps where someone left it. */
  threadLeft(name: string): string;
  threadMute: string;
  threadMuted: string;
  threadLeave: string;
  threadLeaveConfirm: string;
  threadLeaveYes: string;
  threadLeaveNo: string;
  conversationMuted: string;
  conversationMarkUnread: string;
  settingsPrivacyLegend: string;
  settingsReceipts: string;
  settingsReceiptsHint: string;
  // Search your conversations (S30)
  /** The list header's button that opens search; also its tooltip. */
  searchOpen: string;
  /** The search field's label. */
  searchLabel: string;
  searchClose: string;
  searchSearching: string;
  /** Heading of the conversations found by a participant's name. */
  searchByName: string;
  /** Heading of the messages found by their text. */
  searchByText: string;
  searchNothing: (query: string) => string;
  searchTooLong: (limit: number) => string;
  /** Read out with the results: how many were found. */
  searchFound: (count: number, formatted: string) => string;
  threadLoadNewer: string;
  threadShowLatest: string;
  // Data out (issue 16): "Download my data" and the email digest choice (emails and the unsubscribe
  // page have their own table, email-strings.ts: only the server reads them)
  settingsExport: string;
  settingsExportHint: string;
  settingsExporting: string;
  settingsExportFailed(reason: string): string;
  settingsEmailDigest: string;
  settingsEmailDigestHint: string;
}

/**
 * The entries that only elements loading on first use read (compose, settings, search, the report
 * dialog, the notifier, the contact button, the thread's message editor): their English is beside
 * them, in `en/`, added as they load (`addEnglish`), so the first view does not carry it. The
 * whole English table is `english` (english.ts).
 */
type LaterKey =
  ComposeKey | SettingsKey | SearchKey | ReportKey | NotifierKey | ContactButtonKey | MessageEditorKey;

/** Read only by the compose element: in English in `en/compose.ts`. */
export type ComposeKey =
  | 'composeTitle'
  | 'composeClose'
  | 'composeRecipients'
  | 'composeRecipientsHint'
  | 'composeSearching'
  | 'composeNoResults'
  | 'composeResults'
  | 'composeKindMember'
  | 'composeKindGroup'
  | 'composeChosen'
  | 'composeRemoveRecipient'
  | 'composeRecipientLimit'
  | 'composeMessage'
  | 'composeConductBefore'
  | 'composeConductLink'
  | 'composeConductAfter'
  | 'composeGuidance'
  | 'composeSend'
  | 'composeSending'
  | 'composeSent'
  | 'composeErrorNoRecipients'
  | 'composeErrorSelfOnly'
  | 'composeErrorTooManyRecipients'
  | 'composeErrorUnknownRecipient'
  | 'composeErrorNotManager'
  | 'composeErrorFailed'
  | 'composeAdded'
  | 'composeRemoved';

/** Read only by the settings element: in English in `en/settings.ts`. */
export type SettingsKey =
  | 'settingsLegend'
  | 'settingsInApp'
  | 'settingsInAppHint'
  | 'settingsEmail'
  | 'settingsEmailHint'
  | 'settingsSaved'
  | 'settingsFailed'
  | 'acceptLegend'
  | 'acceptAnyone'
  | 'acceptFollowed'
  | 'acceptFollowedHint'
  | 'blockedLegend'
  | 'blockedNone'
  | 'settingsPrivacyLegend'
  | 'settingsReceipts'
  | 'settingsReceiptsHint'
  | 'settingsExport'
  | 'settingsExportHint'
  | 'settingsExporting'
  | 'settingsExportFailed'
  | 'settingsEmailDigest'
  | 'settingsEmailDigestHint';

/** Read only by the search element: in English in `en/search.ts`. */
export type SearchKey =
  | 'searchLabel'
  | 'searchClose'
  | 'searchSearching'
  | 'searchByName'
  | 'searchByText'
  | 'searchNothing'
  | 'searchTooLong'
  | 'searchFound';

/** Read only by the report dialog: in English in `en/report.ts`. */
export type ReportKey =
  | 'reportMessageTitle'
  | 'reportConversationTitle'
  | 'reportExplanation'
  | 'reportReason'
  | 'reportReasonRequired'
  | 'reportReasonTooLong'
  | 'reportSubmit'
  | 'reportSent'
  | 'reportFailed';

/** Read only by the notifier: in English in `en/notifier.ts`. */
export type NotifierKey =
  'notifierLabel' | 'newMessage' | 'newDirectMessage' | 'openConversation' | 'dismiss';

/** Read only by the contact button: in English in `en/contact-button.ts`. */
export type ContactButtonKey = 'contactButtonLabel' | 'contactSignIn' | 'contactOpenConversation';

/** Read only by the thread's message editor and reaction picker: in English in `en/message-editor.ts`. */
export type MessageEditorKey =
  | 'messageEditLabel'
  | 'messageEditSave'
  | 'messageEditCancel'
  | 'messageEditClosed'
  | 'reactionPicker'
  | 'reactionToggle';

/** English, but for the entries above. */
export const en: Omit<ConvStrings, LaterKey> = {
  envelope: envelopeName,
  loading: 'Loading…',
  retry: 'Try again',
  unavailable: 'Conversations cannot be reached right now.',
  group: 'group',
  conversationWith: (names) =>
    names.length === 0 ? 'Conversation' : new Intl.ListFormat('en', { type: 'conjunction' }).format(names),
  // <conv-compose> and <conv-contact-button> (issue 5)
  composeSendAs: 'Send as',
  composeSendAsSelf: (name) => `Yourself (${name})`,
  messageCharactersLeft: (remaining, formatted) =>
    remaining >= 0
      ? `${formatted} ${remaining === 1 ? 'character' : 'characters'} left`
      : `${formatted} ${remaining === -1 ? 'character' : 'characters'} too many`,
  messageErrorEmpty: 'Write a message first.',
  messageErrorTooLong: (limit, actual) =>
    `A message holds at most ${limit} characters; this one has ${actual}.`,
  messageErrorTooLarge: 'The message is too large to send; shorten it.',
  messageErrorMalformed: 'The message contains characters that cannot be sent.',
  // <conv-conversation-list>, <conv-thread>, <conv-inbox> (issue 4)
  conversationListLabel: 'Conversations',
  conversationListEmpty: 'No conversations yet.',
  conversationListFailed: 'Your conversations could not be loaded.',
  conversationListStale: 'These are the conversations saved on this device; they could not be refreshed.',
  conversationListLoadingMore: 'Loading more conversations…',
  conversationUnread: (_count, formatted) => `${formatted} unread`,
  conversationPreviewYou: (body) => `You: ${body}`,
  conversationNoMessages: 'No messages yet',
  startConversation: 'Start conversation',
  threadWith: (names) =>
    names.length === 0
      ? 'Conversation'
      : `With ${new Intl.ListFormat('en', { type: 'conjunction' }).format(names)}`,
  threadMessages: 'Messages',
  threadLoadOlder: 'Show older messages',
  threadLoadingOlder: 'Loading older messages…',
  threadEmpty: 'No messages yet.',
  threadNotFound: 'This conversation cannot be found.',
  threadChoose: 'Choose a conversation, or start a new one.',
  threadYou: 'You',
  threadOnBehalfOf: (author, group) => `${author} for ${group}`,
  threadIncoming: (author, body) => `${author}: ${body}`,
  threadPending: 'Sending…',
  threadWaiting: 'Not sent yet. It will be sent automatically.',
  threadSent: 'Sent',
  threadFailed: (reason) => `Not sent: ${reason}`,
  threadDiscard: 'Discard',
  threadReply: 'Reply',
  threadSend: 'Send',
  reportMessage: 'Report message',
  reportConversation: 'Report conversation',
  reportCancel: 'Cancel',
  inboxBack: 'Back to conversations',
  // Who may message whom (S14, S15) and the contact button's states (S19), issue 15
  block: 'Block',
  unblock: 'Unblock',
  unblockMember: (name) => `Unblock ${name}`,
  unblocked: (name) => `${name} is no longer blocked.`,
  notAccepting: (name) => `${name} does not accept messages from you.`,
  notAcceptingSome: (names) =>
    `${new Intl.ListFormat('en', { type: 'conjunction' }).format(names)} ${names.length === 1 ? 'does' : 'do'} not accept messages from you.`,
  blockMember: (name) => `Block ${name}`,
  blockConfirm: (name) => `Block ${name}? They will no longer be able to write to you. They are not told.`,
  blocked: (name) => `${name} is blocked.`,
  blockFailed: (reason) => `Not done: ${reason}`,
  // msg-features (S24–S26): links, edit and delete, reactions.
  linkNewTab: '(opens in a new tab)',
  threadEdited: 'edited',
  threadDeleted: 'Message deleted',
  messageEdit: 'Edit',
  messageDelete: 'Delete',
  messageDeleteConfirm: 'Delete this message for everyone?',
  messageChangeFailed: (reason) => `Not changed: ${reason}`,
  reactionAdd: 'Add reaction',
  reactionSummary: (emoji, count, names) =>
    `${emoji} ${count}: ${new Intl.ListFormat('en', { type: 'conjunction' }).format(names)}`,
  // Moderated and deleted members, group readers (S16–S18)
  partyBlocked: 'Blocked member',
  partyDeleted: 'Deleted member',
  messageDeleted: 'Message deleted',
  threadOnlyDeleted: 'No reply is possible: everyone else in this conversation has left the portal.',
  listMyGroups: 'My groups',
  listAllConversations: 'All conversations',
  listForGroup: (group) => `For ${group}`,
  listGroupUnread: (group, count, formatted) =>
    count === 0 ? group : `${group}, ${formatted} unread message${count === 1 ? '' : 's'}`,
  // S27–S29, S31 (presence)
  threadSeen: 'Seen',
  threadSeenBy: (names, others, formatted) =>
    `Seen by ${new Intl.ListFormat('en', { type: 'conjunction' }).format(
      others > 0 ? [...names, others === 1 ? '1 other' : `${formatted} others`] : names,
    )}`,
  threadTyping: (names) =>
    names.length === 1
      ? `${names[0]} is typing…`
      : names.length === 2
        ? `${names[0]} and ${names[1]} are typing…`
        : 'Several people are typing…',
  threadLeft: (name) => `${name} left the conversation`,
  threadMute: 'Mute',
  threadMuted: 'Muted: no notifications of this conversation.',
  threadLeave: 'Leave',
  threadLeaveConfirm: 'Leave this conversation? You will no longer see it or hear of it.',
  threadLeaveYes: 'Leave conversation',
  threadLeaveNo: 'Stay',
  conversationMuted: 'Muted',
  conversationMarkUnread: 'Mark as unread (U)',
  // Search your conversations (S30)
  searchOpen: 'Search conversations',
  threadLoadNewer: 'Show newer messages',
  threadShowLatest: 'Go to the latest messages',
  // Data out (issue 16)
};
