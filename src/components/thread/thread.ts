import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { repeat } from 'lit/directives/repeat.js';
import { ConvElement } from '../../internal/conv-element.js';
import { ThreadController } from '../../context/thread-controller.js';
import { ViewerController } from '../../context/viewer-controller.js';
import { PolicyController } from '../../context/policy-controller.js';
import { LocaleController } from '../../i18n/locale-controller.js';
import { ConvReportEvent } from '../../events/report.js';
import { checkMessageBody } from '../../core/policy.js';
import { isConvError, type ErrorPayload, type ValidationError } from '../../core/errors.js';
import type { ConversationId, Group, ReportTarget } from '../../core/types.js';
import type { ClientMessage } from '../../client/conversations-client.js';
import type { ConvStrings } from '../../i18n/strings.js';
import { otherParticipants, renderPartyNames } from '../../internal/parties.js';
import { partyStyles } from '../../internal/parties.styles.js';
import { threadStyles } from './thread.styles.js';
import { themeTokens } from '../../internal/theme.styles.js';
import { visuallyHidden } from '../../internal/visually-hidden.styles.js';

/** Messages by the same author closer together than this share one byline. */
const GROUP_WINDOW_MS = 5 * 60_000;
/** Within this many pixels of the top, older messages are fetched. */
const LOAD_OLDER_THRESHOLD = 200;
/** Within this many pixels of the bottom, the reader is "at the newest" and new messages scroll in. */
const STICK_TO_BOTTOM = 48;

const timeFormats = new Map<string, Intl.DateTimeFormat>();

