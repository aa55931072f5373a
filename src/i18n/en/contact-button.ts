/**
 * The English entry only the contact button (`components/contact-button/`) reads. It adds it as
 * it loads (`addEnglish`), so that a page without it does not carry it; the locale tables have it
 * as usual.
 */
import type { ContactButtonKey, ConvStrings } from '../strings.js';

export const contactButtonEnglish: Pick<ConvStrings, ContactButtonKey> = {
  contactButtonLabel: (name) => `Send a message to ${name}`,
};
