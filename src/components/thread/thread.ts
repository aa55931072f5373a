import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { ConvElement } from '../../internal/conv-element.js';
import { ThreadController } from '../../context/thread-controller.js';
import { ViewerController } from '../../context/viewer-controller.js';
import { PolicyController } from '../../context/policy-controller.js';
import { LocaleController } from '../../i18n/locale-controller.js';
import type { ConversationId, ReportTarget } from '../../core/types.js';
import type { ClientMessage } from '../../client/conversations-client.js';
import { messageKey, ScrollAnchorController } from './scroll-anchor-controller.js';
import { ReadWhenSeenController } from './read-when-seen-controller.js';
import { ReplyBoxController } from './reply-box.js';
import { AcceptanceController } from './acceptance-controller.js';
import type { ReportDialogController } from './report-dialog.js';
import type { MessageEditor } from './message-editor.js';
import type { linkify } from './linkify.js';
import { editableUntil } from '../../core/policy.js';
import { byline, renderMessage, type MessageView } from './message-item.js';
import { otherParticipants, renderPartyNames, shownParties } from '../../internal/parties.js';
import { sendErrorText } from '../../internal/message-field.js';
import { toErrorPayload } from '../../core/errors.js';
import { onlyDeletedOthers } from '../../core/reply-reason.js';
import { partyStyles } from '../../internal/parties.styles.js';
import { threadStyles } from './thread.styles.js';
import { ClientStoreController } from '../../context/store-controller.js';
import {
  NO_PRESENCE,
  renderHeaderActions,
  renderTyping,
  seenText,
  TypingAnnouncer,
} from './presence-parts.js';
import { themeTokens } from '../../internal/theme.styles.js';
import { visuallyHidden } from '../../internal/visually-hidden.styles.js';

/** Text that may hold a link (S24): a scheme, an address's "@", or a dot between letters. */
const LINK_HINT = /:\/\/|mailto:|@|www\.|\w\.[a-z]{2}/i;

/** Within this many pixels of the top, older messages are fetched. */
const LOAD_OLDER_THRESHOLD = 200;

/**
 * One conversation: who is in it, its messages, and a reply box.
 *
 * Messages sit in a `role="log"` region. New messages from others are announced politely through
 * a separate status region, so the member's own echoes and the older history loaded as they scroll
 * up are not read out. Consecutive messages by one author share a byline; a message written for a
 * group says so. The member's own messages show pending, sent or failed, with retry and discard.
 * The newest message is marked read when it is actually on screen in a visible tab.
 *
 * The reply box counts characters left as the member types (code points, the portal's limit) and
 * refuses an over-long message with the reason. Enter sends; Shift+Enter starts a new line.
 * Any message from someone else, and the conversation itself, can be reported to the portal (S7).
 *
 * @tagname conv-thread
 * @summary A conversation's messages, live, with a reply box and reporting.
 *
 * @fires {ConvReportEvent} conv-report - After a report reached the portal. Detail: `{ id, target }`.
 *
 * @csspart header - The top bar: participants, "Report conversation", and Block / Unblock (S15).
 * @csspart block-button - Block (or Unblock) the other member of a one-to-one conversation.
 * @csspart block-confirm - The confirmation a block asks for first.
 * @csspart not-accepting - In place of the reply box: who does not accept messages from the viewer.
 * @csspart title - The participants' names.
 * @csspart log - The scrolling message region (role log).
 * @csspart message - Each message; own messages also have `message-own`.
 * @csspart message-own - The member's own messages.
 * @csspart author - A message's byline.
 * @csspart body - A message's text.
 * @csspart composer - The reply form.
 * @csspart send-as - The "Send as" choice, for managers of a group in the conversation.
 * @csspart input - The reply text area.
 * @csspart counter - "N characters left".
 * @csspart send - The send button.
 * @csspart status - Loading, empty and error text.
 * @csspart feedback - The confirmation after a report.
 * @csspart dialog - The report dialog.
 *
 * @cssprop [--conv-font-family=inherit] - Font.
 * @cssprop [--conv-color-text=light-dark(#1f1f1f, #e8e8e8)] - Text colour.
 * @cssprop [--conv-color-text-muted=light-dark(#595959, #b0b0b0)] - Times, states and hints.
 * @cssprop [--conv-color-background=light-dark(#fff, #121212)] - Background.
 * @cssprop [--conv-color-surface=light-dark(#f2f2f2, #242424)] - Others' message bubbles.
 * @cssprop [--conv-color-border=light-dark(#c4c4c4, #5c5c5c)] - Lines between areas.
 * @cssprop [--conv-color-field-border=light-dark(#74757c, #8e8f96)] - Input outlines (kept at 3:1).
 * @cssprop [--conv-color-accent=light-dark(#1a5fb4, #99c1f1)] - Buttons.
 * @cssprop [--conv-color-on-accent=light-dark(#fff, #0b1d33)] - Text on the send button.
 * @cssprop [--conv-color-focus=light-dark(#1a5fb4, #99c1f1)] - The focus ring.
 * @cssprop [--conv-color-danger=light-dark(#b3261e, #f2b8b5)] - Errors and failed messages.
 * @cssprop [--conv-radius=0.5rem] - Corners.
 * @cssprop [--conv-space=0.5rem] - Density.
 * @cssprop [--conv-thread-block-size=100%] - The thread's height.
 * @cssprop [--conv-thread-own-background=light-dark(#e3ecfa, #1e3350)] - The member's own message bubbles.
 * @cssprop [--conv-color-scheme=light dark] - `light` or `dark` forces one, nested elements too; by default, the system's.
 */
