import { css } from 'lit';

/**
 * The global design tokens, each with one default, for every element's shadow root: a portal
 * sets the public `--conv-*` properties once and every element follows, and with nothing set all
 * elements share the same greys, spacing and corners. Elements read the private `--_*` names and
 * list this sheet first in `static styles`, so their own `:host` rules can add to it.
 *
 * Two borders on purpose: `--conv-color-border` separates areas (a hairline is enough), while
 * `--conv-color-field-border` outlines inputs, which must keep 3:1 against their background.
 */
export const themeTokens = css`
  :host {
    color-scheme: var(--conv-color-scheme, light dark);
    font-family: var(--conv-font-family, inherit);
    --_space: var(--conv-space, 0.5rem);
    --_radius: var(--conv-radius, 0.5rem);
    --_text: var(--conv-color-text, light-dark(#1f1f1f, #e8e8e8));
    --_muted: var(--conv-color-text-muted, light-dark(#595959, #b0b0b0));
    --_background: var(--conv-color-background, light-dark(#fff, #121212));
    --_surface: var(--conv-color-surface, light-dark(#f2f2f2, #242424));
    --_border: var(--conv-color-border, light-dark(#c4c4c4, #5c5c5c));
    --_field-border: var(--conv-color-field-border, light-dark(#74757c, #8e8f96));
    --_accent: var(--conv-color-accent, light-dark(#1a5fb4, #99c1f1));
    --_on-accent: var(--conv-color-on-accent, light-dark(#fff, #0b1d33));
    --_focus: var(--conv-color-focus, light-dark(#1a5fb4, #99c1f1));
    --_danger: var(--conv-color-danger, light-dark(#b3261e, #f2b8b5));
  }
`;
