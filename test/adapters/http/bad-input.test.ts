/**
 * Bad input over HTTP, on PGlite and PostgreSQL: every field that takes text, given a NUL, ids
 * and cursors out of range, bodies that are not UTF-8 or not exactly JSON, counts written in
 * other notations, and a message of only invisible characters. Each gets a typed 400, with the
 * reason the rulebook (src/core) gives for that input on every backend, never a 500 or 503, and
 * nothing is stored.
 */
import { expect } from '@open-wc/testing';
import {
  ConvError,
  encodeCursor,
  parseCountParam,
  parseConversationId,
  parseConversationSearchRequest,
  parseDirectory,
  parseListConversationsRequest,
  parseMarkReadRequest,
  parsePartyRef,
  parseReportRequest,
  parseSearchRequest,
  parseSendRequest,
  parseStartRequest,
  type ErrorPayload,
} from '../../../src/core/index.js';
import { createClientId } from '../../../src/core/ids.js';
import {
  admin,
  createSpace,
  hasPostgres,
  lazyServer,
  loadDirectory,
  memberAdapter,
  mintToken,
  type Backend,
  type TestServer,
} from './support.js';

const backends: Backend[] = (await hasPostgres()) ? ['pglite', 'postgres'] : ['pglite'];
const NUL = '\u0000';

/** What the rulebook refuses this input with: the reason every backend must give. */
function rulebookReason(parse: () => unknown): string {
  try {
    parse();
  } catch (error) {
    if (error instanceof ConvError) return (error.toJSON() as ErrorPayload).reason ?? error.code;
    throw error;
  }
  throw new Error('The rulebook accepts this input: the case is not a bad input.');
}

interface Case {
  readonly name: string;
  readonly method: string;
  readonly path: (c: string, m: string) => string;
  readonly body?: (c: string, m: string) => unknown;
  /** A body sent as these bytes, with this content type. */
  readonly raw?: { bytes: Uint8Array; type: string };
  readonly reason: (c: string, m: string) => string;
}

const enc = encodeURIComponent;

