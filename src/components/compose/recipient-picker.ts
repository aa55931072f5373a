import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { classMap } from 'lit/directives/class-map.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import { initialState, Task, TaskStatus } from '@lit/task';
import type { ConversationsClient } from '../../client/conversations-client.js';
import type { Policy } from '../../core/policy.js';
import { normalizeRecipients } from '../../core/recipients.js';
import { partyKey, partyRef, type Party, type PartyRef, type Viewer } from '../../core/types.js';
import type { LocaleController } from '../../i18n/locale-controller.js';
import { warn } from '../../internal/dev-mode.js';
import { initials, safeUrl } from '../../internal/parties.js';

/** How long typing must pause before the directory is searched. */
const SEARCH_DELAY_MS = 200;

type Host = ReactiveControllerHost & HTMLElement & { readonly renderRoot: HTMLElement | DocumentFragment };

export interface RecipientPickerOptions {
  readonly client: () => ConversationsClient | undefined;
  readonly viewer: () => Viewer | undefined;
  readonly policy: () => Policy;
  readonly locale: LocaleController;
  /** Who compose sends as now: the member or the group chosen (never offered as a recipient). */
  readonly sender: () => PartyRef | undefined;
  /** The recipients field's error, as compose holds it. */
  readonly error: () => string | undefined;
  /** Sets (or, with undefined, clears) the recipients' error; `form` clears the form's too. */
  readonly setError: (text: string | undefined, options?: { form?: boolean }) => void;
  /** The member's reason for a refusal of `normalizeRecipients`, in their language. */
  readonly errorText: (error: unknown) => string;
  /** The member added or removed a recipient. */
  readonly onChange: (chosen: readonly Party[]) => void;
}

