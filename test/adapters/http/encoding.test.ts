/**
 * HttpAdapter without a server: 409 and 500 become ConflictError and InternalError, and what the
 * adapter cannot put on the wire faithfully is refused with the rulebook's own refusal, while
 * everything else reaches the server as given (the server parses it with the same rulebook).
 */
import { expect } from '@open-wc/testing';
import { HttpAdapter } from '../../../src/adapters/http/index.js';
import { ConflictError, InternalError, UnavailableError, ValidationError } from '../../../src/core/errors.js';
import { rejection } from '../../helpers/rejection.js';

interface Seen {
  readonly url: URL;
  readonly body: string | undefined;
}

function recording(response: () => Response = () => Response.json({ items: [] })) {
  const seen: Seen[] = [];
  const adapter = new HttpAdapter({
    baseUrl: 'http://127.0.0.1:9/api/',
    token: 'token',
    fetch: async (input, init) => {
      seen.push({ url: new URL(String(input)), body: init?.body as string | undefined });
      return response();
    },
  });
  return { adapter, seen };
}

describe('HttpAdapter: conflict and internal errors', () => {
  it('maps 409 and 500 bodies and bare statuses to ConflictError and InternalError', async () => {
    const body = (status: number, code: string) => () =>
      Response.json({ code, message: 'From the server.' }, { status });
    const bare = (status: number) => () => new Response('<html>oops</html>', { status });
    const cases: [() => Response, abstract new (...args: never[]) => Error][] = [
      [body(409, 'conflict'), ConflictError],
      [body(500, 'internal'), InternalError],
      [bare(409), ConflictError],
      [bare(500), InternalError],
      [bare(503), UnavailableError],
    ];
    for (const [response, errorClass] of cases) {
      const { adapter } = recording(response);
      expect(await rejection(adapter.getViewer())).to.be.instanceOf(errorClass);
    }
  });
});

describe('HttpAdapter: putting requests on the wire', () => {
  it('refuses what a URL cannot carry with the rulebook’s refusal, before any request', async () => {
    const { adapter, seen } = recording();
    const refusals: [Promise<unknown>, string][] = [
      [adapter.getConversation(42 as never), 'bad-id'],
      [adapter.getConversation('' as never), 'bad-id'],
      [adapter.getConversation('..'), 'bad-id'],
      [adapter.listMessages('c\uD800'), 'bad-id'],
      [adapter.getParty({ kind: 'member', id: '.' }), 'bad-recipient'],
      [adapter.getParty({ kind: 'robot', id: 'r' } as never), 'bad-recipient'],
      [adapter.searchDirectory('a\uDC00'), 'malformed-text'],
      [adapter.searchDirectory(null as never), 'bad-request'],
      [adapter.searchDirectory('a', { limit: '20' } as never), 'bad-limit'],
      [adapter.listConversations({ after: 7 } as never), 'bad-cursor'],
      [adapter.listConversations(null as never), 'bad-request'],
      [adapter.sendMessage(null as never), 'bad-request'],
      [adapter.startConversation({ recipients: [], body: 'x', clientId: 10n } as never), 'bad-request'],
    ];
    for (const [promise, reason] of refusals) {
      const error = await rejection(promise);
      expect(error).to.be.instanceOf(ValidationError);
      expect((error as ValidationError).reason).to.equal(reason);
    }
    expect(seen).to.deep.equal([]);
  });

  it('sends what it can encode as given: the server judges it', async () => {
    const { adapter, seen } = recording();
    await adapter.getConversation(' padded\u0000id ').catch(() => undefined);
    await adapter.searchDirectory('x'.repeat(300), { limit: 2.5 }).catch(() => undefined);
    await adapter
      .report({ target: { kind: 'conversation', conversationId: 42 } as never, reason: '' })
      .catch(() => undefined);
    expect(seen[0]!.url.pathname).to.equal('/api/v1/conversations/%20padded%00id%20');
    expect(seen[1]!.url.searchParams.get('q')).to.have.length(300);
    expect(seen[1]!.url.searchParams.get('limit')).to.equal('2.5');
    expect(JSON.parse(seen[2]!.body!)).to.deep.equal({
      target: { kind: 'conversation', conversationId: 42 },
      reason: '',
    });
  });
});