export class ConvThread extends ConvElement {
  static override styles = [themeTokens, visuallyHidden, partyStyles, threadStyles];

  /** The id of the conversation to show. */
  @property({ reflect: true }) conversation?: ConversationId;

  /** Where links in messages open (S24): `_blank` (a new tab, said to screen readers), or a frame name; empty for the same tab. */
  @property({ attribute: 'link-target' }) linkTarget = '_blank';

  /** What the last edit, deletion or reaction could not do, said in the feedback region. */
  @state() private changeFeedback = '';

  @state() private loadingOlder = false;
  @state() private announcement = '';
  /** "Leave this conversation?" is being asked (S29). */
  @state() private confirmingLeave = false;

  @query('[part="log"]') private readonly log?: HTMLElement | null;
  @query('[part="input"]') private readonly input?: HTMLTextAreaElement | null;

  private readonly thread = new ThreadController(this, () => this.conversation);
  private readonly viewer = new ViewerController(this);
  private readonly policy = new PolicyController(this);
  private readonly locale = new LocaleController(this);
  private readonly presence = new ClientStoreController(
    this,
    (client) => (this.conversation ? client.presence(this.conversation) : undefined),
    NO_PRESENCE,
  );
  private readonly typing = new TypingAnnouncer(this);
  private readonly reply = new ReplyBoxController(this, {
    client: () => this.thread.client,
    id: () => this.conversation,
    conversation: () => this.thread.value.conversation,
    viewer: () => this.viewer.value,
    policy: () => this.policy.value,
    locale: this.locale,
  });
  private readonly acceptance = new AcceptanceController(this, {
    client: () => this.thread.client,
    conversation: () => this.thread.value.conversation,
    viewer: () => this.viewer.value,
    locale: this.locale,
    focusAfter: () => this.log,
  });
  private readonly reading = new ReadWhenSeenController(this, {
    client: () => this.thread.client,
    conversation: () => this.conversation,
    thread: () => this.thread.value,
    newest: () => this.renderRoot.querySelector('ol > li:last-child'),
  });
  /** S24: the linkifier, loaded when a message first looks like it holds a link. */
  private linker?: typeof linkify;
  private linkerLoading?: Promise<unknown>;
  /** S25, S26: the edit field and reaction picker, loaded on first use. */
  private editor?: MessageEditor;
  private editorLoading?: Promise<MessageEditor>;
  /** The report dialog, loaded when the member first reports: most visits never do. */
  private report?: ReportDialogController;
  private reportLoading?: Promise<ReportDialogController>;

  /** The messages last rendered: what arrives after the newest of them is announced. */
  private rendered: { readonly conversation?: ConversationId; readonly messages: readonly ClientMessage[] } =
    {
      messages: [],
    };
  private active?: { readonly client: object; readonly id: ConversationId | undefined };
  private focusWhenReady?: FocusOptions;

