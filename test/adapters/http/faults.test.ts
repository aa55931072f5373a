/**
 * Faults, against real server processes: a server killed between committing a send and
 * answering it, an event stream cut mid-conversation, and two server processes on one database
 * delivering each other's events (PostgreSQL LISTEN/NOTIFY).
 */
import { expect } from '@open-wc/testing';
import type { AdapterEvent } from '../../../src/adapter/events.js';
import { UnavailableError } from '../../../src/core/errors.js';
import { createClientId } from '../../../src/core/ids.js';
import type { Message } from '../../../src/core/types.js';
import { HttpAdapter } from '../../../src/adapters/http/index.js';
import {
  admin,
  createSpace,
  hasPostgres,
  live,
  loadDirectory,
  memberAdapter,
  mintToken,
  nextAdapterEvent,
  restartServer,
  startServer,
  stopServer,
  type Backend,
  type TestServer,
} from './support.js';

const DIRECTORY = {
  members: [
    { id: 'ana', name: 'Ana' },
    { id: 'bo', name: 'Bo' },
  ],
  groups: [],
};

const postgres = await hasPostgres();
const backends: Backend[] = postgres ? ['pglite', 'postgres'] : ['pglite'];

const logs = new WeakMap<HttpAdapter, AdapterEvent[]>();

/** Keeps every event the adapter delivers from now on, for `nextEvent` to look back at. */
function track(adapter: HttpAdapter): HttpAdapter {
  const log: AdapterEvent[] = [];
  logs.set(adapter, log);
  adapter.subscribe((event) => log.push(event));
  return adapter;
}

/**
 * The first matching event, already delivered (to a tracked adapter) or still to come, bounded so
 * that "never" fails instead of hanging.
 */
function nextEvent(
  adapter: HttpAdapter,
  match: (event: AdapterEvent) => boolean,
  what: string,
): Promise<AdapterEvent> {
  const seen = logs.get(adapter)?.find(match);
  return seen ? Promise.resolve(seen) : nextAdapterEvent(adapter, match, what);
}

const messageAdded = (id: string) => (event: AdapterEvent) =>
  event.type === 'message-added' && event.message.id === id;

/**
 * An adapter on a network the test controls: while the gate is shut, its event-stream
 * reconnects wait, so whatever happens meanwhile can reach it only by replay after the cut.
 */
function gatedAdapter(running: TestServer, space: string, memberId: string, url: string) {
  const network: { gate?: Promise<void>; open?: () => void; tried?: () => void } = {};
  const adapter = new HttpAdapter({
    baseUrl: url,
    token: () => mintToken(running, memberId, space),
    reconnectDelayMs: 50,
    fetch: async (input, init) => {
      if (String(input).includes('/v1/events') && network.gate) {
        network.tried?.();
        await network.gate;
      }
      return fetch(input, init);
    },
  });
  return {
    adapter,
    /** Shuts the gate; resolves once the adapter has tried to reconnect and is held. */
    shut(): Promise<void> {
      network.gate = new Promise<void>((resolve) => (network.open = resolve));
      return new Promise<void>((resolve) => (network.tried = resolve));
    },
    open(): void {
      network.open?.();
      network.gate = undefined;
    },
  };
}

