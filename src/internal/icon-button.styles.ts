import { css } from '@lit/reactive-element/css-tag.js';

/**
 * The icon button the envelope and the contact button share: a target of `--_size` (never below
 * the 24px WCAG minimum), an icon of `--_icon`, a hover tint and a focus ring in `--_focus`.
 * Each element's own sheet adds its border, colours and anything that sits on the icon.
 */
export const iconButton = css`
  [part='base'] {
    display: inline-grid;
    place-items: center;
    box-sizing: border-box;
    min-inline-size: max(24px, var(--_size));
    min-block-size: max(24px, var(--_size));
    margin: 0;
    padding: 0;
    border-radius: var(--conv-radius, 0.5rem);
    font: inherit;
    cursor: pointer;
    text-decoration: none;
  }
  [part='base']:hover {
    background: color-mix(in srgb, currentColor 8%, transparent);
  }
  [part='base']:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  [part='icon'] {
    inline-size: var(--_icon);
    block-size: var(--_icon);
  }
`;
