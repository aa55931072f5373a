import { expect } from '@open-wc/testing';
import type { LocalBackend } from '../../src/adapters/local/index.js';
import { freshBackend } from '../helpers/local-backend.js';
import type { Tab } from './fixtures/tab.js';
import { cacheName, databaseExists, dropCaches, until, within } from './helpers.js';

/** Tabs of one browser agree within a second: the bound every wait below is held to. */
const AGREE_MS = 1000;

function openTab(db: string, viewer: string, cache: string): Promise<{ frame: HTMLIFrameElement; tab: Tab }> {
  const frame = document.createElement('iframe');
  const url = new URL('./fixtures/tab.html', import.meta.url);
  url.search = new URLSearchParams({ db, viewer, cache }).toString();
  return new Promise((resolve) => {
    frame.addEventListener('load', () => {
      const win = frame.contentWindow!;
      if (win.tab) resolve({ frame, tab: win.tab });
      else win.addEventListener('tab-ready', () => resolve({ frame, tab: win.tab! }), { once: true });
    });
    frame.src = url.href;
    document.body.append(frame);
  });
}

describe('two tabs of one viewer', () => {
  let backend: LocalBackend;
  let frames: { frame: HTMLIFrameElement; tab: Tab }[] = [];

  beforeEach(async () => {
    backend = await freshBackend();
    const cache = cacheName();
    frames = await Promise.all([openTab(backend.name, 'm1', cache), openTab(backend.name, 'm1', cache)]);
  });

  afterEach(async () => {
    for (const { frame, tab } of frames) {
      tab.close();
      frame.remove();
    }
    frames = [];
    await dropCaches();
    await backend.destroy();
  });

  it('agree on new messages, unread totals and read state within a second', async () => {
    const [a, b] = frames.map(({ tab }) => tab.client);
    await Promise.all(
      [a!, b!].map((client) => until(client.conversations, (state) => state.status === 'ready')),
    );
    await Promise.all([a!, b!].map((client) => until(client.unread, () => true)));

    const m2 = backend.adapterFor('m2');
    const { conversation } = await m2.startConversation({
      recipients: [{ kind: 'member', id: 'm1' }],
      body: 'Both tabs?',
      clientId: 'tabs-00001',
    });
    await within(AGREE_MS, Promise.all([a!, b!].map((client) => until(client.unread, (u) => u.total === 1))));
    await within(
      AGREE_MS,
      Promise.all(
        [a!, b!].map((client) => until(client.conversations, (s) => s.items[0]?.id === conversation.id)),
      ),
    );

    // Read in tab A: tab B's totals and list follow.
    await a!.markRead(conversation.id);
    await within(
      AGREE_MS,
      until(b!.unread, (u) => u.total === 0),
      'tab B seeing the read',
    );
    await within(
      AGREE_MS,
      until(b!.conversations, (s) => s.items[0]?.unreadCount === 0),
    );

    // Sent in tab A: appears in tab B's open thread once it is sent.
    const threadB = b!.thread(conversation.id);
    await until(threadB, (state) => state.status === 'ready');
    const pending = await a!.send(conversation.id, 'From tab A');
    const seen = await within(
      AGREE_MS,
      until(threadB, (state) =>
        state.messages.some((m) => m.clientId === pending.clientId && m.status === 'sent'),
      ),
      'tab B seeing the message',
    );
    const shown = seen.messages.filter((message) => message.clientId === pending.clientId);
    expect(shown).to.have.length(1);
    expect(shown[0]!.status).to.equal('sent');
  });

  it('a message sent in one tab shows in the other, once, as sent', async () => {
    const [a, b] = frames.map(({ tab }) => tab.client);
    const { conversation } = await a!.startConversation({
      recipients: [{ kind: 'member', id: 'm2' }],
      body: 'Start',
    });
    const threadB = b!.thread(conversation.id);
    await until(threadB, (state) => state.status === 'ready');
    const pending = await a!.send(conversation.id, 'Eventually');
    const outcome = await a!.settled(conversation.id, pending.clientId);
    expect(outcome.status).to.equal('sent');
    // The outbox is shared, so tab B may show it as pending first; then as sent, once.
    const seen = await within(
      AGREE_MS,
      until(threadB, (state) => state.messages.at(-1)?.status === 'sent'),
    );
    expect(seen.messages.map((message) => [message.body, message.status])).to.deep.equal([
      ['Start', 'sent'],
      ['Eventually', 'sent'],
    ]);
  });

  it('signing out in one tab clears the other tab’s state, cache and outbox', async () => {
    const [a, b] = frames.map(({ tab }) => tab.client);
    const { conversation } = await b!.startConversation({
      recipients: [{ kind: 'member', id: 'm2' }],
      body: 'Mine',
    });
    await until(b!.conversations, (state) => state.status === 'ready' && state.items.length === 1);
    await a!.connect();
    const cache = new URL(frames[0]!.frame.src).searchParams.get('cache')!;
    await a!.signOut();
    await within(
      AGREE_MS,
      until(b!.signedOut, (signedOut) => signedOut),
    );
    expect(b!.conversations.value.items).to.deep.equal([]);
    expect(b!.thread(conversation.id).value.messages).to.deep.equal([]);
    expect(await databaseExists(cache)).to.equal(false);
  });
});
