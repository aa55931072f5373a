import { css } from 'lit';

export const threadStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    box-sizing: border-box;
    min-block-size: 0;
    block-size: var(--conv-thread-block-size, 100%);
    color: var(--_text);
    background: var(--_background);
    --_own: var(--conv-thread-own-background, light-dark(#e3ecfa, #1e3350));
  }
  :host([hidden]) {
    display: none;
  }
  [part='header'] {
    /* One row where there is room: the title wraps beside the actions rather than above them,
       so both start at the same inset; a narrow header gives the title a row (see below). */
    display: flex;
    /* Wrapping only for what asks a line of its own (the muted note, the leave confirmation):
       the title's basis is 0, so it never pushes the actions onto a second line. */
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
    padding: var(--_space) calc(var(--_space) * 1.5);
    border-block-end: 1px solid var(--_border);
    /* Its children change rows by the header's own width, wherever the thread is placed. */
    container-type: inline-size;
  }
  [part='header'] button {
    /* Never wider than the header: "Block <a long name>" wraps its words on a phone. */
    flex: 0 1 auto;
    max-inline-size: 100%;
    margin-inline-end: calc(var(--_space) * -1);
  }
  [part='title'] {
    flex: 1 1 0;
    min-inline-size: 0;
    /* At most two lines, so long names never take a phone's height from the messages; the
       thread's region is named with all of them (aria-label) for assistive technology. */
    display: -webkit-box;
    -webkit-box-orient: vertical;
    -webkit-line-clamp: 2;
    overflow: hidden;
    margin: 0;
    font-size: 1.05rem;
    overflow-wrap: anywhere;
  }
  /* On a phone the names get the whole first row (two lines at most) and the actions the row
     below, rather than names cut to a word beside three actions. */
  @container (max-width: 28rem) {
    [part='title'] {
      flex-basis: 100%;
    }
    /* The first action's word starts under the names, as the last one ends at the edge. */
    [part='title'] + button {
      margin-inline-start: calc(var(--_space) * -1);
    }
  }
  [part='log'] {
    flex: 1 1 auto;
    min-block-size: 0;
    overflow-y: auto;
    /* The element keeps the reader's place itself when older messages arrive above; the
       browser's own anchoring would move it a second time. */
    overflow-anchor: none;
    padding: var(--_space) calc(var(--_space) * 1.5);
  }
  [part='log']:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: -2px;
  }
  .older {
    display: flex;
    justify-content: center;
    min-block-size: 2.5rem;
    align-items: center;
  }
  ol {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
  }
  [part~='message'] {
    max-inline-size: min(40rem, 85%);
    margin-block-start: calc(var(--_space) * 1.5);
    align-self: flex-start;
  }
  [part~='message'].grouped {
    margin-block-start: calc(var(--_space) / 3);
  }
  [part~='message-own'] {
    align-self: flex-end;
    text-align: start;
  }
  .meta {
    display: flex;
    gap: var(--_space);
    align-items: baseline;
    font-size: 0.85em;
    color: var(--_muted);
    margin-block-end: calc(var(--_space) / 3);
  }
  [part='author'] {
    font-weight: 600;
    color: var(--conv-color-text, inherit);
    overflow-wrap: anywhere;
  }
  [part='body'] {
    margin: 0;
    padding: calc(var(--_space) * 0.75) var(--_space);
    border-radius: var(--_radius);
    background: var(--_surface);
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  [part~='message-own'] [part='body'] {
    background: var(--_own);
  }
  .pending [part='body'] {
    opacity: 0.75;
  }
  .failed [part='body'] {
    outline: 1px solid var(--_danger);
  }
  .deleted {
    font-style: italic;
    color: var(--_muted);
  }
  [part='body'] a {
    color: var(--_accent);
  }
  .state,
  .reactions,
  .picker,
  .edit,
  .message-actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: center;
    font-size: 0.85em;
    color: var(--_muted);
    margin-block-start: calc(var(--_space) / 3);
  }
  .error {
    color: var(--_danger);
  }
  /* S27–S29: a line of the conversation's own, typing, muted, and the leave question. */
  [part='system'] {
    align-self: center;
    margin-block-start: calc(var(--_space) * 1.5);
    font-size: 0.85em;
    color: var(--_muted);
  }
  .typing {
    margin: 0;
    min-block-size: 1.25em;
    padding-inline: calc(var(--_space) * 1.5);
    font-size: 0.85em;
    color: var(--_muted);
  }
  .muted,
  .leave {
    flex: 1 0 100%;
    margin: 0;
    font-size: 0.9em;
    color: var(--_muted);
  }
  .leave {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: center;
    color: var(--_text);
  }
  .leave p {
    margin: 0;
    flex: 1 1 100%;
  }
  .edit textarea {
    flex: 1 1 100%;
    font: inherit;
    color: inherit;
    background: var(--_background);
    border: 1px solid var(--_field-border);
    border-radius: var(--_radius);
  }
  .reaction[aria-pressed='true'] {
    background: var(--_own);
  }
  /* With a pointer that hovers, "Report message" shows on the message being pointed at or
     focused, not under every message at once; touch screens and keyboards still reach it. */
  @media (hover: hover) {
    .message-actions {
      opacity: 0;
    }
    [part~='message']:hover .message-actions,
    [part~='message']:focus-within .message-actions {
      opacity: 1;
    }
  }
  [part='composer'] {
    display: grid;
    grid-template-columns: 1fr auto;
    grid-template-areas:
      'as as'
      'label label'
      'input send'
      'counter counter'
      'error error';
    gap: calc(var(--_space) / 2) var(--_space);
    padding: var(--_space) calc(var(--_space) * 1.5);
    border-block-start: 1px solid var(--_border);
  }
  [part='composer'] > label {
    grid-area: label;
  }
  /* "Send as" on one line above the reply: the legend, then the choices. */
  .send-as {
    grid-area: as;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
    min-inline-size: 0;
    margin: 0;
    padding: 0;
    border: 0;
  }
  .send-as legend {
    float: inline-start;
    padding: 0;
  }
  .send-as .choice {
    display: inline-flex;
    align-items: center;
    gap: calc(var(--_space) / 2);
    min-block-size: 24px;
  }
  .send-as input {
    inline-size: 1.125rem;
    block-size: 1.125rem;
    margin: 0;
    accent-color: var(--_accent);
  }
  [part='input'] {
    grid-area: input;
    box-sizing: border-box;
    inline-size: 100%;
    min-block-size: 2.75rem;
    resize: vertical;
    font: inherit;
    color: inherit;
    background: var(--_background);
    border: 1px solid var(--_field-border);
    border-radius: var(--_radius);
    padding: calc(var(--_space) * 0.75);
  }
  [part='input']:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 1px;
  }
  [part='send'] {
    grid-area: send;
    align-self: end;
  }
  [part='counter'] {
    grid-area: counter;
    font-size: 0.85em;
    color: var(--_muted);
  }
  [part='counter'].over {
    color: var(--_danger);
    font-weight: 600;
  }
  .send-error {
    grid-area: error;
    margin: 0;
  }
  button {
    font: inherit;
    min-block-size: 24px;
    min-inline-size: 24px;
    padding: calc(var(--_space) / 2) var(--_space);
    border: 1px solid var(--_accent);
    border-radius: var(--_radius);
    background: transparent;
    color: var(--_accent);
    cursor: pointer;
  }
  button.primary,
  [part='send'] {
    background: var(--_accent);
    color: var(--_on-accent);
  }
  button.quiet {
    border-color: transparent;
    font-size: 0.9em;
    color: var(--_muted);
    text-decoration: underline;
  }
  button:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  [part='status'] {
    margin: 0;
    padding: calc(var(--_space) * 2);
    color: var(--_muted);
  }
  [part='feedback'] {
    margin: 0;
    padding-inline: calc(var(--_space) * 1.5);
  }
  [part='feedback']:empty {
    display: none;
  }
  [part='block-confirm'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
    flex-basis: 100%;
  }
  [part='block-confirm'] p {
    margin: 0;
  }
  [part='not-accepting'] {
    margin: 0;
    padding: calc(var(--_space) * 1.5);
    border-block-start: 1px solid var(--_border);
    color: var(--_muted);
  }
  [part='dialog'] {
    max-inline-size: min(32rem, 90vw);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    color: inherit;
    background: var(--_background);
    padding: calc(var(--_space) * 2);
  }
  [part='dialog']::backdrop {
    background: rgb(0 0 0 / 0.4);
  }
  [part='dialog'] h2 {
    margin-block-start: 0;
    font-size: 1.1rem;
  }
  [part='dialog'] textarea {
    box-sizing: border-box;
    inline-size: 100%;
    min-block-size: 5rem;
    font: inherit;
    color: inherit;
    background: transparent;
    border: 1px solid var(--_field-border);
    border-radius: var(--_radius);
    padding: calc(var(--_space) / 2);
  }
  .dialog-actions {
    display: flex;
    justify-content: flex-end;
    gap: var(--_space);
    margin-block-start: var(--_space);
  }
  /* S17: an erased message keeps its place; a conversation nobody can answer says why. */
  .deleted {
    font-style: italic;
    color: var(--_muted);
  }
  .reply-unavailable {
    margin: 0;
    padding: var(--_space) calc(var(--_space) * 1.5);
    border-block-start: 1px solid var(--_border);
    color: var(--_muted);
  }

  @media (forced-colors: active) {
    [part='body'] {
      border: 1px solid CanvasText;
    }
    [part='send'],
    button.primary {
      border: 1px solid ButtonText;
    }
  }
  /* The message a search result opened the thread at (S30). */
  li[data-focused] {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
    border-radius: var(--_radius);
  }
`;
