/**
 * The English entries only the contact button (`components/contact-button/`) reads. It adds them
 * as it loads (`addEnglish`), so that a page without it does not carry them; the locale tables
 * have them as usual.
 */
import type { ContactButtonKey, ConvStrings } from '../strings.js';

export const contactButtonEnglish: Pick<ConvStrings, ContactButtonKey> = {
  contactButtonLabel: (name) => `Send a message to ${name}`,
  contactSignIn: (name) => (name ? `Sign in to send a message to ${name}` : 'Sign in to send a message'),
  contactOpenConversation: (name) => `Open your conversation with ${name}`,
};
