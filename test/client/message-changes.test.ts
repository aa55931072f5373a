/**
 * S25, S26 through the client: an edit, a deletion or a reaction, made here or by someone else,
 * replaces the held copy in the thread, the list and the cached page (the next load paints it
 * so), never adds or drops a message, and is refused early with the rulebook's errors.
 */
import { expect } from '@open-wc/testing';
import type { LocalBackend } from '../../src/adapters/local/index.js';
import { ConversationsClient } from '../../src/client/conversations-client.js';
import { ForbiddenError, ValidationError } from '../../src/core/errors.js';
import { freshBackend } from '../helpers/local-backend.js';
import { cacheName, dropCaches, until, within } from './helpers.js';

describe('ConversationsClient: edits, deletions and reactions', () => {
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

  function clientFor(member: string, name = cacheName()): ConversationsClient {
    const client = new ConversationsClient(backend.adapterFor(member), { cacheName: name });
    clients.push(client);
    return client;
  }

  it("follows another member's edit and deletion in the thread, the list and the cache", async () => {
    const author = backend.adapterFor('m2');
    const { conversation, message } = await author.startConversation({
      recipients: [{ kind: 'member', id: 'm1' }],
      body: 'First',
      clientId: 'client-first-1',
    });
    const last = await author.sendMessage({
      conversationId: conversation.id,
      body: 'Second',
      clientId: 'client-second',
    });
    const name = cacheName();
    const client = clientFor('m1', name);
    const thread = client.thread(conversation.id);
    const unsubscribe = thread.subscribe(() => undefined);
    const stopList = client.conversations.subscribe(() => undefined);
    await within(
      3000,
      until(thread, (state) => state.status === 'ready' && state.messages.length === 2),
    );
    await within(
      3000,
      until(client.conversations, (state) => state.status === 'ready'),
    );

    await author.editMessage!({
      conversationId: conversation.id,
      messageId: message.id,
      body: 'First, edited',
    });
    const edited = await within(
      3000,
      until(thread, (state) => state.messages[0]?.body === 'First, edited'),
    );
    expect(edited.messages.map((m) => m.id)).to.deep.equal([message.id, last.id]);
    expect(edited.messages[0]!.editedAt).to.be.a('number');

    await author.deleteMessage!({ conversationId: conversation.id, messageId: last.id });
    const deleted = await within(
      3000,
      until(thread, (state) => state.messages[1]?.deleted === true),
    );
    expect(deleted.messages.map((m) => [m.id, m.body])).to.deep.equal([
      [message.id, 'First, edited'],
      [last.id, ''],
    ]);
    // The list shows the deleted last message as deleted, without moving or counting anything.
    const listed = await within(
      3000,
      until(client.conversations, (state) => state.items[0]?.lastMessage?.deleted === true),
    );
    expect(listed.items[0]!.unreadCount).to.equal(2);
    unsubscribe();
    stopList();
    client.dispose();

    // The next load paints from the cache: the changed copies, not the old ones.
    const again = new ConversationsClient(backend.adapterFor('m1'), { cacheName: name });
    clients.push(again);
    const cached = again.thread(conversation.id);
    const stop = cached.subscribe(() => undefined);
    const first = await within(
      3000,
      until(cached, (state) => state.messages.length === 2),
    );
    expect(first.messages.map((m) => [m.body, m.deleted ?? false])).to.deep.equal([
      ['First, edited', false],
      ['', true],
    ]);
    stop();
  });

  it('shows its own edit and reaction, and refuses bad ones early', async () => {
    const client = clientFor('m1');
    const { conversation, message } = await client.startConversation({
      recipients: [{ kind: 'member', id: 'm2' }],
      body: 'Mine',
    });
    const thread = client.thread(conversation.id);
    const stop = thread.subscribe(() => undefined);
    await within(
      3000,
      until(thread, (state) => state.messages.length === 1),
    );
    const answer = await client.editMessage(conversation.id, message.id, ' Mine, better ');
    expect(answer.body).to.equal('Mine, better');
    expect(thread.value.messages[0]!.body).to.equal('Mine, better');
    const reacted = await client.react(conversation.id, message.id, '👍', true);
    expect(reacted.reactions?.map((r) => [r.emoji, r.count, r.mine])).to.deep.equal([['👍', 1, true]]);
    // At once, or (when the edit's own event came in between) with the reaction's event.
    await within(
      3000,
      until(thread, (state) => state.messages[0]?.reactions?.[0]?.count === 1),
    );
    expect(thread.value.messages).to.have.length(1);

    let error: unknown;
    await client.react(conversation.id, message.id, '🦄', true).catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(ValidationError).and.include({ reason: 'bad-reaction' });
    error = undefined;
    await client
      .editMessage(conversation.id, message.id, 'x'.repeat(1001))
      .catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(ValidationError).and.include({ reason: 'too-long' });
    stop();
  });

  it('refuses an edit when the backend does not serve it', async () => {
    const adapter = backend.adapterFor('m1');
    const bare = Object.create(adapter, { capabilities: { value: ['delete'] } }) as typeof adapter;
    const client = new ConversationsClient(bare, { cacheName: cacheName() });
    clients.push(client);
    const { conversation, message } = await client.startConversation({
      recipients: [{ kind: 'member', id: 'm2' }],
      body: 'Mine',
    });
    let error: unknown;
    await client.editMessage(conversation.id, message.id, 'Other').catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(ForbiddenError);
    expect((await adapter.listMessages(conversation.id)).items[0]!.body).to.equal('Mine');
    expect((await client.deleteMessage(conversation.id, message.id)).deleted).to.equal(true);
  });
});