/** Formatters are cached: the thread re-renders on every keystroke in the reply box. */
function timeFormat(locale: string, sameDay: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${sameDay ? 'time' : 'date'}`;
  let format = timeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(
      locale,
      sameDay ? { timeStyle: 'short' } : { dateStyle: 'medium', timeStyle: 'short' },
    );
    timeFormats.set(key, format);
  }
  return format;
}

function messageKey(message: ClientMessage | undefined): string | undefined {
  return message && `${message.author.id}/${message.clientId}`;
}

interface Rendered {
  readonly conversation?: ConversationId;
  readonly messages: readonly ClientMessage[];
}

interface ScrollSnapshot {
  readonly scrollHeight: number;
  readonly scrollTop: number;
  readonly atBottom: boolean;
}

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
 * @csspart header - The top bar: participants and "Report conversation".
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

  @state() private draft = '';
  /** The group the member replies for (a participant group they manage), or '' for themselves. */
  @state() private sendAs?: string;
  @state() private sendError?: string;
  @state() private loadingOlder = false;
  @state() private announcement = '';
  @state() private reportTarget?: ReportTarget;
  @state() private reportError?: string;
  @state() private reportBusy = false;
  @state() private feedback = '';

  @query('[part="log"]') private readonly log?: HTMLElement | null;
  @query('[part="dialog"]') private readonly dialog?: HTMLDialogElement | null;
  @query('[part="input"]') private readonly input?: HTMLTextAreaElement | null;
  @query('#report-reason') private readonly reasonInput?: HTMLTextAreaElement | null;

  private readonly thread = new ThreadController(this, () => this.conversation);
  private readonly viewer = new ViewerController(this);
  private readonly policy = new PolicyController(this);
  private readonly locale = new LocaleController(this);

  private rendered: Rendered = { messages: [] };
  private snapshot?: ScrollSnapshot;
  private observer?: IntersectionObserver;
  private observed?: Element;
  private newestVisible = false;
  private markedUpTo?: string;
  private heardSinceOpen = false;
  private active?: { readonly client: object; readonly id: ConversationId | undefined };
  private reportOpener?: HTMLElement | null;
  private focusWhenReady?: FocusOptions;

  private readonly onVisibilityChange = () => this.markReadIfSeen();

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('visibilitychange', this.onVisibilityChange);
    this.observer = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        if (entry.target === this.observed) this.newestVisible = entry.isIntersecting;
      }
      this.markReadIfSeen();
    });
    this.observed = undefined;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('visibilitychange', this.onVisibilityChange);
    this.observer?.disconnect();
    this.observer = undefined;
    this.newestVisible = false;
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
      this.draft = '';
      this.sendAs = undefined;
      this.sendError = undefined;
      this.feedback = '';
      this.announcement = '';
      this.markedUpTo = undefined;
      this.heardSinceOpen = false;
    }
    const log = this.log;
    this.snapshot = log
      ? {
          scrollHeight: log.scrollHeight,
          scrollTop: log.scrollTop,
          atBottom: log.scrollHeight - log.scrollTop - log.clientHeight < STICK_TO_BOTTOM,
        }
      : undefined;
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
      this.heardSinceOpen = true;
      this.announcement = this.locale.strings.threadIncoming(this.byline(newest), newest.body);
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const messages = this.thread.value.messages;
    const before = this.rendered;
    this.rendered = { conversation: this.conversation, messages };
    this.tellClientWhatIsOpen();
    const log = this.log;
    if (log && messages !== before.messages) {
      const snapshot = this.snapshot;
      const switched = before.conversation !== this.conversation || before.messages.length === 0;
      const firstBefore = messageKey(before.messages[0]);
      const prepended =
        !switched &&
        firstBefore !== messageKey(messages[0]) &&
        messages.some((message) => messageKey(message) === firstBefore);
      const appended = !switched && messageKey(before.messages.at(-1)) !== messageKey(messages.at(-1));
      const ownNewest = messages.at(-1)?.author.id === this.viewer.value?.member.id;
      if (switched) {
        log.scrollTop = log.scrollHeight;
      } else if (prepended && snapshot) {
        // Keep the distance from the bottom: what the reader was looking at stays put.
        log.scrollTop = log.scrollHeight - (snapshot.scrollHeight - snapshot.scrollTop);
      } else if (appended && (ownNewest || snapshot?.atBottom)) {
        log.scrollTop = log.scrollHeight;
      }
    }
    this.observeNewest();
    this.markReadIfSeen();
    if (this.focusWhenReady && this.input) {
      this.input.focus(this.focusWhenReady);
      this.focusWhenReady = undefined;
    }
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
    const others = otherParticipants(conversation, viewer);
    const ownId = viewer?.member.id;
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
        </div>
        <p part="feedback" role="status">${this.feedback}</p>
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
              this.renderMessage(message, messages[index - 1], {
                lastOwnSent: message === lastOwnSent,
                held: heldFrom >= 0 && index >= heldFrom,
              }),
          )}
        </ol>
      </div>
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
      ${this.renderComposer(strings)} ${this.renderDialog(strings)}
    `;
  }

  private renderMessage(
    message: ClientMessage,
    previous: ClientMessage | undefined,
    place: { lastOwnSent: boolean; held: boolean },
  ) {
    const strings = this.locale.strings;
    const own = message.author.id === this.viewer.value?.member.id;
    const grouped =
      previous !== undefined &&
      previous.author.id === message.author.id &&
      previous.onBehalfOf?.id === message.onBehalfOf?.id &&
      message.sentAt - previous.sentAt < GROUP_WINDOW_MS;
    const classes = [grouped ? 'grouped' : '', message.status].join(' ');
    return html`<li
      part=${own ? 'message message-own' : 'message'}
      class=${classes}
      data-key=${messageKey(message) ?? ''}
    >
      <div class=${grouped ? 'meta visually-hidden' : 'meta'}>
        <span part="author" dir="auto">${this.byline(message)}</span>
        <time datetime=${new Date(message.sentAt).toISOString()}>${this.formatTime(message.sentAt)}</time>
      </div>
      <p part="body" dir="auto">${message.body}</p>
      ${own ? this.renderState(message, place, strings) : nothing}
      ${
        !own && message.status === 'sent'
          ? html`<div class="message-actions">
              <button
                class="quiet"
                type="button"
                @click=${(event: Event) =>
                  this.openReport(
                    { kind: 'message', conversationId: message.conversationId, messageId: message.id },
                    event,
                  )}
              >
                ${strings.reportMessage}
              </button>
            </div>`
          : nothing
      }
    </li>`;
  }

  private renderState(
    message: ClientMessage,
    { lastOwnSent, held }: { lastOwnSent: boolean; held: boolean },
    strings: ConvStrings,
  ) {
    switch (message.status) {
      case 'pending':
        // A message held back (offline, the service busy) is not "sending": say that it waits,
        // and that nothing is asked of the member.
        return html`<div class="state">${held ? strings.threadWaiting : strings.threadPending}</div>`;
      case 'failed':
        return html`<div class="state">
          <span class="error">${strings.threadFailed(this.errorText(message.error))}</span>
          <button type="button" @click=${() => this.retry(message)}>${strings.retry}</button>
          <button type="button" @click=${() => this.discard(message)}>${strings.threadDiscard}</button>
        </div>`;
      default:
        return lastOwnSent ? html`<div class="state">${strings.threadSent}</div>` : nothing;
    }
  }

  /** Participant groups the viewer manages: they may reply for one of these (S4). */
  private get groupsToSendAs(): readonly Group[] {
    const participants = this.thread.value.conversation?.participants ?? [];
    return (this.viewer.value?.managedGroups ?? []).filter((group) =>
      participants.some((party) => party.kind === 'group' && party.id === group.id),
    );
  }

  /** Who a reply goes out as: what the member chose, else the group that started it, if theirs. */
  private get effectiveSendAs(): string {
    const groups = this.groupsToSendAs;
    if (
      this.sendAs !== undefined &&
      (this.sendAs === '' || groups.some((group) => group.id === this.sendAs))
    ) {
      return this.sendAs;
    }
    const startedBy = this.thread.value.conversation?.startedBy;
    return startedBy?.kind === 'group' && groups.some((group) => group.id === startedBy.id)
      ? startedBy.id
      : '';
  }

  private renderSendAs(strings: ConvStrings) {
    const groups = this.groupsToSendAs;
    const viewer = this.viewer.value;
    if (groups.length === 0 || !viewer) return nothing;
    const chosen = this.effectiveSendAs;
    return html`<div class="send-as">
      <label for="send-as">${strings.composeSendAs}</label>
      <select
        id="send-as"
        part="send-as"
        @change=${(event: Event) => (this.sendAs = (event.target as HTMLSelectElement).value)}
      >
        <option value="" ?selected=${chosen === ''}>${strings.composeSendAsSelf(viewer.member.name)}</option>
        ${groups.map(
          (group) => html`<option value=${group.id} ?selected=${chosen === group.id}>${group.name}</option>`,
        )}
      </select>
    </div>`;
  }

  private renderComposer(strings: ConvStrings) {
    const policy = this.policy.value;
    const check = checkMessageBody(this.draft, policy);
    const remaining = this.draft.trim() === '' ? policy.maxMessageLength : check.remaining;
    return html`<form part="composer" @submit=${this.onSubmit} novalidate>
      ${this.renderSendAs(strings)}
      <label for="reply">${strings.threadReply}</label>
      <textarea
        id="reply"
        part="input"
        rows="2"
        .value=${live(this.draft)}
        aria-describedby="counter"
        aria-invalid=${remaining < 0 ? 'true' : 'false'}
        aria-errormessage="send-error"
        @input=${this.onInput}
        @keydown=${this.onComposerKeyDown}
      ></textarea>
      <button part="send" type="submit">${strings.threadSend}</button>
      <span id="counter" part="counter" class=${remaining < 0 ? 'over' : ''}>
        ${strings.threadCharactersLeft(remaining, this.locale.number(Math.abs(remaining)))}
      </span>
      <p id="send-error" class="send-error error" role="alert">${this.sendError ?? nothing}</p>
    </form>`;
  }

  private renderDialog(strings: ConvStrings) {
    const target = this.reportTarget;
    return html`<dialog part="dialog" aria-labelledby="report-title" @close=${this.onDialogClose}>
      ${
        target
          ? html`<form @submit=${this.onReportSubmit} novalidate>
              <h2 id="report-title">
                ${target.kind === 'message' ? strings.reportMessageTitle : strings.reportConversationTitle}
              </h2>
              <p>${strings.reportExplanation}</p>
              <label for="report-reason">${strings.reportReason}</label>
              <textarea
                id="report-reason"
                aria-describedby="report-error"
                aria-invalid=${this.reportError ? 'true' : 'false'}
                ?disabled=${this.reportBusy}
              ></textarea>
              <p id="report-error" class="error" role="alert">${this.reportError ?? nothing}</p>
              <div class="dialog-actions">
                <button type="button" @click=${this.closeReport}>${strings.reportCancel}</button>
                <button class="primary" type="submit" ?disabled=${this.reportBusy}>
                  ${strings.reportSubmit}
                </button>
              </div>
            </form>`
          : nothing
      }
    </dialog>`;
  }

  private byline(message: ClientMessage): string {
    const strings = this.locale.strings;
    const own = message.author.id === this.viewer.value?.member.id;
    const author = own ? strings.threadYou : message.author.name;
    return message.onBehalfOf ? strings.threadOnBehalfOf(author, message.onBehalfOf.name) : author;
  }

  private formatTime(time: number): string {
    const sameDay = new Date(time).toDateString() === new Date().toDateString();
    return timeFormat(this.locale.locale, sameDay).format(time);
  }

  private bodyErrorText(error: ValidationError | ErrorPayload): string {
    const strings = this.locale.strings;
    switch (error.reason) {
      case 'empty':
        return strings.threadErrorEmpty;
      case 'too-long':
        return strings.threadErrorTooLong(
          this.locale.number(error.limit ?? 0),
          this.locale.number(error.actual ?? 0),
        );
      case 'too-large':
        return strings.threadErrorTooLarge;
      case 'malformed-text':
        return strings.threadErrorMalformed;
      default:
        return error.message;
    }
  }

  private errorText(error: ErrorPayload | undefined): string {
    if (!error) return this.locale.strings.unavailable;
    if (error.code === 'validation') return this.bodyErrorText(error);
    if (error.code === 'unavailable') return this.locale.strings.unavailable;
    return error.message;
  }

  private onInput(event: InputEvent) {
    this.draft = (event.target as HTMLTextAreaElement).value;
    // The refusal was about the old text; the counter speaks for the new one.
    this.sendError = undefined;
  }

  private onComposerKeyDown(event: KeyboardEvent) {
    // While an input method composes, Enter confirms the composition; it must not send.
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
    event.preventDefault();
    void this.send();
  }

  private onSubmit(event: SubmitEvent) {
    event.preventDefault();
    void this.send();
  }

  private async send() {
    const client = this.thread.client;
    const id = this.conversation;
    if (!client || !id) return;
    const check = checkMessageBody(this.draft, this.policy.value);
    if (!check.ok) {
      this.sendError = this.bodyErrorText(check.error);
      return;
    }
    const draft = this.draft;
    this.draft = '';
    this.sendError = undefined;
    try {
      const asGroup = this.effectiveSendAs;
      await client.send(id, check.text, asGroup ? { asGroup } : {});
    } catch (error) {
      // Refused outright (not a failed delivery, which the message itself shows): keep the text.
      if (this.draft === '') this.draft = draft;
      this.sendError = isConvError(error)
        ? this.errorText(error.toJSON())
        : error instanceof Error
          ? error.message
          : String(error);
    }
  }

  private retry(message: ClientMessage) {
    // The message itself shows how the retry went.
    this.thread.client?.retry(message.conversationId, message.clientId).catch(() => undefined);
  }

  private discard(message: ClientMessage) {
    this.thread.client?.discard(message.conversationId, message.clientId).catch(() => undefined);
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

  private observeNewest() {
    const newest = this.renderRoot.querySelector('ol > li:last-child') ?? undefined;
    if (newest === this.observed) return;
    if (this.observed) this.observer?.unobserve(this.observed);
    this.observed = newest;
    this.newestVisible = false;
    if (newest) this.observer?.observe(newest);
  }

  /** Marks read up to the newest message once the member can actually see it. */
  private markReadIfSeen() {
    if (!this.newestVisible || document.visibilityState !== 'visible') return;
    const client = this.thread.client;
    const { conversation, messages } = this.thread.value;
    if (!client || !conversation || conversation.id !== this.conversation) return;
    const newest = messages.findLast((message) => message.status === 'sent');
    if (!newest || newest.id === this.markedUpTo) return;
    if (conversation.unreadCount === 0 && !this.heardSinceOpen) return;
    this.markedUpTo = newest.id;
    client.markRead(conversation.id, newest.id).catch(() => {
      // Try again the next time the newest message is seen.
      this.markedUpTo = undefined;
    });
  }

  private openReport(target: ReportTarget, event: Event) {
    this.reportOpener = event.currentTarget as HTMLElement | null;
    this.reportTarget = target;
    this.reportError = undefined;
    this.feedback = '';
    void this.updateComplete.then(() => {
      this.dialog?.showModal();
      this.reasonInput?.focus();
    });
  }

  private closeReport() {
    this.dialog?.close();
  }

  private onDialogClose() {
    this.reportTarget = undefined;
    this.reportBusy = false;
    const opener = this.reportOpener;
    this.reportOpener = undefined;
    // Focus returns to the button that opened the dialog, wherever the dialog closed from.
    if (opener?.isConnected) opener.focus();
    else this.input?.focus();
  }

  private async onReportSubmit(event: SubmitEvent) {
    event.preventDefault();
    const client = this.thread.client;
    const target = this.reportTarget;
    if (!client || !target || this.reportBusy) return;
    const strings = this.locale.strings;
    const policy = this.policy.value;
    const reason = this.reasonInput?.value.trim() ?? '';
    if (reason === '') {
      this.reportError = strings.reportReasonRequired;
      this.reasonInput?.focus();
      return;
    }
    this.reportBusy = true;
    this.reportError = undefined;
    try {
      const { id } = await client.report({ target, reason });
      this.feedback = strings.reportSent;
      this.dialog?.close();
      // Made, then dispatched: inside dispatchEvent(), the manifest analyzer takes
      // `new X(args)`'s first argument for the event's name.
      const reported = new ConvReportEvent(id, target);
      this.dispatchEvent(reported);
    } catch (error) {
      this.reportBusy = false;
      const payload = isConvError(error) ? error.toJSON() : undefined;
      this.reportError =
        payload?.code === 'validation' && payload.reason === 'too-long'
          ? strings.reportReasonTooLong(this.locale.number(policy.maxReportLength))
          : payload?.code === 'validation'
            ? strings.reportReasonRequired
            : strings.reportFailed(payload ? this.errorText(payload) : String(error));
      await this.updateComplete;
      this.reasonInput?.focus();
    }
  }
}
