import { css } from '@lit/reactive-element/css-tag.js';

/**
 * A visible tooltip for icon-only buttons, from their `data-tooltip` (the same words as their
 * accessible name): shown on hover and on keyboard focus, never on a mouse click's focus, with
 * no script and no library. It is decoration: the name the button already has is what assistive
 * technology reads, so the tooltip is hidden from it (generated content in `::after`).
 */
export const tooltipStyles = css`
  [data-tooltip] {
    position: relative;
  }
  [data-tooltip]::after {
    content: attr(data-tooltip);
    position: absolute;
    inset-block-start: calc(100% + 4px);
    inset-inline-end: 0;
    z-index: 1;
    padding: 2px 6px;
    border-radius: 4px;
    font-size: 0.8rem;
    line-height: 1.3;
    white-space: nowrap;
    color: var(--conv-tooltip-color, light-dark(#fff, #121212));
    background: var(--conv-tooltip-background, light-dark(#1f1f1f, #e8e8e8));
    pointer-events: none;
    opacity: 0;
    visibility: hidden;
  }
  [data-tooltip]:hover::after,
  [data-tooltip]:focus-visible::after {
    opacity: 1;
    visibility: visible;
  }
`;
