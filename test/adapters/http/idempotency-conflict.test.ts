/**
 * Idempotent sends that cannot be confused, against real server processes on PGlite and (with
 * DATABASE_URL) PostgreSQL. A client id names one message of its author:
 * - a retry gets the stored message (200), even while the member is rate-limited now;
 * - a retry with another body gets the first message as stored, unchanged: the client id names
 *   the message (the rule of every adapter, in the conformance suite);
 * - the same client id in another conversation (for a start: with other participants) is a 409
 *   `conflict` that stores nothing.
 */
import { expect } from '@open-wc/testing';
import { createClientId } from '../../../src/core/ids.js';
import type { HttpAdapter } from '../../../src/adapters/http/index.js';
import {
  createSpace,
  hasPostgres,
  lazyServer,
  loadDirectory,
  memberAdapter,
  mintToken,
  type Backend,
  type TestServer,
} from './support.js';

const backends: Backend[] = (await hasPostgres()) ? ['pglite', 'postgres'] : ['pglite'];

for (const backend of backends) {
  describe(`idempotent sends on ${backend}`, function () {
    this.timeout(120_000);
    const server = lazyServer(backend);
    const adapters: HttpAdapter[] = [];
    let running: TestServer;
    after(async () => {
      for (const adapter of adapters) adapter.close();
      await server.stop();
    });

    async function setUp(rateLimits?: { sendsPerMinute?: number }) {
      running = await server.get();
      const space = await createSpace(running, { rateLimits });
      await loadDirectory(running, space, {
        members: [
          { id: 'ana', name: 'Ana' },
          { id: 'bo', name: 'Bo' },
          { id: 'cy', name: 'Cy' },
        ],
        groups: [{ id: 'garden', name: 'Garden', managers: ['ana'], members: ['bo'] }],
      });
      const ana = memberAdapter(running, space, 'ana');
      adapters.push(ana);
      const token = await mintToken(running, 'ana', space);
      const post = async (path: string, body: unknown) => {
        const response = await fetch(new URL(path, running.url), {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        return { status: response.status, body: await response.json() };
      };
      const withBo = await ana.startConversation({
        recipients: [{ kind: 'member', id: 'bo' }],
        body: 'Hello Bo',
        clientId: createClientId(),
      });
      const withCy = await ana.startConversation({
        recipients: [{ kind: 'member', id: 'cy' }],
        body: 'Hello Cy',
        clientId: createClientId(),
      });
      return { ana, post, boId: withBo.conversation.id, cyId: withCy.conversation.id };
    }

    it('a client id already used in another conversation is a 409 conflict, storing nothing', async () => {
      const { ana, post, boId, cyId } = await setUp();
      const clientId = createClientId();
      const first = await post(`/v1/conversations/${boId}/messages`, { body: 'Only for Bo', clientId });
      expect(first.status).to.equal(201);
      const reused = await post(`/v1/conversations/${cyId}/messages`, { body: 'Only for Bo', clientId });
      expect(reused.status).to.equal(409);
      expect(reused.body).to.deep.include({ code: 'conflict' });
      const started = await post('/v1/conversations', {
        recipients: [{ kind: 'member', id: 'cy' }],
        body: 'Only for Bo',
        clientId,
      });
      expect(started.status, 'a start reusing it names other participants').to.equal(409);
      expect((await ana.listMessages(cyId)).items.map((message) => message.body)).to.deep.equal(['Hello Cy']);
      expect((await ana.listMessages(boId)).items.map((message) => message.body)).to.deep.equal([
        'Hello Bo',
        'Only for Bo',
      ]);
    });

    it('a retry with another body or sender gets the first message, unchanged', async () => {
      const { ana, post, boId } = await setUp();
      const clientId = createClientId();
      const first = await post(`/v1/conversations/${boId}/messages`, { body: 'The first text', clientId });
      expect(first.status).to.equal(201);
      const same = await post(`/v1/conversations/${boId}/messages`, { body: 'The first text', clientId });
      expect(same.status, 'the same retry gets the stored answer').to.equal(200);
      expect(same.body.id).to.equal(first.body.id);
      const changed = await post(`/v1/conversations/${boId}/messages`, { body: 'Another text', clientId });
      expect(changed.status).to.equal(200);
      expect(changed.body).to.deep.equal(first.body);
      const items = (await ana.listMessages(boId)).items;
      expect(items.map((message) => message.body)).to.deep.equal(['Hello Bo', 'The first text']);

      const startId = createClientId();
      const recipients = [{ kind: 'member', id: 'bo' }];
      expect(
        (await post('/v1/conversations', { recipients, body: 'Start', clientId: startId })).status,
      ).to.equal(201);
      const again = await post('/v1/conversations', { recipients, body: 'Another start', clientId: startId });
      expect(again.status, 'a start retried with another body').to.equal(200);
      expect(again.body.message.body).to.equal('Start');
    });

    it('a retry of a stored send gets the stored answer even while the member is rate-limited', async () => {
      // Two sends a minute: the two starts of setUp use them up.
      const { post, boId } = await setUp({ sendsPerMinute: 3 });
      const clientId = createClientId();
      const first = await post(`/v1/conversations/${boId}/messages`, { body: 'Third', clientId });
      expect(first.status).to.equal(201);
      const fresh = await post(`/v1/conversations/${boId}/messages`, {
        body: 'Fourth',
        clientId: createClientId(),
      });
      expect(fresh.status, 'a new send is limited').to.equal(429);
      const retry = await post(`/v1/conversations/${boId}/messages`, { body: 'Third', clientId });
      expect(retry.status).to.equal(200);
      expect(retry.body.id).to.equal(first.body.id);
      const startRetry = await post('/v1/conversations', {
        recipients: [{ kind: 'member', id: 'bo' }],
        body: 'Third',
        clientId,
      });
      expect(startRetry.status, 'the same message, asked for as a start').to.equal(200);
      expect(startRetry.body.message.id).to.equal(first.body.id);
    });
  });
}
