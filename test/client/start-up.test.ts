import { expect } from '@open-wc/testing';
import type { ConversationsAdapter } from '../../src/adapter/adapter.js';
import type { LocalBackend } from '../../src/adapters/local/index.js';
import { deleteDB } from 'idb';
import { ConversationsClient, defaultCacheName } from '../../src/client/conversations-client.js';
import { connect, disconnect } from '../../src/context/connect.js';
import { freshBackend } from '../helpers/local-backend.js';
import { cacheName, dropCaches, until } from './helpers.js';

/** A real adapter whose calls are counted, and whose `getViewer` can be held. */
function watched(inner: ConversationsAdapter) {
  const calls: string[] = [];
  let viewerGate: Promise<void> | undefined;
  const adapter = new Proxy(inner, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      // `subscribe` answers at once with its unsubscribe function, as the contract says.
      if (typeof value !== 'function' || key === 'subscribe') return value;
      return async (...args: unknown[]) => {
        calls.push(String(key));
        if (key === 'getViewer') await viewerGate;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  const holdViewer = () => {
    let release!: () => void;
    viewerGate = new Promise((resolve) => (release = resolve));
    return release;
  };
  const count = (name: string) => calls.filter((call) => call === name).length;
  return { adapter, count, holdViewer };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('ConversationsClient start-up', () => {
  let backend: LocalBackend;
  const clients: ConversationsClient[] = [];
  /** Caches named by the client itself (from the viewer), deleted after each test. */
  const named: string[] = [];

  beforeEach(async () => {
    backend = await freshBackend();
    const m2 = backend.adapterFor('m2');
    await m2.startConversation({
      recipients: [{ kind: 'member', id: 'm1' }],
      body: 'Hello Ada',
      clientId: 'start-0001',
    });
  });

  afterEach(async () => {
    disconnect();
    for (const client of clients.splice(0)) client.dispose();
    document.querySelectorAll('conv-inbox').forEach((element) => element.remove());
    await dropCaches();
    await Promise.all(named.splice(0).map((name) => deleteDB(name)));
    await backend.destroy();
  });

  it("asks for the list's first page before the viewer has answered (a first visit's cache waits for it)", async () => {
    const { adapter, count, holdViewer } = watched(backend.adapterFor('m1'));
    const releaseViewer = holdViewer();
    // No cache name and no viewer id: the cache can open only once the viewer is known.
    const client = new ConversationsClient(adapter);
    clients.push(client);
    named.push(defaultCacheName('m1', adapter.scope));
    client.conversations.subscribe(() => undefined);
    await settle();
    expect(count('listConversations')).to.equal(1);
    expect(client.viewer.value).to.equal(undefined);
    releaseViewer();
    const list = await until(client.conversations, (state) => state.status === 'ready');
    expect(list.items.map((item) => item.lastMessage?.body)).to.deep.equal(['Hello Ada']);
    expect(count('listConversations')).to.equal(1);
  });

  it('reads the unread totals once at start, and has them right', async () => {
    const { adapter, count } = watched(backend.adapterFor('m1'));
    const client = new ConversationsClient(adapter, { cacheName: cacheName() });
    clients.push(client);
    await until(client.unread, (unread) => unread.total === 1);
    await client.connect();
    await settle();
    expect(count('getUnreadSummary')).to.equal(1);
    expect(client.unread.value).to.deep.equal({ total: 1, conversations: 1 });
  });

  it("connect() on a page that shows the list asks for the list's first page at once", async () => {
    const { adapter, count } = watched(backend.adapterFor('m1'));
    document.body.append(document.createElement('conv-inbox'));
    const client = connect(adapter, { cacheName: cacheName() });
    // Nothing subscribed (the inbox's element is not even defined here), and already asked.
    await settle();
    expect(count('listConversations')).to.equal(1);
    await until(client.conversations, (state) => state.status === 'ready');
    expect(client.conversations.value.items).to.have.length(1);
    expect(count('listConversations')).to.equal(1);
  });

  it('connect() on a page without a list does not ask for it', async () => {
    const { adapter, count } = watched(backend.adapterFor('m1'));
    const client = connect(adapter, { cacheName: cacheName() });
    await client.connect();
    await settle();
    expect(count('listConversations')).to.equal(0);
    expect(client.conversations.value.status).to.equal('idle');
  });
});
