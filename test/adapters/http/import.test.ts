/**
 * Importing conversations (`POST /admin/v1/import`, S20) on a real server, PGlite and
 * PostgreSQL: history comes in with its times, order, authors and read markers; an import sent
 * twice adds nothing; each bad line is refused with its number and the rulebook's reason while
 * the good ones are kept; a body that is not NDJSON is a typed 400 that stores nothing.
 */
import { expect, waitUntil } from '@open-wc/testing';
import type { AdapterEvent } from '../../../src/adapter/events.js';
import { ConvError, parseImportRecord, type ErrorPayload } from '../../../src/core/index.js';
import { createClientId } from '../../../src/core/ids.js';
import {
  createSpace,
  hasPostgres,
  importLines,
  lazyServer,
  live,
  loadDirectory,
  memberAdapter,
  type Backend,
  type TestServer,
} from './support.js';

const backends: Backend[] = (await hasPostgres()) ? ['pglite', 'postgres'] : ['pglite'];

type Summary = {
  lines: number;
  conversations: number;
  messages: number;
  reads: number;
  existing: number;
  refused: number;
  refusals: { line: number; code: string; reason?: string; message: string }[];
};

const ana = { kind: 'member', id: 'ana' } as const;
const bo = { kind: 'member', id: 'bo' } as const;
const garden = { kind: 'group', id: 'garden' } as const;
const T = Date.UTC(2021, 4, 1);

/** A small history: two conversations of Ana and Bo (the source had two), one with a group. */
const HISTORY = [
  { type: 'conversation', externalId: 'c1', participants: [ana, bo], createdAt: T },
  { type: 'message', externalId: 'm1', conversation: 'c1', author: 'ana', body: 'First, in May', sentAt: T },
  { type: 'conversation', externalId: 'c2', participants: [bo, ana], createdAt: T + 10 },
  {
    type: 'message',
    externalId: 'm2',
    conversation: 'c2',
    author: 'bo',
    body: 'Another thread',
    sentAt: T + 20,
  },
  { type: 'message', externalId: 'm3', conversation: 'c1', author: 'bo', body: 'Bo answers', sentAt: T + 30 },
  { type: 'message', externalId: 'm4', conversation: 'c1', author: 'ana', body: 'Ana again', sentAt: T + 40 },
  { type: 'conversation', externalId: 'c3', participants: [garden, bo], createdAt: T + 50 },
  {
    type: 'message',
    externalId: 'm5',
    conversation: 'c3',
    author: 'ana',
    asGroup: 'garden',
    body: 'From the garden',
    sentAt: T + 60,
  },
  { type: 'read', conversation: 'c1', member: 'bo', upTo: 'm3' },
  { type: 'read', conversation: 'c1', member: 'ana', upTo: 'm4' },
  { type: 'read', conversation: 'c2', member: 'ana', upTo: 'm2' },
];

/** What the rulebook refuses this record with. */
function rulebookReason(record: unknown): string {
  try {
    parseImportRecord(record);
  } catch (error) {
    if (error instanceof ConvError) return (error.toJSON() as ErrorPayload).reason ?? error.code;
    throw error;
  }
  throw new Error('The rulebook accepts this record.');
}

