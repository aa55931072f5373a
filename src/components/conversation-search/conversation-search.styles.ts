import { css } from 'lit';

export const conversationSearchStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    min-block-size: 0;
    color: var(--_text);
    background: var(--_background);
    --_match: var(--conv-search-match-background, light-dark(#fff3b0, #5c4a00));
  }
  :host([hidden]) {
    display: none;
  }
  .bar {
    display: flex;
    gap: var(--_space);
    padding: var(--_space) calc(var(--_space) * 1.5);
    border-block-end: 1px solid var(--_border);
  }
  [part='field'] {
    flex: 1 1 auto;
    min-inline-size: 0;
    font: inherit;
    color: inherit;
    background: var(--_background);
    padding: calc(var(--_space) / 2) var(--_space);
    border: 1px solid var(--_field-border);
    border-radius: var(--_radius);
  }
  button {
    font: inherit;
    color: inherit;
    cursor: pointer;
  }
  [part='close'] {
    min-block-size: 24px;
    padding: calc(var(--_space) / 2) var(--_space);
    color: var(--_accent);
    background: transparent;
    border: 1px solid var(--_accent);
    border-radius: var(--_radius);
  }
  :focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  .results {
    flex: 1 1 auto;
    min-block-size: 0;
    overflow: auto;
  }
  [part='status'] {
    margin: 0;
    padding: var(--_space) calc(var(--_space) * 1.5);
    color: var(--_muted);
  }
  [part='heading'] {
    margin: 0;
    padding: var(--_space) calc(var(--_space) * 1.5) calc(var(--_space) / 2);
    font-size: 0.85rem;
    color: var(--_muted);
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  [part='result'] {
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto;
    grid-template-areas: 'title time' 'body body';
    gap: calc(var(--_space) / 4) var(--_space);
    box-sizing: border-box;
    inline-size: 100%;
    padding: var(--_space) calc(var(--_space) * 1.5);
    text-align: start;
    background: transparent;
    border: 0;
    border-block-end: 1px solid var(--_border);
  }
  [part='result']:hover {
    background: color-mix(in srgb, currentColor 6%, transparent);
  }
  [part='result']:focus-visible {
    outline-offset: -2px;
  }
  .title {
    grid-area: title;
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .kind {
    font-weight: normal;
    font-size: 0.8rem;
    color: var(--_muted);
  }
  time {
    grid-area: time;
    font-size: 0.8rem;
    color: var(--_muted);
  }
  .body {
    grid-area: body;
    overflow: hidden;
    white-space: nowrap;
    text-overflow: ellipsis;
  }
  mark {
    color: inherit;
    background: var(--_match);
    border-radius: 2px;
  }
  @media (forced-colors: active) {
    mark {
      background: Mark;
      color: MarkText;
    }
  }
`;
