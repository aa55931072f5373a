/**
 * The authorization matrix: every member endpoint of the API × {participant, non-participant,
 * removed group member, no token, expired token, token signed with another key}, against a real
 * server process. Nothing leaks: a conversation the caller may not see answers exactly as one
 * that does not exist, writes to it are refused the same way and store nothing, and a request
 * without a valid token learns nothing at all.
 */
import { expect } from '@open-wc/testing';
import type { AdapterEvent } from '../../../src/adapter/events.js';
import type { Conversation, Message } from '../../../src/core/types.js';
import type { HttpAdapter } from '../../../src/adapters/http/index.js';
import {
  admin,
  createSpace,
  deleteSpace,
  importLines,
  lazyServer,
  live,
  loadDirectory,
  memberAdapter,
  mintToken,
  setGroupRole,
  type TestServer,
} from './support.js';

type Caller =
  | 'participant'
  | 'non-participant'
  | 'removed group member'
  | 'managers-only member'
  | 'blocked member'
  | 'deleted member'
  | 'no token'
  | 'expired token'
  | 'other key';
const CALLERS: readonly Caller[] = [
  'participant',
  'non-participant',
  'removed group member',
  'managers-only member',
  'blocked member',
  'deleted member',
  'no token',
  'expired token',
  'other key',
];

interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly text: string;
}

interface Endpoint {
  readonly name: string;
  readonly method: string;
  /** The path for a conversation id (the real one, or one that never existed). */
  readonly path: (conversationId: string, messageId: string) => string;
  readonly body?: (conversationId: string, messageId: string) => unknown;
  /** What a participant gets. */
  readonly ok: number;
  /** Whether the endpoint is about one conversation (refused as missing to outsiders). */
  readonly aboutConversation: boolean;
}

/** The participant's own message (made in `before`), which S25's endpoints change. */
let own: Message;

let clientIds = 0;
const clientId = () => `authz-${Date.now()}-${clientIds++}`;

