import { expect } from '@open-wc/testing';
import type { SendMessageInput } from '../../src/adapter/adapter.js';
import type { LocalBackend } from '../../src/adapters/local/index.js';
import { outboxRetry } from '../../src/client/backoff.js';
import type { OutboxEntry } from '../../src/client/cache.js';
import { ConversationsClient, type ClientOptions } from '../../src/client/conversations-client.js';
import {
  errorFromPayload,
  InternalError,
  NotFoundError,
  RateLimitedError,
  UnavailableError,
  ValidationError,
} from '../../src/core/errors.js';
import type { ConversationId } from '../../src/core/types.js';
import { freshBackend } from '../helpers/local-backend.js';
import { backendBodies, cacheName, dropCaches, EdgeAdapter, until } from './helpers.js';

const TRIED: OutboxEntry = {
  seq: 1,
  clientId: 'c1',
  conversationId: 'x',
  body: 'b',
  author: { id: 'm1', name: 'Ada' } as OutboxEntry['author'],
  createdAt: 0,
  status: 'queued',
  attempts: 1,
};

describe('outboxRetry', () => {
  const retry = outboxRetry({ baseDelayMs: 100, maxDelayMs: 1000 });

  it('retries what cannot be reached or is rate-limited, however often', () => {
    expect(retry(new UnavailableError(), { ...TRIED, attempts: 50 })).to.be.a('number');
    expect(retry(new RateLimitedError(250), TRIED)).to.equal(250);
  });

  it('never retries a refusal, nor what is not a typed error', () => {
    expect(retry(new NotFoundError(), TRIED)).to.equal(undefined);
    expect(retry(new ValidationError('too-long', 'Too long.', { field: 'body' }), TRIED)).to.equal(undefined);
    expect(retry(new TypeError('broken adapter'), TRIED)).to.equal(undefined);
  });

  it('retries an unexpected server error three times in a row by default, with backoff, or as configured', () => {
    const internal = new InternalError();
    const waits = [1, 2].map((faults) => retry(internal, { ...TRIED, faults }));
    expect(waits.every((wait) => typeof wait === 'number' && wait > 0)).to.equal(true);
    expect(waits[1]!).to.be.greaterThan(waits[0]! * 1.2);
    expect(retry(internal, { ...TRIED, faults: 3 })).to.equal(undefined);
    // Earlier attempts offline do not count against it.
    expect(retry(internal, { ...TRIED, attempts: 40, faults: 1 })).to.be.a('number');
    const once = outboxRetry({ internalErrorAttempts: 1 });
    expect(once(internal, { ...TRIED, faults: 1 })).to.equal(undefined);
  });

  it('rebuilds an InternalError from its payload', () => {
    const error = errorFromPayload(new InternalError('boom').toJSON());
    expect(error).to.be.instanceOf(InternalError);
    expect(error.code).to.equal('internal');
    expect(error.message).to.equal('boom');
  });
});

