/**
 * Entry of `dist/conv-elements.js`, the script-include bundle:
 * `<script type="module" src=".../conv-elements.js"></script>` and the tags work, configured by
 * attributes (`<conv-provider viewer="…" seed="demo" global>`).
 *
 * The provider and the envelope, which nearly every page has, are defined at once. Every other
 * element is defined when the page first places it, and only then downloaded: a profile page
 * with a contact button never loads the inbox, an inbox page never loads the settings. Compose
 * also loads when the inbox or a contact button first opens it.
 *
 * An element asks for the client once it has loaded and connected, not when its tag is first
 * seen. Asking on sight was measured on the demo page under the slow-phone profile (`npm run
 * bench -- cold-load`): the local adapter then loaded beside the inbox's chunks, sharing the link
 * and the CPU with them, and the envelope's count came about 300 ms later (2,100 to 2,230 ms
 * against 1,820 to 1,860 in a few runs each).
 */
import './conv-provider.js';
import './conv-envelope-badge.js';
import { defineOnSight } from './define-on-sight.js';

/** The inbox's module defines its list and thread too: one chunk, so one loader for the three. */
const inbox = () => import('./conv-inbox.js');

/**
 * For tags inside a shadow root of the page's own, which the document's watch cannot see:
 * `defineElementsIn(this.shadowRoot)` once they are rendered.
 */
export const defineElementsIn = defineOnSight({
  'conv-inbox': inbox,
  'conv-conversation-list': inbox,
  'conv-thread': inbox,
  'conv-compose': () => import('./conv-compose.js'),
  'conv-conversation-search': () => import('./conv-conversation-search.js'),
  'conv-contact-button': () => import('./conv-contact-button.js'),
  'conv-notifier': () => import('./conv-notifier.js'),
  'conv-notification-settings': () => import('./conv-notification-settings.js'),
});

// What a page without a build step may call: connect an adapter of its own, replace strings.
export { connect, disconnect } from '../context/connect.js';
export { ConversationsClient } from '../client/conversations-client.js';
export { registerStrings } from '../i18n/registry.js';
