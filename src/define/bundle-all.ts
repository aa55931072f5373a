/**
 * Entry of `dist/conv-elements.js`, the script-include bundle: registers every element.
 * `<script type="module" src=".../conv-elements.js"></script>` and the tags work, configured by
 * attributes (`<conv-provider viewer="…" dataset="demo" global>`).
 */
import './conv-provider.js';
import './conv-envelope-badge.js';
import './conv-notifier.js';
import './conv-notification-settings.js';
import './conv-conversation-list.js';
import './conv-thread.js';
import './conv-inbox.js';
import './conv-compose.js';
import './conv-contact-button.js';

// What a page without a build step may call: connect an adapter of its own, replace strings.
export { connect, disconnect } from '../context/connect.js';
export { ConversationsClient } from '../client/conversations-client.js';
export { registerStrings } from '../i18n/registry.js';
