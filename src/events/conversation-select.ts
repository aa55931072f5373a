import type { ConversationId, MessageId } from '../core/types.js';

/**
 * Fired when the member picks a conversation in the list (click, Enter or Space), or a search
 * result. It follows the member's action only, never a property set by code.
 */
export class ConvConversationSelectEvent extends Event {
  /** `messageId`: the message a search result opens the conversation at (S30). */
  readonly detail: { readonly conversationId: ConversationId; readonly messageId?: MessageId };
  constructor(conversationId: ConversationId, messageId?: MessageId) {
    super('conv-conversation-select', { bubbles: true, composed: true });
    this.detail = messageId === undefined ? { conversationId } : { conversationId, messageId };
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'conv-conversation-select': ConvConversationSelectEvent;
  }
}
