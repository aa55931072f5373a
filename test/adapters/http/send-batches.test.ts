/**
 * Group commit under crossing traffic. Sends arriving together are written as one batch, and
 * batches of several processes may be in flight at once; when their conversations overlap in
 * different orders, each batch used to lock the members of its first send and then wait for the
 * other's, until PostgreSQL broke the deadlock (about a second) and every send of the failed batch
 * was written again on its own. A batch now takes all its locks up front, in one order every writer shares,
 * so crossing batches wait their turn instead. Only PostgreSQL has concurrent connections
 * (PGlite runs one statement at a time), so this runs only with DATABASE_URL.
 */
import { expect } from '@open-wc/testing';
import { createClientId } from '../../../src/core/ids.js';
import { admin, hasPostgres, loadedSpace, startServer, stopServer, type TestServer } from './support.js';

const postgres = await hasPostgres();
const MEMBERS = 24;
const ROUNDS = 40;

/** The figure `conv_send_batch_fallbacks_total{reason}` from `/metrics`, 0 when absent. */
async function fallbacks(server: TestServer, reason: string): Promise<number> {
  const answer = await admin(server, 'GET', '/metrics');
  const line = String(answer.body)
    .split('\n')
    .find((row) => row.startsWith(`conv_send_batch_fallbacks_total{reason="${reason}"}`));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

(postgres ? describe : describe.skip)('Group commit on PostgreSQL: crossing batches', function () {
  this.timeout(240_000);
  let server: TestServer;

  before(async () => {
    server = await startServer({ backend: 'postgres' });
  });
  after(async () => {
    if (server) await stopServer(server);
  });

  it('writes every send of crossing conversations once, with no batch broken by a deadlock', async () => {
    const ids = Array.from({ length: MEMBERS }, (_, i) => `m${String(i).padStart(2, '0')}`);
    const { call } = await loadedSpace(server, {
      members: ids.map((id) => ({ id, name: `Member ${id}` })),
      groups: [{ id: 'everyone', name: 'Everyone', managers: [ids[0]], members: ids }],
    });
    const post = (memberId: string, url: string, path: string, body: unknown) =>
      call(memberId, 'POST', path, body, url);

    // A ring of three-member conversations, each sharing members with its neighbours, so that
    // two sends in different conversations may need the same member rows.
    const conversations: { id: string; members: string[] }[] = [];
    for (let i = 0; i < MEMBERS; i++) {
      const members = [ids[i], ids[(i + 1) % MEMBERS], ids[(i + 5) % MEMBERS]];
      const started = await post(members[0], server.url, '/v1/conversations', {
        recipients: members.slice(1).map((id) => ({ kind: 'member', id })),
        body: 'Hello',
        clientId: createClientId(),
      });
      expect(started.status).to.equal(201);
      conversations.push({ id: started.body.conversation!.id, members });
    }
    // And one with a group of everyone: a send there needs every member's row.
    const crowd = await post(ids[1], server.url, '/v1/conversations', {
      recipients: [{ kind: 'group', id: 'everyone' }],
      body: 'Hello all',
      clientId: createClientId(),
    });
    expect(crowd.status, JSON.stringify(crowd.body)).to.equal(201);
    conversations.push({ id: crowd.body.conversation!.id, members: [ids[1], ids[2], ids[3]] });

    // Each conversation gets a stream of sends, one after the other, from its members in turn;
    // all the streams run at once over the server's ports, so that batches keep overlapping.
    const statuses = await Promise.all(
      conversations.map(async (conversation, i) => {
        const answers: number[] = [];
        for (let round = 0; round < ROUNDS; round++) {
          const answer = await post(
            conversation.members[(round + i) % 3],
            server.urls[(round + i) % server.urls.length],
            `/v1/conversations/${conversation.id}/messages`,
            { body: `Round ${round}`, clientId: createClientId() },
          );
          answers.push(answer.status);
        }
        return answers;
      }),
    );
    expect(statuses.flat().filter((status) => status !== 201)).to.deep.equal([]);

    // Each conversation holds its greeting and one message per round: nothing lost or doubled.
    const reader = ids[0];
    for (const conversation of conversations.filter((c) => c.members.includes(reader))) {
      const page = await call(reader, 'GET', `/v1/conversations/${conversation.id}/messages?limit=100`);
      expect(page.body.items.length).to.equal(ROUNDS + 1);
    }
    // No batch failed as a whole: none was broken by a deadlock, none hit another error.
    expect(await fallbacks(server, 'deadlock')).to.equal(0);
    expect(await fallbacks(server, 'error')).to.equal(0);
  });
});
