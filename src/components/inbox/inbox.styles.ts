import { css } from 'lit';

export const inboxStyles = css`
  :host {
    display: block;
    box-sizing: border-box;
    block-size: var(--conv-inbox-block-size, 36rem);
    color: var(--_text);
    background: var(--_background);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    overflow: hidden;
  }
  :host([hidden]) {
    display: none;
  }
  [part='base'] {
    container: conv-inbox / inline-size;
    block-size: 100%;
  }
  .panes {
    display: grid;
    /* The list takes a share of the inbox, so it grows with it (at 1,280 px, about 450 px rather
       than a fixed 350 px beside an 860 px thread); a portal sets the share or a length. */
    grid-template-columns: minmax(16rem, var(--conv-inbox-list-size, 35%)) minmax(0, 1fr);
    block-size: 100%;
  }
  [part='list-pane'],
  [part='thread-pane'] {
    display: flex;
    flex-direction: column;
    min-block-size: 0;
    min-inline-size: 0;
  }
  [part='list-pane'] {
    border-inline-end: 1px solid var(--conv-color-border, light-dark(#c4c4c4, #5c5c5c));
  }
  [part='toolbar'] {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: var(--_space);
    padding: var(--_space) calc(var(--_space) * 1.5);
    border-block-end: 1px solid var(--conv-color-border, light-dark(#c4c4c4, #5c5c5c));
  }
  h2 {
    margin: 0;
    font-size: 1.1rem;
  }
  conv-conversation-list,
  conv-thread {
    flex: 1 1 auto;
    min-block-size: 0;
  }
  button {
    font: inherit;
    min-block-size: 24px;
    padding: calc(var(--_space) / 2) calc(var(--_space) * 1.5);
    border: 1px solid var(--_accent);
    border-radius: var(--conv-radius, 0.5rem);
    cursor: pointer;
  }
  [part='start'] {
    background: var(--_accent);
    color: var(--_on-accent);
    /* One line, however narrow the pane: the toolbar gives way around it instead. */
    white-space: nowrap;
  }
  [part='toolbar'] h2 {
    flex: 1 1 auto;
    min-inline-size: 0;
  }
  [part='search'] {
    display: inline-grid;
    place-items: center;
    min-inline-size: 2rem;
    padding: calc(var(--_space) / 2);
    color: var(--_accent);
    background: transparent;
  }
  /* The magnifier, drawn by CSS in the accent colour: no markup in the toolbar but the button. */
  [part='search']::before {
    content: '';
    inline-size: 1.1rem;
    block-size: 1.1rem;
    background: currentColor;
    mask: url('data:image/svg+xml,<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" fill="none" stroke="black" stroke-width="2" stroke-linecap="round"><circle cx="10.5" cy="10.5" r="6"/><path d="M15 15l5.5 5.5"/></svg>')
      center / contain no-repeat;
  }
  @media (forced-colors: active) {
    [part='search']::before {
      background: ButtonText;
    }
  }
  conv-conversation-search {
    flex: 1 1 auto;
    min-block-size: 0;
  }
  [part='back'] {
    display: none;
    align-self: flex-start;
    /* Narrow, it sits above the thread's header: as little height as a target allows. */
    margin: calc(var(--_space) / 2) calc(var(--_space) * 1.5) 0;
    padding-inline: 0;
    border-color: transparent;
    background: transparent;
    color: var(--_accent);
  }
  button:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  /* Narrow: one pane at a time; the open conversation replaces the list, with a way back. */
  @container conv-inbox (max-width: 40rem) {
    .panes {
      grid-template-columns: minmax(0, 1fr);
    }
    [part='list-pane'] {
      border-inline-end: 0;
    }
    .open [part='list-pane'],
    .panes:not(.open) [part='thread-pane'] {
      display: none;
    }
    [part='back'] {
      display: inline-block;
    }
  }
  @media (forced-colors: active) {
    [part='start'] {
      border-color: ButtonText;
    }
  }
`;