for (const backend of backends) {
  describe(`import on ${backend}`, function () {
    this.timeout(240_000);
    const server = lazyServer(backend);
    let running: TestServer;
    let space: string;

    before(async () => {
      running = await server.get();
    });
    after(() => server.stop());

    beforeEach(async () => {
      space = await createSpace(running);
      await loadDirectory(running, space, {
        members: [
          { id: 'ana', name: 'Ana' },
          { id: 'bo', name: 'Bo' },
          { id: 'cy', name: 'Cy' },
        ],
        groups: [{ id: 'garden', name: 'Garden', managers: ['ana'], members: ['cy'] }],
      });
    });

    it('keeps times, order, authors, groups and read markers; twice adds nothing', async () => {
      const first = await importLines(running, space, HISTORY);
      expect(first.status, JSON.stringify(first.body)).to.equal(200);
      expect(first.body).to.deep.include({
        lines: 11,
        conversations: 3,
        messages: 5,
        reads: 3,
        existing: 0,
        refused: 0,
      });

      const bob = memberAdapter(running, space, 'bo');
      const anna = memberAdapter(running, space, 'ana');
      try {
        const { items } = await bob.listConversations();
        expect(items.map((c) => c.lastMessage?.body)).to.deep.equal([
          'From the garden',
          'Ana again',
          'Another thread',
        ]);
        const c1 = items[1];
        expect(c1.createdAt).to.equal(T);
        expect(c1.lastActivityAt).to.equal(T + 40);
        expect(c1.unreadCount, 'Bo read up to his answer').to.equal(1);
        const { items: messages } = await bob.listMessages(c1.id);
        expect(messages.map((m) => [m.body, m.author.id, m.sentAt])).to.deep.equal([
          ['First, in May', 'ana', T],
          ['Bo answers', 'bo', T + 30],
          ['Ana again', 'ana', T + 40],
        ]);
        const garden = items[0];
        expect(garden.lastMessage?.onBehalfOf?.id).to.equal('garden');
        expect(garden.lastMessage?.author.id).to.equal('ana');
        // Bo: one in c1 and the garden's message; Ana has read everything she was sent.
        expect(await bob.getUnreadSummary()).to.deep.equal({ total: 2, conversations: 2 });
        expect(await anna.getUnreadSummary()).to.deep.equal({ total: 0, conversations: 0 });

        const again = await importLines(running, space, HISTORY);
        expect(again.body).to.deep.include({
          conversations: 0,
          messages: 0,
          reads: 0,
          existing: 11,
          refused: 0,
        });
        const after = await bob.listConversations();
        expect(after.items.map((c) => [c.id, c.lastMessage?.id, c.unreadCount])).to.deep.equal(
          items.map((c) => [c.id, c.lastMessage?.id, c.unreadCount]),
        );
        expect((await bob.listMessages(c1.id)).items).to.have.length(3);

        // The source had two conversations of Ana and Bo: both kept, and a live start joins the first.
        const started = await bob.startConversation({
          recipients: [ana],
          body: 'Live now',
          clientId: createClientId(),
        });
        expect(started.conversation.id).to.equal(c1.id);
      } finally {
        bob.close();
        anna.close();
      }
    });

    it('pushes nothing on the event streams of the members it names', async () => {
      const bob = await live(memberAdapter(running, space, 'bo'));
      const heard: AdapterEvent[] = [];
      const stop = bob.subscribe((event) => heard.push(event));
      try {
        expect((await importLines(running, space, HISTORY)).status).to.equal(200);
        // An event of Bo's own after the import: anything the import had sent would come first.
        const { email } = await bob.getSettings();
        await bob.updateSettings({ email: !email });
        await waitUntil(() => heard.some((event) => event.type === 'settings-changed'), 'no settings event', {
          timeout: 10_000,
        });
        expect(heard.map((event) => event.type)).to.deep.equal(['settings-changed']);
        expect(await bob.getUnreadSummary()).to.deep.equal({ total: 2, conversations: 2 });
      } finally {
        stop();
        bob.close();
      }
    });

    it('refuses each bad line with its number and reason, and keeps the good ones', async () => {
      const tooLong = 'x'.repeat(1001);
      const lines: (string | object)[] = [
        HISTORY[0],
        'not json',
        { type: 'message', externalId: 'b1', conversation: 'c1', author: 'ana', body: ' \u200b ', sentAt: T },
        { type: 'message', externalId: 'b2', conversation: 'c1', author: 'ana', body: tooLong, sentAt: T },
        { type: 'message', externalId: 'b3', conversation: 'c1', author: 'nobody', body: 'Who?', sentAt: T },
        { type: 'message', externalId: 'b4', conversation: 'c1', author: 'cy', body: 'Not in it', sentAt: T },
        {
          type: 'message',
          externalId: 'b5',
          conversation: 'nowhere',
          author: 'ana',
          body: 'Where?',
          sentAt: T,
        },
        HISTORY[1],
        {
          type: 'conversation',
          externalId: 'b6',
          participants: [ana, { kind: 'member', id: 'ghost' }],
          createdAt: T,
        },
        { type: 'conversation', externalId: 'b7', participants: [ana], createdAt: T },
        {
          type: 'message',
          externalId: 'b8',
          conversation: 'c1',
          author: 'bo',
          body: 'Too early',
          sentAt: T - 1,
        },
        {
          type: 'message',
          externalId: 'b9',
          conversation: 'c1',
          author: 'bo',
          asGroup: 'garden',
          body: 'As?',
          sentAt: T + 1,
        },
        { type: 'invitation', externalId: 'b10' },
        { type: 'read', conversation: 'c1', member: 'bo', upTo: 'never-imported' },
        {
          type: 'message',
          externalId: 'b11',
          conversation: 'c1',
          author: 'bo',
          body: 'Good too',
          sentAt: T + 2,
        },
      ];
      const answer = await importLines(running, space, lines);
      expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
      const summary = answer.body as Summary;
      expect(summary).to.deep.include({ lines: 15, conversations: 1, messages: 2, refused: 12 });
      expect(summary.refusals.map((r) => [r.line, r.reason ?? r.code])).to.deep.equal([
        [2, 'bad-request'],
        [3, rulebookReason(lines[2])],
        [4, rulebookReason(lines[3])],
        [5, 'not-found'],
        [6, 'not-allowed'],
        [7, 'not-found'],
        [9, 'unknown-recipient'],
        [10, rulebookReason(lines[9])],
        [11, 'bad-request'],
        [12, 'not-group-manager'],
        [13, rulebookReason(lines[12])],
        [14, 'not-found'],
      ]);
      expect(rulebookReason(lines[2])).to.equal('empty');
      expect(rulebookReason(lines[3])).to.equal('too-long');
      const bob = memberAdapter(running, space, 'bo');
      try {
        const { items } = await bob.listConversations();
        expect(items).to.have.length(1);
        expect((await bob.listMessages(items[0].id)).items.map((m) => m.body)).to.deep.equal([
          'First, in May',
          'Good too',
        ]);
      } finally {
        bob.close();
      }
    });

    it('a body that is not NDJSON is a 400 and stores nothing', async () => {
      const json = await importLines(running, space, [JSON.stringify(HISTORY)], {
        contentType: 'application/json',
      });
      expect(json.status).to.equal(400);
      expect((json.body as ErrorPayload).code).to.equal('validation');
      const text = await importLines(running, space, HISTORY, { contentType: 'text/plain' });
      expect(text.status).to.equal(400);
      const bob = memberAdapter(running, space, 'bo');
      try {
        expect((await bob.listConversations()).items).to.deep.equal([]);
      } finally {
        bob.close();
      }
    });
  });
}
