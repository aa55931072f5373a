import { html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';

/** One sender a member may write as: themselves (`id` '') or a group they manage. */
export interface SenderChoice {
  readonly id: string;
  readonly name: string;
}

export interface SendAsOptions {
  readonly legend: string;
  readonly choices: readonly SenderChoice[];
  /** The chosen id ('' for the member themselves). */
  readonly value: string;
  /** The member chose another sender. */
  readonly onChange: (id: string) => void;
  /** Why the chosen sender cannot be used; shown with `id="as-error"`, and marks the choice invalid. */
  readonly error?: string;
  /** Rendered with an error line (empty until there is an error). */
  readonly withError?: boolean;
}

/**
 * "Send as": the member or one of the groups they manage, as a radio group. Radios, not a
 * `<select>`: the choices are few, all of them stay visible with the one in use, and the group is
 * one Tab stop whose arrow keys choose. Compose and the thread's reply box render the same one.
 * Styled by the host (`.send-as`, `.choice`); the fieldset is `part="send-as"`.
 */
export function renderSendAs({ legend, choices, value, onChange, error, withError }: SendAsOptions) {
  const describedBy = withError ? 'as-error' : undefined;
  return html`<fieldset part="send-as" class="field send-as">
    <legend>${legend}</legend>
    ${choices.map(
      (choice) =>
        html`<label class="choice">
          <input
            type="radio"
            name="send-as"
            .value=${choice.id}
            .checked=${live(value === choice.id)}
            aria-describedby=${describedBy ?? nothing}
            aria-invalid=${error ? 'true' : 'false'}
            @change=${() => onChange(choice.id)}
          />
          ${choice.name}
        </label>`,
    )}
    ${withError ? html`<p id="as-error" part="error" class="error">${error ?? nothing}</p>` : nothing}
  </fieldset>`;
}
