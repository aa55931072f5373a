import { html, nothing, type PropertyValues } from 'lit';
import { query, state } from 'lit/decorators.js';
import { ConvElement } from '../../internal/conv-element.js';
import { ViewerController } from '../../context/viewer-controller.js';
import { LocaleController } from '../../i18n/locale-controller.js';
import { ConvConversationSelectEvent } from '../../events/conversation-select.js';
import { ConvSearchCloseEvent } from '../../events/search-close.js';
import { isConvError } from '../../core/errors.js';
import { LIMITS } from '../../core/limits.js';
import { codePointLength } from '../../core/text.js';
import { highlightSegments, type TextSegment } from '../../core/highlight.js';
import { searchWords, type ConversationSearchResults } from '../../core/search.js';
import type { Conversation, Message } from '../../core/types.js';
import { otherParticipants } from '../../internal/parties.js';
import { partyStyles } from '../../internal/parties.styles.js';
import { themeTokens } from '../../internal/theme.styles.js';
import { visuallyHidden } from '../../internal/visually-hidden.styles.js';
import { conversationSearchStyles } from './conversation-search.styles.js';
import { searchEnglish } from '../../i18n/en/search.js';
import { addEnglish } from '../../i18n/strings-for.js';

// Its English entries load with it, not with the first view (i18n/en/search.ts).
addEnglish(searchEnglish);

/** Typing pauses this long before a search is sent: one request per pause, not per key. */
const TYPING_PAUSE_MS = 250;

type SearchState =
  | { readonly status: 'idle' }
  | { readonly status: 'searching'; readonly query: string }
  | { readonly status: 'done'; readonly query: string; readonly results: ConversationSearchResults }
  | { readonly status: 'refused'; readonly text: string };

/**
 * Search of the member's conversations (S30): by a participant's name and by message text, the
 * matching words marked. Loaded by the inbox when the member first opens search from the list's
 * header, never with the first view.
 *
 * The field is a search box; each result is a button (Tab and Shift+Tab go through them, Enter
 * or Space opens). A conversation found by name opens it; a message opens its conversation at
 * that message (`client.showMessage`), with the pages around it. Escape, or the close button,
 * closes search. Matches are `<mark>` elements around text: data is never parsed as HTML.
 *
 * @tagname conv-conversation-search
 * @summary Searches the member's conversations by name and message text.
 *
 * @fires {ConvConversationSelectEvent} conv-conversation-select - When the member opens a result.
 *   Detail: `{ conversationId, messageId? }` (`messageId` for a message found by its text).
 * @fires {ConvSearchCloseEvent} conv-search-close - When the member closes search (Escape or the
 *   close button).
 *
 * @csspart field - The search box.
 * @csspart close - The close button.
 * @csspart status - "Searching…", "Nothing found", a refusal.
 * @csspart heading - "Conversations" and "Messages" over their results.
 * @csspart result - Each result's button.
 * @csspart match - The marked words.
 *
 * @cssprop [--conv-search-match-background=light-dark(#fff3b0, #5c4a00)] - Behind marked words.
 * @cssprop [--conv-color-scheme=light dark] - `light` or `dark` forces one; by default, the system's.
 */
export class ConvConversationSearch extends ConvElement {
  static override styles = [themeTokens, visuallyHidden, partyStyles, conversationSearchStyles];

  @state() private search: SearchState = { status: 'idle' };

  @query('[part="field"]') private readonly field?: HTMLInputElement | null;

  private readonly viewer = new ViewerController(this);
  private readonly locale = new LocaleController(this);
  private timer?: ReturnType<typeof setTimeout>;
  private inFlight?: AbortController;

