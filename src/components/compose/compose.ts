import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { classMap } from 'lit/directives/class-map.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import { ConvElement } from '../../internal/conv-element.js';
import { warn } from '../../internal/dev-mode.js';
import { ViewerController } from '../../context/viewer-controller.js';
import { PolicyController } from '../../context/policy-controller.js';
import { LocaleController } from '../../i18n/locale-controller.js';
import { ConvConversationStartedEvent } from '../../events/conversation-started.js';
import { ForbiddenError, isConvError, NotFoundError, ValidationError } from '../../core/errors.js';
import { createClientId } from '../../core/ids.js';
import { checkMessageBody, normalizeRecipients, type Policy } from '../../core/policy.js';
import {
  partyKey,
  partyRef,
  type GroupId,
  type Party,
  type PartyRef,
  type Viewer,
} from '../../core/types.js';
import { clearDraft, readDraft, writeDraft } from './draft.js';
import { composeStyles } from './compose.styles.js';
import { themeTokens } from '../../internal/theme.styles.js';
import { visuallyHidden } from '../../internal/visually-hidden.styles.js';
import { initials, safeUrl } from '../../internal/parties.js';
import { partyStyles } from '../../internal/parties.styles.js';

export interface ComposeShowOptions {
  /**
   * Recipients to start with (a profile's contact button passes its member or group). Compose
   * keeps one draft per such set, so writing to one person never lands in a draft for another.
   */
  readonly recipients?: readonly PartyRef[];
}

type Field = 'recipients' | 'asGroup' | 'body' | 'form';
type Errors = Partial<Record<Field, string>>;

/** How long typing must pause before the directory is searched. */
const SEARCH_DELAY_MS = 200;
const NEW_SCOPE = 'new';

/** The focused element, looking inside shadow roots, so focus can go back exactly where it was. */
function deepActiveElement(): HTMLElement | undefined {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement && active !== document.body ? active : undefined;
}

function scopeOf(recipients: readonly PartyRef[] | undefined): string {
  if (!recipients?.length) return NEW_SCOPE;
  return `to:${[...new Set(recipients.map(partyKey))].sort().join(',')}`;
}

/**
 * Starts a conversation: recipients found by searching members and groups, who to send as (for
 * a member who manages groups), the message with a live count of the characters left, and the
 * portal's code of conduct and guidance. Sending starts the conversation, or continues the one
 * that has exactly these participants. Used inline, or as a modal dialog with `dialog`.
 *
 * The draft (recipients, message, sender) is kept when sending fails, when the dialog closes,
 * and across a reload of the tab (in `sessionStorage`, per viewer).
 *
 * @tagname conv-compose
 * @summary Start a conversation: recipient search and chips, send as a group, message, notices.
 *
 * @fires {ConvConversationStartedEvent} conv-conversation-started - When the conversation was started
 *   or continued; `detail.conversationId` names it. An inbox opens it.
 *
 * @slot guidance - The portal's own guidance where conversations start (S13), instead of the
 *   `guidance` attribute's text.
 *
 * @csspart dialog - The native `<dialog>` (with `dialog` only).
 * @csspart form - The form, inline or inside the dialog.
 * @csspart header - The title row.
 * @csspart title - The heading.
 * @csspart close-button - The dialog's close button.
 * @csspart recipients - The recipients field: chips, input and results.
 * @csspart chip - A chosen recipient.
 * @csspart chip-remove - The button that removes a chosen recipient.
 * @csspart input - The recipient search input (a combobox).
 * @csspart listbox - The list of search results.
 * @csspart option - A search result.
 * @csspart avatar - A recipient's picture or initials.
 * @csspart kind - The "member" or "group" marker.
 * @csspart send-as - The choice of sender.
 * @csspart textarea - The message.
 * @csspart counter - The "N characters left" counter.
 * @csspart notices - The guidance and code of conduct notices.
 * @csspart guidance - The portal's guidance.
 * @csspart conduct - The code of conduct notice.
 * @csspart error - A field's error message.
 * @csspart send-button - The send button.
 *
 * @cssprop [--conv-font-family=inherit] - The font.
 * @cssprop [--conv-color-text=light-dark(#1f1f1f, #e8e8e8)] - Text.
 * @cssprop [--conv-color-text-muted=light-dark(#595959, #b0b0b0)] - Hints and the counter.
 * @cssprop [--conv-color-background=light-dark(#fff, #121212)] - The dialog's and inputs' background.
 * @cssprop [--conv-color-surface=light-dark(#f2f2f2, #242424)] - Chips and the results list.
 * @cssprop [--conv-color-field-border=light-dark(#74757c, #8e8f96)] - Input outlines (kept at 3:1).
 * @cssprop [--conv-color-accent=light-dark(#1a5fb4, #99c1f1)] - The send button and the active result.
 * @cssprop [--conv-color-focus=light-dark(#1a5fb4, #99c1f1)] - The focus ring.
 * @cssprop [--conv-color-danger=light-dark(#b3261e, #f2b8b5)] - Errors and the counter over the limit.
 * @cssprop [--conv-radius=0.5rem] - Corner radius.
 * @cssprop [--conv-space=0.5rem] - Density: fields sit two steps apart.
 * @cssprop [--conv-compose-width=36rem] - The dialog's width (it never exceeds the viewport).
 * @cssprop [--conv-compose-message-rows=6] - The message box's height, in lines.
 * @cssprop [--conv-compose-avatar-size=1.75rem] - Avatars in results and chips.
 * @cssprop [--conv-color-scheme=light dark] - `light` or `dark` forces one, nested elements too; by default, the system's.
 */
