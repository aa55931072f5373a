import { css } from 'lit';

export const notificationSettingsStyles = css`
  :host {
    display: block;
    color-scheme: var(--conv-color-scheme, light dark);
    font-family: var(--conv-font-family, inherit);
    color: var(--conv-color-text, inherit);
    --_accent: var(--conv-color-accent, light-dark(#1a5fb4, #99c1f1));
    --_muted: var(--conv-color-text-muted, color-mix(in srgb, currentColor 72%, transparent));
    --_gap: var(--conv-notification-settings-gap, 0.75rem);
  }
  :host([hidden]) {
    display: none;
  }
  fieldset {
    margin: 0;
    padding: var(--_gap);
    border: 1px solid var(--conv-color-border, color-mix(in srgb, currentColor 25%, transparent));
    border-radius: var(--conv-radius, 0.5rem);
  }
  legend {
    padding: 0 0.25rem;
    font-weight: 600;
  }
  .option {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 0.1rem 0.6rem;
    align-items: center;
    margin-block: var(--_gap);
  }
  input {
    inline-size: 1.25rem;
    block-size: 1.25rem;
    margin: 0;
    accent-color: var(--_accent);
  }
  input:focus-visible {
    outline: 2px solid var(--conv-color-focus, light-dark(#1a5fb4, #99c1f1));
    outline-offset: 2px;
  }
  /* Not yet known: a striped track, which reads as "waiting", never as "off". */
  .placeholder {
    inline-size: 1.25rem;
    block-size: 1.25rem;
    border-radius: 0.25rem;
    background: repeating-linear-gradient(
      45deg,
      color-mix(in srgb, currentColor 22%, transparent) 0 4px,
      transparent 4px 8px
    );
  }
  .loading .label {
    color: var(--_muted);
  }
  .hint {
    grid-column: 2;
    color: var(--_muted);
    font-size: 0.875em;
  }
  [part='status'] {
    min-block-size: 1.5em;
    margin: 0;
  }
  .error {
    color: var(--conv-color-danger, light-dark(#b3261e, #f2b8b5));
  }
  button {
    font: inherit;
  }
  fieldset.nested {
    margin-block: var(--_gap);
  }
  ul {
    margin: 0;
    padding: 0;
    list-style: none;
  }
  li {
    display: flex;
    gap: 0.75rem;
    align-items: center;
    justify-content: space-between;
    padding-block: 0.25rem;
  }
  li button {
    min-block-size: 2rem;
  }
  .export {
    display: grid;
    gap: 0.25rem;
    justify-items: start;
    margin-block: var(--_gap);
  }
  .export .hint {
    grid-column: 1;
  }
`;
