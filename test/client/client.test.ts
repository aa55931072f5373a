import { expect } from '@open-wc/testing';
import type { LocalBackend } from '../../src/adapters/local/index.js';
import {
  ConversationsClient,
  type ClientMessage,
  type IncomingMessage,
} from '../../src/client/conversations-client.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../src/core/errors.js';
import { freshBackend } from '../helpers/local-backend.js';
import { cacheName, dropCaches, EdgeAdapter, until } from './helpers.js';
import { rejection } from '../helpers/rejection.js';

describe('ConversationsClient', () => {
  let backend: LocalBackend;
  const clients: ConversationsClient[] = [];

  function clientFor(member: string, options: { cache?: string; pageSize?: number } = {}) {
    const client = new ConversationsClient(backend.adapterFor(member), {
      cacheName: options.cache ?? cacheName(),
      ...(options.pageSize ? { pageSize: options.pageSize } : {}),
    });
    clients.push(client);
    return client;
  }

  beforeEach(async () => {
    backend = await freshBackend();
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.dispose();
    await dropCaches();
    await backend.destroy();
  });

  it('does nothing until used, then learns the viewer and the policy', async () => {
    const client = clientFor('m1');
    expect(client.viewer.value).to.equal(undefined);
    const viewer = await until(client.viewer, (value) => value !== undefined);
    expect(viewer!.member.name).to.equal('Ada Lovelace');
    expect(viewer!.managedGroups.map((group) => group.id)).to.deep.equal(['g1']);
    expect(client.policy.value.maxMessageLength).to.equal(1000);
  });

  it('keeps the list and the unread totals current from live events', async () => {
    const m2 = backend.adapterFor('m2');
    const first = await m2.startConversation({
      recipients: [{ kind: 'member', id: 'm1' }],
      body: 'Hi Ada',
      clientId: 'first-0001',
    });
    const client = clientFor('m1');
    const list = await until(client.conversations, (state) => state.status === 'ready');
    expect(list.items.map((item) => item.id)).to.deep.equal([first.conversation.id]);
    expect(list.fromCache).to.equal(false);
    await until(client.unread, (unread) => unread.total === 1);

    // Someone else starts a second conversation: it comes first, and the totals rise.
    const second = await backend.adapterFor('m3').startConversation({
      recipients: [{ kind: 'member', id: 'm1' }],
      body: 'Hello from Alan',
      clientId: 'second-001',
    });
    const after = await until(client.conversations, (state) => state.items.length === 2);
    expect(after.items.map((item) => item.id)).to.deep.equal([second.conversation.id, first.conversation.id]);
    expect(await until(client.unread, (unread) => unread.total === 2)).to.deep.equal({
      total: 2,
      conversations: 2,
    });

    // A new message in the older conversation moves it to the top.
    await m2.sendMessage({
      conversationId: first.conversation.id,
      body: 'Are you there?',
      clientId: 'third-0001',
    });
    const moved = await until(client.conversations, (state) => state.items[0]?.id === first.conversation.id);
    expect(moved.items[0]!.unreadCount).to.equal(2);
    await until(client.unread, (unread) => unread.total === 3);
  });

  it('tells of messages from others, never of the viewer’s own', async () => {
    const client = clientFor('m1');
    const heard: IncomingMessage[] = [];
    client.onIncoming((incoming) => heard.push(incoming));
    await client.connect();
    const started = await client.startConversation({
      recipients: [{ kind: 'member', id: 'm2' }],
      body: 'Mine',
    });
    const arrived = new Promise<IncomingMessage>((resolve) => client.onIncoming(resolve));
    await backend
      .adapterFor('m2')
      .sendMessage({ conversationId: started.conversation.id, body: 'Theirs', clientId: 'theirs-001' });
    const incoming = await arrived;
    expect(incoming.message.body).to.equal('Theirs');
    expect(incoming.conversation.id).to.equal(started.conversation.id);
    expect(heard.map((item) => item.message.body)).to.deep.equal(['Theirs']);
  });

  it('loads a thread newest page first, then older pages on request', async () => {
    const m2 = backend.adapterFor('m2');
    const { conversation } = await m2.startConversation({
      recipients: [{ kind: 'member', id: 'm1' }],
      body: 'one',
      clientId: 'page-00001',
    });
    for (const [i, body] of ['two', 'three', 'four', 'five'].entries()) {
      await m2.sendMessage({ conversationId: conversation.id, body, clientId: `page-0000${i + 2}` });
    }
    const client = clientFor('m1', { pageSize: 2 });
    const thread = client.thread(conversation.id);
    expect(client.thread(conversation.id)).to.equal(thread);
    const ready = await until(thread, (state) => state.status === 'ready');
    expect(ready.messages.map((message) => message.body)).to.deep.equal(['four', 'five']);
    expect(ready.messages.every((message) => message.status === 'sent')).to.equal(true);
    expect(ready.hasOlder).to.equal(true);
    expect(ready.conversation!.id).to.equal(conversation.id);

    await client.loadOlderMessages(conversation.id);
    expect(thread.value.messages.map((message) => message.body)).to.deep.equal([
      'two',
      'three',
      'four',
      'five',
    ]);
    await client.loadOlderMessages(conversation.id);
    expect(thread.value.messages.map((message) => message.body)).to.deep.equal([
      'one',
      'two',
      'three',
      'four',
      'five',
    ]);
    expect(thread.value.hasOlder).to.equal(false);
  });

  it('shows a message at once as pending, then as sent with the adapter’s id', async () => {
    const client = clientFor('m1');
    const { conversation } = await client.startConversation({
      recipients: [{ kind: 'member', id: 'm2' }],
      body: 'Start',
    });
    const thread = client.thread(conversation.id);
    await until(thread, (state) => state.status === 'ready');
    const seen: ClientMessage[] = [];
    thread.subscribe((state) => {
      const last = state.messages.at(-1);
      if (last?.body === 'Second') seen.push(last);
    });

    const pending = await client.send(conversation.id, '  Second  ');
    expect(pending.status).to.equal('pending');
    expect(pending.body).to.equal('Second');
    expect(pending.author.id).to.equal('m1');
    const sent = await client.settled(conversation.id, pending.clientId);
    expect(sent.status).to.equal('sent');
    expect(sent.id).to.not.equal(pending.clientId);

    expect(seen[0]!.status).to.equal('pending');
    expect(seen.at(-1)!.status).to.equal('sent');
    const bodies = thread.value.messages.map((message) => message.body);
    expect(bodies).to.deep.equal(['Start', 'Second']);
    // The other participant got it once.
    const theirs = await backend.adapterFor('m2').listMessages(conversation.id);
    expect(theirs.items.map((message) => message.clientId)).to.include(pending.clientId);
    expect(theirs.items).to.have.length(2);
  });

  it('refuses bad input with a typed error and changes nothing', async () => {
    const client = clientFor('m1');
    const { conversation } = await client.startConversation({
      recipients: [{ kind: 'member', id: 'm2' }],
      body: 'Start',
    });
    const thread = client.thread(conversation.id);
    await until(thread, (state) => state.status === 'ready');

    const empty = await rejection(client.send(conversation.id, '   '));
    expect(empty).to.be.instanceOf(ValidationError);
    expect((empty as ValidationError).reason).to.equal('empty');
    const long = await rejection(client.send(conversation.id, 'x'.repeat(1001)));
    expect((long as ValidationError).reason).to.equal('too-long');
    // 1,000 emoji are 1,000 characters: accepted.
    const emoji = await client.send(conversation.id, '😀'.repeat(1000));
    await client.settled(conversation.id, emoji.clientId);
    const notMine = await rejection(client.send(conversation.id, 'as a group', { asGroup: 'g2' }));
    expect(notMine).to.be.instanceOf(ForbiddenError);
    const badId = await rejection(client.send('', 'hello'));
    expect((badId as ValidationError).reason).to.equal('bad-id');
    const tooMany = await rejection(
      client.startConversation({
        recipients: ['m2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9', 'm10', 'm11'].map((id) => ({
          kind: 'member',
          id,
        })),
        body: 'Everyone',
      }),
    );
    expect((tooMany as ValidationError).reason).to.equal('too-many-recipients');
    const badSettings = await rejection(client.updateSettings({ inApp: 'yes' as unknown as boolean }));
    expect((badSettings as ValidationError).reason).to.equal('bad-settings');

    expect(thread.value.messages.map((message) => message.body)).to.deep.equal(['Start', '😀'.repeat(1000)]);
    expect((await backend.adapterFor('m2').listMessages(conversation.id)).items).to.have.length(2);
    expect((await client.conversations.value).items).to.have.length(0); // never subscribed: stays idle
  });

  it('marks read: the totals fall at once here and, by the adapter’s events, in another client', async () => {
    const m2 = backend.adapterFor('m2');
    const { conversation } = await m2.startConversation({
      recipients: [{ kind: 'member', id: 'm1' }],
      body: 'Read me',
      clientId: 'read-00001',
    });
    await m2.sendMessage({ conversationId: conversation.id, body: 'And me', clientId: 'read-00002' });
    const here = clientFor('m1');
    const there = clientFor('m1');
    await until(here.unread, (unread) => unread.total === 2);
    await until(there.unread, (unread) => unread.total === 2);
    await until(there.conversations, (state) => state.status === 'ready');

    await here.markRead(conversation.id);
    expect(here.unread.value).to.deep.equal({ total: 0, conversations: 0 });
    await until(there.unread, (unread) => unread.total === 0);
    const list = await until(there.conversations, (state) => state.items[0]?.unreadCount === 0);
    expect(list.items[0]!.id).to.equal(conversation.id);
    expect(await rejection(here.markRead('no-such-conversation'))).to.be.instanceOf(NotFoundError);
  });

  it('loads and changes settings; another client follows', async () => {
    const here = clientFor('m1');
    const there = clientFor('m1');
    const loaded = await until(here.settings, (state) => state.status === 'ready');
    expect(loaded.value).to.deep.equal({ inApp: true, email: true });
    await until(there.settings, (state) => state.status === 'ready');

    const saving = here.updateSettings({ email: false });
    expect(here.settings.value).to.deep.include({ status: 'saving', value: { inApp: true, email: false } });
    expect(await saving).to.deep.equal({ inApp: true, email: false });
    expect(here.settings.value).to.deep.equal({ status: 'ready', value: { inApp: true, email: false } });
    await until(there.settings, (state) => state.value?.email === false);
  });

  it('shows the cached list and thread before the adapter answers, then the fresh ones', async () => {
    const m2 = backend.adapterFor('m2');
    const { conversation } = await m2.startConversation({
      recipients: [{ kind: 'member', id: 'm1' }],
      body: 'Cached hello',
      clientId: 'cache-0001',
    });
    const cache = cacheName();
    const first = clientFor('m1', { cache });
    await until(first.conversations, (state) => state.status === 'ready');
    await until(first.thread(conversation.id), (state) => state.status === 'ready');
    await until(first.unread, (unread) => unread.total === 1);
    first.dispose();
    await m2.sendMessage({ conversationId: conversation.id, body: 'Newer', clientId: 'cache-0002' });

    // As after a reload: a new client on the same cache, with a network that has not answered yet.
    const edge = new EdgeAdapter(backend.adapterFor('m1'));
    const releaseList = edge.holdConversations();
    const releaseMessages = edge.holdMessages();
    const second = new ConversationsClient(edge, { cacheName: cache });
    clients.push(second);
    const cached = await until(second.conversations, (state) => state.items.length > 0);
    expect(cached).to.deep.include({ status: 'loading', fromCache: true });
    expect(cached.items[0]!.lastMessage!.body).to.equal('Cached hello');
    const cachedThread = await until(second.thread(conversation.id), (state) => state.messages.length > 0);
    expect(cachedThread.status).to.equal('loading');
    expect(cachedThread.messages.map((message) => message.body)).to.deep.equal(['Cached hello']);

    releaseList();
    const fresh = await until(second.conversations, (state) => state.status === 'ready');
    expect(fresh.fromCache).to.equal(false);
    expect(fresh.items[0]!.lastMessage!.body).to.equal('Newer');
    releaseMessages();
    const freshThread = await until(second.thread(conversation.id), (state) => state.status === 'ready');
    expect(freshThread.messages.map((message) => message.body)).to.deep.equal(['Cached hello', 'Newer']);
  });

  it('stops everything on dispose: no more updates, and calls are refused', async () => {
    const client = clientFor('m1');
    const { conversation } = await client.startConversation({
      recipients: [{ kind: 'member', id: 'm2' }],
      body: 'Before',
    });
    await until(client.conversations, (state) => state.status === 'ready');
    client.dispose();
    const other = clientFor('m1');
    await until(other.conversations, (state) => state.status === 'ready');
    await backend
      .adapterFor('m2')
      .sendMessage({ conversationId: conversation.id, body: 'After', clientId: 'after-0001' });
    await until(other.conversations, (state) => state.items[0]?.lastMessage?.body === 'After');
    expect(client.conversations.value.items[0]!.lastMessage!.body).to.equal('Before');
    expect(await rejection(client.send(conversation.id, 'Late'))).to.be.instanceOf(ForbiddenError);
  });
});
