/**
 * The English entries only the compose element (`components/compose/`) reads. It adds them as
 * it loads (`addEnglish`), so that a page that never opens it does not carry them; the locale
 * tables have them as usual.
 */
import type { ConvStrings, ComposeKey } from '../strings.js';

export const composeEnglish: Pick<ConvStrings, ComposeKey> = {
  composeTitle: 'New conversation',
  composeClose: 'Close',
  composeRecipients: 'To',
  composeRecipientsHint: 'Search members and groups by name.',
  composeSearching: 'Searching…',
  composeNoResults: (query) => `No member or group matches “${query}”.`,
  composeResults: (count, formatted) => (count === 1 ? '1 result' : `${formatted} results`),
  composeKindMember: 'member',
  composeKindGroup: 'group',
  composeChosen: 'Recipients',
  composeRemoveRecipient: (name) => `Remove ${name}`,
  composeRecipientLimit: (limit, formatted) =>
    `A conversation can include at most ${formatted} ${limit === 1 ? 'other' : 'others'}. Remove one to add another.`,
  composeMessage: 'Message',
  composeConductBefore: 'Conversations must follow the ',
  composeConductLink: 'code of conduct',
  composeConductAfter: '.',
  composeGuidance: 'Guidance',
  composeSend: 'Send',
  composeSending: 'Sending…',
  composeSent: 'Sent.',
  composeErrorNoRecipients: 'Choose at least one member or group.',
  composeErrorSelfOnly: 'A conversation needs someone other than yourself.',
  composeErrorTooManyRecipients: (limit) => `A conversation can include at most ${limit} others.`,
  composeErrorUnknownRecipient: 'A recipient could not be found on the portal. Remove it and search again.',
  composeErrorNotManager: (group) => `You no longer manage ${group}; choose whom to send as.`,
  composeErrorFailed: (reason) => `Not sent: ${reason} Your message is kept.`,
  composeAdded: (name) => `${name} added.`,
  composeRemoved: (name) => `${name} removed.`,
};
