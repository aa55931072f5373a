/**
 * Fired when the member asks to start a conversation ("Start conversation" in the inbox, or in an
 * empty list). Cancelable: a page that opens its own compose calls `preventDefault()`, and the
 * element then does nothing more.
 */
export class ConvStartConversationRequestEvent extends Event {
  constructor() {
    super('conv-start-conversation-request', { bubbles: true, composed: true, cancelable: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'conv-start-conversation-request': ConvStartConversationRequestEvent;
  }
}
