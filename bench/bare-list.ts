/**
 * The reference for the conversation list's time to pixels (bench/ui.bench.ts): the least a Lit
 * list of the same rows can do. A bare Lit element asks the same local adapter for the same first
 * page of 50 conversations and renders them with `@lit-labs/virtualizer`, rows of the same shape
 * (avatar letter, names, preview, time), with no client, cache, selection, keyboard model or
 * strings. What the real list takes beyond this is what its own layers cost.
 */
import { LitElement, css, html } from 'lit';
import '@lit-labs/virtualizer';
import type { ConversationsAdapter } from '../src/adapter/adapter.js';
import type { Conversation } from '../src/core/types.js';

const time = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

export class BenchBareList extends LitElement {
  static override properties = { rows: { state: true } };
  static override styles = css`
    :host {
      display: block;
      block-size: 100%;
    }
    .row {
      display: grid;
      grid-template-columns: 2.5rem 1fr auto;
      gap: 0.25rem 0.5rem;
      padding: 0.5rem;
      inline-size: 100%;
      box-sizing: border-box;
    }
  `;

  declare rows: readonly Conversation[];
  adapter?: ConversationsAdapter;

  constructor() {
    super();
    this.rows = [];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.adapter?.listConversations().then((page) => (this.rows = page.items));
  }

  override render() {
    return html`<lit-virtualizer
      role="listbox"
      scroller
      style="block-size: 100%"
      .items=${this.rows}
      .renderItem=${(row: Conversation) => {
        const names = row.participants.map((party) => party.name).join(', ');
        return html`<div class="row" role="option">
          <span>${names.slice(0, 1)}</span><span>${names}</span><span>${row.lastMessage?.body ?? ''}</span
          ><time>${time.format(Math.round((row.lastActivityAt - Date.now()) / 60_000), 'minute')}</time>
        </div>`;
      }}
    ></lit-virtualizer>`;
  }
}
/** Called by the bench page: package.json's `sideEffects` would drop a bare `import './bare-list.js'`. */
export function defineBareList(): void {
  if (!customElements.get('bench-bare-list')) customElements.define('bench-bare-list', BenchBareList);
}
