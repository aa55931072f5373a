import type { NotificationSettings } from '../core/types.js';

/** Fired after the member changed a notification switch and the backend saved it. */
export class ConvSettingsChangeEvent extends Event {
  readonly detail: { readonly settings: NotificationSettings };
  constructor(settings: NotificationSettings) {
    super('conv-settings-change', { bubbles: true, composed: true });
    this.detail = { settings };
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'conv-settings-change': ConvSettingsChangeEvent;
  }
}
