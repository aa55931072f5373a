/**
 * The server's own vacuum and analyze on PGlite (`server/src/maintenance.ts`), which runs no
 * autovacuum: without them no table was ever analyzed, every send's statements kept the plans made
 * for empty tables (a scan of every message) and updated rows were never reclaimed. A server on
 * PGlite goes over its tables at its interval, and those that changed past autovacuum's
 * thresholds are vacuumed or analyzed while members go on writing; on PostgreSQL, autovacuum's
 * job, it does none of it.
 */
import { expect } from '@open-wc/testing';
import { createClientId } from '../../../src/core/ids.js';
import { admin, hasPostgres, lazyServer, loadedSpace, type TestServer } from './support.js';

/** `conv_table_maintenance_total` by action from `/metrics`; undefined when the server has none. */
async function maintenance(server: TestServer): Promise<Record<string, number> | undefined> {
  const text = String((await admin(server, 'GET', '/metrics')).body);
  const figures: Record<string, number> = {};
  for (const [, action, count] of text.matchAll(/^conv_table_maintenance_total\{action="(\w+)"\} (\d+)/gm))
    figures[action] = Number(count);
  return Object.keys(figures).length > 0 ? figures : undefined;
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const directory = {
  members: [
    { id: 'ana', name: 'Ana' },
    { id: 'bo', name: 'Bo' },
  ],
  groups: [],
};

/** Ana starts a conversation with Bo and they write `count` more messages in turn. */
async function conversationOf(server: TestServer, count: number) {
  const { call } = await loadedSpace(server, directory);
  const started = await call('ana', 'POST', '/v1/conversations', {
    recipients: [{ kind: 'member', id: 'bo' }],
    body: 'Hello',
    clientId: createClientId(),
  });
  expect(started.status).to.equal(201);
  const path = `/v1/conversations/${started.body.conversation.id}/messages`;
  for (let i = 0; i < count; i++) {
    const sent = await call(i % 2 ? 'bo' : 'ana', 'POST', path, {
      body: `Message ${i}`,
      clientId: createClientId(),
    });
    expect(sent.status).to.equal(201);
  }
  return { call, path };
}

describe('Table maintenance on PGlite, which has no autovacuum', function () {
  this.timeout(60_000);
  const server = lazyServer('pglite', { CONV_PGLITE_MAINTENANCE_MS: '200' });
  after(() => server.stop());

  it('vacuums and analyzes the tables that changed while members write, and loses nothing', async () => {
    const running = await server.get();
    const before = await until(
      () => maintenance(running),
      (figures) => (figures?.pass ?? 0) > 0,
      'a first pass',
    );
    // Past autovacuum's thresholds (50 rows and a tenth to analyze, a thousand inserted or 50
    // dead rows and a fifth to vacuum): every send inserts a message and its events and updates
    // both members and the conversation.
    const { call, path } = await conversationOf(running, 150);
    const after = await until(
      () => maintenance(running),
      (figures) =>
        (figures?.vacuum ?? 0) > (before?.vacuum ?? 0) && (figures?.analyze ?? 0) > (before?.analyze ?? 0),
      'the tables written vacuumed (updated rows) and analyzed (inserted rows)',
    );
    expect(after!.pass).to.be.greaterThan(before!.pass);

    // Everything written is there, newest last, and writing goes on.
    const page = await call('bo', 'GET', `${path}?limit=100`);
    expect(page.status).to.equal(200);
    expect(page.body.items.at(-1).body).to.equal('Message 149');
    const sent = await call('ana', 'POST', path, { body: 'After the vacuum', clientId: createClientId() });
    expect(sent.status).to.equal(201);
  });
});

((await hasPostgres()) ? describe : describe.skip)('Table maintenance on PostgreSQL', function () {
  this.timeout(60_000);
  const server = lazyServer('postgres', { CONV_PGLITE_MAINTENANCE_MS: '200' });
  after(() => server.stop());

  it("leaves it to PostgreSQL's autovacuum", async () => {
    const running = await server.get();
    await conversationOf(running, 5);
    expect(await maintenance(running)).to.equal(undefined);
  });
});
