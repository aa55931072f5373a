import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { ConvElement } from '../../internal/conv-element.js';
import { ConversationsController } from '../../context/conversations-controller.js';
import { ViewerController } from '../../context/viewer-controller.js';
import { LocaleController } from '../../i18n/locale-controller.js';
import { ConvConversationSelectEvent } from '../../events/conversation-select.js';
import { ConvStartConversationRequestEvent } from '../../events/start-conversation-request.js';
import type { Conversation, ConversationId, Party } from '../../core/types.js';
import {
  initials,
  otherParticipants,
  renderPartyNames,
  safeUrl,
  shownParties,
} from '../../internal/parties.js';
import { partyStyles } from '../../internal/parties.styles.js';
import { conversationListStyles } from './conversation-list.styles.js';
import { ListRowsController, type RowRange } from './list-rows.js';
import { GroupFilterController, groupsOf, readableGroups } from './group-filter.js';
import { themeTokens } from '../../internal/theme.styles.js';
import { visuallyHidden } from '../../internal/visually-hidden.styles.js';

/** Rows within this distance of the end of the loaded list ask for the next page. */
const LOAD_AHEAD = 10;
/** Rows moved by Page Up / Page Down. */
const PAGE_STEP = 10;

const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();
const RELATIVE_STEPS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
  ['week', 4.35],
  ['month', 12],
  ['year', Number.POSITIVE_INFINITY],
];

/** "now", "5 minutes ago", "yesterday", "3 weeks ago": the largest unit that fits. */
export function formatRelativeTime(time: number, now: number, locale: string): string {
  let format = relativeFormats.get(locale);
  if (!format) {
    format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
    relativeFormats.set(locale, format);
  }
  let value = (time - now) / 1000;
  // Under a minute reads as "now": seconds ticking in a list are noise, not information.
  if (Math.abs(value) < 60) return format.format(0, 'second');
  for (const [unit, size] of RELATIVE_STEPS) {
    if (Math.abs(value) < size) return format.format(Math.round(value), unit);
    value /= size;
  }
  return format.format(Math.round(value), 'year');
}

/**
 * The viewer's conversations, newest activity first: who it is with (groups marked), a picture
 * or initials, a one-line preview of the last message, when, and how many are unread.
 *
 * The list is virtualized, so ten thousand conversations scroll as smoothly as ten, and it asks
 * for the next page as the member nears the end. It is a single tab stop (roving tabindex):
 * arrow keys, Page Up / Page Down, Home and End move between rows; Enter or Space opens one.
 *
 * @tagname conv-conversation-list
 * @summary The member's conversations, newest first, with unread counts.
 *
 * @fires {ConvConversationSelectEvent} conv-conversation-select - When the member opens a
 *   conversation (click, Enter or Space). Detail: `{ conversationId }`.
 * @fires {ConvStartConversationRequestEvent} conv-start-conversation-request - From the empty
 *   state's "Start conversation" button. Cancelable.
 *
 * @csspart list - The scrolling list (role listbox).
 * @csspart row - Each conversation (role option).
 * @csspart avatar - A conversation's picture or initials.
 * @csspart name - Who the conversation is with.
 * @csspart preview - The last message, on one line.
 * @csspart time - When the last message was sent.
 * @csspart unread - The number of unread messages.
 * @csspart status - Loading, empty and error text.
 * @csspart button - The retry and start buttons.
 *
 * @cssprop [--conv-font-family=inherit] - Font.
 * @cssprop [--conv-color-text=light-dark(#1f1f1f, #e8e8e8)] - Text colour.
 * @cssprop [--conv-color-text-muted=light-dark(#595959, #b0b0b0)] - Previews, times and status text.
 * @cssprop [--conv-color-background=light-dark(#fff, #121212)] - Background.
 * @cssprop [--conv-color-border=light-dark(#c4c4c4, #5c5c5c)] - Lines between rows.
 * @cssprop [--conv-color-accent=light-dark(#1a5fb4, #99c1f1)] - The selected row's mark and buttons.
 * @cssprop [--conv-color-focus=light-dark(#1a5fb4, #99c1f1)] - The focus ring.
 * @cssprop [--conv-color-danger=light-dark(#b3261e, #f2b8b5)] - Error text.
 * @cssprop [--conv-color-count=#8b1a1a] - Unread counts' background (shared with the envelope's count).
 * @cssprop [--conv-color-on-count=#fff] - Unread counts' text.
 * @cssprop [--conv-conversation-list-count-background=var(--conv-color-count)] - This list's unread counts.
 * @cssprop [--conv-conversation-list-count-color=var(--conv-color-on-count)] - Their text.
 * @cssprop [--conv-radius=0.5rem] - Corners of buttons and group pictures.
 * @cssprop [--conv-space=0.5rem] - Density: the space unit of rows.
 * @cssprop [--conv-conversation-list-block-size=100%] - The list's height.
 * @cssprop [--conv-conversation-list-avatar-size=2.5rem] - The pictures' size.
 * @cssprop [--conv-conversation-list-selected-background=light-dark(#e8f0fb, #1e3350)] - The selected row's background.
 * @cssprop [--conv-color-scheme=light dark] - `light` or `dark` forces one, nested elements too; by default, the system's.
 */
