/**
 * Fired when the member activates the envelope. Cancelable: a single-page portal calls
 * `preventDefault()` and routes to its inbox itself; otherwise the envelope follows its `href`.
 */
export class ConvOpenInboxEvent extends Event {
  constructor() {
    super('conv-open-inbox', { bubbles: true, composed: true, cancelable: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'conv-open-inbox': ConvOpenInboxEvent;
  }
}