const CASES: readonly Case[] = [
  // Search (S30): a raw query string reaches the rulebook as the adapter's call does.
  ...['', '   ', '?!', `an${NUL}a`, 'a'.repeat(201)].map((q): Case => ({
    name: `a conversation search for ${JSON.stringify(q.slice(0, 12))}${q.length > 12 ? '…' : ''}`,
    method: 'GET',
    path: () => `/v1/search?q=${enc(q)}`,
    reason: () => rulebookReason(() => parseConversationSearchRequest(q)),
  })),
  {
    name: 'a conversation search without q',
    method: 'GET',
    path: () => '/v1/search',
    reason: () => rulebookReason(() => parseConversationSearchRequest(undefined)),
  },
  {
    name: 'a conversation search with q twice',
    method: 'GET',
    path: () => '/v1/search?q=a&q=b',
    reason: () => rulebookReason(() => parseConversationSearchRequest(['a', 'b'])),
  },
  {
    name: 'messages around a message id holding a NUL',
    method: 'GET',
    path: (c) => `/v1/conversations/${c}/messages?around=${enc(`m${NUL}`)}`,
    reason: () => 'bad-id',
  },
  {
    name: 'messages both before a cursor and around a message',
    method: 'GET',
    path: (c, m) => `/v1/conversations/${c}/messages?around=${m}&before=${encodeCursor([5])}`,
    reason: () => 'bad-request',
  },
  {
    name: 'a NUL in a message body',
    method: 'POST',
    path: (c) => `/v1/conversations/${c}/messages`,
    body: () => ({ body: `Hello${NUL}there`, clientId: 'bad-input-nul-1' }),
    reason: (c) =>
      rulebookReason(() =>
        parseSendRequest({ conversationId: c, body: `Hello${NUL}there`, clientId: 'bad-input-nul-1' }),
      ),
  },
  {
    name: 'a message of only invisible characters (zero-width space, joiner, direction mark)',
    method: 'POST',
    path: (c) => `/v1/conversations/${c}/messages`,
    body: () => ({ body: '\u200b\u200d\u200e\u2060', clientId: 'bad-input-invisible' }),
    reason: (c) =>
      rulebookReason(() =>
        parseSendRequest({
          conversationId: c,
          body: '\u200b\u200d\u200e\u2060',
          clientId: 'bad-input-invisible',
        }),
      ),
  },
  {
    name: 'a NUL in a client id',
    method: 'POST',
    path: (c) => `/v1/conversations/${c}/messages`,
    body: () => ({ body: 'Hello', clientId: `bad-input${NUL}` }),
    reason: (c) =>
      rulebookReason(() =>
        parseSendRequest({ conversationId: c, body: 'Hello', clientId: `bad-input${NUL}` }),
      ),
  },
  {
    name: 'a NUL in "send as"',
    method: 'POST',
    path: (c) => `/v1/conversations/${c}/messages`,
    body: () => ({ body: 'Hello', clientId: 'bad-input-asgroup', asGroup: `g${NUL}` }),
    reason: (c) =>
      rulebookReason(() =>
        parseSendRequest({
          conversationId: c,
          body: 'Hello',
          clientId: 'bad-input-asgroup',
          asGroup: `g${NUL}`,
        }),
      ),
  },
  {
    name: 'a NUL in a conversation id (path)',
    method: 'POST',
    path: (c) => `/v1/conversations/${enc(c + NUL)}/messages`,
    body: () => ({ body: 'Hello', clientId: 'bad-input-path-1' }),
    reason: (c) => rulebookReason(() => parseConversationId(c + NUL)),
  },
  {
    name: 'a NUL in a conversation id (read)',
    method: 'GET',
    path: (c) => `/v1/conversations/${enc(NUL + c)}`,
    reason: (c) => rulebookReason(() => parseConversationId(NUL + c)),
  },
  {
    name: 'a NUL in a recipient id',
    method: 'POST',
    path: () => '/v1/conversations',
    body: () => ({
      recipients: [{ kind: 'member', id: `bo${NUL}` }],
      body: 'Hi',
      clientId: 'bad-input-recipient',
    }),
    reason: () =>
      rulebookReason(() =>
        parseStartRequest(
          { recipients: [{ kind: 'member', id: `bo${NUL}` }], body: 'Hi', clientId: 'bad-input-recipient' },
          'ana',
        ),
      ),
  },
  {
    name: 'a NUL in a new conversation’s first message',
    method: 'POST',
    path: () => '/v1/conversations',
    body: () => ({
      recipients: [{ kind: 'member', id: 'cy' }],
      body: `Hi${NUL}`,
      clientId: 'bad-input-start-nul',
    }),
    reason: () =>
      rulebookReason(() =>
        parseStartRequest(
          { recipients: [{ kind: 'member', id: 'cy' }], body: `Hi${NUL}`, clientId: 'bad-input-start-nul' },
          'ana',
        ),
      ),
  },
  {
    name: 'a NUL in a search',
    method: 'GET',
    path: () => `/v1/directory?q=${enc(`a${NUL}`)}`,
    reason: () => rulebookReason(() => parseSearchRequest(`a${NUL}`)),
  },
  {
    name: 'a NUL in a party look-up',
    method: 'GET',
    path: () => `/v1/directory/members/${enc(`bo${NUL}`)}`,
    reason: () => rulebookReason(() => parsePartyRef({ kind: 'member', id: `bo${NUL}` })),
  },
  {
    name: 'a NUL in upTo',
    method: 'PUT',
    path: (c) => `/v1/conversations/${c}/read`,
    body: (_, m) => ({ upTo: m + NUL }),
    reason: (c, m) => rulebookReason(() => parseMarkReadRequest(c, m + NUL)),
  },
  {
    name: 'a NUL in a report reason',
    method: 'POST',
    path: () => '/v1/reports',
    body: (c) => ({ target: { kind: 'conversation', conversationId: c }, reason: `Spam${NUL}` }),
    reason: (c) =>
      rulebookReason(() =>
        parseReportRequest({ target: { kind: 'conversation', conversationId: c }, reason: `Spam${NUL}` }),
      ),
  },
  {
    name: 'a report whose conversation id is not text',
    method: 'POST',
    path: () => '/v1/reports',
    body: () => ({ target: { kind: 'conversation', conversationId: 42 }, reason: 'Spam' }),
    reason: () =>
      rulebookReason(() =>
        parseReportRequest({ target: { kind: 'conversation', conversationId: 42 }, reason: 'Spam' }),
      ),
  },
  ...['[1.5]', '[1e20]', '[2147483648]', '[-1]'].flatMap((position): Case[] => {
    const cursor = encodeCursor(JSON.parse(position) as number[]);
    return [
      {
        name: `a conversation cursor ${position}`,
        method: 'GET',
        path: () => `/v1/conversations?after=${cursor}`,
        reason: () => 'bad-cursor',
      },
      {
        name: `a message cursor ${position}`,
        method: 'GET',
        path: (c) => `/v1/conversations/${c}/messages?before=${cursor}`,
        reason: () => 'bad-cursor',
      },
    ];
  }),
  ...['0x10', '1e2', '+5', ' 5', '5.0', ''].flatMap((limit): Case[] => [
    {
      name: `a page size written "${limit}"`,
      method: 'GET',
      path: () => `/v1/conversations?limit=${enc(limit)}`,
      reason: () => rulebookReason(() => parseListConversationsRequest({ limit: parseCountParam(limit) })),
    },
    {
      name: `a search size written "${limit}"`,
      method: 'GET',
      path: () => `/v1/directory?q=a&limit=${enc(limit)}`,
      reason: () => rulebookReason(() => parseCountParam(limit)),
    },
  ]),
  {
    name: 'a body that is not valid UTF-8',
    method: 'POST',
    path: (c) => `/v1/conversations/${c}/messages`,
    raw: {
      bytes: new Uint8Array([
        ...new TextEncoder().encode('{"body":"Hi '),
        0xff,
        0xfe,
        ...new TextEncoder().encode('","clientId":"bad-input-utf8"}'),
      ]),
      type: 'application/json',
    },
    reason: () => 'malformed-text',
  },
  {
    name: 'a content type that only starts with application/json',
    method: 'POST',
    path: (c) => `/v1/conversations/${c}/messages`,
    raw: {
      bytes: new TextEncoder().encode('{"body":"Hi","clientId":"bad-input-json-seq"}'),
      type: 'application/json-seq',
    },
    reason: () => 'bad-request',
  },
];

