import type { ConversationId } from '../core/types.js';

/**
 * Fired when the member picks a conversation in the list (click, Enter or Space). It follows the
 * member's action only, never a property set by code.
 */
export class ConvConversationSelectEvent extends Event {
  readonly detail: { readonly conversationId: ConversationId };
  constructor(conversationId: ConversationId) {
    super('conv-conversation-select', { bubbles: true, composed: true });
    this.detail = { conversationId };
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'conv-conversation-select': ConvConversationSelectEvent;
  }
}
