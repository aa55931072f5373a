import { css } from 'lit';

/**
 * A party's name and its "member" / "group" marker (`.party`, `.kind`), wherever names are
 * shown. An element adjusts the marker's look through private properties, not a copy of it:
 * `--_kind-radius`, `--_kind-padding`, `--_kind-border`, `--_kind-size`, `--_kind-gap`.
 */
export const partyStyles = css`
  .party {
    unicode-bidi: plaintext;
  }
  .kind {
    font-weight: 400;
    font-size: var(--_kind-size, 0.8em);
    color: var(--_muted);
    border: 1px solid var(--_kind-border, currentColor);
    border-radius: var(--_kind-radius, 0.25em);
    padding: var(--_kind-padding, 0 0.25em);
    margin-inline-start: var(--_kind-gap, 0);
  }
`;
