/**
 * Limits that hold under concurrency and across processes: the allowance is taken in the
 * transaction that writes, on a row every process shares, so parallel requests take turns. On
 * PGlite and (with DATABASE_URL) PostgreSQL, and with two server processes on one PostgreSQL.
 */
import { expect } from '@open-wc/testing';
import { createClientId } from '../../../src/core/ids.js';
import {
  createSpace,
  hasPostgres,
  loadDirectory,
  mintToken,
  startServer,
  stopServer,
  type Backend,
  type TestServer,
} from './support.js';

const postgres = await hasPostgres();
const backends: Backend[] = postgres ? ['pglite', 'postgres'] : ['pglite'];

const DIRECTORY = {
  members: Array.from({ length: 32 }, (_, i) => ({ id: `m${i}`, name: `Member ${i}` })),
  groups: [],
};

/** A member's POSTs, spread over the given server URLs in turn. */
async function poster(server: TestServer, space: string, memberId: string, urls: readonly string[]) {
  const token = await mintToken(server, memberId, space);
  let next = 0;
  return async (path: string, body: unknown) => {
    const response = await fetch(new URL(path, urls[next++ % urls.length]), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  };
}

async function countStored(server: TestServer, space: string, memberId: string, conversationId?: string) {
  const token = await mintToken(server, memberId, space);
  const get = async (path: string) =>
    (await fetch(new URL(path, server.url), { headers: { authorization: `Bearer ${token}` } })).json();
  const conversations = (await get('/v1/conversations?limit=100')).items as { id: string }[];
  if (!conversationId) return conversations.length;
  return ((await get(`/v1/conversations/${conversationId}/messages?limit=100`)).items as unknown[]).length;
}

function statuses(results: { status: number }[]) {
  const counts: Record<number, number> = {};
  for (const { status } of results) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

async function checkParallel(running: TestServer, urls: readonly string[]) {
  const space = await createSpace(running, {
    rateLimits: { sendsPerMinute: 31, conversationsPerHour: 20, reportsPerHour: 2 },
  });
  await loadDirectory(running, space, DIRECTORY);
  const post = await poster(running, space, 'm0', urls);
  const first = await post('/v1/conversations', {
    recipients: [{ kind: 'member', id: 'm1' }],
    body: 'Hello',
    clientId: createClientId(),
  });
  expect(first.status).to.equal(201);
  const conversationId = first.body.conversation.id as string;

  // 60 parallel sends against the 30 left of 31 a minute.
  const sends = await Promise.all(
    Array.from({ length: 60 }, (_, i) =>
      post(`/v1/conversations/${conversationId}/messages`, { body: `Send ${i}`, clientId: createClientId() }),
    ),
  );
  expect(statuses(sends)).to.deep.equal({ 201: 30, 429: 30 });
  expect(await countStored(running, space, 'm0', conversationId)).to.equal(31);

  // 30 parallel starts (each with someone new) against 20 an hour, by a member with sends to spare.
  const starter = await poster(running, space, 'm1', urls);
  const starts = await Promise.all(
    Array.from({ length: 30 }, (_, i) =>
      starter('/v1/conversations', {
        recipients: [{ kind: 'member', id: `m${i + 2}` }],
        body: 'Hi',
        clientId: createClientId(),
      }),
    ),
  );
  expect(statuses(starts)).to.deep.equal({ 201: 20, 429: 10 });
  // And m0's conversation with m1, which counted against m0.
  expect(await countStored(running, space, 'm1')).to.equal(21);

  // Reports: two an hour per member.
  const reports = await Promise.all(
    Array.from({ length: 5 }, () =>
      post('/v1/reports', { target: { kind: 'conversation', conversationId }, reason: 'Spam' }),
    ),
  );
  expect(statuses(reports)).to.deep.equal({ 201: 2, 429: 3 });
  const limited = reports.find((result) => result.status === 429)!;
  expect(limited.body).to.deep.include({ code: 'rate-limited' });
}

for (const backend of backends) {
  describe(`limits under concurrency on ${backend}`, function () {
    this.timeout(180_000);
    let server: TestServer | undefined;
    after(async () => {
      if (server) await stopServer(server);
    });

    it('60 parallel sends against 30 store 30, 30 parallel starts against 20 store 20, reports are limited', async () => {
      server = await startServer({ backend });
      // Every port of the process: a browser opens at most six connections to one.
      await checkParallel(server, server.urls);
    });
  });
}

describe('limits shared by two server processes on one database', function () {
  this.timeout(180_000);
  const started: TestServer[] = [];
  after(async () => {
    for (const server of started.reverse()) await stopServer(server);
  });

  if (!postgres) {
    it.skip('needs PostgreSQL (DATABASE_URL): PGlite is one process only', () => undefined);
    return;
  }

  it('requests spread over both processes still meet one limit', async () => {
    const first = await startServer({ backend: 'postgres' });
    started.push(first);
    const second = await startServer({ shareWith: first.id });
    started.push(second);
    await checkParallel(
      first,
      first.urls.flatMap((url, i) => [url, second.urls[i]]),
    );
  });
});