for (const backend of backends) {
  describe(`faults on ${backend}`, function () {
    this.timeout(120_000);
    let server: TestServer | undefined;
    const adapters: HttpAdapter[] = [];

    afterEach(async () => {
      for (const adapter of adapters.splice(0)) adapter.close();
      if (server) await stopServer(server);
      server = undefined;
    });

    async function setUp() {
      server = await startServer({ backend });
      const space = await createSpace(server);
      await loadDirectory(server, space, DIRECTORY);
      const ana = memberAdapter(server, space, 'ana', server.url);
      const bo = memberAdapter(server, space, 'bo', server.urls[1]);
      adapters.push(ana, bo);
      const { conversation } = await ana.startConversation({
        recipients: [{ kind: 'member', id: 'bo' }],
        body: 'Hello Bo',
        clientId: createClientId(),
      });
      return { running: server, space, ana, bo, conversationId: conversation.id };
    }

    it('a server killed after storing a send and before answering: the retry stores nothing new', async () => {
      const { running, space, ana, conversationId } = await setUp();
      const armed = await admin(running, 'POST', '/admin/v1/test/faults', { crashAfterCommit: true }, space);
      expect(armed.status).to.equal(200);
      const input = { conversationId, body: 'Did this arrive?', clientId: createClientId() };

      let failure: unknown;
      try {
        await ana.sendMessage(input);
      } catch (error) {
        failure = error;
      }
      expect(failure, 'the client saw the connection die').to.be.instanceOf(UnavailableError);
      expect((failure as UnavailableError).retryable).to.equal(true);

      await restartServer(running);
      const retried = await ana.sendMessage(input);
      expect(retried.body).to.equal('Did this arrive?');
      expect(retried.clientId).to.equal(input.clientId);

      const { items } = await ana.listMessages(conversationId);
      expect(items.map((message) => message.body)).to.deep.equal(['Hello Bo', 'Did this arrive?']);
      expect(items.filter((message) => message.clientId === input.clientId)).to.have.length(1);
      expect(items[1].id, 'the retry answers with the message stored before the crash').to.equal(retried.id);
    });

    it('a server killed after storing a new conversation: the retried start returns it, once', async () => {
      const { running, space, ana } = await setUp();
      await loadDirectory(running, space, { members: [{ id: 'cy', name: 'Cy' }], groups: [] });
      await admin(running, 'POST', '/admin/v1/test/faults', { crashAfterCommit: true }, space);
      const input = {
        recipients: [{ kind: 'member' as const, id: 'cy' }],
        body: 'Hello Cy',
        clientId: createClientId(),
      };
      let failure: unknown;
      try {
        await ana.startConversation(input);
      } catch (error) {
        failure = error;
      }
      expect(failure).to.be.instanceOf(UnavailableError);
      await restartServer(running);
      const retried = await ana.startConversation(input);
      const { items } = await ana.listConversations();
      const withCy = items.filter((conversation) =>
        conversation.participants.some((party) => party.id === 'cy'),
      );
      expect(withCy.map((conversation) => conversation.id)).to.deep.equal([retried.conversation.id]);
      const { items: messages } = await ana.listMessages(retried.conversation.id);
      expect(messages.map((message) => message.body)).to.deep.equal(['Hello Cy']);
    });

    it('an event stream cut mid-conversation resumes with Last-Event-ID: nothing missed, nothing twice', async () => {
      const { running, space, conversationId } = await setUp();
      const gated = gatedAdapter(running, space, 'bo', running.urls[2]);
      const bo = track(gated.adapter);
      const ana = memberAdapter(running, space, 'ana', running.urls[3]);
      adapters.push(bo, ana);
      const heard: Message[] = [];
      bo.subscribe((event) => {
        if (event.type === 'message-added') heard.push(event.message);
      });
      await live(bo);

      const sent: Message[] = [];
      const send = async (body: string) => {
        const message = await ana.sendMessage({ conversationId, body, clientId: createClientId() });
        sent.push(message);
        return message;
      };
      for (const body of ['one', 'two', 'three']) await send(body);
      await nextEvent(bo, messageAdded(sent[2].id), 'message three');

      const held = gated.shut();
      const cut = await admin(running, 'POST', '/admin/v1/test/faults', { dropStreams: true }, space);
      expect(cut.body, 'bo’s stream was cut').to.deep.include({ dropped: 1 });
      await held;
      for (const body of ['four', 'five', 'six']) await send(body);
      const resumed = live(bo);
      gated.open();
      await resumed;
      const last = await send('seven');
      await nextEvent(bo, messageAdded(last.id), 'message seven');

      expect(heard.map((message) => message.body)).to.deep.equal([
        'one',
        'two',
        'three',
        'four',
        'five',
        'six',
        'seven',
      ]);
      expect(heard.map((message) => message.id)).to.deep.equal(sent.map((message) => message.id));
    });

    it('a stream too far behind to resume (its events pruned) is told to reload, not given a gap', async () => {
      const { running, space, conversationId } = await setUp();
      const gated = gatedAdapter(running, space, 'bo', running.urls[2]);
      const bo = track(gated.adapter);
      const ana = memberAdapter(running, space, 'ana', running.urls[3]);
      adapters.push(bo, ana);
      const heard: AdapterEvent[] = [];
      bo.subscribe((event) => heard.push(event));
      await live(bo);

      const held = gated.shut();
      await admin(running, 'POST', '/admin/v1/test/faults', { dropStreams: true }, space);
      await held;
      const missed = await ana.sendMessage({
        conversationId,
        body: 'Pruned away',
        clientId: createClientId(),
      });
      const pruned = await admin(running, 'POST', '/admin/v1/test/prune-events', {}, space);
      expect((pruned.body as { pruned: number }).pruned).to.be.greaterThan(0);
      const reload = nextEvent(bo, (event) => event.type === 'viewer-changed', 'viewer-changed (reload)');
      gated.open();
      const event = await reload;
      expect(event.type === 'viewer-changed' && event.viewer.member.id).to.equal('bo');
      const after = await ana.sendMessage({
        conversationId,
        body: 'After the reset',
        clientId: createClientId(),
      });
      await nextEvent(bo, messageAdded(after.id), 'the message after the reset');
      expect(heard.some((e) => e.type === 'message-added' && e.message.id === missed.id)).to.equal(false);
      // What the stream could not replay is still there for the reload.
      const { items } = await bo.listMessages(conversationId);
      expect(items.map((message) => message.id)).to.include(missed.id);
    });
  });
}

describe('two server processes on one database', function () {
  this.timeout(120_000);
  const started: TestServer[] = [];
  const adapters: HttpAdapter[] = [];
  after(async () => {
    for (const adapter of adapters) adapter.close();
    for (const server of started.reverse()) await stopServer(server);
  });

  if (!postgres) {
    it.skip('needs PostgreSQL (DATABASE_URL): PGlite is one process only', () => undefined);
    return;
  }

  it('a message sent through one process reaches a member listening on the other (LISTEN/NOTIFY)', async () => {
    const first = await startServer({ backend: 'postgres' });
    started.push(first);
    const second = await startServer({ shareWith: first.id });
    started.push(second);
    expect(second.url).not.to.equal(first.url);
    const space = await createSpace(first);
    await loadDirectory(first, space, DIRECTORY);

    const ana = track(memberAdapter(first, space, 'ana', first.url));
    const bo = track(memberAdapter(first, space, 'bo', second.url));
    adapters.push(ana, bo);
    await live(bo);
    const added = nextEvent(
      bo,
      (event) => event.type === 'conversation-added',
      'conversation-added on the other process',
    );
    const { conversation, message } = await ana.startConversation({
      recipients: [{ kind: 'member', id: 'bo' }],
      body: 'Across processes',
      clientId: createClientId(),
    });
    const event = await added;
    expect(event.type === 'conversation-added' && event.message.id).to.equal(message.id);

    await live(ana);
    const back = await bo.sendMessage({
      conversationId: conversation.id,
      body: 'And back',
      clientId: createClientId(),
    });
    const heard = await nextEvent(ana, messageAdded(back.id), 'bo’s reply on the first process');
    expect(heard.type === 'message-added' && heard.message.body).to.equal('And back');
  });
});
