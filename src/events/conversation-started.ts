import type { Conversation, ConversationId, Message } from '../core/types.js';

/**
 * Fired by `<conv-compose>` once a conversation was started, or an existing one with exactly the
 * same participants was continued. An inbox opens `conversationId`; a portal may route to it.
 */
export class ConvConversationStartedEvent extends Event {
  readonly detail: {
    readonly conversationId: ConversationId;
    /** The conversation as the viewer now sees it. */
    readonly conversation: Conversation;
    /** The message just sent. */
    readonly message: Message;
  };
  constructor(conversation: Conversation, message: Message) {
    super('conv-conversation-started', { bubbles: true, composed: true });
    this.detail = { conversationId: conversation.id, conversation, message };
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'conv-conversation-started': ConvConversationStartedEvent;
  }
}
