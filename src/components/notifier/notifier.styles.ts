import { css } from 'lit';

export const notifierStyles = css`
  :host {
    display: block;
    position: fixed;
    inset-block-end: var(--conv-notifier-offset, 1rem);
    inset-inline-end: var(--conv-notifier-offset, 1rem);
    z-index: var(--conv-notifier-z-index, 1000);
    inline-size: min(22rem, calc(100vw - 2 * var(--conv-notifier-offset, 1rem)));
    font-family: var(--conv-font-family, inherit);
  }
  :host([inline]) {
    position: static;
    inline-size: auto;
  }
  :host([hidden]) {
    display: none;
  }
  ul {
    display: grid;
    gap: 0.5rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  [part='notice'] {
    display: grid;
    grid-template-columns: 1fr auto auto;
    align-items: center;
    gap: 0.5rem;
    padding: 0.75rem;
    border: 1px solid var(--conv-color-border, light-dark(#c4c7cf, #4a4d55));
    border-radius: var(--conv-radius, 0.5rem);
    background: var(--conv-color-surface, light-dark(#fff, #1f2126));
    color: var(--conv-color-text, light-dark(#1b1c1f, #e8e9ec));
    box-shadow: 0 4px 16px rgb(0 0 0 / 0.18);
    color-scheme: var(--conv-color-scheme, light dark);
  }
  p {
    margin: 0;
    overflow-wrap: anywhere;
  }
  button {
    min-block-size: 2rem;
    min-inline-size: 2rem;
    border: 1px solid transparent;
    border-radius: var(--conv-radius, 0.5rem);
    font: inherit;
    cursor: pointer;
  }
  [part='open'] {
    padding-inline: 0.75rem;
    background: var(--conv-color-accent, light-dark(#1a5fb4, #8ab4f8));
    color: var(--conv-color-on-accent, light-dark(#fff, #0b1d33));
  }
  [part='dismiss'] {
    background: transparent;
    color: inherit;
  }
  button:focus-visible {
    outline: 2px solid var(--conv-color-focus, light-dark(#1a5fb4, #8ab4f8));
    outline-offset: 2px;
  }
  @media (forced-colors: active) {
    [part='notice'] {
      border-color: CanvasText;
    }
    [part='open'] {
      border-color: ButtonText;
    }
  }
`;
