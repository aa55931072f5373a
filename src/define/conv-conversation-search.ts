import { ConvConversationSearch } from '../components/conversation-search/conversation-search.js';

ConvConversationSearch.define('conv-conversation-search');

declare global {
  interface HTMLElementTagNameMap {
    'conv-conversation-search': ConvConversationSearch;
  }
}
