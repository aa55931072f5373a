import { expect } from '@open-wc/testing';
import type { LocalBackend } from '../../src/adapters/local/index.js';
import { ConversationsClient, type ClientOptions } from '../../src/client/conversations-client.js';
import { NotFoundError, ValidationError } from '../../src/core/errors.js';
import type { ConversationId } from '../../src/core/types.js';
import { freshBackend } from '../helpers/local-backend.js';
import { backendBodies, cacheName, dropCaches, EdgeAdapter, FlightCounter, until } from './helpers.js';
import { rejection } from '../helpers/rejection.js';

describe('the outbox', () => {
  let backend: LocalBackend;
  let conversation: ConversationId;
  const clients: ConversationsClient[] = [];

  function client(edge: EdgeAdapter, options: ClientOptions) {
    const made = new ConversationsClient(edge, options);
    clients.push(made);
    return made;
  }

  beforeEach(async () => {
    backend = await freshBackend();
    const started = await backend.adapterFor('m2').startConversation({
      recipients: [{ kind: 'member', id: 'm1' }],
      body: 'Hello',
      clientId: 'outbox-start',
    });
    conversation = started.conversation.id;
  });

  afterEach(async () => {
    for (const made of clients.splice(0)) made.dispose();
    await dropCaches();
    await backend.destroy();
  });

  it('keeps sends the adapter cannot take, and a reloaded client delivers them once each, in order', async () => {
    const cache = cacheName();
    const offline = new EdgeAdapter(backend.adapterFor('m1'));
    const first = client(offline, { cacheName: cache, retry: { baseDelayMs: 60_000 } });
    const thread = first.thread(conversation);
    await until(thread, (state) => state.status === 'ready');

    // The first reaches the backend but its answer (and the event telling of it) is lost: the
    // retry must not store it twice.
    offline.loseSendAnswers = true;
    offline.muteEvents = true;
    const sent = [await first.send(conversation, 'one')];
    await until(thread, (state) => state.messages.at(-1)?.error?.code === 'unavailable');
    offline.unavailable = true;
    sent.push(await first.send(conversation, 'two'), await first.send(conversation, 'three'));
    const waiting = thread.value.messages.slice(1);
    expect(waiting.map((message) => [message.body, message.status])).to.deep.equal([
      ['one', 'pending'],
      ['two', 'pending'],
      ['three', 'pending'],
    ]);
    first.dispose();

    // As after a reload, with the network back.
    const online = new EdgeAdapter(backend.adapterFor('m1'));
    const second = client(online, { cacheName: cache });
    const reloaded = second.thread(conversation);
    const shown = await until(
      reloaded,
      (state) =>
        state.messages.filter((m) => m.status === 'pending').length === 0 && state.messages.length === 4,
    );
    expect(shown.messages.map((message) => [message.body, message.status])).to.deep.equal([
      ['Hello', 'sent'],
      ['one', 'sent'],
      ['two', 'sent'],
      ['three', 'sent'],
    ]);
    expect(online.sendCalls).to.deep.equal(sent.map((message) => message.clientId));
    // What the other participant sees: each once, in order.
    expect(await backendBodies(backend.adapterFor('m2'), conversation)).to.deep.equal([
      'Hello',
      'one',
      'two',
      'three',
    ]);
  });

  it('retries with backoff and resumes as soon as the browser is back online', async () => {
    const edge = new EdgeAdapter(backend.adapterFor('m1'));
    // A wait far longer than the test: only the `online` event can bring the message through.
    const made = client(edge, { cacheName: cacheName(), retry: { baseDelayMs: 600_000 } });
    const thread = made.thread(conversation);
    await until(thread, (state) => state.status === 'ready');
    edge.unavailable = true;
    const pending = await made.send(conversation, 'when back');
    await until(thread, (state) => state.messages.at(-1)?.error?.code === 'unavailable');
    expect(thread.value.messages.at(-1)!.status).to.equal('pending');

    edge.unavailable = false;
    window.dispatchEvent(new Event('online'));
    const sent = await made.settled(conversation, pending.clientId);
    expect(sent.status).to.equal('sent');
    expect(edge.sendCalls).to.deep.equal([pending.clientId, pending.clientId]);
  });

  it('honours a server’s retryAfterMs', async () => {
    const edge = new EdgeAdapter(backend.adapterFor('m1'));
    // The base wait would outlast the test; the server's 20 ms must be what is used.
    const made = client(edge, { cacheName: cacheName(), retry: { baseDelayMs: 600_000 } });
    await made.connect();
    edge.unavailable = true;
    const original = edge.inner.sendMessage.bind(edge.inner);
    let refusals = 0;
    edge.inner.sendMessage = async (input, options) => {
      if (refusals++ === 0) {
        const { RateLimitedError } = await import('../../src/core/errors.js');
        throw new RateLimitedError(20);
      }
      return original(input, options);
    };
    edge.unavailable = false;
    const pending = await made.send(conversation, 'slowly');
    const sent = await made.settled(conversation, pending.clientId);
    expect(sent.status).to.equal('sent');
    expect(refusals).to.equal(2);
  });

  it('marks a refusal failed at once, never retries it by itself, and lets the member retry or discard', async () => {
    // m2 reads the g1 conversation as a member of g1; removed from the group, it is not theirs.
    const started = await backend.adapterFor('m3').startConversation({
      recipients: [{ kind: 'group', id: 'g1' }],
      body: 'Team',
      clientId: 'group-start',
    });
    const cache = cacheName();
    const edge = new EdgeAdapter(backend.adapterFor('m2'));
    const made = client(edge, { cacheName: cache });
    const thread = made.thread(started.conversation.id);
    await until(thread, (state) => state.status === 'ready');
    await backend.setGroupRole('g1', 'm2', null);

    const refused = await made.send(started.conversation.id, 'Still here?');
    const failed = await made.settled(started.conversation.id, refused.clientId);
    expect(failed.status).to.equal('failed');
    expect(failed.error!.code).to.equal('not-found');

    // Later sends are delivered; the refused one is not tried again.
    const later = await made.send(conversation, 'Elsewhere');
    expect((await made.settled(conversation, later.clientId)).status).to.equal('sent');
    expect(edge.sendCalls.filter((id) => id === refused.clientId)).to.have.length(1);
    expect(await rejection(made.discard(conversation, later.clientId))).to.be.instanceOf(NotFoundError);

    // Back in the group, the member retries: same client id, delivered.
    await backend.setGroupRole('g1', 'm2', 'member');
    await made.retry(started.conversation.id, refused.clientId);
    const retried = await made.settled(started.conversation.id, refused.clientId);
    expect(retried.status).to.equal('sent');
    expect(retried.clientId).to.equal(refused.clientId);
    expect(await backendBodies(backend.adapterFor('m3'), started.conversation.id)).to.deep.equal([
      'Team',
      'Still here?',
    ]);

    // A second refusal, discarded: gone here and from the cache.
    await backend.setGroupRole('g1', 'm2', null);
    const dropped = await made.send(started.conversation.id, 'Drop me');
    await made.settled(started.conversation.id, dropped.clientId);
    await made.discard(started.conversation.id, dropped.clientId);
    expect(thread.value.messages.map((message) => message.body)).to.not.include('Drop me');
    expect(await rejection(made.retry(started.conversation.id, dropped.clientId))).to.be.instanceOf(
      NotFoundError,
    );
    expect(await rejection(made.retry(started.conversation.id, 'bad id!'))).to.be.instanceOf(ValidationError);
    made.dispose();
    const reloaded = client(new EdgeAdapter(backend.adapterFor('m2')), { cacheName: cache });
    const other = await until(reloaded.thread(conversation), (state) => state.status === 'ready');
    expect(other.messages.map((message) => message.body)).to.deep.equal(['Hello', 'Elsewhere']);
  });

  it('refuses to discard a message still being sent', async () => {
    const edge = new EdgeAdapter(backend.adapterFor('m1'));
    const made = client(edge, { cacheName: cacheName(), retry: { baseDelayMs: 600_000 } });
    await made.connect();
    edge.unavailable = true;
    const pending = await made.send(conversation, 'keep me');
    const error = await rejection(made.discard(conversation, pending.clientId));
    expect(error).to.be.instanceOf(ValidationError);
    expect(made.thread(conversation).value.messages.map((message) => message.body)).to.include('keep me');
  });

  it('lets one tab at a time drain the outbox of a viewer', async () => {
    const cache = cacheName();
    const flights = new FlightCounter();
    const edges = [
      new EdgeAdapter(backend.adapterFor('m1'), flights),
      new EdgeAdapter(backend.adapterFor('m1'), flights),
    ];
    const [a, b] = edges.map((edge) => client(edge, { cacheName: cache, retry: { baseDelayMs: 600_000 } }));
    await Promise.all([a!.connect(), b!.connect()]);
    for (const edge of edges) edge.unavailable = true;
    const queued = [];
    for (const [i, body] of ['a1', 'b1', 'a2', 'b2', 'a3', 'b3'].entries()) {
      queued.push(await (i % 2 === 0 ? a! : b!).send(conversation, body));
    }
    for (const edge of edges) edge.unavailable = false;
    window.dispatchEvent(new Event('online'));
    const outcomes = await Promise.all(
      queued.map((message) =>
        (message.body.startsWith('a') ? a! : b!).settled(conversation, message.clientId),
      ),
    );
    expect(outcomes.map((message) => message.status)).to.deep.equal(Array(6).fill('sent'));
    expect(flights.max).to.equal(1);
    expect(await backendBodies(backend.adapterFor('m2'), conversation)).to.deep.equal([
      'Hello',
      'a1',
      'b1',
      'a2',
      'b2',
      'a3',
      'b3',
    ]);
    // Each tab's view shows every message once, as sent.
    const seenByB = await until(
      b!.thread(conversation),
      (state) => state.status === 'ready' && state.messages.length === 7,
    );
    expect(seenByB.messages.every((message) => message.status === 'sent')).to.equal(true);
  });
});
