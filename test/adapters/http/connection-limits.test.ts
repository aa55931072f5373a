/**
 * Limits the HTTP layer keeps, against real server processes with small settings: open event
 * streams per member, slow or silent clients (headers, bodies, idle sockets) cut by the
 * timeouts while event streams stay open, and failed admin-secret attempts per address.
 */
import { expect } from '@open-wc/testing';
import { createClientId } from '../../../src/core/ids.js';
import {
  admin,
  hasPostgres,
  lazyServer,
  memberAdapter,
  mintToken,
  rawRequest,
  spaceWithOneConversation,
  startServer,
  stopServer,
  type Backend,
  type TestServer,
} from './support.js';

const backends: Backend[] = (await hasPostgres()) ? ['pglite', 'postgres'] : ['pglite'];

const ENV = {
  CONV_MAX_STREAMS_PER_MEMBER: '2',
  CONV_HEADERS_TIMEOUT_MS: '1000',
  CONV_REQUEST_TIMEOUT_MS: '2000',
  CONV_IDLE_TIMEOUT_MS: '2000',
  CONV_KEEP_ALIVE_TIMEOUT_MS: '1000',
  CONV_ADMIN_FAILURES_PER_MINUTE: '3',
};

for (const backend of backends) {
  describe(`connection limits on ${backend}`, function () {
    this.timeout(120_000);
    const server = lazyServer(backend, ENV);
    after(() => server.stop());
    let running: TestServer;
    let space: string;
    let conversationId: string;
    const streams: AbortController[] = [];
    afterEach(() => streams.splice(0).forEach((controller) => controller.abort()));

    before(async () => {
      running = await server.get();
      ({ space, conversationId } = await spaceWithOneConversation(running, 'Hello'));
    });

    /** Opens an event stream (on its own port: each holds a connection) and answers its status. */
    async function openStream(memberId: string, port: number): Promise<number> {
      const controller = new AbortController();
      streams.push(controller);
      const response = await fetch(new URL('/v1/events', running.urls[port]), {
        headers: { authorization: `Bearer ${await mintToken(running, memberId, space)}` },
        signal: controller.signal,
      });
      if (response.status !== 200) await response.text();
      return response.status;
    }

    async function streamCount(): Promise<number> {
      const answer = await admin(running, 'GET', '/admin/v1/test/streams', undefined, space);
      return (answer.body as { streams: number }).streams;
    }

    /** Waits (bounded) until the server counts `count` open streams in the space. */
    async function settle(count: number): Promise<number> {
      let open = await streamCount();
      for (let tries = 0; open !== count && tries < 50; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        open = await streamCount();
      }
      return open;
    }

    it('refuses a member more open event streams than the limit, with 429; others are unaffected', async () => {
      expect(await openStream('ana', 1)).to.equal(200);
      expect(await openStream('ana', 2)).to.equal(200);
      expect(await openStream('ana', 3)).to.equal(429);
      expect(await openStream('bo', 4)).to.equal(200);
      expect(await streamCount()).to.equal(3);
      // One closed, one more may open.
      streams[0].abort();
      expect(await settle(2)).to.equal(2);
      expect(await openStream('ana', 5)).to.equal(200);
    });

    it('parallel stream opens are counted as they come, not after they open', async () => {
      expect(await settle(0)).to.equal(0);
      const statuses = await Promise.all([6, 7, 8, 9].map((port) => openStream('bo', port)));
      expect(statuses.filter((status) => status === 200)).to.have.length(2);
      expect(statuses.filter((status) => status === 429)).to.have.length(2);
    });

    it('an event stream outlives the idle-socket timeout', async () => {
      expect(await settle(0)).to.equal(0);
      expect(await openStream('ana', 10)).to.equal(200);
      await new Promise((resolve) => setTimeout(resolve, 3500));
      expect(await streamCount(), 'still open').to.equal(1);
    });

    it('cuts a body sent a byte at a time once the request timeout passes, storing nothing', async () => {
      const token = await mintToken(running, 'ana', space);
      const body = JSON.stringify({ body: 'Slowly', clientId: createClientId() });
      const answer = await rawRequest(running, {
        path: `/v1/conversations/${conversationId}/messages`,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': String(body.length),
        },
        pieces: [...body],
        pauseMs: 400,
        waitMs: 15_000,
      });
      expect(answer.closed, 'the server closed the connection').to.equal(true);
      expect(answer.afterMs).to.be.within(1500, 10_000);
      expect([0, 408]).to.include(answer.status);
      const ana = memberAdapter(running, space, 'ana', running.urls[11]);
      const { items } = await ana.listMessages(conversationId);
      ana.close();
      expect(items.map((message) => message.body)).to.deep.equal(['Hello']);
    });

    it('cuts a request whose body never comes', async () => {
      const answer = await rawRequest(running, {
        path: '/v1/reports',
        headers: { 'content-type': 'application/json', 'content-length': '100' },
        waitMs: 15_000,
      });
      expect(answer.closed).to.equal(true);
      expect(answer.afterMs).to.be.within(1500, 10_000);
    });

    it('keeps the header timeout: headers sent a line at a time are cut', async () => {
      const answer = await rawRequest(running, {
        method: 'GET',
        path: '/v1/viewer',
        endHead: false,
        pieces: Array.from({ length: 20 }, (_, i) => `X-Slow-${i}: 1\r\n`),
        pauseMs: 300,
        waitMs: 15_000,
      });
      expect(answer.closed).to.equal(true);
      expect(answer.afterMs).to.be.within(800, 6000);
    });

    it('closes a connection that sends nothing', async () => {
      const answer = await rawRequest(running, { silent: true, waitMs: 15_000 });
      expect(answer.closed).to.equal(true);
      expect(answer.afterMs).to.be.below(10_000);
    });

    // Last: it locks this test process's address out of the admin API for a minute.
    it('refuses an address that keeps guessing the admin secret with 429, even with the right one', async () => {
      for (let attempt = 0; attempt < 3; attempt++) {
        const guess = await admin(
          running,
          'PUT',
          '/admin/v1/directory',
          { members: [{ id: 'eve', name: 'Eve' }] },
          space,
          `guess-${attempt}`,
        );
        expect(guess.status).to.equal(403);
      }
      const locked = await admin(running, 'GET', '/admin/v1/reports', undefined, space, 'guess-4');
      expect(locked.status).to.equal(429);
      expect(locked.body).to.deep.include({ code: 'rate-limited' });
      const right = await admin(
        running,
        'PUT',
        '/admin/v1/directory',
        { members: [{ id: 'eve', name: 'Eve' }] },
        space,
      );
      expect(right.status, 'the right secret waits out the lock too').to.equal(429);
      // Nothing the guesses sent was stored: eve is not in the directory.
      const ana = memberAdapter(running, space, 'ana', running.urls[12]);
      expect(await ana.searchDirectory('eve')).to.deep.equal([]);
      ana.close();
    });
  });
}