for (const backend of backends) {
  describe(`bad input on ${backend}`, function () {
    this.timeout(120_000);
    const server = lazyServer(backend);
    after(() => server.stop());
    let running: TestServer;
    let space: string;
    let token: string;
    let conversationId: string;
    let messageId: string;

    before(async () => {
      running = await server.get();
      space = await createSpace(running);
      await loadDirectory(running, space, {
        members: [
          { id: 'ana', name: 'Ana' },
          { id: 'bo', name: 'Bo' },
          { id: 'cy', name: 'Cy' },
        ],
        groups: [],
      });
      const ana = memberAdapter(running, space, 'ana', running.urls[0]);
      const started = await ana.startConversation({
        recipients: [{ kind: 'member', id: 'bo' }],
        body: 'The only message',
        clientId: createClientId(),
      });
      conversationId = started.conversation.id;
      messageId = started.message.id;
      ana.close();
      token = await mintToken(running, 'ana', space);
    });

    /** What is stored, as a member and the portal see it: it must not change. */
    async function snapshot() {
      const bo = memberAdapter(running, space, 'bo', running.urls[1]);
      const [conversations, messages, unread, reports] = await Promise.all([
        bo.listConversations(),
        bo.listMessages(conversationId),
        bo.getUnreadSummary(),
        admin(running, 'GET', '/admin/v1/reports', undefined, space),
      ]);
      bo.close();
      return JSON.stringify({ conversations, messages, unread, reports: reports.body });
    }

    for (const bad of CASES) {
      it(`${bad.name}: 400 with the rulebook's reason, nothing stored`, async () => {
        const before = await snapshot();
        const body = bad.raw
          ? bad.raw.bytes
          : bad.body
            ? JSON.stringify(bad.body(conversationId, messageId))
            : undefined;
        const response = await fetch(new URL(bad.path(conversationId, messageId), running.url), {
          method: bad.method,
          headers: {
            authorization: `Bearer ${token}`,
            ...(body === undefined ? {} : { 'content-type': bad.raw?.type ?? 'application/json' }),
          },
          body: body as BodyInit | undefined,
        });
        const answer = (await response.json()) as ErrorPayload;
        expect(response.status, JSON.stringify(answer)).to.equal(400);
        expect(answer.code).to.equal('validation');
        expect(answer.reason).to.equal(bad.reason(conversationId, messageId));
        expect(answer.message).to.be.a('string').and.not.equal('');
        expect(await snapshot(), 'nothing changed').to.equal(before);
      });
    }

    it('a directory with a NUL in a name or an id: 400 with the rulebook’s reason, nothing stored', async () => {
      for (const directory of [
        { members: [{ id: 'eve', name: `Eve${NUL}` }], groups: [] },
        { members: [{ id: `eve${NUL}`, name: 'Eve' }], groups: [] },
        { members: [], groups: [{ id: 'club', name: 'Club', members: [`ana${NUL}`], managers: [] }] },
      ]) {
        const answer = await admin(running, 'PUT', '/admin/v1/directory', directory, space);
        expect(answer.status, JSON.stringify(answer.body)).to.equal(400);
        expect((answer.body as ErrorPayload).reason).to.equal(
          rulebookReason(() => parseDirectory(directory)),
        );
      }
      const ana = memberAdapter(running, space, 'ana', running.urls[2]);
      expect(await ana.searchDirectory('eve')).to.deep.equal([]);
      expect(await ana.searchDirectory('club')).to.deep.equal([]);
      ana.close();
    });
  });
}
