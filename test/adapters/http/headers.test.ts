/**
 * Security headers on every answer of the reference server, whatever it is (a success, a
 * refusal, a missing route, a preflight, the event stream, the admin API), and `Vary: Origin`
 * whether or not the origin was allowed. Read from the test runner's process: a cross-origin
 * page cannot read these headers.
 */
import { expect } from '@open-wc/testing';
import {
  createSpace,
  hasPostgres,
  headersOf,
  lazyServer,
  loadDirectory,
  mintToken,
  rawRequest,
  type Backend,
  type RawAnswer,
  type TestServer,
} from './support.js';

const backends: Backend[] = (await hasPostgres()) ? ['pglite', 'postgres'] : ['pglite'];

const REQUIRED = {
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
};

function expectSafeHeaders(answer: RawAnswer, what: string): Record<string, string> {
  expect(answer.status, `${what}: answered`).to.be.greaterThan(0);
  const headers = headersOf(answer);
  for (const [name, value] of Object.entries(REQUIRED))
    expect(headers[name], `${what}: ${name}`).to.equal(value);
  expect(headers.vary ?? '', `${what}: vary`).to.match(/\bOrigin\b/i);
  // HSTS is the TLS proxy's to send, not a server that speaks plain HTTP behind it.
  expect(headers, `${what}: no HSTS`).not.to.have.property('strict-transport-security');
  expect(headers['x-request-id'], `${what}: a request id`).to.match(/^[A-Za-z0-9._-]{1,64}$/);
  return headers;
}

for (const backend of backends) {
  describe(`response headers on ${backend}`, function () {
    this.timeout(120_000);
    const server = lazyServer(backend);
    after(() => server.stop());
    let running: TestServer;
    let token: string;

    before(async () => {
      running = await server.get();
      const space = await createSpace(running);
      await loadDirectory(running, space, { members: [{ id: 'ana', name: 'Ana' }], groups: [] });
      token = await mintToken(running, 'ana', space);
    });

    const get = (path: string, headers: Record<string, string> = {}) =>
      rawRequest(running, {
        method: 'GET',
        path,
        headers: { connection: 'close', ...headers },
        waitMs: 5000,
      });

    it('on success, refusal, not found and unauthenticated answers, for allowed and other origins', async () => {
      const allowed = location.origin;
      const cases: [string, Promise<RawAnswer>, number][] = [
        ['200', get('/v1/viewer', { authorization: `Bearer ${token}`, origin: allowed }), 200],
        [
          '200 other origin',
          get('/v1/viewer', { authorization: `Bearer ${token}`, origin: 'http://elsewhere.test' }),
          200,
        ],
        ['400', get('/v1/conversations?limit=0', { authorization: `Bearer ${token}` }), 400],
        ['401', get('/v1/viewer', { origin: 'http://elsewhere.test' }), 401],
        ['404 route', get('/v1/nothing-here'), 404],
        ['404 conversation', get('/v1/conversations/nope', { authorization: `Bearer ${token}` }), 404],
        ['403 admin', get('/admin/v1/reports', { authorization: 'Bearer wrong' }), 403],
        ['health', get('/health'), 200],
        ['bad URL', get('/v1/conversations/%E0%A4%A', { authorization: `Bearer ${token}` }), 404],
        [
          'long path part',
          get(`/v1/conversations/${'x'.repeat(9000)}`, { authorization: `Bearer ${token}` }),
          400,
        ],
      ];
      for (const [what, pending, status] of cases) {
        const answer = await pending;
        expect(answer.status, what).to.equal(status);
        const headers = expectSafeHeaders(answer, what);
        if (what === '200') expect(headers['access-control-allow-origin']).to.equal(allowed);
        if (what.includes('other origin') || what === '401') {
          expect(headers, `${what}: no CORS grant`).not.to.have.property('access-control-allow-origin');
        }
      }
    });

    it('on preflights: granted for a configured origin, 403 for another and for /admin', async () => {
      const preflight = (path: string, origin: string) =>
        rawRequest(running, {
          method: 'OPTIONS',
          path,
          headers: {
            connection: 'close',
            origin,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'authorization, content-type',
          },
          waitMs: 5000,
        });
      const granted = await preflight('/v1/conversations', location.origin);
      expect(granted.status).to.equal(204);
      const headers = expectSafeHeaders(granted, 'granted preflight');
      expect(headers['access-control-allow-origin']).to.equal(location.origin);
      expect(headers['access-control-allow-headers']).to.match(/authorization/i);

      for (const [what, answer] of [
        ['other origin', await preflight('/v1/conversations', 'http://elsewhere.test')],
        ['admin', await preflight('/admin/v1/directory', location.origin)],
      ] as const) {
        expect(answer.status, what).to.equal(403);
        const refused = expectSafeHeaders(answer, what);
        expect(refused, what).not.to.have.property('access-control-allow-origin');
      }
    });

    it('on the event stream', async () => {
      const answer = await rawRequest(running, {
        method: 'GET',
        path: '/v1/events',
        headers: { authorization: `Bearer ${token}`, origin: location.origin },
        waitMs: 1500,
      });
      expect(answer.status).to.equal(200);
      const headers = expectSafeHeaders(answer, 'event stream');
      expect(headers['content-type']).to.match(/^text\/event-stream/);
      expect(headers['access-control-allow-origin']).to.equal(location.origin);
      expect(answer.received).to.include('event: ready');
    });
  });
}
