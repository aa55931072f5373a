/**
 * HttpAdapter's own parts, without a server: the SSE parser, and how answers that the reference
 * server never gives (a proxy's HTML error page, a bare 429) still become typed errors. The
 * network is replaced through the adapter's `fetch` option; the adapter itself is the real one.
 */
import { expect } from '@open-wc/testing';
import { SseParser, type StreamMessage } from '../../../src/adapters/http/event-stream.js';
import { HttpAdapter } from '../../../src/adapters/http/index.js';
import type { Capability } from '../../../src/adapter/capabilities.js';
import {
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  UnavailableError,
  ValidationError,
} from '../../../src/core/errors.js';

function parse(chunks: readonly string[]): StreamMessage[] {
  const messages: StreamMessage[] = [];
  const parser = new SseParser((message) => messages.push(message));
  for (const chunk of chunks) parser.push(chunk);
  return messages;
}

describe('SseParser', () => {
  it('reads ids, event names, multi-line data and ignores comments', () => {
    expect(
      parse([': keep-alive\n\nretry: 1000\n\nevent: ready\nid: 7\ndata: {}\n\nid: 8\ndata: a\ndata: b\n\n']),
    ).to.deep.equal([
      { id: '7', event: 'ready', data: '{}' },
      { id: '8', event: 'message', data: 'a\nb' },
    ]);
  });

  it('gives the same messages whatever the chunking and line ends', () => {
    const text = 'id: 1\r\ndata: {"x":"é😀"}\r\n\r\nid: 2\rdata: two\r\rid: 3\n\n';
    const whole = parse([text]);
    expect(whole).to.deep.equal([
      { id: '1', event: 'message', data: '{"x":"é😀"}' },
      { id: '2', event: 'message', data: 'two' },
      { id: '3', event: 'message', data: '' },
    ]);
    for (let cut = 1; cut < text.length; cut++) {
      expect(parse([text.slice(0, cut), text.slice(cut)]), `cut at ${cut}`).to.deep.equal(whole);
    }
    expect(parse(Array.from(text))).to.deep.equal(whole);
  });

  it('keeps an unfinished message until its blank line arrives', () => {
    const messages: StreamMessage[] = [];
    const parser = new SseParser((message) => messages.push(message));
    parser.push('id: 4\ndata: half');
    expect(messages).to.deep.equal([]);
    parser.push('\n\n');
    expect(messages).to.deep.equal([{ id: '4', event: 'message', data: 'half' }]);
  });
});

