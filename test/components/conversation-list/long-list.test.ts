// A short list is drawn as it is, and the virtualizer is imported only once the list grows past
// what a page shows. Each test file runs in a page of its own, and this one imports nothing of
// the virtualizer, so what this page fetched is what the list asked for.
import { expect, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/define/conv-conversation-list.js';
import type { ConvConversationList } from '../../../src/components/conversation-list/conversation-list.js';
import { VIRTUALIZE_FROM } from '../../../src/components/conversation-list/list-rows.js';
import { ignoreResizeObserverLoopNotice, mount, openPortal, until, type Portal } from '../inbox/harness.js';

function rows(list: ConvConversationList): HTMLElement[] {
  return [...list.shadowRoot!.querySelectorAll<HTMLElement>('[role="option"]')];
}

function rowFor(list: ConvConversationList, id: string): HTMLElement | undefined {
  return rows(list).find((row) => row.dataset.id === id);
}

function virtualizerRequested(): string[] {
  return performance
    .getEntriesByType('resource')
    .map((entry) => entry.name)
    .filter(
      (url) => url.includes('@lit-labs/virtualizer') || url.includes('/conversation-list/virtual-rows.'),
    );
}

const frames = async (count: number) => {
  for (let frame = 0; frame < count; frame++) await new Promise((resolve) => requestAnimationFrame(resolve));
};

ignoreResizeObserverLoopNotice();

describe('<conv-conversation-list> short and long', () => {
  let portal: Portal;
  beforeEach(async () => {
    portal = await openPortal();
  });
  afterEach(async () => {
    await portal.cleanup();
  });

  /** `count` conversations with m1, each with other members, "Conversation 1" the oldest. */
  async function conversations(count: number): Promise<void> {
    const others = ['m2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9', 'm10', 'm11', 'm12'];
    for (let n = 1; n <= count; n++) {
      const chosen = others.filter((_, bit) => n & (1 << bit));
      await portal.start(
        chosen[0],
        [{ kind: 'member', id: 'm1' }, ...chosen.slice(1).map((id) => ({ kind: 'member' as const, id }))],
        `Conversation ${n}`,
      );
    }
  }

  it('draws every row of a short list without loading the virtualizer', async () => {
    await conversations(5);
    const client = await portal.client('m1');
    const list = await mount<ConvConversationList>(
      client,
      html`<conv-conversation-list></conv-conversation-list>`,
      { height: '200px' },
    );
    await until(() => rows(list).length === 5, 'five rows');
    // Every row is in the document, even those scrolled out of the 200 px list.
    const scroller = list.shadowRoot!.querySelector<HTMLElement>('[part="list"]')!;
    expect(scroller.scrollHeight).to.be.above(scroller.clientHeight);
    await frames(10);
    expect(virtualizerRequested()).to.deep.equal([]);
    // The keyboard walks it the same way: End reaches the oldest, scrolled into view.
    rows(list)[0]!.focus();
    await sendKeys({ press: 'End' });
    const last = await until(
      () => (list.shadowRoot!.activeElement as HTMLElement | null)?.dataset.index === '4' && rows(list)[4],
      'focus on the last row',
    );
    const box = last.getBoundingClientRect();
    const view = scroller.getBoundingClientRect();
    expect(box.bottom).to.be.at.most(view.bottom + 1);
    await expect(list).to.be.accessible();
  });

  it('keeps the focused row and the scroll place when it grows long enough to be virtualized', async function () {
    // Dozens of writes to set up first: more than the default on a busy machine.
    this.timeout(60_000);
    const total = 45;
    expect(total).to.be.above(VIRTUALIZE_FROM);
    await conversations(total);
    const client = await portal.client('m1', { pageSize: 30 });
    const list = await mount<ConvConversationList>(
      client,
      html`<conv-conversation-list></conv-conversation-list>`,
      { height: '300px' },
    );
    await until(() => rows(list).length === 30, 'the first page, every row drawn');
    await frames(10);
    expect(virtualizerRequested(), 'requested for one page').to.deep.equal([]);

    // The member has moved to a row with the keyboard (the tab stop goes with the focus), then
    // scrolled so that one above it is partly hidden.
    rows(list)[0]!.focus({ preventScroll: true });
    for (let step = 0; step < 14; step++) await sendKeys({ press: 'ArrowDown' });
    const focused = await until(
      () => (list.shadowRoot!.activeElement as HTMLElement | null)?.dataset.index === '14' && rows(list)[14],
      'focus on the fifteenth row',
    );
    const scroller = list.shadowRoot!.querySelector<HTMLElement>('[part="list"]')!;
    const anchor = rows(list)[12]!;
    scroller.scrollTop += anchor.getBoundingClientRect().top - scroller.getBoundingClientRect().top + 10;
    await frames(2);
    const offset = anchor.getBoundingClientRect().top - scroller.getBoundingClientRect().top;
    expect(offset).to.be.closeTo(-10, 1);
    const anchorId = anchor.dataset.id!;
    const focusedId = focused.dataset.id!;

    await client.loadMoreConversations();
    expect(client.conversations.value.items).to.have.length(total);
    // Virtualized: only the rows near the viewport are drawn.
    await until(() => virtualizerRequested().length > 0 && rows(list).length < total, 'the virtualized rows');
    await until(() => rowFor(list, focusedId) === list.shadowRoot!.activeElement, 'focus back on its row');
    await frames(5);
    const again = rowFor(list, anchorId)!;
    expect(again.getBoundingClientRect().top - scroller.getBoundingClientRect().top).to.be.closeTo(offset, 1);
    expect(
      rows(list)
        .filter((row) => row.tabIndex === 0)
        .map((row) => row.dataset.id),
    ).to.deep.equal([focusedId]);

    // And the keyboard goes on from there.
    await sendKeys({ press: 'ArrowDown' });
    await until(
      () => (list.shadowRoot!.activeElement as HTMLElement | null)?.dataset.index === '15',
      'focus on the next row',
    );
    await expect(list).to.be.accessible();
  });
});