/** True for a member who does not accept messages from the viewer (the backend says so). */
function refuses(party: Party): boolean {
  return party.kind === 'member' && party.accepting === false;
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

/**
 * Compose's recipients: chips for those chosen, and a combobox searching the directory as the
 * member types (after a pause), with the results as a listbox driven by the arrow keys. A polite
 * status says how the search went and which chip was added or removed. Backspace in an empty
 * search removes the last chip; Escape closes the results, then clears the text, before it may
 * close a dialog. Renders into the host's shadow root (`render()`), so that its label, hint and
 * error stay in one ID scope with the input.
 */
export class RecipientPickerController implements ReactiveController {
  private chosenParties: readonly Party[] = [];
  private query = '';
  private activeIndex = -1;
  private scrolledTo = -1;
  /** The results were closed (Escape, a choice, the dialog closing) until the member types again. */
  private dismissed = false;
  /** The pause is over and the directory is being asked (before that, the status says nothing). */
  private searching = false;
  /** What the status region last said about the chips (added, removed). */
  private announcement = '';
  private readonly instance = Math.random().toString(36).slice(2, 8);

  private readonly search: Task<readonly [string, ConversationsClient | undefined], readonly Party[]>;

  constructor(
    private readonly host: Host,
    private readonly options: RecipientPickerOptions,
  ) {
    host.addController(this);
    this.search = new Task(host, {
      args: () => [this.query.trim(), options.client()] as const,
      task: async ([text, client], { signal }) => {
        this.searching = false;
        if (!text || !client || this.atLimit) return initialState;
        await pause(SEARCH_DELAY_MS, signal);
        this.searching = true;
        host.requestUpdate();
        const found = await client.search(text, { signal });
        const viewer = options.viewer();
        const sender = options.sender();
        const excluded = new Set([
          ...(viewer ? [partyKey(viewer.member)] : []),
          ...(sender ? [partyKey(sender)] : []),
          ...this.chosenParties.map(partyKey),
        ]);
        this.activeIndex = -1;
        return found.filter((party) => !excluded.has(partyKey(party)));
      },
      onError: (error) => warn('directory search failed', error),
    });
  }

  /** The recipients chosen, in the order they were. */
  get chosen(): readonly Party[] {
    return this.chosenParties;
  }

  /** Replaces the chips (a draft loaded, compose reset); not a change by the member. */
  set chosen(parties: readonly Party[]) {
    this.chosenParties = parties;
    this.host.requestUpdate();
  }

  get atLimit(): boolean {
    return this.chosenParties.length >= this.options.policy().maxInvitees;
  }

  /** "At most N recipients", for the hint and the refusal. */
  get limitText(): string {
    const limit = this.options.policy().maxInvitees;
    return this.options.locale.strings.composeRecipientLimit(limit, this.options.locale.number(limit));
  }

  /** Focuses the search input. */
  focus(): void {
    this.input?.focus();
  }

  /** Closes the results and stops a search under way, keeping the text. */
  dismiss(): void {
    this.search.abort();
    this.dismissed = true;
    this.activeIndex = -1;
    this.host.requestUpdate();
  }

  hostDisconnected(): void {
    this.dismiss();
  }

  hostUpdated(): void {
    if (this.activeIndex >= 0 && this.activeIndex !== this.scrolledTo) {
      this.host.renderRoot
        .querySelector(`#${this.optionId(this.activeIndex)}`)
        ?.scrollIntoView({ block: 'nearest' });
    }
    this.scrolledTo = this.activeIndex;
  }

  private get input(): HTMLInputElement | null {
    return this.host.renderRoot.querySelector<HTMLInputElement>('#to-input');
  }

  /** The results shown now: none while a new search waits, or after they were closed. */
  private get results(): readonly Party[] {
    if (this.dismissed || this.search.status !== TaskStatus.COMPLETE) return [];
    return this.search.value ?? [];
  }

  private get expanded(): boolean {
    return this.results.length > 0 && this.query.trim() !== '';
  }

  private optionId(index: number): string {
    return `option-${this.instance}-${index}`;
  }

  /** What the polite status region says: a chip added or removed, else how the search went. */
  private status(): string {
    const { strings } = this.options.locale;
    if (this.announcement) return this.announcement;
    if (this.dismissed) return '';
    switch (this.search.status) {
      case TaskStatus.PENDING:
        return this.searching ? strings.composeSearching : '';
      case TaskStatus.ERROR:
        return strings.unavailable;
      case TaskStatus.COMPLETE:
        return this.results.length === 0
          ? strings.composeNoResults(this.query.trim())
          : strings.composeResults(this.results.length, this.options.locale.number(this.results.length));
      default:
        return '';
    }
  }

  private readonly onInput = (event: Event) => {
    this.query = (event.target as HTMLInputElement).value;
    this.announcement = '';
    this.dismissed = false;
    this.activeIndex = -1;
    if (this.options.error()) this.options.setError(undefined);
    // Refuse at once, where the member is typing: a recipient over the limit is not searched for.
    if (this.query.trim() && this.atLimit) this.options.setError(this.limitText);
    this.host.requestUpdate();
  };

  private readonly onKeydown = (event: KeyboardEvent) => {
    const results = this.results;
    const count = results.length;
    const expanded = this.expanded;
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        if (!expanded) return;
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        this.activeIndex =
          this.activeIndex < 0 ? (step > 0 ? 0 : count - 1) : (this.activeIndex + step + count) % count;
        this.host.requestUpdate();
        return;
      }
      case 'Enter':
        // Enter in the search never submits the form: a half-typed name is not a message.
        event.preventDefault();
        if (expanded && this.activeIndex >= 0) this.choose(results[this.activeIndex]);
        else if (expanded && count === 1 && !refuses(results[0])) this.choose(results[0]);
        return;
      case 'Escape':
        if (expanded || this.query) {
          // Close the results (then clear the text) before Escape may close the dialog.
          event.preventDefault();
          event.stopPropagation();
          if (expanded) this.dismiss();
          else this.query = '';
          this.host.requestUpdate();
        }
        return;
      case 'Backspace':
        if (this.query === '' && this.chosenParties.length) {
          event.preventDefault();
          this.remove(this.chosenParties[this.chosenParties.length - 1], false);
        }
        return;
      default:
    }
  };

  private readonly onBlur = () => {
    // The results list keeps its contents but loses the active option; a click on an option is
    // kept from blurring the input (mousedown is prevented on the list).
    this.activeIndex = -1;
    this.host.requestUpdate();
  };

  private choose(party: Party) {
    const sender = this.options.sender();
    if (!sender) return;
    // S14, S15: shown, with its reason, but not chosen; the status says why again.
    if (refuses(party)) {
      this.announcement = this.options.locale.strings.notAccepting(party.name);
      this.host.requestUpdate();
      return;
    }
    try {
      normalizeRecipients(
        [...this.chosenParties.map(partyRef), partyRef(party)],
        sender,
        this.options.policy(),
      );
    } catch (error) {
      this.options.setError(this.options.errorText(error));
      return;
    }
    const key = partyKey(party);
    if (!this.chosenParties.some((p) => partyKey(p) === key))
      this.chosenParties = [...this.chosenParties, party];
    this.query = '';
    this.dismiss();
    this.announcement = this.options.locale.strings.composeAdded(party.name);
    this.options.setError(undefined, { form: true });
    this.options.onChange(this.chosenParties);
    this.input?.focus();
  }

  private remove(party: Party, refocus: boolean) {
    const key = partyKey(party);
    this.chosenParties = this.chosenParties.filter((p) => partyKey(p) !== key);
    this.announcement = this.options.locale.strings.composeRemoved(party.name);
    this.options.setError(undefined);
    this.options.onChange(this.chosenParties);
    this.host.requestUpdate();
    if (refocus) this.input?.focus();
  }

  private renderParty(party: Party) {
    const { strings, locale } = this.options.locale;
    const src = safeUrl(party.avatarUrl);
    const avatar = src
      ? html`<img part="avatar" class="avatar" src=${src} alt="" />`
      : html`<span part="avatar" class="avatar" aria-hidden="true">${initials(party.name, locale)}</span>`;
    const kind = party.kind === 'group' ? strings.composeKindGroup : strings.composeKindMember;
    return html`${avatar}<span class="name">${party.name}</span>
      <span part="kind" class="kind">${kind}</span>`;
  }

  /** A result that does not accept the viewer: its reason beside the name (S14, S15). */
  private renderReason(party: Party) {
    if (!refuses(party)) return nothing;
    return html`<span part="option-reason" class="reason"
      >${this.options.locale.strings.notAccepting(party.name)}</span
    >`;
  }

  render() {
    const { strings } = this.options.locale;
    const expanded = this.expanded;
    const error = this.options.error();
    const chosen = this.chosenParties;
    return html`<div part="recipients" class="field recipients">
      <label id="to-label" for="to-input">${strings.composeRecipients}</label>
      ${
        chosen.length
          ? html`<ul class="chips" aria-label=${strings.composeChosen}>
              ${chosen.map(
                (party) =>
                  html`<li part="chip" class="chip">
                    ${this.renderParty(party)}
                    <button
                      part="chip-remove"
                      class="chip-remove"
                      type="button"
                      aria-label=${strings.composeRemoveRecipient(party.name)}
                      @click=${() => this.remove(party, true)}
                    >
                      <span aria-hidden="true">×</span>
                    </button>
                  </li>`,
              )}
            </ul>`
          : nothing
      }
      <div class="combo">
        <input
          part="input"
          id="to-input"
          type="text"
          role="combobox"
          autocomplete="off"
          spellcheck="false"
          aria-autocomplete="list"
          aria-controls="to-listbox"
          aria-expanded=${expanded ? 'true' : 'false'}
          aria-activedescendant=${ifDefined(
            expanded && this.activeIndex >= 0 ? this.optionId(this.activeIndex) : undefined,
          )}
          aria-describedby="to-hint to-error"
          aria-invalid=${error ? 'true' : 'false'}
          .value=${live(this.query)}
          @input=${this.onInput}
          @keydown=${this.onKeydown}
          @blur=${this.onBlur}
        />
        <ul
          part="listbox"
          id="to-listbox"
          role="listbox"
          aria-labelledby="to-label"
          ?hidden=${!expanded}
          @mousedown=${(event: Event) => event.preventDefault()}
        >
          ${
            expanded
              ? this.results.map(
                  (party, index) =>
                    html`<li
                      part="option"
                      id=${this.optionId(index)}
                      class=${classMap({
                        option: true,
                        active: index === this.activeIndex,
                        refusing: refuses(party),
                      })}
                      role="option"
                      aria-selected=${index === this.activeIndex ? 'true' : 'false'}
                      aria-disabled=${ifDefined(refuses(party) ? 'true' : undefined)}
                      @click=${() => this.choose(party)}
                    >
                      ${this.renderParty(party)}${this.renderReason(party)}
                    </li>`,
                )
              : nothing
          }
        </ul>
      </div>
      <p id="to-hint" class="hint">${this.atLimit ? this.limitText : strings.composeRecipientsHint}</p>
      <p id="to-error" part="error" class="error">${error ?? nothing}</p>
      <p class="visually-hidden" role="status">${this.status()}</p>
    </div>`;
  }
}
