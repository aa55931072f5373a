/**
 * The parts of compose's form that are not a controller of their own: the title row, the message
 * box with its counter, the send row, and the checks a start must pass before it is sent. The
 * element keeps the state; these render it and say what is wrong with it.
 */
import { html, nothing } from 'lit';
import { classMap } from 'lit/directives/class-map.js';
import { live } from 'lit/directives/live.js';
import type { Policy } from '../../core/policy.js';
import { normalizeRecipients } from '../../core/recipients.js';
import { partyRef, type GroupId, type Party, type PartyRef, type Viewer } from '../../core/types.js';
import type { ConvStrings } from '../../i18n/strings.js';
import type { MessageFieldController } from '../../internal/message-field.js';
import type { Field } from './compose-errors.js';
import { senderOf } from './compose-sender.js';

/** An error text per field of the form. */
export type Errors = Partial<Record<Field, string>>;

/** The fields focus can be sent to, in the order a member fixes them. */
const FOCUSABLE = {
  recipients: '#to-input',
  asGroup: 'input[name="send-as"]:checked',
  body: '#body',
} as const;

/** Focuses a field, or the first one `errors` has an error for; false while it is not rendered. */
export function focusField(root: ParentNode, field: keyof typeof FOCUSABLE | Errors): boolean {
  const name =
    typeof field === 'string'
      ? field
      : (['recipients', 'asGroup', 'body'] as const).find((candidate) => field[candidate]);
  const target = name ? root.querySelector<HTMLElement>(FOCUSABLE[name]) : null;
  target?.focus();
  return target !== null;
}

/** The title, and in a dialog the close button. */
export function renderComposeHeader(strings: ConvStrings, close: (() => void) | undefined) {
  return html`<div part="header" class="header">
    <h2 part="title" id="title">${strings.composeTitle}</h2>
    ${
      close
        ? html`<button part="close-button" class="close" type="button" @click=${close}>
            <span aria-hidden="true">×</span><span class="visually-hidden">${strings.composeClose}</span>
          </button>`
        : nothing
    }
  </div>`;
}

/** The message box, the characters left (said aloud once over the limit) and its error. */
export function renderComposeMessage(
  strings: ConvStrings,
  message: MessageFieldController,
  error: string | undefined,
) {
  return html`<div class="field message">
    <label for="body">${strings.composeMessage}</label>
    <textarea
      part="textarea"
      id="body"
      aria-describedby="counter body-error"
      aria-invalid=${error || message.over ? 'true' : 'false'}
      .value=${live(message.value)}
      @input=${message.onInput}
    ></textarea>
    <p part="counter" id="counter" class=${classMap({ counter: true, over: message.over })}>
      ${message.counterText}
    </p>
    <p class="visually-hidden" aria-live="polite">${message.over ? message.counterText : ''}</p>
    <p id="body-error" part="error" class="error">${error ?? nothing}</p>
  </div>`;
}

/** The form's own error (an alert) and the send button, which says so while sending. */
export function renderComposeActions(strings: ConvStrings, error: string | undefined, sending: boolean) {
  return html`<div class="actions">
    <p id="form-error" part="error" class="error" role="alert">${error ?? nothing}</p>
    <button part="send-button" class="send" type="submit" aria-disabled=${sending ? 'true' : 'false'}>
      ${sending ? strings.composeSending : strings.composeSend}
    </button>
  </div>`;
}

export interface StartDraft {
  readonly viewer: Viewer;
  readonly asGroup: GroupId | undefined;
  readonly chosen: readonly Party[];
  readonly message: MessageFieldController;
  readonly policy: Policy;
  /** A refusal in the member's words. */
  readonly errorText: (error: unknown) => string;
  /** "You no longer manage …", for a chosen group the member no longer manages. */
  readonly notManager: () => string;
}

/**
 * What the form holds, checked as the client will check it: the recipients and the text to start
 * with, or an error for each field that is wrong (all of them at once, not the first only).
 */
export function checkStart(
  draft: StartDraft,
): { readonly errors: Errors } | { readonly recipients: PartyRef[]; readonly body: string } {
  const { sender, error: asGroupError } = senderOf(draft.viewer, draft.asGroup, draft.notManager);
  const errors: Errors = asGroupError ? { asGroup: asGroupError } : {};
  let recipients: PartyRef[] = [];
  try {
    recipients = normalizeRecipients(draft.chosen.map(partyRef), sender, draft.policy);
  } catch (error) {
    errors.recipients = draft.errorText(error);
  }
  const check = draft.message.check;
  if (!check.ok) errors.body = draft.errorText(check.error);
  if (!check.ok || errors.asGroup || errors.recipients) return { errors };
  return { recipients, body: check.text };
}
