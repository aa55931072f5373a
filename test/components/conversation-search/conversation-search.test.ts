import { expect, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/define/conv-inbox.js';
import type { ConvInbox } from '../../../src/components/inbox/inbox.js';
import type { ConvThread } from '../../../src/components/thread/thread.js';
import type { ConvConversationSearch } from '../../../src/components/conversation-search/conversation-search.js';
import { highlightSegments } from '../../../src/core/highlight.js';
import { ConversationsClient } from '../../../src/client/conversations-client.js';
import { ignoreResizeObserverLoopNotice, mount, openPortal, until, type Portal } from '../inbox/harness.js';

ignoreResizeObserverLoopNotice();

/** The element that has focus, through shadow roots. */
function deepActive(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

function searchButton(inbox: ConvInbox): HTMLButtonElement | null {
  return inbox.shadowRoot!.querySelector<HTMLButtonElement>('[part="search"]');
}

function panel(inbox: ConvInbox): ConvConversationSearch | null {
  return inbox.shadowRoot!.querySelector('conv-conversation-search');
}

function results(inbox: ConvInbox): HTMLButtonElement[] {
  return [...(panel(inbox)?.shadowRoot?.querySelectorAll<HTMLButtonElement>('[part="result"]') ?? [])];
}

function thread(inbox: ConvInbox): ConvThread {
  return inbox.shadowRoot!.querySelector('conv-thread')!;
}

/** Types the query, then waits past the typing pause for the answer to the whole of it. */
async function typeQuery(inbox: ConvInbox, text: string): Promise<void> {
  await sendKeys({ type: text });
  await new Promise((resolve) => setTimeout(resolve, 400));
  const status = () => panel(inbox)?.shadowRoot?.querySelector('[part="status"]')?.textContent ?? '';
  await until(
    () => !status().includes('Searching') && (results(inbox).length > 0 || status() !== ''),
    'an answer',
  );
}

describe('highlightSegments', () => {
  it('marks the characters a folded match came from, accents and all, at word beginnings', () => {
    expect(highlightSegments('Zoë and zoetrope, not ozoe', 'zoe')).to.deep.equal([
      { text: 'Zoë', match: true },
      { text: ' and ', match: false },
      { text: 'zoe', match: true },
      { text: 'trope, not ozoe', match: false },
    ]);
    expect(highlightSegments('Straße', 'STRASSE')).to.deep.equal([{ text: 'Straße', match: true }]);
    expect(highlightSegments('<b>hi</b>', 'b')).to.deep.equal([
      { text: '<', match: false },
      { text: 'b', match: true },
      { text: '>hi</', match: false },
      { text: 'b', match: true },
      { text: '>', match: false },
    ]);
  });
});

describe('<conv-conversation-search> in the inbox', () => {
  let portal: Portal;
  beforeEach(async () => {
    portal = await openPortal();
  });
  afterEach(async () => {
    await portal.cleanup();
  });

  it('with the keyboard alone: opens from the list header, finds by text, marks it, and jumps to the message', async () => {
    const conversation = await portal.start('m2', [{ kind: 'member', id: 'm1' }], 'Message 0');
    for (let n = 1; n < 80; n++) {
      await portal.send(
        n % 2 ? 'm1' : 'm2',
        conversation.id,
        n === 12 ? 'The <b>Café</b> opens at nine' : `Message ${n}`,
      );
    }
    const client = await portal.client('m1', { pageSize: 20 });
    const inbox = await mount<ConvInbox>(client, html`<conv-inbox></conv-inbox>`);
    const button = await until(() => searchButton(inbox), 'the search button');
    expect(button.getAttribute('aria-label')).to.equal('Search conversations');
    button.focus();
    await sendKeys({ press: 'Enter' });
    const search = await until(() => panel(inbox), 'the search panel');
    await search.updateComplete;
    expect(deepActive()?.getAttribute('part')).to.equal('field');

    await typeQuery(inbox, 'cafe');
    const [hit] = await until(() => (results(inbox).length === 1 ? results(inbox) : undefined), 'one result');
    const mark = hit!.querySelector('mark')!;
    expect(mark.textContent).to.equal('Café');
    // Data is text: the message's "<b>" is characters, not an element.
    expect(hit!.querySelector('b')).to.equal(null);
    expect(hit!.textContent).to.include('<b>');
    await expect(search).to.be.accessible();

    await sendKeys({ press: 'ArrowDown' });
    expect(deepActive()).to.equal(hit);
    await sendKeys({ press: 'Enter' });
    await until(() => inbox.conversation === conversation.id, 'the conversation opens');
    const view = thread(inbox);
    const focused = await until(
      () => view.shadowRoot!.querySelector('li[data-focused]'),
      'the found message, marked',
    );
    expect(focused.querySelector('[part="body"]')!.textContent).to.equal('The <b>Café</b> opens at nine');
    // The thread holds the page around it, not the newest page: newer pages are offered.
    const bodies = [...view.shadowRoot!.querySelectorAll('[part="body"]')].map((body) => body.textContent);
    expect(bodies).not.to.include('Message 79');
    const log = view.shadowRoot!.querySelector('[part="log"]')!.getBoundingClientRect();
    const place = focused.getBoundingClientRect();
    expect(place.top >= log.top && place.bottom <= log.bottom, 'scrolled into view').to.equal(true);
    const newer = [...view.shadowRoot!.querySelectorAll('button')].find((b) =>
      b.textContent!.includes('newer'),
    )!;
    newer.click();
    await until(
      () => [...view.shadowRoot!.querySelectorAll('[part="body"]')].length > bodies.length,
      'a newer page',
    );

    // Escape in the empty field closes search and gives focus back to its button.
    const field = search.shadowRoot!.querySelector<HTMLInputElement>('[part="field"]')!;
    field.focus();
    field.value = '';
    await sendKeys({ press: 'Escape' });
    await until(() => !panel(inbox), 'search closed');
    expect(deepActive()).to.equal(searchButton(inbox));
  });

  for (const [label, options] of [
    ['light', {}],
    ['dark', { dark: true }],
    ['right to left', { dir: 'rtl' as const }],
  ] as const) {
    it(`finds by a participant's name, marked, and passes axe ${label}`, async () => {
      await portal.start('m5', [{ kind: 'member', id: 'm1' }], 'مرحبا');
      await portal.start('m1', [{ kind: 'member', id: 'm2' }], 'Hello Grace');
      const client = await portal.client('m1');
      const inbox = await mount<ConvInbox>(client, html`<conv-inbox></conv-inbox>`, options);
      (await until(() => searchButton(inbox), 'the search button')).click();
      const search = await until(() => panel(inbox), 'the search panel');
      await search.updateComplete;
      await typeQuery(inbox, 'grace');
      const found = await until(() => (results(inbox).length >= 1 ? results(inbox) : undefined), 'results');
      expect(found[0]!.querySelector('mark')!.textContent).to.equal('Grace');
      await expect(search).to.be.accessible();
      await expect(inbox).to.be.accessible();
    });
  }

  it('says so when nothing matches, and offers no search where the adapter cannot', async () => {
    await portal.start('m1', [{ kind: 'member', id: 'm2' }], 'Hello Grace');
    const client = await portal.client('m1');
    const inbox = await mount<ConvInbox>(client, html`<conv-inbox></conv-inbox>`);
    (await until(() => searchButton(inbox), 'the search button')).click();
    await until(() => panel(inbox), 'the search panel');
    await typeQuery(inbox, 'zebra');
    const status = panel(inbox)!.shadowRoot!.querySelector('[part="status"]')!;
    expect(status.textContent!.trim()).to.equal('Nothing found for “zebra”.');

    const narrowed = Object.create(client.adapter, { capabilities: { value: [] } });
    const other = new ConversationsClient(narrowed);
    try {
      const bare = await mount<ConvInbox>(other, html`<conv-inbox></conv-inbox>`);
      await bare.updateComplete;
      expect(searchButton(bare)).to.equal(null);
    } finally {
      other.dispose();
    }
  });
});
