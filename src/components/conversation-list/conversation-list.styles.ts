import { css } from 'lit';

export const conversationListStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    box-sizing: border-box;
    min-block-size: 0;
    block-size: var(--conv-conversation-list-block-size, 100%);
    color: var(--_text);
    background: var(--_background);
    --_selected: var(--conv-conversation-list-selected-background, light-dark(#e8f0fb, #1e3350));
    --_count: var(--conv-conversation-list-count-background, var(--conv-color-count, #8b1a1a));
    --_avatar: var(--conv-conversation-list-avatar-size, 2.5rem);
  }
  :host([hidden]) {
    display: none;
  }
  [part='list'] {
    flex: 1 1 auto;
    min-block-size: 0;
    overflow: auto;
    /* A scrollbar appearing must not change the rows' width: that would resize every row while
       the virtualizer measures them. */
    scrollbar-gutter: stable;
    margin: 0;
    padding: 0;
    outline: none;
  }
  [part~='row'] {
    box-sizing: border-box;
    inline-size: 100%;
    display: grid;
    grid-template-columns: var(--_avatar) minmax(0, 1fr) auto;
    grid-template-areas:
      'avatar name time'
      'avatar preview unread'
      'avatar group group';
    column-gap: calc(var(--_space) * 1.5);
    row-gap: calc(var(--_space) / 4);
    align-items: center;
    padding: var(--_space) calc(var(--_space) * 1.5);
    border-block-end: 1px solid var(--_border);
    cursor: pointer;
  }
  [part~='row']:hover {
    background: color-mix(in srgb, currentColor 6%, transparent);
  }
  [part~='row'][aria-selected='true'] {
    background: var(--_selected);
    box-shadow: inset 4px 0 0 var(--_accent);
  }
  :host(:dir(rtl)) [part~='row'][aria-selected='true'] {
    box-shadow: inset -4px 0 0 var(--_accent);
  }
  [part~='row']:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: -2px;
  }
  [part='avatar'] {
    grid-area: avatar;
    inline-size: var(--_avatar);
    block-size: var(--_avatar);
    border-radius: 50%;
    overflow: hidden;
    display: grid;
    place-items: center;
    background: color-mix(in srgb, var(--_accent) 18%, transparent);
    color: inherit;
    font-weight: 600;
    font-size: 0.9rem;
    object-fit: cover;
  }
  .group[part='avatar'] {
    border-radius: var(--conv-radius, 0.5rem);
  }
  [part='name'] {
    grid-area: name;
    /* The line takes the direction of its first name (dir="auto"). Each name is a flex item that
       shrinks with its own ellipsis while the "group" tags keep their size: however the names'
       directions mix, a tag is never what gets cut ("…oup"). */
    display: flex;
    align-items: baseline;
    min-inline-size: 0;
    overflow: hidden;
    white-space: pre;
    font-weight: 600;
  }
  [part='name'] .party {
    flex: 0 1 auto;
    min-inline-size: 1.5em;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .kind {
    --_kind-gap: 0.25em;
    flex: none;
  }
  /* S18: which group a manager's conversation is for, and the "My groups" filter. */
  [part='group'] {
    grid-area: group;
    font-size: 0.85em;
    color: var(--_muted);
  }
  .group-filter {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
    padding: var(--_space) calc(var(--_space) * 1.5);
    border-block-end: 1px solid var(--_border);
  }
  .group-filter select {
    font: inherit;
    color: inherit;
    background: transparent;
    border: 1px solid var(--_border);
    border-radius: var(--_radius, 0.25rem);
    padding: calc(var(--_space) / 2);
  }
  .group-filter select:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 1px;
  }
  [part='preview'] {
    grid-area: preview;
    min-inline-size: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    color: var(--_muted);
  }
  .unread [part='preview'] {
    color: inherit;
    font-weight: 600;
  }
  [part='time'] {
    grid-area: time;
    color: var(--_muted);
    font-size: 0.85em;
    white-space: nowrap;
  }
  [part='unread'] {
    grid-area: unread;
    justify-self: end;
    min-inline-size: 1.5em;
    padding: 0 0.4em;
    border-radius: 1em;
    background: var(--_count);
    color: var(--conv-conversation-list-count-color, var(--conv-color-on-count, #fff));
    font-size: 0.8em;
    font-weight: 700;
    line-height: 1.5em;
    text-align: center;
  }
  /* S29: a muted conversation keeps its count, in a quiet colour: it is not in the envelope. */
  .muted [part='unread'] {
    background: transparent;
    color: var(--_muted);
    box-shadow: inset 0 0 0 1px currentColor;
  }
  [part='muted'] {
    font-size: 0.8em;
    font-weight: 600;
    color: var(--_muted);
  }
  /* S31: the pointer's way to mark a read row unread (U on the keyboard). */
  [part='mark-unread'] {
    grid-area: unread;
    justify-self: end;
    color: var(--_count);
    cursor: pointer;
    opacity: 0;
  }
  [part~='row']:hover [part='mark-unread'] {
    opacity: 1;
  }
  [part='status'] {
    padding: calc(var(--_space) * 2);
    margin: 0;
    color: var(--_muted);
  }
  /* "Start conversation" and "Try again" line up with the text above them. */
  .actions {
    padding-inline: calc(var(--_space) * 2);
  }
  .error {
    color: var(--conv-color-danger, light-dark(#b3261e, #f2b8b5));
  }
  button {
    font: inherit;
    min-block-size: 24px;
    padding: calc(var(--_space) / 2) calc(var(--_space) * 1.5);
    border: 1px solid var(--_accent);
    border-radius: var(--conv-radius, 0.5rem);
    background: transparent;
    color: var(--_accent);
    cursor: pointer;
  }
  button:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  @media (forced-colors: active) {
    [part~='row'][aria-selected='true'] {
      outline: 2px solid Highlight;
      outline-offset: -2px;
    }
    [part='unread'] {
      border: 1px solid CanvasText;
    }
  }
`;
