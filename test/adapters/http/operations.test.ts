/**
 * Running the server: liveness and readiness, Prometheus metrics, structured logs with a request
 * id and never a message's text, and an unexpected failure answered as a typed 500 `internal`.
 */
import { expect } from '@open-wc/testing';
import { createClientId } from '../../../src/core/ids.js';
import {
  admin,
  hasPostgres,
  lazyServer,
  mintToken,
  serverLogs,
  spaceWithOneConversation,
  type Backend,
  type TestServer,
} from './support.js';

const backends: Backend[] = (await hasPostgres()) ? ['pglite', 'postgres'] : ['pglite'];

for (const backend of backends) {
  describe(`operating the server on ${backend}`, function () {
    this.timeout(120_000);
    const server = lazyServer(backend, { CONV_LOG_LEVEL: 'info' }, true);
    after(() => server.stop());
    let running: TestServer;
    let space: string;
    let conversationId: string;

    before(async () => {
      running = await server.get();
      ({ space, conversationId } = await spaceWithOneConversation(running, 'Opening words'));
    });

    async function post(path: string, body: unknown, requestId?: string) {
      const token = await mintToken(running, 'ana', space);
      return fetch(new URL(path, running.url), {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          ...(requestId ? { 'x-request-id': requestId } : {}),
        },
        body: JSON.stringify(body),
      });
    }

    /** The log so far, once it holds an entry `found` accepts (log lines arrive through a pipe, a little after the answer). */
    async function logsWith(found: (entry: Record<string, unknown>) => boolean) {
      for (let tries = 0; ; tries++) {
        const lines = await serverLogs(running);
        const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
        if (entries.some(found) || tries >= 40) return { lines, entries };
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }

    it('answers /health and /ready', async () => {
      const health = await fetch(new URL('/health', running.url));
      expect(health.status).to.equal(200);
      expect(await health.json()).to.deep.equal({ ok: true, database: backend });
      const ready = await fetch(new URL('/ready', running.url));
      expect(ready.status).to.equal(200);
      expect(await ready.json()).to.deep.equal({ ready: true, database: true, migrations: true });
    });

    it('serves Prometheus metrics with the admin secret only: requests by route and status, latency, open streams', async () => {
      const refused = await fetch(new URL('/metrics', running.url));
      expect(refused.status).to.equal(403);
      await fetch(new URL(`/v1/conversations/${conversationId}`, running.url));
      const answer = await admin(running, 'GET', '/metrics');
      expect(answer.status).to.equal(200);
      expect(answer.type).to.match(/^text\/plain; version=0\.0\.4/);
      const text = answer.body as string;
      // The route's pattern, never the URL with its ids.
      expect(text).to.match(
        /conv_http_requests_total\{method="GET",route="\/v1\/conversations\/:conversationId",status="401"\} [1-9]/,
      );
      expect(text).not.to.include(conversationId);
      expect(text).to.match(/conv_http_request_duration_seconds_bucket\{[^}]*route="\/v1\/conversations"/);
      expect(text).to.match(/conv_event_streams_open \d+/);
      expect(text).to.match(/process_resident_memory_bytes \d+/);
    });

    it('logs each request as JSON with its id, and never a message text or a search', async () => {
      const secret = `private words ${createClientId()}`;
      const requestId = `log-test-${Date.now()}`;
      const sent = await post(
        `/v1/conversations/${conversationId}/messages`,
        { body: secret, clientId: createClientId() },
        requestId,
      );
      expect(sent.status).to.equal(201);
      const token = await mintToken(running, 'ana', space);
      await fetch(new URL(`/v1/directory?q=${encodeURIComponent(secret)}`, running.url), {
        headers: { authorization: `Bearer ${token}` },
      });
      const { lines: logs, entries } = await logsWith(
        (entry) => entry.reqId === requestId && entry.msg === 'request completed',
      );
      const mine = entries.filter((entry) => entry.reqId === requestId);
      // One line per request, once answered: what was asked, by whom, and the answer.
      expect(mine.map((entry) => entry.msg)).to.deep.equal(['request completed']);
      const completed = mine[0] as {
        req?: { method?: string; path?: string; address?: string };
        res?: { status?: number };
        responseTime?: number;
      };
      expect(completed.req?.method).to.equal('POST');
      expect(completed.req?.path).to.equal(`/v1/conversations/${conversationId}/messages`);
      expect(completed.req?.address).to.be.a('string');
      expect(completed.res?.status).to.equal(201);
      expect(completed.responseTime).to.be.greaterThan(0);
      expect(logs.join('\n')).not.to.include('private words');
    });

    it('logs a request the router cannot read once, with its answer', async () => {
      // A page's plain GET (no header that needs a preflight), whose answer it may read.
      const answer = await fetch(new URL('/v1/conversations/%zz/messages', running.url));
      expect(answer.status).to.be.within(400, 499);
      const requestId = answer.headers.get('x-request-id');
      expect(requestId, 'the answer names its request').to.be.a('string');
      const { entries } = await logsWith((entry) => entry.reqId === requestId);
      const mine = entries.filter((entry) => entry.reqId === requestId) as {
        msg?: string;
        res?: { status?: number };
      }[];
      expect(mine.map((entry) => entry.msg)).to.deep.equal(['request completed']);
      expect(mine[0]!.res?.status).to.equal(answer.status);
    });

    it('answers an unexpected failure with a typed 500, logged by kind and place, never with its text', async () => {
      const secret = `failure words ${createClientId()}`;
      await admin(running, 'POST', '/admin/v1/test/faults', { failAfterCommit: secret }, space);
      const requestId = `fail-test-${Date.now()}`;
      const answer = await post(
        `/v1/conversations/${conversationId}/messages`,
        { body: 'Sent before the failure', clientId: createClientId() },
        requestId,
      );
      expect(answer.status).to.equal(500);
      const body = (await answer.json()) as { code: string; message: string };
      expect(body.code).to.equal('internal');
      expect(body.message).not.to.include('failure words');
      const isFailure = (entry: Record<string, unknown>) => entry.reqId === requestId && entry.level === 50;
      const { lines: logs, entries } = await logsWith(isFailure);
      const failure = entries.find(isFailure);
      expect(failure, 'the failure is logged at error level under the request id').to.not.equal(undefined);
      expect(JSON.stringify(failure)).to.include('"type":"Error"');
      expect(logs.join('\n')).not.to.include('failure words');
      expect(logs.join('\n')).not.to.include('Sent before the failure');
    });
  });
}
