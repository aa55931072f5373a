import { ConvInbox } from '../components/inbox/inbox.js';
import './conv-conversation-list.js';
import './conv-thread.js';

ConvInbox.define('conv-inbox');

declare global {
  interface HTMLElementTagNameMap {
    'conv-inbox': ConvInbox;
  }
}
