/**
 * Compose's parts, as an `exportparts` value for the elements that host a compose dialog (the
 * inbox, the contact button): each forwarded with a `compose-` prefix, because several names
 * (dialog, input, avatar, counter) are the list's and the thread's too. Kept apart from compose
 * itself so that its hosts can name its parts without loading it.
 */
const COMPOSE_PARTS = [
  'dialog',
  'form',
  'header',
  'title',
  'close-button',
  'recipients',
  'chip',
  'chip-remove',
  'input',
  'listbox',
  'option',
  'avatar',
  'kind',
  'send-as',
  'textarea',
  'counter',
  'notices',
  'guidance',
  'conduct',
  'error',
  'send-button',
];

export const COMPOSE_EXPORTPARTS = COMPOSE_PARTS.map((part) => `${part}: compose-${part}`).join(', ');
