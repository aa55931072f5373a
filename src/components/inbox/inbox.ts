import { html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { ConvElement } from '../../internal/conv-element.js';
import { LocaleController } from '../../i18n/locale-controller.js';
import { ViewerController } from '../../context/viewer-controller.js';
import { ConvStartConversationRequestEvent } from '../../events/start-conversation-request.js';
import type { ConvConversationSelectEvent } from '../../events/conversation-select.js';
import type { ConvConversationStartedEvent } from '../../events/conversation-started.js';
import type { ConversationId } from '../../core/types.js';
import type { ConvConversationList } from '../conversation-list/conversation-list.js';
import type { ConvThread } from '../thread/thread.js';
import { inboxStyles } from './inbox.styles.js';
import { ComposeHostController } from '../../internal/compose-host.js';
import { themeTokens } from '../../internal/theme.styles.js';
import { tooltipStyles } from '../../internal/tooltip.styles.js';

/** Parts of the list and the thread, forwarded so that a theme can reach them through the inbox. */
const LIST_PARTS = 'list, row, avatar, name, preview, time, unread, status: list-status, button: list-button';
const THREAD_PARTS =
  'header, title, log, message, message-own, author, body, composer, send-as, input, counter, send, status: thread-status, feedback, dialog';

/**
 * The conversations page: the list and the open conversation side by side when there is room,
 * one at a time when there is not (a container query on the inbox's own width, so it works in a
 * sidebar as well as on a full page), with a way back to the list. "Start conversation" asks the
 * page for compose and, unless the page cancels that request, opens the inbox's own compose as a
 * dialog (loaded on first use); what it starts opens here. The open conversation is the reflected
 * `conversation` attribute, so a page can deep-link to it (`<conv-inbox conversation="…">`).
 *
 * Importing `define/conv-inbox.js` also registers `<conv-conversation-list>` and `<conv-thread>`.
 *
 * @tagname conv-inbox
 * @summary Conversation list and open thread, split when wide, stacked when narrow.
 *
 * @slot guidance - The portal's own guidance, shown in compose where conversations start (S13).
 *
 * @fires {ConvStartConversationRequestEvent} conv-start-conversation-request - When the member
 *   asks to start a conversation. Cancelable: cancel it to open a compose of your own.
 * @fires {ConvConversationSelectEvent} conv-conversation-select - Bubbles from the list when the
 *   member opens a conversation; the inbox opens it.
 *
 * @csspart base - The container the layout responds to.
 * @csspart list-pane - The list side, with its toolbar.
 * @csspart thread-pane - The conversation side.
 * @csspart toolbar - The list's heading and "Start conversation".
 * @csspart start - The "Start conversation" button.
 * @csspart back - "Back to conversations", shown when narrow.
 * @csspart list - Forwarded from the list; so are row, avatar, name, preview, time, unread,
 *   list-status and list-button.
 * @csspart log - Forwarded from the thread; so are header, title, message, message-own, author,
 *   body, composer, send-as, input, counter, send, thread-status, feedback and dialog.
 * @csspart compose-dialog - Forwarded from the compose dialog "Start conversation" opens, as
 *   are all its parts, prefixed `compose-` (compose-form, compose-chip, compose-send-button…).
 *
 * @cssprop [--conv-inbox-block-size=36rem] - The inbox's height.
 * @cssprop [--conv-inbox-list-size=35%] - The list's width beside the thread: a share of the inbox (it grows with it) or a length; at least 16rem.
 * @cssprop [--conv-color-accent=light-dark(#1a5fb4, #99c1f1)] - Buttons.
 * @cssprop [--conv-color-on-accent=light-dark(#fff, #0b1d33)] - Text on "Start conversation".
 * @cssprop [--conv-color-border=light-dark(#c4c4c4, #5c5c5c)] - Borders.
 * @cssprop [--conv-color-focus=light-dark(#1a5fb4, #99c1f1)] - The focus ring.
 * @cssprop [--conv-radius=0.5rem] - Corners.
 * @cssprop [--conv-space=0.5rem] - Density.
 * @cssprop [--conv-color-background=light-dark(#fff, #121212)] - Background.
 * @cssprop [--conv-color-scheme=light dark] - `light` or `dark` forces one, nested elements too; by default, the system's.
 * @cssprop [--conv-color-text=light-dark(#1f1f1f, #e8e8e8)] - Text.
 * @cssprop [--conv-font-family=inherit] - Font.
 */
export class ConvInbox extends ConvElement {
  static override styles = [themeTokens, tooltipStyles, inboxStyles];

  /** The open conversation's id; reflected, so a page can deep-link to it. */
  @property({ reflect: true }) conversation?: ConversationId;

  /** The portal's code of conduct, linked from compose (S7). */
  @property({ attribute: 'code-of-conduct-href' }) codeOfConductHref?: string;

  /** The portal's guidance shown in compose, as text (or use the `guidance` slot). */
  @property() guidance?: string;

  /** True while search (S30) replaces the list; its module loads on the first open. */
  @state() private searching = false;

  @query('conv-conversation-list') private readonly list?: ConvConversationList | null;
  @query('[part="search"]') private readonly searchButton?: HTMLButtonElement | null;
  @query('conv-thread') private readonly thread?: ConvThread | null;
  @query('[part="back"]') private readonly backButton?: HTMLButtonElement | null;

  private readonly locale = new LocaleController(this);
  /** The client, for asking whether it searches (`can('search')`). */
  private readonly viewer = new ViewerController(this);
  /** Compose is rendered (and its module loaded) only once the member first asks for it. */
  private readonly compose = new ComposeHostController(this);

  constructor() {
    super();
    // Compose placed inside the inbox (or slotted by the lead) announces what it started.
    this.addEventListener('conv-conversation-started', (event: ConvConversationStartedEvent) =>
      this.open(event.detail.conversationId),
    );
    // The list's empty state asks too. The page hears the request after this listener, so decide
    // once the dispatch is over: a page that cancelled it opens its own compose.
    this.addEventListener('conv-start-conversation-request', (event) => {
      if (event.target === this) return;
      queueMicrotask(() => {
        if (!event.defaultPrevented) void this.startConversation();
      });
    });
  }

  /** Opens compose as a dialog, as "Start conversation" does. */
  async startConversation(): Promise<void> {
    await this.compose.show();
  }

  override render() {
    const strings = this.locale.strings;
    const open = this.conversation !== undefined && this.conversation !== '';
    return html`<div part="base">
      <div class=${open ? 'panes open' : 'panes'}>
        <div part="list-pane">
          <div part="toolbar">
            <h2>${strings.conversationListLabel}</h2>
            ${
              this.viewer.client?.can('search')
                ? html`<button
                    part="search"
                    type="button"
                    aria-label=${strings.searchOpen}
                    aria-expanded=${this.searching ? 'true' : 'false'}
                    data-tooltip=${strings.searchOpen}
                    @click=${this.openSearch}
                  ></button>`
                : nothing
            }
            <button part="start" type="button" @click=${this.requestStart}>
              ${strings.startConversation}
            </button>
          </div>
          ${
            this.searching
              ? html`<conv-conversation-search
                  @conv-conversation-select=${this.onSelect}
                  @conv-search-close=${this.closeSearch}
                ></conv-conversation-search>`
              : nothing
          }
          <conv-conversation-list
            exportparts=${LIST_PARTS}
            ?hidden=${this.searching}
            .selected=${this.conversation}
            @conv-conversation-select=${this.onSelect}
          ></conv-conversation-list>
        </div>
        <div part="thread-pane">
          <button part="back" type="button" @click=${this.back}>${strings.inboxBack}</button>
          <conv-thread
            exportparts=${THREAD_PARTS}
            .conversation=${open ? this.conversation : undefined}
          ></conv-thread>
        </div>
      </div>
      ${this.compose.render(
        // A server rendering the inbox (@lit-labs/ssr) gives it no light DOM to query.
        (this.querySelector?.(':scope > [slot="guidance"]') ?? null) !== null,
      )}
    </div>`;
  }

  /** True while only one pane fits (the container query hides the other). */
  private get stacked(): boolean {
    const back = this.backButton;
    return back ? getComputedStyle(back).display !== 'none' : false;
  }

  private onSelect(event: ConvConversationSelectEvent) {
    void this.open(event.detail.conversationId);
  }

  private async open(id: ConversationId) {
    this.conversation = id;
    await this.updateComplete;
    // Stacked, the list the member was in just disappeared: take them to the reply box.
    if (this.stacked) this.thread?.focus();
  }

  private async back() {
    this.conversation = undefined;
    await this.updateComplete;
    await this.list?.updateComplete;
    this.list?.focus();
  }

  private async openSearch() {
    await import('../../define/conv-conversation-search.js');
    this.searching = true;
  }

  private async closeSearch() {
    this.searching = false;
    await this.updateComplete;
    this.searchButton?.focus();
  }

  private requestStart() {
    const event = new ConvStartConversationRequestEvent();
    this.dispatchEvent(event);
    if (!event.defaultPrevented) void this.startConversation();
  }
}