const ENDPOINTS: readonly Endpoint[] = [
  { name: 'GET /v1/viewer', method: 'GET', path: () => '/v1/viewer', ok: 200, aboutConversation: false },
  { name: 'GET /v1/policy', method: 'GET', path: () => '/v1/policy', ok: 200, aboutConversation: false },
  {
    name: 'GET /v1/directory',
    method: 'GET',
    path: () => '/v1/directory?q=a',
    ok: 200,
    aboutConversation: false,
  },
  {
    name: 'GET /v1/directory/members/{id}',
    method: 'GET',
    path: () => '/v1/directory/members/ana',
    ok: 200,
    aboutConversation: false,
  },
  {
    name: 'GET /v1/conversations',
    method: 'GET',
    path: () => '/v1/conversations',
    ok: 200,
    aboutConversation: false,
  },
  {
    name: 'POST /v1/conversations',
    method: 'POST',
    path: () => '/v1/conversations',
    body: () => ({ recipients: [{ kind: 'member', id: 'ana' }], body: 'A new one', clientId: clientId() }),
    ok: 201,
    aboutConversation: false,
  },
  {
    name: 'GET /v1/conversations/{id}',
    method: 'GET',
    path: (c) => `/v1/conversations/${c}`,
    ok: 200,
    aboutConversation: true,
  },
  {
    name: 'GET /v1/conversations/{id}/messages',
    method: 'GET',
    path: (c) => `/v1/conversations/${c}/messages`,
    ok: 200,
    aboutConversation: true,
  },
  {
    name: 'GET /v1/conversations/{id}/messages?around',
    method: 'GET',
    path: (c, m) => `/v1/conversations/${c}/messages?around=${m}`,
    ok: 200,
    aboutConversation: true,
  },
  {
    name: 'GET /v1/search',
    method: 'GET',
    path: () => '/v1/search?q=hello',
    ok: 200,
    aboutConversation: false,
  },
  {
    name: 'POST /v1/conversations/{id}/messages',
    method: 'POST',
    path: (c) => `/v1/conversations/${c}/messages`,
    body: () => ({ body: 'Let me in', clientId: clientId() }),
    ok: 201,
    aboutConversation: true,
  },
  {
    name: 'PUT /v1/conversations/{id}/read',
    method: 'PUT',
    path: (c) => `/v1/conversations/${c}/read`,
    body: (_, m) => ({ upTo: m }),
    ok: 204,
    aboutConversation: true,
  },
  // S27–S29, S31: presence. The participant reads through the guild, so leaving is refused to
  // them (403 not-allowed: they leave the group instead); to outsiders it does not exist.
  {
    name: 'GET /v1/conversations/{id}/seen',
    method: 'GET',
    path: (c) => `/v1/conversations/${c}/seen`,
    ok: 200,
    aboutConversation: true,
  },
  {
    name: 'POST /v1/conversations/{id}/typing',
    method: 'POST',
    path: (c) => `/v1/conversations/${c}/typing`,
    ok: 204,
    aboutConversation: true,
  },
  {
    name: 'PUT /v1/conversations/{id}/mute',
    method: 'PUT',
    path: (c) => `/v1/conversations/${c}/mute`,
    body: () => ({ muted: true }),
    ok: 200,
    aboutConversation: true,
  },
  {
    name: 'PUT /v1/conversations/{id}/unread',
    method: 'PUT',
    path: (c) => `/v1/conversations/${c}/unread`,
    ok: 200,
    aboutConversation: true,
  },
  {
    name: 'POST /v1/conversations/{id}/leave',
    method: 'POST',
    path: (c) => `/v1/conversations/${c}/leave`,
    ok: 403,
    aboutConversation: true,
  },
  {
    name: 'GET /v1/conversations?group',
    method: 'GET',
    path: () => '/v1/conversations?group=council',
    ok: 200,
    aboutConversation: false,
  },
  { name: 'GET /v1/unread', method: 'GET', path: () => '/v1/unread', ok: 200, aboutConversation: false },
  {
    name: 'GET /v1/unread?byGroup',
    method: 'GET',
    path: () => '/v1/unread?byGroup=true',
    ok: 200,
    aboutConversation: false,
  },
  { name: 'GET /v1/settings', method: 'GET', path: () => '/v1/settings', ok: 200, aboutConversation: false },
  // S21: a member's own data; an outsider's holds nothing of the conversation.
  { name: 'GET /v1/export', method: 'GET', path: () => '/v1/export', ok: 200, aboutConversation: false },
  {
    name: 'PATCH /v1/settings',
    method: 'PATCH',
    path: () => '/v1/settings',
    body: () => ({ email: true }),
    ok: 200,
    aboutConversation: false,
  },
  {
    name: 'POST /v1/reports (conversation)',
    method: 'POST',
    path: () => '/v1/reports',
    body: (c) => ({ target: { kind: 'conversation', conversationId: c }, reason: 'Spam' }),
    ok: 201,
    aboutConversation: true,
  },
  // S25: the participant edits and deletes a message of their own (`own`); S26: reacts to ana's.
  {
    name: 'PATCH /v1/conversations/{id}/messages/{messageId}',
    method: 'PATCH',
    path: (c) => `/v1/conversations/${c}/messages/${own.id}`,
    body: () => ({ body: 'Edited' }),
    ok: 200,
    aboutConversation: true,
  },
  {
    name: 'PUT /v1/conversations/{id}/messages/{messageId}/reactions/{emoji}',
    method: 'PUT',
    path: (c, m) => `/v1/conversations/${c}/messages/${m}/reactions/${encodeURIComponent('👍')}`,
    ok: 200,
    aboutConversation: true,
  },
  {
    name: 'DELETE /v1/conversations/{id}/messages/{messageId}/reactions/{emoji}',
    method: 'DELETE',
    path: (c, m) => `/v1/conversations/${c}/messages/${m}/reactions/${encodeURIComponent('👍')}`,
    ok: 200,
    aboutConversation: true,
  },
  {
    name: 'DELETE /v1/conversations/{id}/messages/{messageId}',
    method: 'DELETE',
    path: (c) => `/v1/conversations/${c}/messages/${own.id}`,
    ok: 200,
    aboutConversation: true,
  },
  {
    name: 'POST /v1/reports (message)',
    method: 'POST',
    path: () => '/v1/reports',
    body: (c, m) => ({ target: { kind: 'message', conversationId: c, messageId: m }, reason: 'Rude' }),
    ok: 201,
    aboutConversation: true,
  },
  // S15: each caller's own blocks (blocking ana, then lifting it, so the rows leave nothing behind).
  { name: 'GET /v1/blocks', method: 'GET', path: () => '/v1/blocks', ok: 200, aboutConversation: false },
  {
    name: 'PUT /v1/blocks/{id}',
    method: 'PUT',
    path: () => '/v1/blocks/ana',
    ok: 204,
    aboutConversation: false,
  },
  {
    name: 'DELETE /v1/blocks/{id}',
    method: 'DELETE',
    path: () => '/v1/blocks/ana',
    ok: 204,
    aboutConversation: false,
  },
];

