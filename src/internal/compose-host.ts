import { html, nothing, type ReactiveControllerHost } from 'lit';
import type { ComposeShowOptions, ConvCompose } from '../components/compose/compose.js';

/**
 * Compose's parts, as an `exportparts` value for the elements that host a compose dialog (the
 * inbox, the contact button): each forwarded with a `compose-` prefix, because several names
 * (dialog, input, avatar, counter) are the list's and the thread's too. Kept apart from compose
 * itself so that its hosts can name its parts without loading it.
 */
const COMPOSE_PARTS = [
  'dialog',
  'form',
  'header',
  'title',
  'close-button',
  'recipients',
  'chip',
  'chip-remove',
  'input',
  'listbox',
  'option',
  'avatar',
  'kind',
  'send-as',
  'textarea',
  'counter',
  'notices',
  'guidance',
  'conduct',
  'error',
  'send-button',
];

const COMPOSE_EXPORTPARTS = COMPOSE_PARTS.map((part) => `${part}: compose-${part}`).join(', ');

/** What a compose host passes on to its compose. */
export interface ComposeHostElement extends ReactiveControllerHost, HTMLElement {
  readonly renderRoot: HTMLElement | DocumentFragment;
  codeOfConductHref?: string;
  guidance?: string;
}

/**
 * Hosts a compose dialog for an element that offers "write a message" (the inbox, the contact
 * button): compose's code is loaded, and the dialog rendered, only the first time the member asks
 * for it, so a page pays for compose only when someone writes. The host renders `render()` where
 * the dialog belongs and calls `show()`.
 */
export class ComposeHostController {
  private wanted = false;

  constructor(private readonly host: ComposeHostElement) {}

  /** Loads and renders compose on first use, then opens it with `options`. */
  async show(options?: ComposeShowOptions): Promise<void> {
    if (!this.wanted) {
      await import('../define/conv-compose.js');
      this.wanted = true;
      this.host.requestUpdate();
      await this.host.updateComplete;
    }
    await this.host.renderRoot.querySelector<ConvCompose>('conv-compose')?.show(options);
  }

  /**
   * The dialog, once wanted. `forwardGuidance` passes the host's own `guidance` slot on to
   * compose's.
   */
  render(forwardGuidance: boolean) {
    if (!this.wanted) return nothing;
    return html`<conv-compose
      dialog
      exportparts=${COMPOSE_EXPORTPARTS}
      .codeOfConductHref=${this.host.codeOfConductHref}
      .guidance=${this.host.guidance}
      >${forwardGuidance ? html`<slot name="guidance" slot="guidance"></slot>` : nothing}</conv-compose
    >`;
  }
}
