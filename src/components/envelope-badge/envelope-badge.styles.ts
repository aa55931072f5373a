import { css } from '@lit/reactive-element/css-tag.js';

export const envelopeBadgeStyles = css`
  :host {
    display: inline-block;
    color-scheme: var(--conv-color-scheme, light dark);
    vertical-align: middle;
    /* One gold for light and dark pages: relative luminance 0.27 keeps 3:1 against white and
       against near-black (#121212), as WCAG 1.4.11 asks of a meaningful graphic. */
    --_unread: var(--conv-color-unread, #b8860b);
    --_size: var(--conv-envelope-badge-size, 2.5rem);
    --_icon: var(--conv-envelope-badge-icon-size, 1.5rem);
    --_neutral: var(--conv-envelope-badge-color, currentColor);
    --_focus: var(--conv-color-focus, light-dark(#1a5fb4, #99c1f1));
  }
  :host([hidden]) {
    display: none;
  }
  [part='base'] {
    position: relative;
    border: 0;
    background: transparent;
    color: var(--_neutral);
  }
  .unread [part='icon'] {
    color: var(--_unread);
  }
  /* The filled envelope (not only its colour) marks unread, for anyone who cannot tell gold. */
  .flap {
    fill: none;
  }
  .unread .body {
    fill: var(--_unread);
  }
  .unread .flap {
    stroke: var(--conv-color-on-unread, #fff);
  }
  [part='count'] {
    position: absolute;
    inset-block-start: 0;
    inset-inline-end: 0;
    min-inline-size: 1.25em;
    padding: 0 0.3em;
    border-radius: 1em;
    background: var(--conv-envelope-badge-count-background, var(--conv-color-count, #8b1a1a));
    color: var(--conv-envelope-badge-count-color, var(--conv-color-on-count, #fff));
    font-size: 0.7rem;
    font-weight: 700;
    line-height: 1.25em;
    text-align: center;
  }
  @media (forced-colors: active) {
    .unread .body {
      fill: Highlight;
    }
    .unread .flap {
      stroke: HighlightText;
    }
    [part='count'] {
      border: 1px solid CanvasText;
    }
  }
`;