describe('the outbox and unexpected server errors', () => {
  let backend: LocalBackend;
  let conversation: ConversationId;
  const clients: ConversationsClient[] = [];

  function client(edge: EdgeAdapter, options: ClientOptions) {
    const made = new ConversationsClient(edge, options);
    clients.push(made);
    return made;
  }

  /** The backend fails every send of a body in `faulty` with a 500, without storing it. */
  function failOn(edge: EdgeAdapter, faulty: Set<string>) {
    const original = edge.inner.sendMessage.bind(edge.inner);
    edge.inner.sendMessage = async (input: SendMessageInput, options) => {
      if (faulty.has(input.body)) throw new InternalError('The server failed.');
      return original(input, options);
    };
  }

  beforeEach(async () => {
    backend = await freshBackend();
    const started = await backend.adapterFor('m2').startConversation({
      recipients: [{ kind: 'member', id: 'm1' }],
      body: 'Hello',
      clientId: 'faults-start',
    });
    conversation = started.conversation.id;
  });

  afterEach(async () => {
    for (const made of clients.splice(0)) made.dispose();
    await dropCaches();
    await backend.destroy();
  });

  it('tries a message the server fails on three times, marks it failed, and delivers the ones behind it', async () => {
    const edge = new EdgeAdapter(backend.adapterFor('m1'));
    const faulty = new Set(['poison']);
    failOn(edge, faulty);
    const made = client(edge, { cacheName: cacheName(), retry: { baseDelayMs: 5, maxDelayMs: 20 } });
    const thread = made.thread(conversation);
    await until(thread, (state) => state.status === 'ready');

    const poison = await made.send(conversation, 'poison');
    const after = await made.send(conversation, 'after');
    const failed = await made.settled(conversation, poison.clientId);
    expect(failed.status).to.equal('failed');
    expect(failed.error!.code).to.equal('internal');
    expect(edge.sendCalls.filter((id) => id === poison.clientId)).to.have.length(3);
    expect((await made.settled(conversation, after.clientId)).status).to.equal('sent');
    expect(await backendBodies(backend.adapterFor('m2'), conversation)).to.deep.equal(['Hello', 'after']);
    const shown = await until(thread, (state) =>
      state.messages.some((m) => m.body === 'after' && m.status === 'sent'),
    );
    expect(shown.messages.find((message) => message.body === 'poison')!.status).to.equal('failed');

    // Never tried again by itself.
    await made.refresh();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(edge.sendCalls.filter((id) => id === poison.clientId)).to.have.length(3);

    // The fault is fixed; the member retries: same client id, delivered once.
    faulty.clear();
    await made.retry(conversation, poison.clientId);
    const retried = await made.settled(conversation, poison.clientId);
    expect(retried.status).to.equal('sent');
    expect(retried.clientId).to.equal(poison.clientId);
    expect(await backendBodies(backend.adapterFor('m2'), conversation)).to.deep.equal([
      'Hello',
      'after',
      'poison',
    ]);
  });

  it('lets the member discard a message the server kept failing on, here and after a reload', async () => {
    const cache = cacheName();
    const edge = new EdgeAdapter(backend.adapterFor('m1'));
    failOn(edge, new Set(['poison']));
    const made = client(edge, {
      cacheName: cache,
      retry: { baseDelayMs: 5, maxDelayMs: 20, internalErrorAttempts: 2 },
    });
    const thread = made.thread(conversation);
    await until(thread, (state) => state.status === 'ready');
    const poison = await made.send(conversation, 'poison');
    expect((await made.settled(conversation, poison.clientId)).status).to.equal('failed');
    expect(edge.sendCalls.filter((id) => id === poison.clientId)).to.have.length(2);

    await made.discard(conversation, poison.clientId);
    expect(thread.value.messages.map((message) => message.body)).to.deep.equal(['Hello']);
    made.dispose();
    const reloaded = client(new EdgeAdapter(backend.adapterFor('m1')), { cacheName: cache });
    const shown = await until(reloaded.thread(conversation), (state) => state.status === 'ready');
    expect(shown.messages.map((message) => message.body)).to.deep.equal(['Hello']);
    expect(await backendBodies(backend.adapterFor('m2'), conversation)).to.deep.equal(['Hello']);
  });

  it('counts only server errors in a row: an outage in between starts the count again', async () => {
    const edge = new EdgeAdapter(backend.adapterFor('m1'));
    const original = edge.inner.sendMessage.bind(edge.inner);
    // 500, 500, unreachable, 500, 500, then it works: never three 500s in a row.
    const script = ['internal', 'internal', 'unavailable', 'internal', 'internal'];
    edge.inner.sendMessage = async (input, options) => {
      const next = script.shift();
      if (next === 'internal') throw new InternalError();
      if (next === 'unavailable') throw new UnavailableError();
      return original(input, options);
    };
    const made = client(edge, { cacheName: cacheName(), retry: { baseDelayMs: 5, maxDelayMs: 20 } });
    await made.connect();
    const sent = await made.send(conversation, 'stubborn');
    expect((await made.settled(conversation, sent.clientId)).status).to.equal('sent');
    expect(edge.sendCalls).to.have.length(6);
  });
});
