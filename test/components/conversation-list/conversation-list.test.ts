import { expect, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/define/conv-conversation-list.js';
// The list imports its virtualizer once it outgrows a page (long-list.test.ts covers that on a
// page of its own); imported here up front, the long lists below are virtualized at once.
import '../../../src/components/conversation-list/virtual-rows.js';
import type { ConvConversationList } from '../../../src/components/conversation-list/conversation-list.js';
import { formatRelativeTime } from '../../../src/components/conversation-list/conversation-list.js';
import { UnavailableError } from '../../../src/core/errors.js';
import { ConversationsClient } from '../../../src/client/conversations-client.js';
import { deleteClientCache } from '../../../src/client/cache.js';
import { uniqueDatabaseName } from '../../helpers/local-backend.js';
import { failing } from '../../helpers/faults.js';
import { ignoreResizeObserverLoopNotice, mount, openPortal, until, type Portal } from '../inbox/harness.js';

function rows(list: ConvConversationList): HTMLElement[] {
  return [...list.shadowRoot!.querySelectorAll<HTMLElement>('[role="option"]')];
}

function rowFor(list: ConvConversationList, id: string): HTMLElement | undefined {
  return rows(list).find((row) => row.dataset.id === id);
}

function focusedRow(list: ConvConversationList): HTMLElement | null {
  return list.shadowRoot!.activeElement as HTMLElement | null;
}

// For the whole page: the notice can come a frame after a test, while the next one starts.
ignoreResizeObserverLoopNotice();

describe('<conv-conversation-list>', () => {
  let portal: Portal;
  beforeEach(async () => {
    portal = await openPortal();
  });
  afterEach(async () => {
    await portal.cleanup();
  });

  it('shows one row per conversation, newest activity first, with names, groups, preview, time and unread', async () => {
    const older = await portal.start('m2', [{ kind: 'member', id: 'm1' }], 'First hello from Grace');
    const group = await portal.start('m1', [{ kind: 'group', id: 'g2' }], 'Hello organisers');
    await portal.send('m4', group.id, 'Welcome,\n  Ada!');
    await portal.send('m2', older.id, 'Are you there?');
    await portal.send('m2', older.id, 'Second unread');
    const client = await portal.client('m1');
    const list = await mount<ConvConversationList>(
      client,
      html`<conv-conversation-list></conv-conversation-list>`,
    );
    await until(() => rows(list).length === 2, 'two rows');

    const [first, second] = rows(list);
    expect(first.dataset.id).to.equal(older.id);
    expect(first.querySelector('[part="name"]')!.textContent!.trim()).to.equal('Grace Hopper');
    expect(first.querySelector('[part="preview"]')!.textContent).to.equal('Second unread');
    expect(first.querySelector('[part="unread"] .visually-hidden')!.textContent).to.equal('3 unread');
    expect(first.querySelector('[part="avatar"]')!.textContent).to.equal('GH');
    expect(first.querySelector('time')!.textContent).to.equal('now');

    expect(second.dataset.id).to.equal(group.id);
    const name = second.querySelector('[part="name"]')!;
    expect(name.querySelector('.party')!.textContent).to.equal('Event organisers');
    expect(name.querySelector('.kind')!.textContent).to.equal('group');
    // Newlines and runs of spaces collapse to one line.
    expect(second.querySelector('[part="preview"]')!.textContent).to.equal('Welcome, Ada!');
    expect(second.querySelector('[part="unread"]')).to.not.equal(null);
    expect(first.getAttribute('aria-setsize')).to.equal('2');
    expect(first.getAttribute('aria-posinset')).to.equal('1');
    await expect(list).to.be.accessible();
  });

  it("marks the viewer's own last message and moves a conversation up when a message arrives", async () => {
    const a = await portal.start('m1', [{ kind: 'member', id: 'm2' }], 'Mine');
    const b = await portal.start('m3', [{ kind: 'member', id: 'm1' }], 'From Alan');
    const client = await portal.client('m1');
    const list = await mount<ConvConversationList>(
      client,
      html`<conv-conversation-list></conv-conversation-list>`,
    );
    await until(() => rows(list).length === 2, 'two rows');
    expect(rows(list).map((row) => row.dataset.id)).to.deep.equal([b.id, a.id]);
    expect(rowFor(list, a.id)!.querySelector('[part="preview"]')!.textContent).to.equal('You: Mine');

    await portal.send('m2', a.id, 'A reply from Grace');
    await until(() => rows(list)[0]?.dataset.id === a.id, 'the conversation to move up');
    expect(rowFor(list, a.id)!.querySelector('[part="preview"]')!.textContent).to.equal('A reply from Grace');
  });

  it('is one tab stop: arrows, Home and End move, Enter opens and the row is announced selected', async () => {
    const ids: string[] = [];
    for (const member of ['m2', 'm3', 'm4', 'm5']) {
      ids.unshift((await portal.start(member, [{ kind: 'member', id: 'm1' }], `Hi from ${member}`)).id);
    }
    const client = await portal.client('m1');
    const before = await mount<HTMLButtonElement>(
      client,
      html`<button id="before">before</button><conv-conversation-list></conv-conversation-list>`,
    );
    const element = before.nextElementSibling as ConvConversationList;
    await until(() => rows(element).length === 4, 'four rows');
    expect(rows(element).filter((row) => row.tabIndex === 0)).to.have.length(1);

    before.focus();
    await sendKeys({ press: 'Tab' });
    expect(focusedRow(element)?.dataset.id).to.equal(ids[0]);
    await sendKeys({ press: 'ArrowDown' });
    expect(focusedRow(element)?.dataset.id).to.equal(ids[1]);
    await sendKeys({ press: 'End' });
    await until(() => focusedRow(element)?.dataset.id === ids[3], 'focus on the last row');
    await sendKeys({ press: 'ArrowDown' });
    expect(focusedRow(element)?.dataset.id).to.equal(ids[3]);
    await sendKeys({ press: 'Home' });
    await until(() => focusedRow(element)?.dataset.id === ids[0], 'focus on the first row');
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowDown' });

    setTimeout(() => void sendKeys({ press: 'Enter' }));
    const selected = await oneEvent(element, 'conv-conversation-select');
    expect(selected.detail.conversationId).to.equal(ids[2]);
    expect(element.selected).to.equal(ids[2]);
    await element.updateComplete;
    expect(rowFor(element, ids[2])!.getAttribute('aria-selected')).to.equal('true');
    expect(rows(element).filter((row) => row.getAttribute('aria-selected') === 'true')).to.have.length(1);
    // Selecting by code moves the tab stop but fires nothing.
    let fired = 0;
    element.addEventListener('conv-conversation-select', () => fired++);
    element.selected = ids[0];
    await element.updateComplete;
    expect(rowFor(element, ids[0])!.tabIndex).to.equal(0);
    expect(fired).to.equal(0);
    await expect(element).to.be.accessible();
  });

  it('opens a conversation on click', async () => {
    const conversation = await portal.start('m2', [{ kind: 'member', id: 'm1' }], 'Click me');
    const client = await portal.client('m1');
    const list = await mount<ConvConversationList>(
      client,
      html`<conv-conversation-list></conv-conversation-list>`,
    );
    const row = await until(() => rowFor(list, conversation.id), 'the row');
    setTimeout(() => row.querySelector<HTMLElement>('[part="preview"]')!.click());
    const event = await oneEvent(list, 'conv-conversation-select');
    expect(event.detail.conversationId).to.equal(conversation.id);
  });

  it('virtualizes and loads more pages as the member moves to the end', async function () {
    // Hundreds of writes to set up first: more than the default on a busy machine.
    this.timeout(60_000);
    const others = ['m2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9', 'm10', 'm11', 'm12'];
    const total = 45;
    for (let n = 1; n <= total; n++) {
      const chosen = others.filter((_, bit) => n & (1 << bit));
      await portal.start(
        chosen[0],
        [{ kind: 'member', id: 'm1' }, ...chosen.slice(1).map((id) => ({ kind: 'member' as const, id }))],
        `Conversation ${n}`,
      );
    }
    const client = await portal.client('m1', { pageSize: 10 });
    const list = await mount<ConvConversationList>(
      client,
      html`<conv-conversation-list></conv-conversation-list>`,
      {
        height: '300px',
      },
    );
    await until(() => rows(list).length > 0, 'rows');
    expect(client.conversations.value.hasMore).to.equal(true);
    rows(list)[0].focus();
    // End goes to the last loaded row; nearing it loads the next page; repeat until the oldest.
    for (let attempt = 0; attempt < 20; attempt++) {
      await sendKeys({ press: 'End' });
      const last = await until(() => focusedRow(list), 'a focused row');
      if (last.querySelector('[part="preview"]')!.textContent === 'Conversation 1') break;
      await until(
        () => client.conversations.value.status === 'ready' || client.conversations.value.status === 'error',
        'the page to load',
      );
    }
    expect(focusedRow(list)!.querySelector('[part="preview"]')!.textContent).to.equal('Conversation 1');
    expect(client.conversations.value.items).to.have.length(total);
    expect(client.conversations.value.hasMore).to.equal(false);
    // Only what is near the viewport is in the DOM.
    expect(rows(list).length).to.be.below(total);
    expect(focusedRow(list)!.getAttribute('aria-posinset')).to.equal(String(total));
    expect(focusedRow(list)!.getAttribute('aria-setsize')).to.equal(String(total));
    await expect(list).to.be.accessible();
  });

  it('offers to start a conversation when there is none', async () => {
    const client = await portal.client('m7');
    const list = await mount<ConvConversationList>(
      client,
      html`<conv-conversation-list></conv-conversation-list>`,
    );
    const button = await until(() => list.shadowRoot!.querySelector('button'), 'the start button');
    expect(list.shadowRoot!.textContent).to.contain('No conversations yet.');
    await expect(list).to.be.accessible();
    setTimeout(() => button.click());
    const event = await oneEvent(list, 'conv-start-conversation-request');
    expect(event.cancelable).to.equal(true);
    expect(event.composed).to.equal(true);
  });

  it('says it is loading until a client answers', async () => {
    const list = document.createElement('conv-conversation-list');
    document.body.append(list);
    try {
      await list.updateComplete;
      expect(list.shadowRoot!.querySelector('[role="status"]')!.textContent).to.contain('Loading');
      await expect(list).to.be.accessible();
    } finally {
      list.remove();
    }
  });

  it('shows an error with a retry that loads the list', async () => {
    await portal.start('m2', [{ kind: 'member', id: 'm1' }], 'After the outage');
    const adapter = portal.backend.adapterFor('m1');
    // Fault injection on the backend's side of the client: the element and client are real.
    let down = true;
    const flaky = failing(adapter, 'listConversations', () => (down ? new UnavailableError() : undefined));
    const cacheName = uniqueDatabaseName('conv-cache-flaky');
    const client = new ConversationsClient(flaky, { cacheName });
    try {
      const list = await mount<ConvConversationList>(
        client,
        html`<conv-conversation-list></conv-conversation-list>`,
      );
      const alert = await until(() => list.shadowRoot!.querySelector('[role="alert"]'), 'the error');
      expect(alert.textContent).to.contain('could not be loaded');
      await expect(list).to.be.accessible();
      down = false;
      list.shadowRoot!.querySelector('button')!.click();
      await until(() => rows(list).length === 1, 'the row after retrying');
      expect(list.shadowRoot!.querySelector('[role="alert"]')).to.equal(null);
    } finally {
      client.dispose();
      adapter.close?.();
      await deleteClientCache(cacheName);
    }
  });

  it('keeps the saved conversations when they cannot be refreshed, and says so politely', async () => {
    await portal.start('m2', [{ kind: 'member', id: 'm1' }], 'Saved before going offline');
    const cacheName = uniqueDatabaseName('conv-cache-stale');
    const adapter = portal.backend.adapterFor('m1');
    // A first visit fills this device's cache.
    const online = new ConversationsClient(adapter, { cacheName });
    const first = await mount<ConvConversationList>(
      online,
      html`<conv-conversation-list></conv-conversation-list>`,
    );
    await until(() => rows(first).length === 1, 'the row on the first visit');
    first.remove();
    online.dispose();

    let down = true;
    const client = new ConversationsClient(
      failing(adapter, 'listConversations', () => (down ? new UnavailableError() : undefined)),
      { cacheName },
    );
    try {
      const list = await mount<ConvConversationList>(
        client,
        html`<conv-conversation-list></conv-conversation-list>`,
      );
      const note = await until(() => list.shadowRoot!.querySelector('.stale'), 'the note');
      expect(note.getAttribute('role')).to.equal('status');
      expect(note.textContent).to.contain('saved on this device');
      // The virtualizer paints the saved row once it has laid the list out.
      await until(() => rows(list).length === 1, 'the saved row beside the note');
      expect(rows(list)[0]!.textContent).to.contain('Saved before going offline');
      expect(list.shadowRoot!.querySelector('[role="alert"]')).to.equal(null);
      await expect(list).to.be.accessible();

      down = false;
      note.querySelector('button')!.click();
      await until(() => list.shadowRoot!.querySelector('.stale') === null, 'the note gone once refreshed');
      expect(rows(list)).to.have.length(1);
    } finally {
      client.dispose();
      adapter.close?.();
      await deleteClientCache(cacheName);
    }
  });

  it('passes axe in dark mode and right to left', async () => {
    await portal.start('m5', [{ kind: 'member', id: 'm1' }], 'مرحبا');
    const client = await portal.client('m1');
    const list = await mount<ConvConversationList>(
      client,
      html`<conv-conversation-list></conv-conversation-list>`,
      {
        dir: 'rtl',
        dark: true,
      },
    );
    await until(() => rows(list).length === 1, 'the row');
    expect(getComputedStyle(list).direction).to.equal('rtl');
    expect(getComputedStyle(list).backgroundColor).to.equal('rgb(18, 18, 18)');
    await expect(list).to.be.accessible();
  });
});

describe('conversation list formatting', () => {
  it('formats times relative to now with Intl', () => {
    const now = Date.UTC(2026, 0, 10, 12);
    expect(formatRelativeTime(now - 10_000, now, 'en')).to.equal('now');
    expect(formatRelativeTime(now - 5 * 60_000, now, 'en')).to.equal('5 minutes ago');
    expect(formatRelativeTime(now - 3 * 3_600_000, now, 'en')).to.equal('3 hours ago');
    expect(formatRelativeTime(now - 24 * 3_600_000, now, 'en')).to.equal('yesterday');
    expect(formatRelativeTime(now - 14 * 86_400_000, now, 'en')).to.equal('2 weeks ago');
    expect(formatRelativeTime(now - 400 * 86_400_000, now, 'en')).to.equal('last year');
    expect(formatRelativeTime(now - 5 * 60_000, now, 'de')).to.equal('vor 5 Minuten');
  });
});