describe('HttpAdapter error mapping', () => {
  const adapterAnswering = (response: () => Response | Promise<Response>) =>
    new HttpAdapter({ baseUrl: 'http://127.0.0.1:9/api', token: 'token', fetch: async () => response() });

  async function refusal(adapter: HttpAdapter): Promise<unknown> {
    try {
      await adapter.getViewer();
    } catch (error) {
      return error;
    }
    throw new Error('expected a refusal');
  }

  it('maps the API’s error bodies to the contract’s typed errors', async () => {
    const json =
      (status: number, body: unknown, headers: Record<string, string> = {}) =>
      () =>
        new Response(JSON.stringify(body), {
          status,
          headers: { 'content-type': 'application/json', ...headers },
        });
    const validation = await refusal(
      adapterAnswering(
        json(400, {
          code: 'validation',
          reason: 'too-long',
          field: 'body',
          limit: 10,
          actual: 11,
          message: 'Too long.',
        }),
      ),
    );
    expect(validation).to.be.instanceOf(ValidationError);
    expect(validation).to.include({
      reason: 'too-long',
      field: 'body',
      limit: 10,
      actual: 11,
      message: 'Too long.',
    });
    expect(
      await refusal(adapterAnswering(json(404, { code: 'not-found', message: 'No such conversation.' }))),
    ).to.be.instanceOf(NotFoundError);
    const limited = await refusal(
      adapterAnswering(json(429, { code: 'rate-limited', message: 'Slow down.' }, { 'retry-after': '7' })),
    );
    expect(limited).to.be.instanceOf(RateLimitedError);
    expect((limited as RateLimitedError).retryAfterMs).to.equal(7000);
    const unauthenticated = await refusal(
      adapterAnswering(json(401, { code: 'forbidden', reason: 'not-allowed', message: 'Sign in again.' })),
    );
    expect(unauthenticated).to.be.instanceOf(ForbiddenError);
  });

  it('turns answers without a body it understands into typed errors by status', async () => {
    const html =
      (status: number, headers: Record<string, string> = {}) =>
      () =>
        new Response('<html>Bad gateway</html>', {
          status,
          headers: { 'content-type': 'text/html', ...headers },
        });
    expect(await refusal(adapterAnswering(html(502)))).to.be.instanceOf(UnavailableError);
    expect(await refusal(adapterAnswering(html(404)))).to.be.instanceOf(NotFoundError);
    const limited = await refusal(adapterAnswering(html(429, { 'retry-after': '3' })));
    expect(limited).to.be.instanceOf(RateLimitedError);
    expect((limited as RateLimitedError).retryAfterMs).to.equal(3000);
    expect(await refusal(adapterAnswering(html(400)))).to.be.instanceOf(ValidationError);
    expect(
      await refusal(adapterAnswering(() => Promise.reject(new TypeError('Failed to fetch')))),
    ).to.be.instanceOf(UnavailableError);
    expect(await refusal(adapterAnswering(() => new Response('not json', { status: 200 })))).to.be.instanceOf(
      UnavailableError,
    );
  });

  it('asks for a fresh token once after a 401, and never puts it in the URL', async () => {
    const seen: { url: string; authorization: string | null }[] = [];
    let issued = 0;
    const adapter = new HttpAdapter({
      baseUrl: 'http://127.0.0.1:9/api/',
      token: ({ refresh }) => `token-${++issued}-${refresh ? 'fresh' : 'first'}`,
      fetch: async (input, init) => {
        const authorization = new Headers(init?.headers).get('authorization');
        seen.push({ url: String(input), authorization });
        return authorization === 'Bearer token-2-fresh'
          ? new Response(JSON.stringify({ total: 0, conversations: 0 }), { status: 200 })
          : new Response(JSON.stringify({ code: 'forbidden', message: 'Expired.' }), { status: 401 });
      },
    });
    expect(await adapter.getUnreadSummary()).to.deep.equal({ total: 0, conversations: 0 });
    expect(seen.map((request) => request.authorization)).to.deep.equal([
      'Bearer token-1-first',
      'Bearer token-2-fresh',
    ]);
    expect(seen.every((request) => request.url === 'http://127.0.0.1:9/api/v1/unread')).to.equal(true);
  });

  it('rejects with the signal’s reason when aborted', async () => {
    const controller = new AbortController();
    const adapter = new HttpAdapter({
      baseUrl: 'http://127.0.0.1:9',
      token: 'token',
      fetch: (_input, init) =>
        new Promise((_, reject) =>
          init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
        ),
    });
    const pending = adapter.getSettings({ signal: controller.signal });
    const reason = new DOMException('stop', 'AbortError');
    // Abort once the request is on the wire, so the fetch itself is what gets cut.
    await new Promise((resolve) => setTimeout(resolve, 0));
    controller.abort(reason);
    let caught: unknown;
    try {
      await pending;
    } catch (error) {
      caught = error;
    }
    expect(caught).to.equal(reason);
  });
});

describe('HttpAdapter capabilities', () => {
  it('declares what it implements, narrowed to what the portal says its server serves', () => {
    const all = new HttpAdapter({ baseUrl: 'http://127.0.0.1:9/', token: 't' });
    expect([...all.capabilities]).to.deep.equal([
      'accept-setting',
      'member-blocks',
      'group-readers',
      'edit',
      'delete',
      'reactions',
      'receipts',
      'typing',
      'mute',
      'leave',
      'mark-unread',
      'search',
      'export',
    ]);
    const narrowed = new HttpAdapter({
      baseUrl: 'http://127.0.0.1:9/',
      token: 't',
      // A newer server may name a part this adapter does not implement.
      capabilities: ['reactions', 'search', 'video-calls' as Capability],
    });
    // Only what both the adapter implements and the server serves.
    expect([...narrowed.capabilities]).to.deep.equal(['reactions', 'search']);
    expect([
      ...new HttpAdapter({ baseUrl: 'http://127.0.0.1:9/', token: 't', capabilities: [] }).capabilities,
    ]).to.deep.equal([]);
  });
});
