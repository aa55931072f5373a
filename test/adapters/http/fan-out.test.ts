/**
 * A message to a large group, against real server processes: every member of the group hears
 * it, whichever of the database's notifications names them, and a stream whose member is not a
 * recipient does not even read. A NOTIFY payload holds at most 8,000 bytes; the members of a
 * large group are announced a chunk at a time (migration 18), where before only the space was,
 * and every open stream of it read.
 */
import { expect } from '@open-wc/testing';
import type { AdapterEvent } from '../../../src/adapter/events.js';
import { createClientId } from '../../../src/core/ids.js';
import type { HttpAdapter } from '../../../src/adapters/http/index.js';
import {
  admin,
  createSpace,
  hasPostgres,
  lazyServer,
  live,
  loadDirectory,
  memberAdapter,
  nextAdapterEvent,
  type Backend,
} from './support.js';

const backends: Backend[] = (await hasPostgres()) ? ['pglite', 'postgres'] : ['pglite'];

/** Enough members, with ids long enough, that naming them all takes several notifications. */
const CROWD = Array.from(
  { length: 900 },
  (_, i) => `a-member-of-the-crowd-with-a-long-identifier-${String(i).padStart(4, '0')}`,
);

for (const backend of backends) {
  describe(`a message to a large group on ${backend}`, function () {
    this.timeout(120_000);
    const server = lazyServer(backend);
    const adapters: HttpAdapter[] = [];
    after(async () => {
      adapters.splice(0).forEach((adapter) => adapter.close());
      await server.stop();
    });

    it('reaches every member of the group, and a stream of someone else does not read', async () => {
      const running = await server.get();
      const space = await createSpace(running);
      await loadDirectory(running, space, {
        members: [
          { id: 'ana', name: 'Ana' },
          { id: 'bo', name: 'Bo' },
          { id: 'cy', name: 'Cy' },
          ...CROWD.map((id, i) => ({ id, name: `Crowd ${i}` })),
        ],
        groups: [{ id: 'crowd', name: 'Crowd', managers: [], members: ['ana', ...CROWD] }],
      });
      const open = (memberId: string, port: number) => {
        const adapter = memberAdapter(running, space, memberId, running.urls[port]);
        adapters.push(adapter);
        return adapter;
      };
      const cy = open('cy', 0);
      const { conversation } = await cy.startConversation({
        recipients: [{ kind: 'group', id: 'crowd' }],
        body: 'Hello crowd',
        clientId: createClientId(),
      });
      // Ana is named first, the last of the crowd in the last notification; Bo is in none.
      const ana = await live(open('ana', 1));
      const last = await live(open(CROWD[CROWD.length - 1], 2));
      await live(open('bo', 3));
      const readsOf = async () =>
        (
          (await admin(running, 'GET', '/admin/v1/test/streams', undefined, space)).body as {
            reads: Record<string, number>;
          }
        ).reads;
      // "Live" is the stream's first line, written before its opening read, which may wait for
      // its turn: wait until it has begun (bounded), so that what follows counts only the reads
      // the message causes.
      let before = await readsOf();
      for (let tries = 0; !(before.bo > 0 && before.ana > 0) && tries < 100; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        before = await readsOf();
      }
      expect(before.bo, 'Bo’s stream read once, as it opened').to.be.greaterThan(0);

      const clientId = createClientId();
      const isIt = (event: AdapterEvent) =>
        event.type === 'message-added' && event.message.clientId === clientId;
      const arrivals = [
        nextAdapterEvent(ana, isIt, 'message heard by Ana'),
        nextAdapterEvent(last, isIt, 'message heard by the last of the crowd'),
      ];
      await cy.sendMessage({ conversationId: conversation.id, body: 'To all of you', clientId });
      await Promise.all(arrivals);
      // Bo's read, had the news woken him, would have begun with Ana's; give it time anyway.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const after = await readsOf();
      expect(after.ana, 'Ana’s stream read').to.be.greaterThan(before.ana);
      expect(after.bo, 'Bo’s stream did not read').to.equal(before.bo);
    });
  });
}