export class ConvCompose extends ConvElement {
  static override styles = [themeTokens, visuallyHidden, partyStyles, composeStyles];

  /** Renders as a modal dialog, opened with `show()`, instead of inline. */
  @property({ type: Boolean, reflect: true }) dialog = false;

  /** The portal's code of conduct, linked from the notice (http(s) only) (S7). */
  @property({ attribute: 'code-of-conduct-href' }) codeOfConductHref?: string;

  /** The portal's own guidance, as text (S13). The `guidance` slot takes markup instead. */
  @property() guidance?: string;

  private readonly viewer = new ViewerController(this);
  private readonly policyController = new PolicyController(this);
  private readonly locale = new LocaleController(this);

  @state() private dialogOpen = false;
  @state() private chosen: readonly Party[] = [];
  @state() private body = '';
  @state() private asGroup?: GroupId;
  @state() private query = '';
  @state() private results: readonly Party[] = [];
  @state() private searchStatus: 'idle' | 'searching' | 'done' | 'error' = 'idle';
  @state() private activeIndex = -1;
  @state() private errors: Errors = {};
  @state() private sending = false;
  @state() private hasSlottedGuidance = false;
  /** What the status region last said about the chips (added, removed). */
  @state() private announcement = '';

  @query('dialog') private readonly dialogElement?: HTMLDialogElement;
  @query('#to-input') private readonly recipientInput?: HTMLInputElement;
  @query('#body') private readonly bodyInput?: HTMLTextAreaElement;

  /** Which draft this is: the one opened without recipients, or one per preset recipient set. */
  private scope = NEW_SCOPE;
  /** `viewerId|scope` of the draft loaded into the fields; nothing is saved before it is set. */
  private loadedDraft?: string;
  /** Preset recipients waiting for the viewer (and their names) before they become chips. */
  private presetRecipients?: readonly PartyRef[];
  private opener?: HTMLElement;
  private pendingFocus?: 'recipients' | 'body';
  private searchTimer?: ReturnType<typeof setTimeout>;
  private searchAbort?: AbortController;
  /**
   * The id of the start being attempted. Kept while the draft is unchanged, so that sending again
   * after an answer was lost (offline, timeout) lands once; any edit makes the next send new.
   */
  private clientId?: string;
  private readonly instance = Math.random().toString(36).slice(2, 8);