// Each refusal below with a wrong secret or none counts as a failed admin attempt, more than the
// default allowance of 10 a minute (that limit has its own test in connection-limits.test.ts).
const server = lazyServer('pglite', { CONV_ADMIN_FAILURES_PER_MINUTE: '100' });
after(() => server.stop());

describe('HTTP API authorization matrix', function () {
  this.timeout(120_000);
  let running: TestServer;
  let space: string;
  let tokens: Record<Caller, string | undefined>;
  let conversation: Conversation;
  let first: Message;
  const adapters: HttpAdapter[] = [];

  async function call(caller: Caller, method: string, path: string, body?: unknown): Promise<Answer> {
    const token = tokens[caller];
    const response = await fetch(new URL(path, running.url), {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, text };
  }

  async function call0(token: string, path: string): Promise<Answer> {
    const response = await fetch(new URL(path, running.url), {
      headers: { authorization: `Bearer ${token}` },
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, text };
  }

  function adapter(memberId: string): HttpAdapter {
    const made = memberAdapter(running, space, memberId);
    adapters.push(made);
    return made;
  }

  before(async () => {
    running = await server.get();
    space = await createSpace(running);
    await loadDirectory(running, space, {
      members: [
        { id: 'ana', name: 'Ana' },
        { id: 'bo', name: 'Bo' },
        { id: 'cy', name: 'Cy' },
        { id: 'zo', name: 'Zo' },
        { id: 'mo', name: 'Mo' },
        { id: 'bl', name: 'Bl' },
        { id: 'de', name: 'De' },
      ],
      groups: [
        { id: 'guild', name: 'Guild', managers: ['ana'], members: ['bo', 'cy', 'bl', 'de'] },
        { id: 'council', name: 'Council', managers: ['ana'], members: ['mo'], readers: 'managers' },
      ],
    });
    // Ana writes to the guild and the council: bo, cy, bl and de are in it through the guild; mo
    // belongs to the council, whose conversations only its managers read; zo never was in it.
    const started = await adapter('ana').startConversation({
      recipients: [
        { kind: 'group', id: 'guild' },
        { kind: 'group', id: 'council' },
      ],
      body: 'Hello guild',
      clientId: clientId(),
    });
    conversation = started.conversation;
    first = started.message;
    own = await adapter('bo').sendMessage({
      conversationId: conversation.id,
      body: 'Mine to change',
      clientId: clientId(),
    });
    const cy = adapter('cy');
    expect((await cy.getConversation(conversation.id)).id, 'cy sees it while in the group').to.equal(
      conversation.id,
    );
    await setGroupRole(running, space, 'guild', 'cy', null);
    // Tokens minted while they were in good standing: the block and the deletion still refuse them.
    const blockedToken = await mintToken(running, 'bl', space);
    const deletedToken = await mintToken(running, 'de', space);
    expect((await call0(blockedToken, '/v1/viewer')).status, 'bl before the block').to.equal(200);
    expect((await admin(running, 'PUT', '/admin/v1/members/bl/block', undefined, space)).status).to.equal(
      204,
    );
    expect((await admin(running, 'DELETE', '/admin/v1/members/de', undefined, space)).status).to.equal(204);
    tokens = {
      participant: await mintToken(running, 'bo', space),
      'non-participant': await mintToken(running, 'zo', space),
      'removed group member': await mintToken(running, 'cy', space),
      'managers-only member': await mintToken(running, 'mo', space),
      'blocked member': blockedToken,
      'deleted member': deletedToken,
      'no token': undefined,
      'expired token': await mintToken(running, 'bo', space, { expiresIn: -60 }),
      'other key': await mintToken(running, 'bo', space, { otherKey: true }),
    };
  });

  after(async () => {
    for (const made of adapters) made.close();
    if (space) await deleteSpace(running, space);
  });

  async function messageCount(): Promise<number> {
    const page = await adapter('ana').listMessages(conversation.id, { limit: 100 });
    return page.items.length;
  }

  async function shown(): Promise<unknown[]> {
    const page = await adapter('ana').listMessages(conversation.id, { limit: 100 });
    return page.items.map((m) => [m.id, m.body, m.deleted ?? false, m.reactions?.length ?? 0]);
  }

  async function reportCount(): Promise<number> {
    const result = await admin(running, 'GET', '/admin/v1/reports', undefined, space);
    return (result.body as { items: unknown[] }).items.length;
  }

  for (const endpoint of ENDPOINTS) {
    describe(endpoint.name, () => {
      for (const caller of CALLERS) {
        it(caller, async () => {
          const c = conversation.id;
          const m = first.id;
          const messagesBefore = await messageCount();
          const shownBefore = await shown();
          const reportsBefore = await reportCount();
          const answer = await call(caller, endpoint.method, endpoint.path(c, m), endpoint.body?.(c, m));

          if (caller === 'no token' || caller === 'expired token' || caller === 'other key') {
            expect(answer.status, answer.text).to.equal(401);
            expect(answer.body).to.deep.equal({
              code: 'forbidden',
              reason: 'not-allowed',
              field: 'request',
              message: 'Sign in again: the session token is missing, expired or not valid.',
            });
          } else if (caller === 'blocked member' || caller === 'deleted member') {
            // S16, S17: refused as a member the portal does not list, whatever the endpoint.
            expect(answer.status, answer.text).to.equal(401);
            expect((answer.body as { code: string; reason: string }).reason).to.equal('not-allowed');
            expect(answer.text).not.to.include(c);
          } else if (caller === 'participant') {
            expect(answer.status, answer.text).to.equal(endpoint.ok);
          } else if (endpoint.aboutConversation) {
            // Forbidden reads as missing: the same answer, byte for byte, as for an id that never existed.
            const ghost = `${c.slice(0, -4)}0000`;
            const missing = await call(
              caller,
              endpoint.method,
              endpoint.path(ghost, m),
              endpoint.body?.(ghost, m),
            );
            expect(answer.status, answer.text).to.equal(404);
            expect(answer.text).to.equal(missing.text);
            expect(answer.text).not.to.include(c);
          } else {
            expect(answer.status, answer.text).to.equal(endpoint.ok);
            // Whatever it lists, the conversation is not among it.
            expect(answer.text).not.to.include(c);
            expect(answer.text).not.to.include('Hello guild');
          }

          const stored =
            caller === 'participant' && endpoint.name === 'POST /v1/conversations/{id}/messages' ? 1 : 0;
          expect(await messageCount(), 'messages in the conversation').to.equal(messagesBefore + stored);
          // S25, S26: a refused edit, delete or reaction changes nothing anyone sees.
          if (caller !== 'participant') expect(await shown(), 'messages as shown').to.deep.equal(shownBefore);
          const reported = caller === 'participant' && endpoint.name.startsWith('POST /v1/reports') ? 1 : 0;
          expect(await reportCount(), 'reports stored').to.equal(reportsBefore + reported);
        });
      }
    });
  }

  describe('GET /v1/events', () => {
    for (const caller of ['no token', 'expired token', 'other key'] as const) {
      it(`${caller}: 401, no stream`, async () => {
        const answer = await call(caller, 'GET', '/v1/events');
        expect(answer.status).to.equal(401);
        expect(answer.text).not.to.include('id:');
      });
    }

    it('participant hears a new message; non-participant and removed group member hear nothing of it', async () => {
      const listeners = { bo: adapter('bo'), zo: adapter('zo'), cy: adapter('cy') };
      const heard: Record<string, AdapterEvent[]> = { bo: [], zo: [], cy: [] };
      for (const [id, made] of Object.entries(listeners)) {
        made.subscribe((event) => heard[id].push(event));
        await live(made);
      }
      const sent = await adapter('ana').sendMessage({
        conversationId: conversation.id,
        body: 'Only for the guild',
        clientId: clientId(),
      });
      // A marker each outsider causes on their own stream after the send: once it has arrived,
      // anything about the send would have arrived before it.
      const markers = ['zo', 'cy'].map(async (id) => {
        const made = listeners[id as 'zo' | 'cy'];
        const marked = new Promise<void>((resolve) => {
          const stop = made.subscribe((event) => {
            if (event.type === 'settings-changed') {
              stop();
              resolve();
            }
          });
        });
        const { email } = await made.getSettings();
        await made.updateSettings({ email: !email });
        await marked;
      });
      await Promise.all(markers);
      await new Promise<void>((resolve) => {
        const check = () =>
          heard.bo.some((event) => event.type === 'message-added' && event.message.id === sent.id)
            ? resolve()
            : undefined;
        listeners.bo.subscribe(check);
        check();
      });
      for (const id of ['zo', 'cy']) {
        expect(JSON.stringify(heard[id]), `${id}'s events`).not.to.include(conversation.id);
        expect(JSON.stringify(heard[id])).not.to.include('Only for the guild');
      }
    });
  });

  describe('S14, S15: blocks and follows', () => {
    it('a blocked member gets the not-accepting answer, byte for byte as for the setting; no one else’s blocks show', async () => {
      await call('participant', 'PUT', '/v1/blocks/zo'); // bo blocks zo
      await call('non-participant', 'PATCH', '/v1/settings', { acceptFrom: 'followed' }); // zo: followed only
      const start = (caller: Caller, to: string) =>
        call(caller, 'POST', '/v1/conversations', {
          recipients: [{ kind: 'member', id: to }],
          body: 'Hello',
          clientId: clientId(),
        });
      try {
        const blocked = await start('non-participant', 'bo'); // zo to bo, who blocked zo
        const setting = await start('participant', 'zo'); // bo to zo, who accepts followed only
        expect(blocked.status, blocked.text).to.equal(403);
        expect(setting.status, setting.text).to.equal(403);
        expect(blocked.body).to.deep.include({
          code: 'forbidden',
          reason: 'not-accepting',
          field: 'recipients',
        });
        expect(blocked.text.replaceAll('bo', 'X')).to.equal(setting.text.replaceAll('zo', 'X'));
        const zoBlocks = await call('non-participant', 'GET', '/v1/blocks');
        expect(zoBlocks.body).to.deep.equal({ items: [] });
        const zoSettings = await call('non-participant', 'GET', '/v1/settings');
        expect(zoSettings.text).not.to.include('bo');
        const boBlocks = await call('participant', 'GET', '/v1/blocks');
        expect((boBlocks.body as { items: { id: string }[] }).items.map((m) => m.id)).to.deep.equal(['zo']);
      } finally {
        await call('participant', 'DELETE', '/v1/blocks/zo');
        await call('non-participant', 'PATCH', '/v1/settings', { acceptFrom: 'anyone' });
      }
    });

    it('the admin follow endpoint refuses a member token, and a member cannot reach it', async () => {
      for (const bearer of [tokens.participant, 'not-the-secret', null]) {
        const answer = await admin(
          running,
          'PUT',
          '/admin/v1/members/zo/follows/bo',
          undefined,
          space,
          bearer,
        );
        expect(answer.status).to.equal(403);
      }
      const ok = await admin(running, 'PUT', '/admin/v1/members/zo/follows/bo', undefined, space);
      expect(ok.status).to.equal(204);
      const unknown = await admin(running, 'PUT', '/admin/v1/members/zo/follows/nobody', undefined, space);
      expect(unknown.status).to.equal(404);
      const self = await admin(running, 'PUT', '/admin/v1/members/zo/follows/zo', undefined, space);
      expect(self.status).to.equal(400);
      expect(
        (await admin(running, 'DELETE', '/admin/v1/members/zo/follows/bo', undefined, space)).status,
      ).to.equal(204);
    });
  });

  describe('admin API', () => {
    it('the moderation endpoints refuse a caller without the secret with 403, and change nothing', async () => {
      // One refused attempt each: the server refuses an address after a few in a minute.
      const attempts = [
        ['PUT', '/admin/v1/members/bo/block', undefined, tokens.participant],
        ['DELETE', '/admin/v1/members/bl/block', undefined, 'not-the-secret'],
        ['DELETE', '/admin/v1/members/bo?erase=messages', undefined, null],
        ['PUT', '/admin/v1/groups/guild/readers', { readers: 'managers' }, tokens.participant],
      ] as const;
      for (const [method, path, body, bearer] of attempts) {
        const answer = await admin(running, method, path, body, space, bearer);
        expect(answer.status, `${method} ${path}`).to.equal(403);
      }
      // bo still reads the conversation, under his name; bl is still blocked.
      expect((await call('participant', 'GET', `/v1/conversations/${conversation.id}`)).status).to.equal(200);
      const viewer = await call('participant', 'GET', '/v1/viewer');
      expect((viewer.body as { member: { name: string } }).member.name).to.equal('Bo');
      expect((await call('blocked member', 'GET', '/v1/viewer')).status).to.equal(401);
      expect(
        (await call('participant', 'GET', `/v1/conversations/${conversation.id}/messages`)).text,
      ).to.include('Hello guild');
    });

    it('refuses a member token, a wrong secret and no token, with 403, and changes nothing', async () => {
      for (const bearer of [tokens.participant, 'not-the-secret', null]) {
        const answer = await admin(
          running,
          'PUT',
          '/admin/v1/directory',
          { members: [{ id: 'eve', name: 'Eve' }] },
          space,
          bearer,
        );
        expect(answer.status).to.equal(403);
      }
      const answer = await call('participant', 'GET', '/v1/directory?q=eve');
      expect((answer.body as { items: unknown[] }).items).to.deep.equal([]);
    });

    it('refuses an import with a member token, a wrong secret and no token, with 403, and stores nothing', async () => {
      const lines = [
        {
          type: 'conversation',
          externalId: 'refused-c',
          participants: [
            { kind: 'member', id: 'ana' },
            { kind: 'member', id: 'zo' },
          ],
          createdAt: 1,
        },
        {
          type: 'message',
          externalId: 'refused-m',
          conversation: 'refused-c',
          author: 'ana',
          body: 'Imported without the secret',
          sentAt: 2,
        },
      ];
      for (const bearer of [tokens.participant, 'not-the-secret', null]) {
        const answer = await importLines(running, space, lines, { bearer });
        expect(answer.status).to.equal(403);
      }
      const answer = await call('non-participant', 'GET', '/v1/conversations');
      expect(answer.status).to.equal(200);
      expect(JSON.stringify(answer.body)).not.to.include('Imported without the secret');
    });

    it('refuses the export and webhook endpoints without the secret, and changes nothing', async () => {
      const requests: [string, string, unknown?][] = [
        ['GET', '/admin/v1/members/ana/export'],
        ['GET', '/admin/v1/webhooks'],
        ['POST', '/admin/v1/webhooks', { url: 'https://hooks.example.com/x', events: ['message.created'] }],
        ['DELETE', '/admin/v1/webhooks/some-id'],
        ['POST', '/admin/v1/webhooks/some-id/enable'],
        ['GET', '/admin/v1/webhooks/some-id/attempts'],
      ];
      for (const [method, path, body] of requests) {
        // A member token only: every refusal counts towards the address's lock-out (10 a minute).
        const answer = await admin(running, method, path, body, space, tokens.participant);
        expect(answer.status, `${method} ${path}`).to.equal(403);
        expect(JSON.stringify(answer.body)).not.to.include('Hello guild');
      }
      const listed = await admin(running, 'GET', '/admin/v1/webhooks', undefined, space);
      expect((listed.body as { items: unknown[] }).items, 'no webhook was registered').to.deep.equal([]);
    });

    it('is never offered to pages (no CORS on /admin)', async () => {
      let failed = false;
      try {
        await fetch(new URL('/admin/v1/reports', running.url), { headers: { authorization: 'Bearer x' } });
      } catch {
        failed = true;
      }
      expect(failed, 'the browser blocks a cross-origin admin call').to.equal(true);
    });
  });
});
