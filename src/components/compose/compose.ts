import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ConvElement } from '../../internal/conv-element.js';
import { warn } from '../../internal/dev-mode.js';
import { ViewerController } from '../../context/viewer-controller.js';
import { PolicyController } from '../../context/policy-controller.js';
import { LocaleController } from '../../i18n/locale-controller.js';
import { ConvConversationStartedEvent } from '../../events/conversation-started.js';
import { createClientId } from '../../core/ids.js';
import type { Policy } from '../../core/policy.js';
import { partyRef, type GroupId, type Party, type PartyRef, type Viewer } from '../../core/types.js';
import { MessageFieldController } from '../../internal/message-field.js';
import { composeErrorText, fieldOf } from './compose-errors.js';
import {
  checkStart,
  focusField,
  renderComposeActions,
  renderComposeHeader,
  renderComposeMessage,
  type Errors,
} from './compose-form.js';
import { deepActiveElement, ModalController } from '../../internal/modal-controller.js';
import { safeUrl } from '../../internal/parties.js';
import { groupName, renderComposeSender } from './compose-sender.js';
import { DraftController, NEW_SCOPE, scopeOf, type ComposeShowOptions } from './draft-controller.js';
import { RecipientPickerController } from './recipient-picker.js';
import { PresetRecipientsController } from './preset-recipients.js';
import { renderNotices } from './compose-notices.js';
import { composeStyles } from './compose.styles.js';
import { composeEnglish } from '../../i18n/en/compose.js';
import { addEnglish } from '../../i18n/strings-for.js';
import { themeTokens } from '../../internal/theme.styles.js';
import { visuallyHidden } from '../../internal/visually-hidden.styles.js';
import { partyStyles } from '../../internal/parties.styles.js';

// Its English entries load with it, not with the first view (i18n/en/compose.ts).
addEnglish(composeEnglish);

