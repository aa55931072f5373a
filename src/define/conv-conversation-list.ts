import { ConvConversationList } from '../components/conversation-list/conversation-list.js';

ConvConversationList.define('conv-conversation-list');

declare global {
  interface HTMLElementTagNameMap {
    'conv-conversation-list': ConvConversationList;
  }
}
