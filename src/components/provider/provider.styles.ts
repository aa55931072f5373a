import { css } from '@lit/reactive-element/css-tag.js';

export const providerStyles = css`
  /* A provider is plumbing: it must not add a box to the portal's layout. */
  :host {
    display: contents;
  }
  :host([hidden]) {
    display: none;
  }
`;
