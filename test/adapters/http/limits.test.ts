/**
 * The server's own guards, against a real process: per-member rate limits answered with 429 and
 * Retry-After (and surfaced as RateLimitedError), size-capped and schema-checked bodies, and CORS
 * only for configured origins.
 */
import { expect } from '@open-wc/testing';
import { RateLimitedError } from '../../../src/core/errors.js';
import { createClientId } from '../../../src/core/ids.js';
import type { HttpAdapter } from '../../../src/adapters/http/index.js';
import {
  createSpace,
  lazyServer,
  loadDirectory,
  memberAdapter,
  mintToken,
  type TestServer,
} from './support.js';

const server = lazyServer('pglite');
after(() => server.stop());

describe('server guards', function () {
  this.timeout(60_000);
  let running: TestServer;
  const adapters: HttpAdapter[] = [];
  after(() => adapters.forEach((adapter) => adapter.close()));

  async function space(rateLimits?: { sendsPerMinute?: number; conversationsPerHour?: number }) {
    running = await server.get();
    const name = await createSpace(running, { rateLimits });
    await loadDirectory(running, name, {
      members: [
        { id: 'ana', name: 'Ana' },
        { id: 'bo', name: 'Bo' },
        { id: 'cy', name: 'Cy' },
      ],
      groups: [],
    });
    return name;
  }

  function as(name: string, memberId: string): HttpAdapter {
    const adapter = memberAdapter(running, name, memberId);
    adapters.push(adapter);
    return adapter;
  }

  it('limits sends per minute per member with 429 and Retry-After; others are unaffected', async () => {
    const name = await space({ sendsPerMinute: 3 });
    const ana = as(name, 'ana');
    const { conversation } = await ana.startConversation({
      recipients: [{ kind: 'member', id: 'bo' }],
      body: 'one',
      clientId: createClientId(),
    });
    await ana.sendMessage({ conversationId: conversation.id, body: 'two', clientId: createClientId() });
    await ana.sendMessage({ conversationId: conversation.id, body: 'three', clientId: createClientId() });

    const token = await mintToken(running, 'ana', name);
    const response = await fetch(new URL(`/v1/conversations/${conversation.id}/messages`, running.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ body: 'four', clientId: createClientId() }),
    });
    expect(response.status).to.equal(429);
    const retryAfter = Number(response.headers.get('retry-after'));
    expect(retryAfter).to.be.within(1, 60);
    expect(await response.json()).to.deep.include({ code: 'rate-limited' });

    let refused: unknown;
    try {
      await ana.sendMessage({ conversationId: conversation.id, body: 'four', clientId: createClientId() });
    } catch (error) {
      refused = error;
    }
    expect(refused).to.be.instanceOf(RateLimitedError);
    expect((refused as RateLimitedError).retryAfterMs).to.be.within(1, 60_000);
    expect((await ana.listMessages(conversation.id)).items.map((message) => message.body)).to.deep.equal([
      'one',
      'two',
      'three',
    ]);
    const reply = await as(name, 'bo').sendMessage({
      conversationId: conversation.id,
      body: 'bo is not limited by ana',
      clientId: createClientId(),
    });
    expect(reply.body).to.equal('bo is not limited by ana');
  });

  it('limits new conversations per hour', async () => {
    const name = await space({ conversationsPerHour: 1 });
    const ana = as(name, 'ana');
    await ana.startConversation({
      recipients: [{ kind: 'member', id: 'bo' }],
      body: 'hi',
      clientId: createClientId(),
    });
    let refused: unknown;
    try {
      await ana.startConversation({
        recipients: [{ kind: 'member', id: 'cy' }],
        body: 'hi',
        clientId: createClientId(),
      });
    } catch (error) {
      refused = error;
    }
    expect(refused).to.be.instanceOf(RateLimitedError);
    expect((refused as RateLimitedError).retryAfterMs).to.be.greaterThan(60_000);
    expect((await ana.listConversations()).items).to.have.length(1);
  });

  it('caps request bodies and checks their shape, storing nothing', async () => {
    const name = await space();
    const token = await mintToken(running, 'ana', name);
    const post = (body: string, type = 'application/json') =>
      fetch(new URL('/v1/conversations', running.url), {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': type },
        body,
      });
    const huge = await post(
      JSON.stringify({ recipients: [], body: 'x'.repeat(70_000), clientId: createClientId() }),
    );
    expect(huge.status).to.equal(400);
    expect(await huge.json()).to.deep.include({ code: 'validation', reason: 'too-large' });

    const broken = await post('{"recipients": [');
    expect(broken.status).to.equal(400);
    expect(await broken.json()).to.deep.include({ reason: 'bad-request' });

    const extra = await post(
      JSON.stringify({
        recipients: [{ kind: 'member', id: 'bo' }],
        body: 'hi',
        clientId: createClientId(),
        admin: true,
      }),
    );
    expect(extra.status).to.equal(400);
    expect((await extra.json()).message).to.include('admin');

    const notJson = await post('recipients=bo', 'application/x-www-form-urlencoded');
    expect(notJson.status).to.equal(400);

    const tooLong = await post(
      JSON.stringify({
        recipients: [{ kind: 'member', id: 'bo' }],
        body: '😀'.repeat(1001),
        clientId: createClientId(),
      }),
    );
    expect(tooLong.status).to.equal(400);
    expect(await tooLong.json()).to.deep.include({ reason: 'too-long', limit: 1000, actual: 1001 });

    expect((await as(name, 'ana').listConversations()).items).to.deep.equal([]);
  });

  it('answers CORS only for configured origins', async () => {
    const name = await space();
    const token = await mintToken(running, 'ana', name);
    // This page's origin is configured: a cross-origin call with a header succeeds.
    const allowed = await fetch(new URL('/v1/viewer', running.url), {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(allowed.status).to.equal(200);

    // The same call from a page of another origin (this test server under another host name).
    const otherHost = location.hostname === '127.0.0.1' ? 'localhost' : '127.0.0.1';
    const probe = new URL('/test/adapters/http/cors-probe.html', location.href);
    probe.hostname = otherHost;
    probe.searchParams.set('url', new URL('/v1/viewer', running.url).href);
    probe.searchParams.set('token', token);
    const frame = document.createElement('iframe');
    const answer = new Promise<{ origin: string; status?: number; blocked?: boolean }>((resolve) =>
      window.addEventListener('message', (event) => resolve(event.data), { once: true }),
    );
    frame.src = probe.href;
    document.body.append(frame);
    try {
      const result = await answer;
      expect(result.origin).not.to.equal(location.origin);
      expect(result).to.deep.include({ blocked: true });
    } finally {
      frame.remove();
    }
  });
});
