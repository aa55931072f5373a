/**
 * The English entries only the notifier (`components/notifier/`) reads. It adds them as it loads
 * (`addEnglish`), so that a page without it does not carry them; the locale tables have them as
 * usual.
 */
import type { ConvStrings, NotifierKey } from '../strings.js';

export const notifierEnglish: Pick<ConvStrings, NotifierKey> = {
  notifierLabel: 'New messages',
  newMessage: (sender, conversation) => `New message from ${sender} in ${conversation}`,
  newDirectMessage: (sender) => `New message from ${sender}`,
  openConversation: 'Open',
  dismiss: 'Dismiss',
};