  constructor() {
    super();
    // Keeps the log where the reader left it; it needs nothing from the thread after this.
    new ScrollAnchorController(this, {
      log: () => this.log,
      conversation: () => this.conversation,
      messages: () => this.thread.value.messages,
      ownId: () => this.viewer.value?.member.id,
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    const client = this.thread.client;
    // Only clear the active conversation if it is still ours: another thread may have taken over.
    if (client && this.active && client.activeConversation.value === this.active.id) {
      client.setActiveConversation(undefined);
    }
    this.active = undefined;
  }

  /** Puts keyboard focus in the reply box. */
  override focus(options?: FocusOptions): void {
    if (this.input) {
      this.input.focus(options);
      return;
    }
    // Still loading: the reply box takes focus as soon as it is rendered.
    this.focusWhenReady = options ?? {};
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('conversation')) {
      if (changed.get('conversation') !== undefined) this.focusWhenReady = undefined;
      this.reply.reset();
      this.acceptance.reset();
      if (this.report) this.report.feedback = '';
      this.announcement = '';
      this.confirmingLeave = false;
      this.typing.reset();
      this.reading.reset();
    }
    this.typing.follow(this.locale, this.presence.value);
    const messages = this.thread.value.messages;
    const before = this.rendered;
    if (before.conversation !== this.conversation || before.messages.length === 0) return;
    // Announce only what arrived after the newest message already shown, from someone else.
    const lastKey = messageKey(before.messages.at(-1));
    const lastIndex = messages.findIndex((message) => messageKey(message) === lastKey);
    if (lastIndex < 0) return;
    const viewerId = this.viewer.value?.member.id;
    const incoming = messages.slice(lastIndex + 1).filter((message) => message.author.id !== viewerId);
    const newest = incoming.at(-1);
    if (newest) {
      this.reading.heard();
      this.announcement = this.locale.strings.threadIncoming(byline(this.messageView, newest), newest.body);
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    this.showFocus();
    this.rendered = { conversation: this.conversation, messages: this.thread.value.messages };
    this.tellClientWhatIsOpen();
    // After the text has painted: links come with the linkifier, only for a thread that needs it.
    if (!this.linkerLoading && this.rendered.messages.some((message) => LINK_HINT.test(message.body))) {
      this.linkerLoading = import('./linkify.js').then(
        (module) => {
          this.linker = module.linkify;
          this.requestUpdate();
        },
        () => (this.linkerLoading = undefined),
      );
    }
    if (this.focusWhenReady && this.input) {
      this.input.focus(this.focusWhenReady);
      this.focusWhenReady = undefined;
    }
  }

  /** What the status region says: the report's, a change's or a block's outcome, as bare text. */
  private feedbackText(): string {
    return this.report?.feedback || this.changeFeedback || this.acceptance.renderFeedback();
  }

  override render() {
    const strings = this.locale.strings;
    if (!this.conversation) return html`<p part="status">${strings.threadChoose}</p>`;
    const { status, conversation, messages, hasOlder, error } = this.thread.value;
    if (!conversation && status === 'error') {
      return html`<p part="status" class="error" role="alert">
        ${error?.code === 'not-found' ? strings.threadNotFound : (error?.message ?? strings.unavailable)}
      </p>`;
    }
    if (!conversation) return html`<p part="status" role="status">${strings.loading}</p>`;
    const viewer = this.viewer.value;
    const others = shownParties(otherParticipants(conversation, viewer), strings);
    const ownId = viewer?.member.id;
    // S17: nobody but deleted members left to read a reply: the reason replaces the reply box.
    const noReply = viewer !== undefined && onlyDeletedOthers(viewer.member.id, conversation.participants);
    const lastOwnSent = messages.findLast(
      (message) => message.author.id === ownId && message.status === 'sent',
    );
    // The outbox delivers in order: once a message could not be delivered, those after it wait too.
    const heldFrom = messages.findIndex((message) => message.status === 'pending' && message.error);
    return html`
      <section class="thread" aria-label=${strings.threadWith(others.map((party) => party.name))}>
        <div part="header">
          <h2 part="title">${renderPartyNames(others, this.locale.locale, strings.group)}</h2>
          <button
            class="quiet"
            type="button"
            @click=${(event: Event) =>
              this.openReport({ kind: 'conversation', conversationId: conversation.id }, event)}
          >
            ${strings.reportConversation}
          </button>
          ${renderHeaderActions({
            client: this.thread.client,
            conversation,
            viewer,
            locale: this.locale,
            confirming: this.confirmingLeave,
            confirm: (asking) => this.confirmLeave(asking),
          })}
          ${this.acceptance.renderAction()}
        </div>
        <p part="feedback" role="status">${this.feedbackText()}</p>
      </section>
      <div
        part="log"
        role="log"
        aria-live="off"
        aria-label=${strings.threadMessages}
        tabindex="0"
        @scroll=${this.onScroll}
      >
        ${
          hasOlder
            ? html`<div class="older">
                <button type="button" class="quiet" ?disabled=${this.loadingOlder} @click=${this.loadOlder}>
                  ${this.loadingOlder ? strings.threadLoadingOlder : strings.threadLoadOlder}
                </button>
              </div>`
            : nothing
        }
        ${messages.length === 0 && status === 'ready' ? html`<p part="status">${strings.threadEmpty}</p>` : nothing}
        <ol>
          ${repeat(
            messages,
            (message) => messageKey(message),
            (message, index) =>
              renderMessage(this.messageView, message, messages[index - 1], {
                lastOwnSent: message === lastOwnSent,
                held: heldFrom >= 0 && index >= heldFrom,
                seen:
                  message === lastOwnSent
                    ? seenText(this.locale, conversation, this.presence.value, message.id)
                    : undefined,
              }),
          )}
        </ol>
        ${
          this.thread.value.hasNewer
            ? html`<div class="older">
                <button type="button" class="quiet" @click=${this.loadNewer}>
                  ${strings.threadLoadNewer}
                </button>
                <button type="button" class="quiet" @click=${this.showLatest}>
                  ${strings.threadShowLatest}
                </button>
              </div>`
            : nothing
        }
      </div>
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
      ${renderTyping(this.locale, this.presence.value, this.typing.announcement)}
      ${this.linker ? html`<span id="new-tab-hint" hidden>${strings.linkNewTab}</span>` : nothing}
      ${
        noReply
          ? html`<p part="reply-unavailable" class="reply-unavailable">${strings.threadOnlyDeleted}</p>`
          : this.acceptance.refusing.length > 0
            ? this.acceptance.renderReason()
            : this.reply.render()
      }
      <dialog part="dialog" aria-labelledby="report-title">${this.report?.render() ?? nothing}</dialog>
    `;
  }

  /** What a message's rendering needs from the thread. */
  private readonly messageView: MessageView = {
    locale: this.locale,
    ownId: () => this.viewer.value?.member.id,
    // The message itself shows how a retry or a discard went.
    retry: (message) =>
      void this.thread.client?.retry(message.conversationId, message.clientId).catch(() => undefined),
    discard: (message) =>
      void this.thread.client?.discard(message.conversationId, message.clientId).catch(() => undefined),
    report: (target, event) => this.openReport(target, event),
    text: (body) => this.linker?.(body, { target: this.linkTarget, newTabHint: 'new-tab-hint' }) ?? body,
    can: (capability) => this.thread.client?.can(capability) ?? false,
    editable: (message) => Date.now() < editableUntil(message.sentAt, this.policy.value),
    editor: (message) => this.editor?.render(message),
    edit: (message, event) => {
      // Taken now: once the editor has loaded, the event no longer knows its button.
      const opener = (event.currentTarget as HTMLElement | null) ?? undefined;
      void this.withEditor((editor) => editor.edit(message, opener));
    },
    pick: (message, event) => {
      const opener = (event.currentTarget as HTMLElement | null) ?? undefined;
      void this.withEditor((editor) => editor.pick(message, opener));
    },
    remove: (message) => {
      if (confirm(this.locale.strings.messageDeleteConfirm)) {
        this.change(this.thread.client?.deleteMessage(message.conversationId, message.id));
      }
    },
    react: (message, emoji, on) =>
      this.change(this.thread.client?.react(message.conversationId, message.id, emoji, on)),
  };

  /** Asks "Leave?" (focus on its answers), or stops asking (focus back on Leave). */
  private async confirmLeave(asking: boolean) {
    this.confirmingLeave = asking;
    await this.updateComplete;
    const target = asking ? '[part="leave"] button:last-of-type' : '[part="header"] button.leave-open';
    this.renderRoot.querySelector<HTMLElement>(target)?.focus();
  }

  /** Says in the feedback region what a change could not do; the thread shows what it did. */
  private change(request: Promise<unknown> | undefined): void {
    this.changeFeedback = '';
    request?.catch((error: unknown) => {
      this.changeFeedback = this.locale.strings.messageChangeFailed(
        sendErrorText(this.locale, toErrorPayload(error)),
      );
    });
  }

  private withEditor(use: (editor: MessageEditor) => void): Promise<void> {
    this.editorLoading ??= import('./message-editor.js').then(
      ({ MessageEditor }) =>
        (this.editor = new MessageEditor(this, {
          client: () => this.thread.client,
          policy: () => this.policy.value,
          locale: this.locale,
          change: (request) => this.change(request),
        })),
    );
    return this.editorLoading.then(use, () => {
      // Not loaded (offline, say): the next click tries again.
      this.editorLoading = undefined;
    });
  }

  private onScroll() {
    const log = this.log;
    if (log && log.scrollTop < LOAD_OLDER_THRESHOLD) void this.loadOlder();
  }

  private async loadOlder() {
    const client = this.thread.client;
    const id = this.conversation;
    if (!client || !id || this.loadingOlder || !this.thread.value.hasOlder) return;
    this.loadingOlder = true;
    try {
      await client.loadOlderMessages(id);
    } catch {
      // The thread state carries the error; the button stays for another try.
    } finally {
      this.loadingOlder = false;
    }
  }

  /** The message a search result opened the thread at (S30): scrolled to, once, and marked. */
  private focused?: string;
  private showFocus() {
    const { focus, hasNewer, messages } = this.thread.value;
    const client = this.thread.client;
    // Writing while a window of older messages is shown: the newest ones, where the reply goes.
    if (hasNewer && client && this.conversation && messages.some((message) => message.status !== 'sent')) {
      void client.showLatestMessages(this.conversation).catch(() => undefined);
    }
    if (focus === this.focused) return;
    this.focused = focus;
    const key = messageKey(messages.find((message) => message.id === focus));
    if (!key) return;
    const item = this.renderRoot.querySelector<HTMLElement>(`li[data-key="${CSS.escape(key)}"]`);
    item?.setAttribute('data-focused', '');
    item?.scrollIntoView({ block: 'center' });
  }

  private loadNewer() {
    if (this.conversation)
      void this.thread.client?.loadNewerMessages(this.conversation).catch(() => undefined);
  }

  private showLatest() {
    if (this.conversation)
      void this.thread.client?.showLatestMessages(this.conversation).catch(() => undefined);
  }

  private tellClientWhatIsOpen() {
    const client = this.thread.client;
    if (!client || !this.isConnected) return;
    const previous = this.active;
    if (previous && previous.client === client && previous.id === this.conversation) return;
    this.active = { client, id: this.conversation };
    if (this.conversation !== undefined) {
      client.setActiveConversation(this.conversation);
    } else if (previous?.id !== undefined && client.activeConversation.value === previous.id) {
      // Clear only what this thread set: an empty thread must not silence another one on the page.
      client.setActiveConversation(undefined);
    }
  }

  private openReport(target: ReportTarget, event: Event) {
    const opener = (event.currentTarget as HTMLElement | null) ?? undefined;
    this.reportLoading ??= import('./report-dialog.js').then(
      ({ ReportDialogController }) =>
        (this.report = new ReportDialogController(this, {
          client: () => this.thread.client,
          policy: () => this.policy.value,
          locale: this.locale,
          fallbackFocus: () => this.input,
        })),
    );
    void this.reportLoading.then(
      (report) => report.open(target, opener),
      // Not loaded (offline, say): the next click tries again.
      () => (this.reportLoading = undefined),
    );
  }
}