// Two processes on one PostgreSQL count one address's failures together: guessing against
// several processes is no faster than against one.
(backends.includes('postgres') ? describe : describe.skip)(
  'failed admin-secret attempts across two processes on PostgreSQL',
  function () {
    this.timeout(120_000);
    let first: TestServer | undefined;
    let second: TestServer | undefined;
    after(async () => {
      for (const server of [second, first]) if (server) await stopServer(server);
    });

    it('refuses on one process an address that used up its failures on the other', async () => {
      first = await startServer({ backend: 'postgres', env: { CONV_ADMIN_FAILURES_PER_MINUTE: '3' } });
      second = await startServer({ shareWith: first.id });
      for (const [attempt, server] of [first, second, first].entries()) {
        const guess = await admin(server, 'GET', '/admin/v1/reports', undefined, '', `guess-${attempt}`);
        expect(guess.status, `guess ${attempt + 1}`).to.equal(403);
      }
      const onSecond = await admin(second, 'GET', '/admin/v1/reports', undefined, '');
      expect(onSecond.status, 'the right secret, on the other process').to.equal(429);
      expect(onSecond.body).to.deep.include({ code: 'rate-limited' });
      const onFirst = await admin(first, 'GET', '/admin/v1/reports', undefined, '');
      expect(onFirst.status).to.equal(429);
    });
  },
);

// Open event streams are leases in the database (migration 16): a member's limit holds over
// every process, and a closed stream frees its place on all of them.
(backends.includes('postgres') ? describe : describe.skip)(
  'open event streams per member across two processes on PostgreSQL',
  function () {
    this.timeout(120_000);
    let first: TestServer | undefined;
    let second: TestServer | undefined;
    const streams: AbortController[] = [];
    after(async () => {
      streams.forEach((controller) => controller.abort());
      for (const server of [second, first]) if (server) await stopServer(server);
    });

    async function openStream(server: TestServer, space: string, port: number): Promise<number> {
      const controller = new AbortController();
      streams.push(controller);
      const response = await fetch(new URL('/v1/events', server.urls[port]), {
        headers: { authorization: `Bearer ${await mintToken(server, 'ana', space)}` },
        signal: controller.signal,
      });
      if (response.status !== 200) await response.text();
      return response.status;
    }

    it('refuses on one process a stream past the member’s limit open on the other', async () => {
      first = await startServer({ backend: 'postgres', env: { CONV_MAX_STREAMS_PER_MEMBER: '2' } });
      second = await startServer({ shareWith: first.id });
      const { space } = await spaceWithOneConversation(first, 'Hello');
      expect(await openStream(first, space, 1), 'one on the first process').to.equal(200);
      expect(await openStream(second, space, 1), 'one on the second').to.equal(200);
      expect(await openStream(second, space, 2), 'a third, on the second').to.equal(429);
      expect(await openStream(first, space, 2), 'a third, on the first').to.equal(429);

      // The first process's stream closes: its place is free on the other process too.
      streams[0].abort();
      let status = 429;
      for (let tries = 0; status === 429 && tries < 50; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        status = await openStream(second, space, 3);
      }
      expect(status, 'a place freed on the first process, taken on the second').to.equal(200);
    });
  },
);