  /** Puts keyboard focus in the search box. */
  override focus(options?: FocusOptions): void {
    this.field?.focus(options);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.timer);
    this.inFlight?.abort();
  }

  protected override firstUpdated(changed: PropertyValues<this>): void {
    super.firstUpdated(changed);
    this.field?.focus();
  }

  override render() {
    const strings = this.locale.strings;
    return html`<div class="bar" role="search">
        <input
          part="field"
          type="search"
          aria-label=${strings.searchLabel}
          placeholder=${strings.searchLabel}
          autocomplete="off"
          spellcheck="false"
          dir="auto"
          @input=${this.onInput}
          @keydown=${this.onFieldKey}
        />
        <button part="close" type="button" @click=${this.close}>${strings.searchClose}</button>
      </div>
      <div class="results" @keydown=${this.onResultsKey}>${this.renderResults()}</div>`;
  }

  private renderResults() {
    const strings = this.locale.strings;
    const search = this.search;
    switch (search.status) {
      case 'idle':
        return nothing;
      case 'searching':
        return html`<p part="status" role="status">${strings.searchSearching}</p>`;
      case 'refused':
        return html`<p part="status" role="status">${search.text}</p>`;
    }
    const { conversations, messages } = search.results;
    const count = conversations.length + messages.length;
    if (count === 0) {
      return html`<p part="status" role="status">${strings.searchNothing(search.query)}</p>`;
    }
    return html`<p class="visually-hidden" role="status">
        ${strings.searchFound(count, this.locale.number(count))}
      </p>
      ${
        conversations.length > 0
          ? html`<h3 part="heading" id="by-name">${strings.searchByName}</h3>
              <ul aria-labelledby="by-name">
                ${conversations.map(
                  (conversation) =>
                    html`<li>
                      <button part="result" type="button" @click=${() => this.open(conversation)}>
                        <span class="title" dir="auto">${this.names(conversation, search.query, true)}</span>
                      </button>
                    </li>`,
                )}
              </ul>`
          : nothing
      }
      ${
        messages.length > 0
          ? html`<h3 part="heading" id="by-text">${strings.searchByText}</h3>
              <ul aria-labelledby="by-text">
                ${messages.map(
                  ({ conversation, message }) =>
                    html`<li>
                      <button part="result" type="button" @click=${() => this.open(conversation, message)}>
                        <span class="title" dir="auto">${this.names(conversation, search.query, false)}</span>
                        <time datetime=${new Date(message.sentAt).toISOString()}
                          >${this.when(message.sentAt)}</time
                        >
                        <span class="body" dir="auto">${marked(excerpt(message.body, search.query))}</span>
                      </button>
                    </li>`,
                )}
              </ul>`
          : nothing
      }`;
  }

  /** The other participants' names, the matching part marked when found by name. */
  private names(conversation: Conversation, query: string, byName: boolean) {
    const strings = this.locale.strings;
    const others = otherParticipants(conversation, this.viewer.value);
    const list = others.map((party) => {
      const name = byName ? marked(highlightSegments(party.name, query, true)) : party.name;
      return party.kind === 'group'
        ? html`<bdi>${name}</bdi> <span class="kind">${strings.group}</span>`
        : html`<bdi>${name}</bdi>`;
    });
    return list.flatMap((item, i) => (i === 0 ? [item] : [html`, `, item]));
  }

  private when(time: number): string {
    return new Intl.DateTimeFormat(this.locale.locale, { dateStyle: 'medium', timeStyle: 'short' }).format(
      time,
    );
  }

  private onInput() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(this.field?.value ?? ''), TYPING_PAUSE_MS);
  }

  private async run(text: string) {
    this.inFlight?.abort();
    const client = this.viewer.client;
    const strings = this.locale.strings;
    // The rulebook's refusals, said before asking: nothing to look for, or too long.
    if (searchWords(text).length === 0) {
      this.search = { status: 'idle' };
      return;
    }
    if (codePointLength(text) > LIMITS.maxQueryLength) {
      this.search = { status: 'refused', text: strings.searchTooLong(LIMITS.maxQueryLength) };
      return;
    }
    if (!client) return;
    const controller = new AbortController();
    this.inFlight = controller;
    const query = text.trim();
    this.search = { status: 'searching', query };
    try {
      const results = await client.searchConversations(query, { signal: controller.signal });
      if (this.inFlight === controller) this.search = { status: 'done', query, results };
    } catch (error) {
      if (controller.signal.aborted) return;
      this.search = {
        status: 'refused',
        text: isConvError(error) ? error.message : strings.unavailable,
      };
    }
  }

  private open(conversation: Conversation, message?: Message) {
    const client = this.viewer.client;
    if (message && client) {
      // The thread shows the page around the message; the select event then opens it.
      void client.showMessage(conversation.id, message.id).catch(() => undefined);
    }
    this.dispatchEvent(new ConvConversationSelectEvent(conversation.id, message?.id));
  }

  private close() {
    this.dispatchEvent(new ConvSearchCloseEvent());
  }

  private onFieldKey(event: KeyboardEvent) {
    if (event.key === 'Escape') {
      // An Escape in a filled box empties it first, as the platform's search field does.
      if (this.field?.value) return;
      event.preventDefault();
      this.close();
    } else if (event.key === 'ArrowDown') {
      const first = this.renderRoot.querySelector<HTMLElement>('[part="result"]');
      if (first) {
        event.preventDefault();
        first.focus();
      }
    }
  }

  private onResultsKey(event: KeyboardEvent) {
    if (event.key === 'Escape') {
      event.preventDefault();
      this.field?.focus();
      return;
    }
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const results = [...this.renderRoot.querySelectorAll<HTMLElement>('[part="result"]')];
    const index = results.indexOf(event.target as HTMLElement);
    if (index < 0) return;
    event.preventDefault();
    const next = event.key === 'ArrowDown' ? results[index + 1] : results[index - 1];
    (next ?? (event.key === 'ArrowUp' ? this.field : results[index]))?.focus();
  }
}

/** Segments as text, the matches in `<mark>`: Lit text bindings only, never markup from data. */
function marked(segments: readonly TextSegment[]) {
  return segments.map((segment) =>
    segment.match ? html`<mark part="match">${segment.text}</mark>` : segment.text,
  );
}

/** Characters of context kept before the first match of a long message. */
const CONTEXT = 40;

/** The message on one line, starting shortly before its first match when that is far in. */
function excerpt(body: string, query: string): TextSegment[] {
  const segments = highlightSegments(body.replace(/\s+/gu, ' '), query);
  const first = segments.findIndex((segment) => segment.match);
  let offset = 0;
  for (let i = 0; i < first; i++) offset += segments[i]!.text.length;
  if (offset <= CONTEXT) return segments;
  // Cut on a code point boundary: never half a surrogate pair.
  let cut = offset - CONTEXT;
  const text = segments.map((segment) => segment.text).join('');
  if (/[\uDC00-\uDFFF]/.test(text[cut] ?? '')) cut++;
  let skipped = 0;
  const kept: TextSegment[] = [];
  for (const segment of segments) {
    const end = skipped + segment.text.length;
    if (end <= cut) {
      skipped = end;
      continue;
    }
    kept.push(skipped < cut ? { ...segment, text: segment.text.slice(cut - skipped) } : segment);
    skipped = end;
  }
  return [{ text: '…', match: false }, ...kept];
}
