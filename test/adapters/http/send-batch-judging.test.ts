/**
 * A group commit judges each of its sends on that send's own facts. The sends that arrive
 * together are read in one query and written in one statement; those the rulebook refuses
 * (here: a recipient who blocked the sender, S15) are refused alone, with their own typed error,
 * while the others of the same batch are stored, each answered with its own message. On both
 * backends: PGlite group-commits too.
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
  type TestServer,
} from './support.js';

const PAIRS = 12;
const SENDS_PER_PAIR = 3;

const backends = (await hasPostgres()) ? (['pglite', 'postgres'] as const) : (['pglite'] as const);

for (const backend of backends) {
  describe(`Group commit on ${backend}: each send judged on its own`, function () {
    this.timeout(120_000);
    let server: TestServer;

    before(async () => {
      server = await startServer({ backend });
    });
    after(async () => {
      if (server) await stopServer(server);
    });

    it('refuses only the sends to a recipient who blocked the writer, and answers each with its own message', async () => {
      const space = await createSpace(server, {
        rateLimits: { sendsPerMinute: 10_000, conversationsPerHour: 1_000 },
      });
      const writers = Array.from({ length: PAIRS }, (_, i) => `w${i}`);
      const readers = Array.from({ length: PAIRS }, (_, i) => `r${i}`);
      await loadDirectory(server, space, {
        members: [...writers, ...readers].map((id) => ({ id, name: `Member ${id}` })),
        groups: [],
      });
      const tokens = new Map(
        await Promise.all(
          [...writers, ...readers].map(async (id) => [id, await mintToken(server, id, space)] as const),
        ),
      );
      const call = async (memberId: string, method: string, path: string, body?: unknown) => {
        const response = await fetch(new URL(path, server.url), {
          method,
          headers: {
            authorization: `Bearer ${tokens.get(memberId)}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await response.text();
        return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
      };

      const conversations: string[] = [];
      for (let i = 0; i < PAIRS; i++) {
        const started = await call(writers[i], 'POST', '/v1/conversations', {
          recipients: [{ kind: 'member', id: readers[i] }],
          body: 'Hello',
          clientId: createClientId(),
        });
        expect(started.status).to.equal(201);
        conversations.push((started.body.conversation as { id: string }).id);
      }
      // Every third reader blocks their writer after the conversation began.
      const blocked = (i: number) => i % 3 === 0;
      for (let i = 0; i < PAIRS; i += 3) {
        expect((await call(readers[i], 'PUT', `/v1/blocks/${writers[i]}`)).status).to.equal(204);
      }

      // All the sends at once, so that they share batches.
      const sends = conversations.flatMap((conversationId, i) =>
        Array.from({ length: SENDS_PER_PAIR }, (_, round) => ({
          i,
          conversationId,
          clientId: createClientId(),
          body: `From ${writers[i]}, round ${round}`,
        })),
      );
      const answers = await Promise.all(
        sends.map((send) =>
          call(writers[send.i], 'POST', `/v1/conversations/${send.conversationId}/messages`, {
            body: send.body,
            clientId: send.clientId,
          }),
        ),
      );

      sends.forEach((send, index) => {
        const answer = answers[index];
        if (blocked(send.i)) {
          expect(answer.status, JSON.stringify(answer.body)).to.equal(403);
          expect(answer.body.reason).to.equal('not-accepting');
        } else {
          expect(answer.status, JSON.stringify(answer.body)).to.equal(201);
          // Its own message, not a neighbour's in the batch.
          expect(answer.body.clientId).to.equal(send.clientId);
          expect(answer.body.body).to.equal(send.body);
          expect(answer.body.conversationId).to.equal(send.conversationId);
        }
      });

      // Stored exactly what was let through: the greeting, then each round once, in no other conversation.
      for (let i = 0; i < PAIRS; i++) {
        const page = await call(readers[i], 'GET', `/v1/conversations/${conversations[i]}/messages?limit=50`);
        const bodies = (page.body.items as { body: string }[]).map((message) => message.body).sort();
        const expected = blocked(i)
          ? ['Hello']
          : [
              'Hello',
              ...Array.from({ length: SENDS_PER_PAIR }, (_, round) => `From ${writers[i]}, round ${round}`),
            ].sort();
        expect(bodies).to.deep.equal(expected);
      }
    });
  });
}
