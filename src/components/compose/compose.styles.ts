import { css } from 'lit';

export const composeStyles = css`
  :host {
    display: block;
    /* A form: fields sit two density steps apart, and inputs take the stronger field border. */
    --_gap: calc(var(--_space) * 2);
    --_avatar: var(--conv-compose-avatar-size, 1.75rem);
    color: var(--_text);
  }
  :host([hidden]) {
    display: none;
  }
  :host([dialog]) {
    display: contents;
  }

  dialog {
    box-sizing: border-box;
    inline-size: min(var(--conv-compose-width, 36rem), calc(100vw - 2rem));
    max-block-size: calc(100dvh - 2rem);
    padding: 0;
    border: 1px solid var(--_field-border);
    border-radius: var(--_radius);
    background: var(--_background);
    color: var(--_text);
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.45);
  }

  form {
    display: grid;
    gap: var(--_gap);
    padding: var(--_gap);
    background: var(--_background);
  }
  .header {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: var(--_gap);
  }
  h2 {
    margin: 0;
    font-size: 1.25rem;
  }

  .field {
    display: grid;
    gap: calc(var(--_gap) / 4);
    min-inline-size: 0;
    margin: 0;
    padding: 0;
    border: 0;
  }
  label,
  legend {
    font-weight: 600;
  }
  legend {
    padding: 0;
    margin-block-end: calc(var(--_gap) / 4);
  }
  .hint,
  .counter {
    margin: 0;
    color: var(--_muted);
    font-size: 0.875rem;
  }
  .counter.over {
    color: var(--_danger);
    font-weight: 600;
  }
  .error {
    margin: 0;
    color: var(--_danger);
    font-size: 0.875rem;
  }
  .error:empty {
    display: none;
  }

  input[type='text'],
  textarea {
    box-sizing: border-box;
    inline-size: 100%;
    padding: calc(var(--_gap) / 2);
    border: 1px solid var(--_field-border);
    border-radius: var(--_radius);
    background: var(--_background);
    color: inherit;
    font: inherit;
  }
  textarea {
    resize: vertical;
    min-block-size: calc(var(--conv-compose-message-rows, 6) * 1.5em);
    line-height: 1.5;
  }
  [aria-invalid='true'] {
    border-color: var(--_danger);
  }
  :is(input, textarea, button, a):focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }

  .chips {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_gap) / 4);
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .chip {
    display: inline-flex;
    align-items: center;
    gap: 0.375rem;
    padding-block: 0.125rem;
    padding-inline: 0.25rem 0.125rem;
    border: 1px solid var(--_field-border);
    border-radius: 999px;
    background: var(--_surface);
  }
  .chip .avatar {
    --_avatar: 1.5rem;
  }
  .chip-remove,
  .close {
    display: inline-grid;
    place-items: center;
    min-inline-size: 24px;
    min-block-size: 24px;
    padding: 0;
    border: 0;
    border-radius: 999px;
    background: transparent;
    color: inherit;
    font: inherit;
    font-size: 1.125rem;
    line-height: 1;
    cursor: pointer;
  }
  .close {
    min-inline-size: 2rem;
    min-block-size: 2rem;
  }
  .chip-remove:hover,
  .close:hover {
    background: color-mix(in srgb, currentColor 12%, transparent);
  }

  .combo {
    position: relative;
  }
  [role='listbox'] {
    position: absolute;
    z-index: 1;
    inset-inline: 0;
    inset-block-start: calc(100% + 2px);
    max-block-size: 16rem;
    overflow-y: auto;
    margin: 0;
    padding: 0.25rem;
    border: 1px solid var(--_field-border);
    border-radius: var(--_radius);
    background: var(--_background);
    list-style: none;
    box-shadow: 0 4px 16px rgb(0 0 0 / 0.2);
  }
  [role='listbox'][hidden] {
    display: none;
  }
  .option {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    padding: 0.375rem 0.5rem;
    border-radius: calc(var(--_radius) / 2);
    cursor: pointer;
  }
  .option:hover {
    background: var(--_surface);
  }
  .option.active {
    outline: 2px solid var(--_accent);
    outline-offset: -2px;
    background: var(--_surface);
  }
  .name {
    overflow-wrap: anywhere;
  }
  .kind {
    --_kind-padding: 0 0.375rem;
    --_kind-border: var(--_field-border);
    --_kind-radius: 999px;
    --_kind-size: 0.75rem;
  }
  .option .kind {
    margin-inline-start: auto;
  }
  .option.refusing {
    flex-wrap: wrap;
    cursor: not-allowed;
  }
  .option.refusing .name {
    color: var(--_muted);
  }
  .reason {
    flex-basis: 100%;
    font-size: 0.875em;
    color: var(--_muted);
  }
  .avatar {
    display: inline-grid;
    flex: none;
    place-items: center;
    inline-size: var(--_avatar);
    block-size: var(--_avatar);
    border-radius: 50%;
    object-fit: cover;
    background: var(--_accent);
    color: var(--_on-accent);
    font-size: calc(var(--_avatar) * 0.4);
    font-weight: 700;
  }

  .send-as .choice {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    font-weight: normal;
  }
  input[type='radio'] {
    inline-size: 1.125rem;
    block-size: 1.125rem;
    margin: 0;
    accent-color: var(--_accent);
  }

  .notices {
    display: grid;
    gap: calc(var(--_gap) / 2);
    font-size: 0.875rem;
  }
  .guidance {
    padding: calc(var(--_gap) / 2);
    border-inline-start: 4px solid var(--_accent);
    background: var(--_surface);
  }
  .guidance[hidden] {
    display: none;
  }
  .conduct {
    margin: 0;
    color: var(--_muted);
  }
  a {
    color: var(--_accent);
  }

  .actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: flex-end;
    gap: var(--_gap);
  }
  .actions .error {
    flex: 1 1 12rem;
  }
  .send {
    min-block-size: 2.5rem;
    padding-inline: 1.25rem;
    border: 1px solid transparent;
    border-radius: var(--_radius);
    background: var(--_accent);
    color: var(--_on-accent);
    font: inherit;
    font-weight: 600;
    cursor: pointer;
  }
  .send[aria-disabled='true'] {
    cursor: progress;
    opacity: 0.8;
  }

  @media (forced-colors: active) {
    .option.active {
      outline-color: Highlight;
      forced-color-adjust: none;
      background: Highlight;
      color: HighlightText;
    }
    .avatar {
      border: 1px solid CanvasText;
    }
    .send {
      border-color: ButtonText;
    }
    :is(input, textarea, button, a):focus-visible {
      outline-color: Highlight;
    }
  }
`;