  /** True while the dialog is open; an inline compose is always open. */
  get open(): boolean {
    return this.dialog ? this.dialogOpen : this.isConnected;
  }

  /**
   * Opens compose (the dialog, with `dialog`) and moves focus into it: to the message when
   * recipients are given, else to the recipient search. Focus returns to the element that had it
   * when the dialog closes. Does nothing while disconnected.
   */
  async show(options: ComposeShowOptions = {}): Promise<void> {
    if (!this.isConnected) return;
    const opener = deepActiveElement();
    if (!this.dialogOpen && (!opener || !this.shadowRoot?.contains(opener))) this.opener = opener;
    const scope = scopeOf(options.recipients);
    if (scope !== this.scope) {
      this.scope = scope;
      this.presetRecipients = options.recipients ? [...options.recipients] : undefined;
      this.loadedDraft = undefined;
      this.chosen = [];
      this.body = '';
      this.asGroup = undefined;
      this.errors = {};
      this.resetSearch();
    }
    this.dialogOpen = true;
    await this.updateComplete;
    if (this.dialog && this.dialogElement && !this.dialogElement.open) this.dialogElement.showModal();
    this.pendingFocus = scope === NEW_SCOPE ? 'recipients' : 'body';
    this.applyPendingFocus();
  }

  /** Focuses the field `show()` chose once it is rendered (the viewer may still be loading). */
  private applyPendingFocus() {
    const target = this.pendingFocus === 'recipients' ? this.recipientInput : this.bodyInput;
    if (!this.pendingFocus || !target) return;
    this.pendingFocus = undefined;
    target.focus();
  }

  /** Closes the dialog, keeping the draft. Focus returns to what opened it. */
  close(): void {
    if (this.dialogElement?.open) this.dialogElement.close();
    else this.dialogOpen = false;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resetSearch();
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const viewer = this.viewer.value;
    if (viewer && this.loadedDraft !== `${viewer.member.id}|${this.scope}`) this.loadDraft(viewer);
    if (changed.has('dialog') && !this.dialog) this.dialogOpen = false;
    if (changed.has('codeOfConductHref') && this.codeOfConductHref && !safeUrl(this.codeOfConductHref)) {
      warn('<conv-compose> code-of-conduct-href must be an http(s) URL; the notice shows no link.');
    }
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    this.applyPendingFocus();
    const viewer = this.viewer.value;
    const draftChanged = changed.has('chosen') || changed.has('body') || changed.has('asGroup');
    if (draftChanged) this.clientId = undefined;
    if (viewer && draftChanged && this.loadedDraft === `${viewer.member.id}|${this.scope}`) {
      writeDraft(viewer.member.id, this.scope, {
        recipients: this.chosen,
        body: this.body,
        asGroup: this.asGroup,
      });
    }
    if (changed.has('activeIndex') && this.activeIndex >= 0) {
      this.renderRoot
        .querySelector(`#${this.optionId(this.activeIndex)}`)
        ?.scrollIntoView({ block: 'nearest' });
    }
  }

  /** The backend's limits: every limit shown and checked follows them. */
  private get policy(): Policy {
    return this.policyController.value;
  }

  private loadDraft(viewer: Viewer) {
    this.loadedDraft = `${viewer.member.id}|${this.scope}`;
    // Start from nothing: after a change of viewer, the previous member's draft must not show.
    this.chosen = [];
    this.body = '';
    this.asGroup = undefined;
    const draft = readDraft(viewer.member.id, this.scope);
    if (draft) {
      this.chosen = draft.recipients;
      this.body = draft.body;
      this.asGroup = draft.asGroup;
      return;
    }
    const preset = this.presetRecipients;
    if (preset?.length) void this.resolvePreset(viewer, preset);
  }

