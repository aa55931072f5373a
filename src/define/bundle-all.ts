/**
 * Entry of `dist/conv-elements.js`, the script-include bundle: registers every element (compose
 * when first needed).
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
import './conv-contact-button.js';

/**
 * Compose (with its recipient search) is the largest element and is needed only once a member
 * starts a conversation: the inbox and the contact button load it when they first open it, and
 * here it is loaded as soon as a page places a `<conv-compose>` of its own.
 */
function loadComposeWhenPlaced(): void {
  if (typeof document === 'undefined' || customElements.get('conv-compose')) return;
  const load = () => void import('./conv-compose.js');
  if (document.querySelector('conv-compose')) {
    load();
    return;
  }
  const observer = new MutationObserver(() => {
    if (!document.querySelector('conv-compose')) return;
    observer.disconnect();
    load();
  });
  observer.observe(document, { childList: true, subtree: true });
}
loadComposeWhenPlaced();

// What a page without a build step may call: connect an adapter of its own, replace strings.
export { connect, disconnect } from '../context/connect.js';
export { ConversationsClient } from '../client/conversations-client.js';
export { registerStrings } from '../i18n/registry.js';
