import { css } from 'lit';

export const contactButtonStyles = css`
  :host {
    display: inline-block;
    vertical-align: middle;
    --_size: var(--conv-contact-button-size, 2.5rem);
    --_icon: var(--conv-contact-button-icon-size, 1.5rem);
    --_focus: var(--conv-color-focus, light-dark(#1a5fb4, #99c1f1));
    color-scheme: var(--conv-color-scheme, light dark);
  }
  :host([hidden]) {
    display: none;
  }
  [part='base'] {
    border: 1px solid var(--conv-contact-button-border-color, currentColor);
    background: var(--conv-contact-button-background, transparent);
    color: var(--conv-contact-button-color, currentColor);
  }
  [part='base'][aria-disabled='true'] {
    cursor: not-allowed;
    opacity: 0.6;
  }
  /* The speech bubble's tail points toward the text that follows it. */
  :host(:dir(rtl)) [part='icon'] {
    transform: scaleX(-1);
  }
  @media (forced-colors: active) {
    [part='base'] {
      border-color: ButtonText;
    }
    [part='base']:focus-visible {
      outline-color: Highlight;
    }
  }
`;
