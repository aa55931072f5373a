import type { ConversationId } from '../core/types.js';

/** Fired when the member asks to open a conversation (from a notice, for example). */
export class ConvOpenConversationEvent extends Event {
  readonly detail: { readonly conversationId: ConversationId };
  constructor(conversationId: ConversationId) {
    super('conv-open-conversation', { bubbles: true, composed: true, cancelable: true });
    this.detail = { conversationId };
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'conv-open-conversation': ConvOpenConversationEvent;
  }
}