  /** Turns preset references into chips, with names from the directory. */
  private async resolvePreset(viewer: Viewer, refs: readonly PartyRef[]) {
    const client = this.viewer.client;
    if (!client) return;
    const scope = this.scope;
    const self = partyKey(viewer.member);
    const found: Party[] = [];
    let error: string | undefined;
    for (const ref of refs) {
      if (partyKey(ref) === self) {
        error = this.locale.strings.composeErrorSelfOnly;
        continue;
      }
      try {
        found.push(await client.getParty(partyRef(ref)));
      } catch (cause) {
        error = this.errorText(cause instanceof NotFoundError ? this.unknownRecipient() : cause);
      }
    }
    if (scope !== this.scope) return;
    const limited = this.withinLimit(found);
    if (limited.length < found.length) error = this.recipientLimitText();
    this.chosen = [...this.chosen, ...limited.filter((p) => !this.isChosen(p))];
    if (error) this.errors = { ...this.errors, recipients: error };
  }

  private unknownRecipient(): ValidationError {
    return new ValidationError('unknown-recipient', this.locale.strings.composeErrorUnknownRecipient, {
      field: 'recipients',
    });
  }

  private withinLimit(parties: readonly Party[]): readonly Party[] {
    return parties.slice(0, Math.max(0, this.policy.maxInvitees - this.chosen.length));
  }

  private isChosen(party: PartyRef): boolean {
    const key = partyKey(party);
    return this.chosen.some((p) => partyKey(p) === key);
  }

  private get atLimit(): boolean {
    return this.chosen.length >= this.policy.maxInvitees;
  }

  private recipientLimitText(): string {
    const limit = this.policy.maxInvitees;
    return this.locale.strings.composeRecipientLimit(limit, this.locale.number(limit));
  }

  private get sender(): PartyRef | undefined {
    const viewer = this.viewer.value;
    if (!viewer) return undefined;
    return this.asGroup ? { kind: 'group', id: this.asGroup } : partyRef(viewer.member);
  }

  // ---- rendering --------------------------------------------------------------------------

  override render() {
    const form = this.renderForm();
    if (!this.dialog) return form;
    return html`<dialog
      part="dialog"
      aria-labelledby="title"
      @close=${this.onDialogClose}
      @keydown=${this.onDialogKeydown}
    >
      ${this.dialogOpen ? form : nothing}
    </dialog>`;
  }

  private renderForm(): TemplateResult {
    const strings = this.locale.strings;
    const viewer = this.viewer.value;
    return html`<form part="form" novalidate @submit=${this.onSubmit} aria-labelledby="title">
      <div part="header" class="header">
        <h2 part="title" id="title">${strings.composeTitle}</h2>
        ${
          this.dialog
            ? html`<button part="close-button" class="close" type="button" @click=${() => this.close()}>
                <span aria-hidden="true">×</span><span class="visually-hidden">${strings.composeClose}</span>
              </button>`
            : nothing
        }
      </div>
      ${
        viewer
          ? html`${this.renderRecipients()} ${this.renderSendAs(viewer)} ${this.renderMessage()}
            ${this.renderNotices()} ${this.renderActions()}`
          : html`<p role="status">${this.viewer.client ? strings.loading : strings.unavailable}</p>
              ${this.renderNotices()}`
      }
    </form>`;
  }

  private renderAvatar(party: Party) {
    const src = safeUrl(party.avatarUrl);
    return src
      ? html`<img part="avatar" class="avatar" src=${src} alt="" />`
      : html`<span part="avatar" class="avatar" aria-hidden="true"
          >${initials(party.name, this.locale.locale)}</span
        >`;
  }

  private kindLabel(party: Party): string {
    return party.kind === 'group'
      ? this.locale.strings.composeKindGroup
      : this.locale.strings.composeKindMember;
  }

  private optionId(index: number): string {
    return `option-${this.instance}-${index}`;
  }

