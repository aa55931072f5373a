/** Fired when the member closes search (Escape in an empty search box, or the close button). */
export class ConvSearchCloseEvent extends Event {
  readonly detail: Record<string, never> = {};
  constructor() {
    super('conv-search-close', { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'conv-search-close': ConvSearchCloseEvent;
  }
}
