/**
 * S21 over HTTP, against real server processes: a member with 10,000 messages (their first
 * messages sent through the API, the rest of the history written by the test server in one
 * statement) downloads their
 * data (`HttpAdapter.exportData`, `GET /v1/export`), streamed page by page, and the portal
 * exports the same member's data (`GET /admin/v1/members/{id}/export`): every conversation they
 * can see, with its participants, their read marker and every message oldest first, and their
 * settings. Time and memory are the benchmark's (scripts/bench-export.mjs).
 */
import { expect } from '@open-wc/testing';
import { createClientId } from '../../../src/core/ids.js';
import type { DataExport } from '../../../src/core/export.js';
import type { HttpAdapter } from '../../../src/adapters/http/index.js';
import {
  admin,
  createSpace,
  hasPostgres,
  headersOf,
  loadDirectory,
  memberAdapter,
  mintToken,
  rawRequest,
  startServer,
  stopServer,
  type Backend,
  type TestServer,
} from './support.js';

const MESSAGES = 10_000;
const PARTNERS = 20;

const backends: Backend[] = (await hasPostgres()) ? ['pglite', 'postgres'] : ['pglite'];

for (const backend of backends) {
  describe(`export on ${backend}`, function () {
    this.timeout(600_000);
    let server: TestServer;
    let space: string;
    const adapters: HttpAdapter[] = [];
    const conversationIds: string[] = [];
    let lastRead: { conversationId: string; messageId: string };

    const as = (memberId: string) => {
      const adapter = memberAdapter(server, space, memberId);
      adapters.push(adapter);
      return adapter;
    };

    before(async () => {
      server = await startServer({ backend });
      space = await createSpace(server, {
        rateLimits: { sendsPerMinute: 1_000_000, conversationsPerHour: 1_000_000 },
      });
      const partners = Array.from({ length: PARTNERS }, (_, i) => ({ id: `p${i}`, name: `Partner ${i}` }));
      await loadDirectory(server, space, {
        members: [{ id: 'ana', name: 'Ana' }, { id: 'eve', name: 'Eve' }, ...partners],
        groups: [{ id: 'club', name: 'Club', managers: ['ana'], members: ['p0'] }],
      });
      const ana = as('ana');
      for (const [i, partner] of partners.entries()) {
        const { conversation } = await ana.startConversation({
          recipients: [{ kind: 'member', id: partner.id }],
          body: `Hello ${i}`,
          clientId: createClientId(),
        });
        conversationIds.push(conversation.id);
      }
      // Eve's conversation with a partner: not Ana's to export.
      await as('eve').startConversation({
        recipients: [{ kind: 'member', id: 'p1' }],
        body: 'Not for Ana',
        clientId: createClientId(),
      });
      // The rest of the history in one statement (sends are tested elsewhere): in each
      // conversation, Ana and her partner in turn.
      for (const [i, conversationId] of conversationIds.entries()) {
        const filled = await admin(
          server,
          'POST',
          '/admin/v1/test/history',
          { conversationIds: [conversationId], authorIds: [`p${i}`, 'ana'], count: MESSAGES / PARTNERS - 1 },
          space,
        );
        expect(filled.status).to.equal(204);
      }
      const page = await ana.listMessages(conversationIds[3]);
      lastRead = { conversationId: conversationIds[3], messageId: page.items[page.items.length - 1].id };
      await ana.markRead(lastRead.conversationId, lastRead.messageId);
      await ana.updateSettings({ emailMode: 'digest' });
    });

    after(async () => {
      for (const adapter of adapters) adapter.close();
      await stopServer(server);
    });

    it(`gives a member with ${MESSAGES.toLocaleString('en')} messages every one of them, oldest first`, async () => {
      const blob = await as('ana').exportData();
      expect(blob.type).to.match(/^application\/json/);
      const data = JSON.parse(await blob.text()) as DataExport;
      expect(data).to.deep.include({ format: 'conv-elements/export', version: 1 });
      expect(data.member).to.deep.equal({ kind: 'member', id: 'ana', name: 'Ana' });
      expect(data.settings).to.deep.equal({ inApp: true, email: true, emailMode: 'digest' });
      expect(data.groups).to.deep.equal([
        { group: { kind: 'group', id: 'club', name: 'Club' }, role: 'manager' },
      ]);
      expect(data.conversations.map((conversation) => conversation.id).sort()).to.deep.equal(
        [...conversationIds].sort(),
      );
      const messages = data.conversations.flatMap((conversation) => conversation.messages);
      expect(messages).to.have.length(MESSAGES);
      expect(new Set(messages.map((message) => message.id)).size).to.equal(MESSAGES);
      for (const conversation of data.conversations) {
        const times = conversation.messages.map((message) => message.sentAt);
        expect(times, conversation.id).to.deep.equal([...times].sort((a, b) => a - b));
        expect(conversation.messages.every((message) => message.conversationId === conversation.id)).to.equal(
          true,
        );
        expect(conversation.participants.map((party) => party.id)[0]).to.equal('ana');
      }
      const read = data.conversations.find((conversation) => conversation.id === lastRead.conversationId)!;
      expect(read.readUpTo).to.equal(lastRead.messageId);
      expect(data.conversations.filter((conversation) => conversation.readUpTo)).to.have.length(1);
      expect(messages.some((message) => message.body === 'Not for Ana')).to.equal(false);
    });

    it('streams it as a file, and the portal exports the same document for a request', async () => {
      const token = await mintToken(server, 'ana', space);
      const raw = await rawRequest(server, {
        method: 'GET',
        path: '/v1/export',
        headers: { authorization: `Bearer ${token}` },
        waitMs: 60_000,
      });
      expect(raw.status).to.equal(200);
      const headers = headersOf(raw);
      expect(headers['transfer-encoding'], 'streamed, not sent as one buffer').to.equal('chunked');
      expect(headers['content-disposition']).to.equal('attachment; filename="conversations-export.json"');

      const mine = JSON.parse(await (await as('ana').exportData()).text()) as DataExport;
      const portal = await admin(server, 'GET', '/admin/v1/members/ana/export', undefined, space);
      expect(portal.status).to.equal(200);
      const theirs = portal.body as DataExport;
      expect({ ...theirs, exportedAt: 0 }).to.deep.equal({ ...mine, exportedAt: 0 });

      expect(
        (await admin(server, 'GET', '/admin/v1/members/nobody/export', undefined, space)).status,
      ).to.equal(404);
      const other = await admin(server, 'GET', '/admin/v1/members/ana/export', undefined, space, token);
      expect(other.status, 'a member token is not the server secret').to.equal(403);
    });
  });
}
