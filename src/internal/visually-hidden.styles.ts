import { css } from 'lit';

/** `.visually-hidden`: text for screen readers only, kept in the accessibility tree. */
export const visuallyHidden = css`
  .visually-hidden {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