  /** What the polite status region says: a chip added or removed, else how the search went. */
  private recipientStatus(): string {
    const strings = this.locale.strings;
    if (this.announcement) return this.announcement;
    switch (this.searchStatus) {
      case 'searching':
        return strings.composeSearching;
      case 'error':
        return strings.unavailable;
      case 'done':
        return this.results.length === 0
          ? strings.composeNoResults(this.query.trim())
          : strings.composeResults(this.results.length, this.locale.number(this.results.length));
      default:
        return '';
    }
  }

  private renderRecipients() {
    const strings = this.locale.strings;
    const expanded = this.results.length > 0 && this.query.trim() !== '';
    const error = this.errors.recipients;
    const hint = this.atLimit ? this.recipientLimitText() : strings.composeRecipientsHint;
    const status = this.recipientStatus();
    return html`<div part="recipients" class="field recipients">
      <label id="to-label" for="to-input">${strings.composeRecipients}</label>
      ${
        this.chosen.length
          ? html`<ul class="chips" aria-label=${strings.composeChosen}>
              ${this.chosen.map(
                (party) =>
                  html`<li part="chip" class="chip">
                    ${this.renderAvatar(party)}<span class="name">${party.name}</span>
                    <span part="kind" class="kind">${this.kindLabel(party)}</span>
                    <button
                      part="chip-remove"
                      class="chip-remove"
                      type="button"
                      aria-label=${strings.composeRemoveRecipient(party.name)}
                      @click=${() => this.removeRecipient(party, true)}
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
          @input=${this.onQueryInput}
          @keydown=${this.onQueryKeydown}
          @blur=${this.onQueryBlur}
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
                      class=${classMap({ option: true, active: index === this.activeIndex })}
                      role="option"
                      aria-selected=${index === this.activeIndex ? 'true' : 'false'}
                      @click=${() => this.choose(party)}
                    >
                      ${this.renderAvatar(party)}<span class="name">${party.name}</span>
                      <span part="kind" class="kind">${this.kindLabel(party)}</span>
                    </li>`,
                )
              : nothing
          }
        </ul>
      </div>
      <p id="to-hint" class="hint">${hint}</p>
      <p id="to-error" part="error" class="error">${error ?? nothing}</p>
      <p class="visually-hidden" role="status">${status}</p>
    </div>`;
  }

  private renderSendAs(viewer: Viewer) {
    const strings = this.locale.strings;
    const groups = [...viewer.managedGroups];
    // A group the member chose but no longer manages stays visible (checked) with its error, so
    // the draft is not silently changed under them.
    const stale = this.asGroup && !groups.some((g) => g.id === this.asGroup);
    if (!groups.length && !stale) return nothing;
    const error = this.errors.asGroup;
    const option = (value: string, label: string) =>
      html`<label class="choice">
        <input
          type="radio"
          name="send-as"
          .value=${value}
          .checked=${live((this.asGroup ?? '') === value)}
          aria-describedby="as-error"
          aria-invalid=${error ? 'true' : 'false'}
          @change=${() => this.chooseSender(value)}
        />
        ${label}
      </label>`;
    return html`<fieldset part="send-as" class="field send-as">
      <legend>${strings.composeSendAs}</legend>
      ${option('', strings.composeSendAsSelf(viewer.member.name))}
      ${groups.map((group) => option(group.id, group.name))}
      ${stale ? option(this.asGroup ?? '', this.asGroupName(viewer)) : nothing}
      <p id="as-error" part="error" class="error">${error ?? nothing}</p>
    </fieldset>`;
  }

  private asGroupName(viewer: Viewer): string {
    const id = this.asGroup;
    return (
      viewer.managedGroups.find((g) => g.id === id)?.name ??
      viewer.groups.find((g) => g.id === id)?.name ??
      this.chosen.find((p) => p.kind === 'group' && p.id === id)?.name ??
      id ??
      ''
    );
  }

  private renderMessage() {
    const strings = this.locale.strings;
    const check = checkMessageBody(this.body, this.policy);
    const over = check.remaining < 0;
    const error = this.errors.body;
    return html`<div class="field message">
      <label for="body">${strings.composeMessage}</label>
      <textarea
        part="textarea"
        id="body"
        aria-describedby="counter body-error"
        aria-invalid=${error || over ? 'true' : 'false'}
        .value=${live(this.body)}
        @input=${this.onBodyInput}
      ></textarea>
      <p part="counter" id="counter" class=${classMap({ counter: true, over })}>
        ${strings.composeCharactersLeft(check.remaining, this.locale.number(Math.abs(check.remaining)))}
      </p>
      <p class="visually-hidden" aria-live="polite">
        ${over ? strings.composeCharactersLeft(check.remaining, this.locale.number(-check.remaining)) : ''}
      </p>
      <p id="body-error" part="error" class="error">${error ?? nothing}</p>
    </div>`;
  }

  private renderNotices() {
    const strings = this.locale.strings;
    const href = safeUrl(this.codeOfConductHref);
    const showGuidance = this.hasSlottedGuidance || Boolean(this.guidance);
    return html`<div part="notices" class="notices">
      <div part="guidance" class="guidance" ?hidden=${!showGuidance}>
        <slot name="guidance" @slotchange=${this.onGuidanceSlotChange}>${this.guidance ?? nothing}</slot>
      </div>
      <p part="conduct" class="conduct">
        ${strings.composeConductBefore}${
          href
            ? html`<a href=${href} target="_blank" rel="noopener">${strings.composeConductLink}</a>`
            : strings.composeConductLink
        }${strings.composeConductAfter}
      </p>
    </div>`;
  }

  private renderActions() {
    const strings = this.locale.strings;
    return html`<div class="actions">
      <p id="form-error" part="error" class="error" role="alert">${this.errors.form ?? nothing}</p>
      <button part="send-button" class="send" type="submit" aria-disabled=${this.sending ? 'true' : 'false'}>
        ${this.sending ? strings.composeSending : strings.composeSend}
      </button>
    </div>`;
  }

  // ---- recipients ---------------------------------------------------------------------------

  private resetSearch() {
    clearTimeout(this.searchTimer);
    this.searchTimer = undefined;
    this.searchAbort?.abort();
    this.searchAbort = undefined;
    this.results = [];
    this.activeIndex = -1;
    this.searchStatus = 'idle';
  }

  private onQueryInput(event: Event) {
    this.query = (event.target as HTMLInputElement).value;
    this.announcement = '';
    this.resetSearch();
    const text = this.query.trim();
    if (this.errors.recipients) this.errors = { ...this.errors, recipients: undefined };
    if (!text) return;
    if (this.atLimit) {
      // Refuse at once, where the member is typing: a tenth recipient is not searched for.
      this.errors = { ...this.errors, recipients: this.recipientLimitText() };
      return;
    }
    this.searchTimer = setTimeout(() => void this.search(text), SEARCH_DELAY_MS);
  }

  private async search(text: string) {
    const client = this.viewer.client;
    if (!client) return;
    const abort = new AbortController();
    this.searchAbort = abort;
    this.searchStatus = 'searching';
    try {
      const found = await client.search(text, { signal: abort.signal });
      if (abort.signal.aborted) return;
      const viewer = this.viewer.value;
      const excluded = new Set([
        ...(viewer ? [partyKey(viewer.member)] : []),
        ...(this.asGroup ? [partyKey({ kind: 'group', id: this.asGroup })] : []),
        ...this.chosen.map(partyKey),
      ]);
      this.results = found.filter((party) => !excluded.has(partyKey(party)));
      this.activeIndex = -1;
      this.searchStatus = 'done';
    } catch (error) {
      if (abort.signal.aborted) return;
      warn('directory search failed', error);
      this.results = [];
      this.searchStatus = 'error';
    }
  }

  private onQueryKeydown(event: KeyboardEvent) {
    const count = this.results.length;
    const expanded = count > 0 && this.query.trim() !== '';
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        if (!expanded) return;
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        this.activeIndex =
          this.activeIndex < 0 ? (step > 0 ? 0 : count - 1) : (this.activeIndex + step + count) % count;
        return;
      }
      case 'Enter':
        // Enter in the search never submits the form: a half-typed name is not a message.
        event.preventDefault();
        if (expanded && this.activeIndex >= 0) this.choose(this.results[this.activeIndex]);
        else if (expanded && count === 1) this.choose(this.results[0]);
        return;
      case 'Escape':
        if (expanded || this.query) {
          // Close the results (then clear the text) before Escape may close the dialog.
          event.preventDefault();
          event.stopPropagation();
          if (expanded) this.resetSearch();
          else this.query = '';
        }
        return;
      case 'Backspace':
        if (this.query === '' && this.chosen.length) {
          event.preventDefault();
          this.removeRecipient(this.chosen[this.chosen.length - 1], false);
        }
        return;
      default:
    }
  }

  private onQueryBlur() {
    // The results list keeps its contents but is hidden by losing the active option only; a
    // click on an option is kept from blurring the input (mousedown is prevented on the list).
    this.activeIndex = -1;
  }

  private choose(party: Party) {
    const sender = this.sender;
    if (!sender) return;
    try {
      normalizeRecipients([...this.chosen.map(partyRef), partyRef(party)], sender, this.policy);
    } catch (error) {
      this.errors = { ...this.errors, recipients: this.errorText(error) };
      return;
    }
    if (!this.isChosen(party)) this.chosen = [...this.chosen, party];
    this.query = '';
    this.resetSearch();
    this.announcement = this.locale.strings.composeAdded(party.name);
    this.errors = { ...this.errors, recipients: undefined, form: undefined };
    this.recipientInput?.focus();
  }

  private removeRecipient(party: Party, refocus: boolean) {
    const key = partyKey(party);
    this.chosen = this.chosen.filter((p) => partyKey(p) !== key);
    this.announcement = this.locale.strings.composeRemoved(party.name);
    this.errors = { ...this.errors, recipients: undefined };
    if (refocus) this.recipientInput?.focus();
  }

  // ---- sender and message -------------------------------------------------------------------

  private chooseSender(value: string) {
    this.asGroup = value || undefined;
    this.errors = { ...this.errors, asGroup: undefined, recipients: undefined };
  }

  private onBodyInput(event: Event) {
    this.body = (event.target as HTMLTextAreaElement).value;
    if (this.errors.body) this.errors = { ...this.errors, body: undefined };
  }

  private onGuidanceSlotChange(event: Event) {
    const slot = event.target as HTMLSlotElement;
    this.hasSlottedGuidance = slot
      .assignedNodes({ flatten: true })
      .some((node) => node.nodeType === Node.ELEMENT_NODE || Boolean(node.textContent?.trim()));
  }

  // ---- sending ------------------------------------------------------------------------------

  private async onSubmit(event: SubmitEvent) {
    event.preventDefault();
    if (this.sending) return;
    const client = this.viewer.client;
    const viewer = this.viewer.value;
    if (!client || !viewer) return;
    const strings = this.locale.strings;
    const errors: Errors = {};
    let sender: PartyRef = partyRef(viewer.member);
    const asGroup = this.asGroup;
    if (asGroup) {
      if (viewer.managedGroups.some((g) => g.id === asGroup)) sender = { kind: 'group', id: asGroup };
      else errors.asGroup = strings.composeErrorNotManager(this.asGroupName(viewer));
    }
    let recipients: PartyRef[] = [];
    try {
      recipients = normalizeRecipients(this.chosen.map(partyRef), sender, this.policy);
    } catch (error) {
      errors.recipients = this.errorText(error);
    }
    const check = checkMessageBody(this.body, this.policy);
    if (!check.ok) errors.body = this.errorText(check.error);
    if (!check.ok || errors.asGroup || errors.recipients) {
      this.showErrors(errors);
      return;
    }
    this.sending = true;
    this.errors = {};
    this.clientId ??= createClientId();
    try {
      const result = await client.startConversation({
        recipients,
        body: check.text,
        clientId: this.clientId,
        ...(asGroup ? { asGroup } : {}),
      });
      clearDraft(viewer.member.id, this.scope);
      // Load the (now empty) draft again: a profile's compose starts over with its recipient.
      this.loadedDraft = undefined;
      this.requestUpdate();
      const started = new ConvConversationStartedEvent(result.conversation, result.message);
      this.dispatchEvent(started);
      if (this.dialog) this.close();
    } catch (error) {
      this.showErrors({ [this.fieldOf(error)]: this.errorText(error) });
    } finally {
      this.sending = false;
    }
  }

  private async showErrors(errors: Errors) {
    this.errors = errors;
    await this.updateComplete;
    const first: Record<Field, HTMLElement | null | undefined> = {
      recipients: this.recipientInput,
      asGroup: this.renderRoot.querySelector<HTMLInputElement>('input[name="send-as"]:checked'),
      body: this.bodyInput,
      form: undefined,
    };
    const field = (['recipients', 'asGroup', 'body'] as const).find((f) => errors[f]);
    if (field) first[field]?.focus();
  }

  private fieldOf(error: unknown): Field {
    if (error instanceof ValidationError || error instanceof ForbiddenError) {
      if (error instanceof ForbiddenError && error.reason === 'not-group-manager') return 'asGroup';
      if (error.field === 'recipients' || error.field === 'asGroup' || error.field === 'body')
        return error.field;
    }
    return 'form';
  }

  /** A message for the member, from this element's strings (so it is localised) where known. */
  private errorText(error: unknown): string {
    const strings = this.locale.strings;
    if (error instanceof ValidationError) {
      const limit = this.locale.number(error.limit ?? 0);
      switch (error.reason) {
        case 'empty':
          return strings.composeErrorEmpty;
        case 'too-long':
          return strings.composeErrorTooLong(limit, this.locale.number(error.actual ?? 0));
        case 'too-large':
          return strings.composeErrorTooLarge;
        case 'malformed-text':
          return strings.composeErrorMalformed;
        case 'no-recipients':
          return strings.composeErrorNoRecipients;
        case 'self-only':
          return strings.composeErrorSelfOnly;
        case 'too-many-recipients':
          return strings.composeErrorTooManyRecipients(limit);
        case 'unknown-recipient':
          return strings.composeErrorUnknownRecipient;
        default:
      }
    }
    if (error instanceof ForbiddenError && error.reason === 'not-group-manager') {
      const viewer = this.viewer.value;
      return strings.composeErrorNotManager(viewer ? this.asGroupName(viewer) : '');
    }
    return strings.composeErrorFailed(isConvError(error) ? error.message : strings.unavailable);
  }

  // ---- dialog -------------------------------------------------------------------------------

  /**
   * A modal dialog makes the page behind it inert, but Tab from its last control still leaves for
   * the browser's own interface; wrapping between the first and last control keeps focus inside.
   */
  private onDialogKeydown(event: KeyboardEvent) {
    if (event.key !== 'Tab') return;
    const first = this.renderRoot.querySelector<HTMLElement>('.close');
    const last = this.renderRoot.querySelector<HTMLElement>('.send') ?? first;
    const active = this.shadowRoot?.activeElement;
    if (!first || !last) return;
    if (!event.shiftKey && active === last) {
      event.preventDefault();
      first.focus();
    } else if (event.shiftKey && active === first) {
      event.preventDefault();
      last.focus();
    }
  }

  private onDialogClose() {
    this.dialogOpen = false;
    this.pendingFocus = undefined;
    this.resetSearch();
    const opener = this.opener;
    this.opener = undefined;
    if (opener?.isConnected) opener.focus();
  }
}
