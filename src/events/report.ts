import type { ReportTarget } from '../core/types.js';

/** Fired after the member reported a message or a conversation and the portal received it (S7). */
export class ConvReportEvent extends Event {
  readonly detail: { readonly id: string; readonly target: ReportTarget };
  constructor(id: string, target: ReportTarget) {
    super('conv-report', { bubbles: true, composed: true });
    this.detail = { id, target };
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'conv-report': ConvReportEvent;
  }
}
