import { expect } from '@open-wc/testing';
import { unreadSourceOf } from '../../src/adapter/unread-source.js';
import type { LocalBackend } from '../../src/adapters/local/index.js';
import { ConversationsClient } from '../../src/client/conversations-client.js';
import { UnreadTotals } from '../../src/client/unread-totals.js';
import { ForbiddenError, NotFoundError } from '../../src/core/errors.js';
import { freshBackend } from '../helpers/local-backend.js';
import { cacheName, dropCaches, EdgeAdapter, until, within } from './helpers.js';
import { rejection } from '../helpers/rejection.js';

describe('ConversationsClient.getParty', () => {
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

  it('looks up a member or group, and rejects an unknown one as not found', async () => {
    const client = new ConversationsClient(backend.adapterFor('m1'), { cacheName: cacheName() });
    clients.push(client);
    const member = await client.getParty({ kind: 'member', id: 'm2' });
    expect(member).to.deep.include({ kind: 'member', id: 'm2' });
    const group = await client.getParty({ kind: 'group', id: 'g1' });
    expect(group).to.deep.include({ kind: 'group', id: 'g1' });
    expect(await rejection(client.getParty({ kind: 'member', id: 'nobody' }))).to.be.instanceOf(
      NotFoundError,
    );
  });

  it('carries the caller’s signal and the client’s, and is refused once signed out or disposed', async () => {
    const edge = new EdgeAdapter(backend.adapterFor('m1'));
    const signals: (AbortSignal | undefined)[] = [];
    const original = edge.getParty.bind(edge);
    edge.getParty = (ref, options) => {
      signals.push(options?.signal);
      return original(ref, options);
    };
    const client = new ConversationsClient(edge, { cacheName: cacheName() });
    clients.push(client);
    const caller = new AbortController();
    await client.getParty({ kind: 'member', id: 'm2' }, { signal: caller.signal });
    expect(signals[0]).to.be.instanceOf(AbortSignal);
    expect(signals[0]!.aborted).to.equal(false);
    client.dispose();
    expect(signals[0]!.aborted, 'aborted with the client').to.equal(true);
    expect(await rejection(client.getParty({ kind: 'member', id: 'm2' }))).to.be.instanceOf(ForbiddenError);

    const other = new ConversationsClient(backend.adapterFor('m1'), { cacheName: cacheName() });
    clients.push(other);
    await other.signOut();
    expect(await rejection(other.getParty({ kind: 'member', id: 'm2' }))).to.be.instanceOf(ForbiddenError);
  });
});

describe('ConversationsClient with unread totals made before it', () => {
  let backend: LocalBackend;
  const clients: ConversationsClient[] = [];
  const totals: UnreadTotals[] = [];

  beforeEach(async () => {
    backend = await freshBackend();
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.dispose();
    for (const made of totals.splice(0)) made.dispose();
    await dropCaches();
    await backend.destroy();
  });

  it('keeps the same instance fed: one store, moved at once by a read, left running on dispose', async () => {
    const { conversation } = await backend.adapterFor('m2').startConversation({
      recipients: [{ kind: 'member', id: 'm1' }],
      body: 'Unread',
      clientId: 'given-0001',
    });
    const given = new UnreadTotals(unreadSourceOf(backend.adapterFor('m1')));
    totals.push(given);
    const seen: number[] = [];
    given.unread.subscribe((value) => seen.push(value.total));
    await within(
      3000,
      until(given.unread, (value) => value.total === 1),
    );

    const client = new ConversationsClient(backend.adapterFor('m1'), {
      cacheName: cacheName(),
      unreadTotals: given,
    });
    clients.push(client);
    expect(client.unreadTotals).to.equal(given);
    expect(client.unread).to.equal(given.unread);

    // The list is loaded, so the read moves the totals before the backend confirms it.
    await until(client.conversations, (state) => state.status === 'ready');
    const read = client.markRead(conversation.id);
    await within(
      3000,
      until(given.unread, (value) => value.total === 0),
    );
    await read;
    expect(seen).to.deep.equal([1, 0]);

    // Disposing the client leaves the totals to whoever made them: they keep following.
    client.dispose();
    await backend.adapterFor('m3').startConversation({
      recipients: [{ kind: 'member', id: 'm1' }],
      body: 'Later',
      clientId: 'given-0002',
    });
    await within(
      3000,
      until(given.unread, (value) => value.total === 1),
      'the given totals still following',
    );
  });

  it('makes its own totals otherwise, and disposes of them with itself', async () => {
    const client = new ConversationsClient(backend.adapterFor('m1'), { cacheName: cacheName() });
    clients.push(client);
    expect(client.unreadTotals).to.be.instanceOf(UnreadTotals);
    expect(client.unread).to.equal(client.unreadTotals.unread);
    client.unread.subscribe(() => undefined);
    await client.connect();
    await backend.adapterFor('m2').startConversation({
      recipients: [{ kind: 'member', id: 'm1' }],
      body: 'Hi',
      clientId: 'own-0001',
    });
    await within(
      3000,
      until(client.unread, (value) => value.total === 1),
    );
    client.dispose();
    await backend.adapterFor('m3').startConversation({
      recipients: [{ kind: 'member', id: 'm1' }],
      body: 'After',
      clientId: 'own-0002',
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(client.unread.value.total).to.equal(1);
  });
});

describe('ConversationsClient.can', () => {
  it("answers from the adapter's declared capabilities, and false without a list", async () => {
    const backend = await freshBackend();
    try {
      const adapter = backend.adapterFor('m1');
      const declaring = Object.create(adapter, {
        capabilities: { value: ['edit', 'reactions'] },
      }) as typeof adapter;
      const silent = Object.create(adapter, { capabilities: { value: undefined } }) as typeof adapter;
      const client = new ConversationsClient(declaring, { cacheName: cacheName() });
      const bare = new ConversationsClient(silent, { cacheName: cacheName() });
      expect(client.can('edit')).to.equal(true);
      expect(client.can('reactions')).to.equal(true);
      expect(client.can('delete')).to.equal(false);
      expect(bare.can('edit')).to.equal(false);
      client.dispose();
      bare.dispose();
    } finally {
      await dropCaches();
      await backend.destroy();
    }
  });
});
