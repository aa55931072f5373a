import { expect } from '@open-wc/testing';
import type { LocalBackend } from '../../src/adapters/local/index.js';
import { ConversationsClient } from '../../src/client/conversations-client.js';
import { ForbiddenError } from '../../src/core/errors.js';
import { freshBackend } from '../helpers/local-backend.js';
import { backendBodies, cacheName, databaseExists, dropCaches, EdgeAdapter, until } from './helpers.js';

describe('signOut', () => {
  let backend: LocalBackend;
  const clients: ConversationsClient[] = [];

  beforeEach(async () => {
    backend = await freshBackend();
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.dispose();
    await dropCaches();
    await backend.destroy();
  });

  it('clears the cache and the outbox in another client of the same viewer', async () => {
    const cache = cacheName();
    const { conversation } = await backend
      .adapterFor('m2')
      .startConversation({ recipients: [{ kind: 'member', id: 'm1' }], body: 'Hi', clientId: 'signout-01' });

    // Client B has a cached list and thread, unread totals, and a message waiting in its outbox.
    const edgeB = new EdgeAdapter(backend.adapterFor('m1'));
    const b = new ConversationsClient(edgeB, { cacheName: cache, retry: { baseDelayMs: 600_000 } });
    clients.push(b);
    await until(b.conversations, (state) => state.status === 'ready');
    await until(b.unread, (unread) => unread.total === 1);
    const threadB = b.thread(conversation.id);
    await until(threadB, (state) => state.status === 'ready');
    edgeB.unavailable = true;
    await b.send(conversation.id, 'Never delivered');
    await until(threadB, (state) => state.messages.at(-1)?.error?.code === 'unavailable');

    // Client A, same viewer and cache, signs out.
    const a = new ConversationsClient(backend.adapterFor('m1'), { cacheName: cache });
    clients.push(a);
    await a.signOut();
    expect(await databaseExists(cache)).to.equal(false);
    await until(b.signedOut, (signedOut) => signedOut);
    expect(b.unread.value).to.deep.equal({ total: 0, conversations: 0 });
    expect(b.conversations.value).to.deep.include({ status: 'idle', items: [] });
    expect(threadB.value.messages).to.deep.equal([]);
    expect(b.viewer.value).to.equal(undefined);
    let refused: unknown;
    try {
      await b.send(conversation.id, 'After');
    } catch (error) {
      refused = error;
    }
    expect(refused).to.be.instanceOf(ForbiddenError);

    // The next page load finds nothing: no cached list before the network answers, no outbox.
    edgeB.unavailable = false;
    const edgeC = new EdgeAdapter(backend.adapterFor('m1'));
    const release = edgeC.holdConversations();
    const c = new ConversationsClient(edgeC, { cacheName: cache });
    clients.push(c);
    await c.connect();
    const list = await until(c.conversations, (state) => state.status === 'loading');
    expect(list.items).to.deep.equal([]);
    const threadC = await until(c.thread(conversation.id), (state) => state.status === 'ready');
    expect(threadC.messages.map((message) => message.body)).to.deep.equal(['Hi']);
    release();
    await until(c.conversations, (state) => state.status === 'ready');
    expect(edgeC.sendCalls).to.deep.equal([]);
    expect(await backendBodies(backend.adapterFor('m2'), conversation.id)).to.deep.equal(['Hi']);
  });

  it('works on a client never used on this page', async () => {
    const cache = cacheName();
    const first = new ConversationsClient(backend.adapterFor('m1'), { cacheName: cache });
    clients.push(first);
    await until(first.conversations, (state) => state.status === 'ready');
    first.dispose();
    expect(await databaseExists(cache)).to.equal(true);
    const fresh = new ConversationsClient(backend.adapterFor('m1'), { cacheName: cache });
    clients.push(fresh);
    await fresh.signOut();
    expect(await databaseExists(cache)).to.equal(false);
    expect(fresh.signedOut.value).to.equal(true);
  });

  it('still deletes the viewer’s cache when called after dispose()', async () => {
    const cache = cacheName();
    const client = new ConversationsClient(backend.adapterFor('m1'), { cacheName: cache });
    clients.push(client);
    await until(client.conversations, (state) => state.status === 'ready');
    client.dispose();
    await client.signOut();
    expect(await databaseExists(cache)).to.equal(false);
    expect(client.signedOut.value).to.equal(true);
  });
});