export type { ComposeShowOptions } from './draft-controller.js';

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
  @state() private asGroup?: GroupId;
  @state() private errors: Errors = {};
  @state() private sending = false;
  @state() private hasSlottedGuidance = false;

  private readonly recipients = new RecipientPickerController(this, {
    client: () => this.viewer.client,
    viewer: () => this.viewer.value,
    policy: () => this.policy,
    locale: this.locale,
    sender: () => this.sender,
    error: () => this.errors.recipients,
    setError: (text, { form } = {}) =>
      (this.errors = { ...this.errors, recipients: text, ...(form ? { form: undefined } : {}) }),
    errorText: (error) => this.errorText(error),
    onChange: () => this.requestUpdate(),
  });
  private readonly message = new MessageFieldController(this, {
    policy: () => this.policy,
    locale: this.locale,
    onEdit: () => {
      if (this.errors.body) this.errors = { ...this.errors, body: undefined };
    },
  });
  private readonly draft = new DraftController(this, {
    viewer: () => this.viewer.value?.member.id,
    scope: () => this.scope,
    fields: () => ({ recipients: this.recipients.chosen, body: this.message.value, asGroup: this.asGroup }),
    load: (draft) => this.loadDraft(draft),
    // Any edit makes the next send a new start (see `clientId`).
    onEdit: () => (this.clientId = undefined),
  });
  private readonly modal = new ModalController(this, {
    dialog: () => (this.dialog ? this.renderRoot.querySelector('dialog') : undefined),
    onClose: () => {
      this.dialogOpen = false;
      this.pendingFocus = undefined;
      this.recipients.dismiss();
    },
  });
  /** Preset recipients (a profile's contact button) turned into chips, with names from the directory. */
  private readonly preset = new PresetRecipientsController(this, {
    picker: this.recipients,
    scope: () => this.scope,
    policy: () => this.policy,
    locale: this.locale,
    errorText: (error) => this.errorText(error),
    showError: (text) => (this.errors = { ...this.errors, recipients: text }),
  });

  /** Which draft this is: the one opened without recipients, or one per preset recipient set. */
  private scope = NEW_SCOPE;
  /** Preset recipients waiting for the viewer (and their names) before they become chips. */
  private presetRecipients?: readonly PartyRef[];
  private pendingFocus?: 'recipients' | 'body';
  /**
   * The id of the start being attempted. Kept while the draft is unchanged, so that sending again
   * after an answer was lost (offline, timeout) lands once; any edit makes the next send new.
   */
  private clientId?: string;

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
    const active = deepActiveElement();
    // Focus already inside compose (its inline form, say) is not where the member came from.
    const opener = active && !this.shadowRoot?.contains(active) ? active : undefined;
    const scope = scopeOf(options.recipients);
    if (scope !== this.scope) {
      this.scope = scope;
      this.presetRecipients = options.recipients ? [...options.recipients] : undefined;
      this.recipients.dismiss();
      this.draft.reload();
      this.errors = {};
    }
    const wasOpen = this.dialogOpen;
    this.dialogOpen = true;
    if (this.dialog && !wasOpen) await this.modal.show(opener);
    else await this.updateComplete;
    this.pendingFocus = scope === NEW_SCOPE ? 'recipients' : 'body';
    this.applyPendingFocus();
  }

  /** Closes the dialog, keeping the draft. Focus returns to what opened it. */
  close(): void {
    if (this.modal.open) this.modal.close('button');
    else this.dialogOpen = false;
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (changed.has('dialog') && !this.dialog) this.dialogOpen = false;
    if (changed.has('codeOfConductHref') && this.codeOfConductHref && !safeUrl(this.codeOfConductHref)) {
      warn('<conv-compose> code-of-conduct-href must be an http(s) URL; the notice shows no link.');
    }
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    this.applyPendingFocus();
  }

  /** Focuses the field `show()` chose once it is rendered (the viewer may still be loading). */
  private applyPendingFocus() {
    if (this.pendingFocus && focusField(this.renderRoot, this.pendingFocus)) this.pendingFocus = undefined;
  }

  /** The backend's limits: every limit shown and checked follows them. */
  private get policy(): Policy {
    return this.policyController.value;
  }

  private get sender(): PartyRef | undefined {
    const viewer = this.viewer.value;
    if (!viewer) return undefined;
    return this.asGroup ? { kind: 'group', id: this.asGroup } : partyRef(viewer.member);
  }

  /** Fills the fields from a stored draft; else starts from nothing, with the preset recipients. */
  private loadDraft(draft: { recipients: readonly Party[]; body: string; asGroup?: GroupId } | undefined) {
    // Start from nothing: after a change of viewer, the previous member's draft must not show.
    this.recipients.chosen = draft?.recipients ?? [];
    this.message.value = draft?.body ?? '';
    this.asGroup = draft?.asGroup;
    const client = this.viewer.client;
    const viewer = this.viewer.value;
    if (!draft && client && viewer && this.presetRecipients?.length) {
      this.preset.resolve(client, viewer, this.presetRecipients, this.scope);
    }
  }

  // ---- rendering --------------------------------------------------------------------------

  override render() {
    const form = this.renderForm();
    if (!this.dialog) return form;
    return html`<dialog part="dialog" aria-labelledby="title">${this.dialogOpen ? form : nothing}</dialog>`;
  }

  private renderForm(): TemplateResult {
    const strings = this.locale.strings;
    const viewer = this.viewer.value;
    const notices = renderNotices({
      strings,
      codeOfConduct: safeUrl(this.codeOfConductHref),
      guidance: this.guidance,
      hasSlottedGuidance: this.hasSlottedGuidance,
      onSlotChange: (slotted) => (this.hasSlottedGuidance = slotted),
    });
    return html`<form part="form" novalidate @submit=${this.onSubmit} aria-labelledby="title">
      ${renderComposeHeader(strings, this.dialog ? () => this.close() : undefined)}
      ${
        viewer
          ? html`${this.recipients.render()}
            ${renderComposeSender({
              strings: this.locale.strings,
              viewer,
              asGroup: this.asGroup,
              chosen: this.recipients.chosen,
              error: this.errors.asGroup,
              onChange: (asGroup) => {
                this.asGroup = asGroup;
                this.errors = { ...this.errors, asGroup: undefined, recipients: undefined };
              },
            })}
            ${renderComposeMessage(strings, this.message, this.errors.body)} ${notices}
            ${renderComposeActions(strings, this.errors.form, this.sending)}`
          : html`<p role="status">${this.viewer.client ? strings.loading : strings.unavailable}</p>
              ${notices}`
      }
    </form>`;
  }

  // ---- sending ------------------------------------------------------------------------------

  private async onSubmit(event: SubmitEvent) {
    event.preventDefault();
    if (this.sending) return;
    const client = this.viewer.client;
    const viewer = this.viewer.value;
    if (!client || !viewer) return;
    const asGroup = this.asGroup;
    const checked = checkStart({
      viewer,
      asGroup,
      chosen: this.recipients.chosen,
      message: this.message,
      policy: this.policy,
      errorText: (error) => this.errorText(error),
      notManager: () => this.locale.strings.composeErrorNotManager(this.groupName(viewer)),
    });
    if ('errors' in checked) {
      void this.showErrors(checked.errors);
      return;
    }
    this.sending = true;
    this.errors = {};
    this.clientId ??= createClientId();
    try {
      const result = await client.startConversation({
        recipients: checked.recipients,
        body: checked.body,
        clientId: this.clientId,
        ...(asGroup ? { asGroup } : {}),
      });
      // Load the (now empty) draft again: a profile's compose starts over with its recipient.
      this.draft.clear();
      const started = new ConvConversationStartedEvent(result.conversation, result.message);
      this.dispatchEvent(started);
      if (this.dialog) this.modal.close('done');
    } catch (error) {
      void this.showErrors({ [fieldOf(error)]: this.errorText(error) });
    } finally {
      this.sending = false;
    }
  }

  private async showErrors(errors: Errors) {
    this.errors = errors;
    await this.updateComplete;
    focusField(this.renderRoot, errors);
  }

  private errorText(error: unknown): string {
    const viewer = this.viewer.value;
    const chosen = this.recipients.chosen;
    return composeErrorText(
      this.locale,
      error,
      () => (viewer ? this.groupName(viewer) : ''),
      (ids) => ids.map((id) => chosen.find((p) => p.kind === 'member' && p.id === id)?.name ?? id),
    );
  }

  private groupName(viewer: Viewer): string {
    return groupName(viewer, this.asGroup, this.recipients.chosen);
  }
}