export class ConvConversationList extends ConvElement {
  static override styles = [themeTokens, visuallyHidden, partyStyles, conversationListStyles];

  /** The open conversation's id: its row is marked selected. */
  @property({ reflect: true }) selected?: ConversationId;

  /** The conversation whose row holds the tab stop (roving tabindex). */
  @state() private focusedId?: ConversationId;
  /** True when the row holding the tab stop is scrolled out of the rendered range. */
  @state() private tabStopOutOfRange = false;
  /** Re-rendered every minute so that "5 minutes ago" stays true. */
  @state() private now = Date.now();

  @query('[part="list"]') private readonly listElement?: HTMLElement | null;

  private readonly conversations = new ConversationsController(this);
  private readonly viewer = new ViewerController(this);
  private readonly locale = new LocaleController(this);
  /** Plain rows for a short list, virtualized ones (loaded then) once it is long: see list-rows.ts. */
  private readonly rows = new ListRowsController<Conversation>(this, {
    scroller: () => this.listElement,
    key: (conversation) => conversation.id,
    rangeChanged: (range) => this.onRangeChanged(range),
  });
  private readonly groupFilter = new GroupFilterController(this);
  private clock?: ReturnType<typeof setInterval>;
  private range = { first: 0, last: -1 };

  override connectedCallback(): void {
    super.connectedCallback();
    this.clock = setInterval(() => (this.now = Date.now()), 60_000);
    // The rows' format made in a task of its own while the page waits for the first answers:
    // its first Intl call loads ICU's data (100-250 ms on a slow phone), and then does not hold
    // up what the answers show (the rows, the envelope's count).
    setTimeout(formatRelativeTime, 0, 0, 0, this.locale.locale);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.clock);
    this.clock = undefined;
  }

  /** Moves keyboard focus to the row holding the tab stop (the selected one by default). */
  override focus(options?: FocusOptions): void {
    const items = this.conversations.value.items;
    const index = this.indexOf(this.tabStopId(items), items);
    if (index < 0) {
      super.focus(options);
      return;
    }
    void this.focusRow(index, options);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // The tab stop follows the selection when code (or a deep link) changes it.
    if (changed.has('selected') && this.selected) this.focusedId = this.selected;
  }

  override render() {
    const strings = this.locale.strings;
    const { status, items: all, error, hasMore } = this.conversations.value;
    // S18: "My groups": one group's conversations among those loaded (more load as the list scrolls).
    // Offered once a group's conversation is among those loaded: a member without any sees no extra stop.
    const groups = readableGroups(this.viewer.value).filter((group) =>
      all.some((conversation) => groupsOf(conversation, [group]).length > 0),
    );
    const chosen = groups.find((group) => group.id === this.groupFilter.selected);
    const items = chosen ? all.filter((conversation) => groupsOf(conversation, [chosen]).length > 0) : all;
    const filter = this.groupFilter.render(groups, status !== 'loading', this.locale, (id) => {
      this.groupFilter.selected = id;
      this.requestUpdate();
    });
    if (chosen && items.length === 0 && status !== 'error') {
      return html`${filter}
        <p part="status">${strings.conversationListEmpty}</p>`;
    }
    if (items.length === 0) {
      if (status === 'error') {
        return html`<p part="status" class="error" role="alert">
            ${strings.conversationListFailed} ${error?.message ?? ''}
          </p>
          <div class="actions">
            <button part="button" type="button" @click=${this.retry}>${strings.retry}</button>
          </div>`;
      }
      if (status === 'ready') {
        return html`<p part="status">${strings.conversationListEmpty}</p>
          <div class="actions">
            <button part="button" type="button" @click=${this.requestStart}>
              ${strings.startConversation}
            </button>
          </div>`;
      }
      return html`<p part="status" role="status">${strings.loading}</p>`;
    }
    const tabStop = this.tabStopId(items);
    return html`
      ${filter}
      ${
        // The rows are still there (saved on this device): not an alarm, a polite note of
        // their age, with a way to try again.
        status === 'error'
          ? html`<p part="status" class="stale" role="status">
              ${strings.conversationListStale}
              <button part="button" type="button" @click=${this.retry}>${strings.retry}</button>
            </p>`
          : nothing
      }
      <div
        part="list"
        role="listbox"
        aria-label=${strings.conversationListLabel}
        aria-busy=${status === 'loading' ? 'true' : 'false'}
        tabindex=${this.tabStopOutOfRange ? 0 : -1}
        @keydown=${this.onKeyDown}
        @click=${this.onClick}
        @focus=${this.onListFocus}
        @rangeChanged=${this.onRangeChanged}
      >
        ${this.rows.render(items, (conversation, index) =>
          this.renderRow(conversation, index, items.length, hasMore, conversation.id === tabStop),
        )}
      </div>
      <p role="status" class="visually-hidden">
        ${hasMore && status === 'loading' ? strings.conversationListLoadingMore : nothing}
      </p>
    `;
  }

  private renderRow(
    conversation: Conversation,
    index: number,
    total: number,
    hasMore: boolean,
    tabStop: boolean,
  ): TemplateResult {
    const strings = this.locale.strings;
    const locale = this.locale.locale;
    const viewer = this.viewer.value;
    const others = shownParties(otherParticipants(conversation, viewer), strings);
    const unread = conversation.unreadCount;
    const last = conversation.lastMessage;
    // One line: newlines and runs of spaces in the body collapse, as they would in a title.
    const body = last?.deleted ? strings.messageDeleted : last?.body.replace(/\s+/gu, ' ');
    const preview =
      last === undefined || body === undefined
        ? strings.conversationNoMessages
        : last.system === 'left'
          ? // S29: the entry a leaver leaves has no text; it reads as it does in the thread.
            strings.threadLeft(last.author.name)
          : viewer && last.author.id === viewer.member.id
            ? strings.conversationPreviewYou(body)
            : body;
    const client = this.conversations.client;
    // S31: a read row can be marked unread: U on the keyboard, or its mark with a pointer.
    const markable = unread === 0 && (client?.can('mark-unread') ?? false);
    return html`<div
      part="row"
      class=${[unread > 0 ? 'unread' : '', conversation.muted ? 'muted' : ''].join(' ')}
      role="option"
      data-index=${index}
      data-id=${conversation.id}
      aria-selected=${conversation.id === this.selected ? 'true' : 'false'}
      aria-posinset=${index + 1}
      aria-setsize=${hasMore ? -1 : total}
      aria-keyshortcuts=${markable ? 'U' : nothing}
      tabindex=${tabStop ? 0 : -1}
    >
      ${this.renderAvatar(others[0])}
      <span part="name" dir="auto">${renderPartyNames(others, locale, strings.group)}</span>
      <span part="preview"
        >${conversation.muted ? html`<span part="muted">${strings.conversationMuted}</span> ` : nothing}<span
          dir="auto"
          >${preview}</span
        ></span
      >
      ${this.renderGroupMark(conversation)}
      <time part="time" datetime=${new Date(conversation.lastActivityAt).toISOString()}
        >${formatRelativeTime(conversation.lastActivityAt, this.now, locale)}</time
      >
      ${
        unread > 0
          ? html`<span part="unread"
              ><span aria-hidden="true">${this.locale.number(unread)}</span
              ><span class="visually-hidden"
                >${strings.conversationUnread(unread, this.locale.number(unread))}</span
              ></span
            >`
          : nothing
      }
      ${
        markable
          ? html`<span
              part="mark-unread"
              aria-hidden="true"
              title=${strings.conversationMarkUnread}
              @click=${(event: Event) => {
                event.stopPropagation();
                this.markUnread(index);
              }}
              >●</span
            >`
          : nothing
      }
    </div>`;
  }

  private markUnread(index: number) {
    const conversation = this.conversations.value.items[index];
    const client = this.conversations.client;
    if (!conversation || !client?.can('mark-unread')) return;
    client.markUnread(conversation.id).catch(() => undefined);
  }

  /** S18: for a manager of any group, which of the groups they read the conversation is for. */
  private renderGroupMark(conversation: Conversation) {
    const viewer = this.viewer.value;
    if (!viewer || viewer.managedGroups.length === 0) return nothing;
    const [group] = groupsOf(conversation, readableGroups(viewer));
    return group
      ? html`<span part="group" class="for-group" dir="auto"
          >${this.locale.strings.listForGroup(group.name)}</span
        >`
      : nothing;
  }

  private renderAvatar(party: Party | undefined) {
    const cls = party?.kind === 'group' ? 'group' : '';
    const src = safeUrl(party?.avatarUrl);
    return src
      ? html`<img part="avatar" class=${cls} src=${src} alt="" loading="lazy" />`
      : html`<span part="avatar" class=${cls} aria-hidden="true"
          >${initials(party?.name ?? '', this.locale.locale)}</span
        >`;
  }

  private tabStopId(items: readonly Conversation[]): ConversationId | undefined {
    const wanted = this.focusedId ?? this.selected;
    if (wanted !== undefined && items.some((item) => item.id === wanted)) return wanted;
    return items[0]?.id;
  }

  private indexOf(id: ConversationId | undefined, items: readonly Conversation[]): number {
    return id === undefined ? -1 : items.findIndex((item) => item.id === id);
  }

  private onKeyDown(event: KeyboardEvent) {
    const items = this.conversations.value.items;
    if (items.length === 0) return;
    const current = Math.max(0, this.indexOf(this.tabStopId(items), items));
    let next: number | undefined;
    switch (event.key) {
      case 'ArrowDown':
        next = current + 1;
        break;
      case 'ArrowUp':
        next = current - 1;
        break;
      case 'PageDown':
        next = current + PAGE_STEP;
        break;
      case 'PageUp':
        next = current - PAGE_STEP;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = items.length - 1;
        break;
      case 'Enter':
      case ' ':
        event.preventDefault();
        this.select(current);
        return;
      case 'u':
      case 'U':
        if (event.ctrlKey || event.metaKey || event.altKey) return;
        event.preventDefault();
        this.markUnread(current);
        return;
      default:
        return;
    }
    event.preventDefault();
    void this.focusRow(Math.min(items.length - 1, Math.max(0, next)));
  }

  private onClick(event: MouseEvent) {
    const row = (event.target as Element).closest<HTMLElement>('[role="option"]');
    if (!row) return;
    this.select(Number(row.dataset.index));
  }

  /** The list itself is tabbable only while the tab stop row is not rendered: hand focus on. */
  private onListFocus(event: FocusEvent) {
    if (event.target !== this.listElement) return;
    const items = this.conversations.value.items;
    const index = Math.min(items.length - 1, Math.max(0, this.range.first));
    void this.focusRow(index);
  }

  private onRangeChanged(event: RowRange) {
    this.range = { first: event.first, last: event.last };
    const items = this.conversations.value.items;
    const index = this.indexOf(this.tabStopId(items), items);
    this.tabStopOutOfRange = index < event.first || index > event.last;
    const { hasMore, status } = this.conversations.value;
    if (hasMore && status !== 'loading' && event.last >= items.length - LOAD_AHEAD) {
      // A failed page shows in the list's state (error, with retry); nothing to add here.
      this.conversations.client?.loadMoreConversations().catch(() => undefined);
    }
  }

  private async focusRow(index: number, options?: FocusOptions) {
    const items = this.conversations.value.items;
    const conversation = items[index];
    if (!conversation) return;
    this.focusedId = conversation.id;
    this.rows.scrollIntoView(index);
    await this.updateComplete;
    // The virtualizer renders a scrolled-to row on a later frame; wait for it, briefly.
    for (let frame = 0; frame < 30; frame++) {
      const row = this.renderRoot.querySelector<HTMLElement>(`[role="option"][data-index="${index}"]`);
      if (row) {
        row.focus(options);
        return;
      }
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
  }

  private select(index: number) {
    const conversation = this.conversations.value.items[index];
    if (!conversation) return;
    this.focusedId = conversation.id;
    this.selected = conversation.id;
    // Made, then dispatched: inside dispatchEvent(), the manifest analyzer takes
    // `new X(args)`'s first argument for the event's name.
    const event = new ConvConversationSelectEvent(conversation.id);
    this.dispatchEvent(event);
  }

  private retry() {
    this.conversations.client?.refresh().catch(() => undefined);
  }

  private requestStart() {
    const event = new ConvStartConversationRequestEvent();
    this.dispatchEvent(event);
  }
}
