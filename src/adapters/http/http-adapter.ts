/**
 * The adapter contract over the documented HTTP API (docs/openapi.yaml): REST for requests,
 * server-sent events read through `fetch` for live updates. Works against the reference server
 * in `server/` or a portal's own implementation of the same API.
 */
import { CAPABILITIES, type Capability } from '../../adapter/capabilities.js';
import type {
  ConversationsAdapter,
  EditMessageInput,
  ListConversationsOptions,
  MessageInput,
  ReactionInput,
  ListMessagesOptions,
  ReportInput,
  RequestOptions,
  SearchConversationsOptions,
  SearchOptions,
  SendMessageInput,
  StartConversationInput,
  StartConversationResult,
  UnreadSummaryOptions,
} from '../../adapter/adapter.js';
import type { AdapterEvent, AdapterEventListener, Unsubscribe } from '../../adapter/events.js';
import {
  codeOfHttpStatus,
  ConflictError,
  ERROR_CODES,
  ForbiddenError,
  InternalError,
  NotFoundError,
  RateLimitedError,
  UnavailableError,
  ValidationError,
  errorFromPayload,
  type ConvError,
  type ErrorPayload,
} from '../../core/errors.js';
import { parseBlockRequest } from '../../core/acceptance.js';
import type { Policy } from '../../core/policy.js';
import type {
  Conversation,
  ConversationId,
  Member,
  MemberId,
  Message,
  MessageId,
  MessagePage,
  NotificationSettings,
  Page,
  Party,
  PartyRef,
  UnreadSummary,
  Viewer,
  SeenBy,
} from '../../core/types.js';
import {
  badPartyRef,
  parseConversationId,
  parseListConversationsRequest,
  parseListMessagesRequest,
  parseMuteRequest,
  parseMessageId,
  parsePartyRef,
  parseSearchRequest,
  parseSendRequest,
} from '../../core/requests.js';
import { parseGroupFilter, parseUnreadSummaryRequest } from '../../core/group-readers.js';
import { isRecord, isWellFormedText } from '../../core/text.js';
import { parseConversationSearchRequest, type ConversationSearchResults } from '../../core/search.js';
import { cursorParam, jsonBody, limitParam, optionsOf, pathSegment, queryText } from './encode.js';
import { SseParser, type StreamMessage } from './event-stream.js';

/** The member's access token, or a function that gets a fresh one (asked again after a 401). */
export type TokenSource = string | ((options: { readonly refresh: boolean }) => string | Promise<string>);

export interface HttpAdapterOptions {
  /** Where the API lives: its paths (`/v1/...`) are resolved against this URL. */
  readonly baseUrl: string | URL;
  readonly token: TokenSource;
  /** First delay before reconnecting the event stream; it doubles up to `maxReconnectDelayMs`. */
  readonly reconnectDelayMs?: number;
  readonly maxReconnectDelayMs?: number;
  /** A `fetch` to use instead of the global one. */
  readonly fetch?: typeof fetch;
  /**
   * The optional parts of the contract the server serves, for a portal whose own server serves
   * fewer than the reference server (every capability this adapter implements, by default).
   * Only those this adapter implements are kept.
   */
  readonly capabilities?: readonly Capability[];
}

/** The capabilities `HttpAdapter` implements (and the reference server serves): every one. */
export const HTTP_CAPABILITIES: readonly Capability[] = CAPABILITIES;

type Query = Record<string, string | number | undefined>;

function isErrorPayload(value: unknown): value is ErrorPayload {
  if (!isRecord(value)) return false;
  const { code, message } = value;
  return (ERROR_CODES as readonly unknown[]).includes(code) && typeof message === 'string';
}

function retryAfterMs(response: Response): number | undefined {
  const header = response.headers.get('retry-after');
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** `/v1/conversations/<id>`, for an id of any text; anything else is refused as the rulebook does. */
function conversationPath(id: unknown): string {
  return `/v1/conversations/${pathSegment(id, parseConversationId)}`;
}

/** `/v1/blocks/<id>`; an id no path can carry is refused as the rulebook does (`bad-id`). */
function blockPath(id: unknown): string {
  return `/v1/blocks/${pathSegment(id, (value) => parseBlockRequest(value, ''))}`;
}

/**
 * The rulebook's parsers of S25 and S26, loaded only to refuse a request that cannot even be put
 * in a URL (a well-formed one is the server's to judge), so a page that never edits carries none.
 */
async function refuse(request: 'edit' | 'ref' | 'reaction', input: unknown, policy?: Policy): Promise<never> {
  const rules = await import('../../core/message-changes.js');
  if (request === 'edit') rules.parseEditRequest(input, policy);
  else if (request === 'ref') rules.parseMessageRef(input);
  else rules.parseReactionRequest(input, policy);
  // Every shape the adapter cannot send is one the rulebook refuses; this is not reached.
  throw rules.badReaction();
}

/** Present keys other than the request's own. */
function extraKeys(input: Record<string, unknown>, keys: readonly string[]): boolean {
  return Object.keys(input).some((key) => input[key] !== undefined && !keys.includes(key));
}

const MESSAGE_REF = ['conversationId', 'messageId'];

/** Text a URL path segment can carry as it is (as `pathSegment` of ./encode.ts decides). */
function fitsPath(value: unknown): value is string {
  return (
    typeof value === 'string' && value !== '' && value !== '.' && value !== '..' && isWellFormedText(value)
  );
}

export class HttpAdapter implements ConversationsAdapter {
  /** The API's address: clients key their caches by it (see `ConversationsAdapter.scope`). */
  readonly scope: string;
  readonly capabilities: readonly Capability[];
  private readonly baseUrl: URL;
  private readonly tokenSource: TokenSource;
  private readonly fetchImpl: typeof fetch;
  private readonly minDelay: number;
  private readonly maxDelay: number;
  private token: string | undefined;
  private policy: Promise<Policy> | undefined;
  private readonly listeners = new Set<AdapterEventListener>();
  private stream: AbortController | undefined;
  /** The newest event id received: sent as `Last-Event-ID` so a reconnect resumes after it. */
  private lastEventId: number | undefined;
  private liveWaiters: (() => void)[] = [];
  private live = false;
  private closed = false;

  constructor(options: HttpAdapterOptions) {
    const base = new URL(String(options.baseUrl), globalThis.location?.href);
    if (base.protocol !== 'http:' && base.protocol !== 'https:') {
      throw new TypeError(`HttpAdapter needs an http(s) baseUrl, got ${String(options.baseUrl)}.`);
    }
    if (!base.pathname.endsWith('/')) base.pathname += '/';
    this.baseUrl = base;
    this.scope = `http:${base.href}`;
    this.capabilities = Object.freeze(
      options.capabilities
        ? HTTP_CAPABILITIES.filter((capability) => options.capabilities!.includes(capability))
        : HTTP_CAPABILITIES,
    );
    this.tokenSource = options.token;
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.minDelay = options.reconnectDelayMs ?? 500;
    this.maxDelay = Math.max(this.minDelay, options.maxReconnectDelayMs ?? 15_000);
  }

  // ---------------------------------------------------------------- requests

  private url(path: string, query: Query = {}): URL {
    const url = new URL(path.replace(/^\//, ''), this.baseUrl);
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url;
  }

  private async currentToken(refresh: boolean): Promise<string> {
    if (typeof this.tokenSource === 'string') return this.tokenSource;
    if (refresh || this.token === undefined) {
      try {
        this.token = await this.tokenSource({ refresh });
      } catch {
        throw new UnavailableError('Could not get a session token to reach the conversation service.');
      }
    }
    return this.token;
  }

  private async errorFrom(response: Response): Promise<ConvError> {
    let payload: unknown;
    try {
      payload = await response.json();
    } catch {
      payload = undefined;
    }
    const retryAfter = retryAfterMs(response);
    if (isErrorPayload(payload)) {
      return errorFromPayload({
        ...payload,
        ...(retryAfter !== undefined && payload.retryAfterMs === undefined
          ? { retryAfterMs: retryAfter }
          : {}),
      });
    }
    switch (codeOfHttpStatus(response.status)) {
      case 'not-found':
        return new NotFoundError();
      case 'forbidden':
        return new ForbiddenError('not-allowed', 'The conversation service refused this request.');
      case 'conflict':
        return new ConflictError();
      case 'rate-limited':
        return new RateLimitedError(retryAfter ?? 1000);
      case 'internal':
        return new InternalError();
      case 'validation':
        return new ValidationError('bad-request', 'The conversation service refused this request.', {
          field: 'request',
        });
      default:
        return new UnavailableError(undefined, retryAfter);
    }
  }

  private async request<T>(
    method: string,
    path: string,
    init: {
      readonly query?: Query;
      readonly body?: unknown;
      readonly signal?: AbortSignal;
      /** Read the answer as a Blob (a download) rather than parsing it. */
      readonly as?: 'blob';
    } = {},
  ): Promise<T> {
    const { signal } = init;
    signal?.throwIfAborted();
    // Made before the loop: a body that cannot be JSON is a bad request, not a network failure.
    const body = 'body' in init ? jsonBody(init.body) : undefined;
    for (let attempt = 0; ; attempt++) {
      const token = await this.currentToken(attempt > 0);
      signal?.throwIfAborted();
      const headers: Record<string, string> = {
        authorization: `Bearer ${token}`,
        accept: 'application/json',
      };
      if ('body' in init) headers['content-type'] = 'application/json';
      let response: Response;
      try {
        response = await this.fetchImpl(this.url(path, init.query), {
          method,
          headers,
          body,
          signal,
          cache: 'no-store',
          credentials: 'omit',
        });
      } catch {
        signal?.throwIfAborted();
        throw new UnavailableError();
      }
      // An expired token: ask once for a fresh one, then give up.
      if (response.status === 401 && attempt === 0 && typeof this.tokenSource === 'function') continue;
      if (!response.ok) throw await this.errorFrom(response);
      if (response.status === 204) return undefined as T;
      try {
        if (init.as === 'blob') return (await response.blob()) as T;
        return (await response.json()) as T;
      } catch {
        signal?.throwIfAborted();
        throw new UnavailableError('The conversation service sent an answer that could not be read.');
      }
    }
  }

  // ---------------------------------------------------------------- the contract

  getViewer(options: RequestOptions = {}): Promise<Viewer> {
    return this.request('GET', '/v1/viewer', options);
  }

  getPolicy(options: RequestOptions = {}): Promise<Policy> {
    // The policy is fixed for a server's life: one request serves every caller.
    if (!this.policy) {
      this.policy = this.request<Policy>('GET', '/v1/policy');
      this.policy.catch(() => (this.policy = undefined));
    }
    const policy = this.policy;
    const { signal } = options;
    if (!signal) return policy;
    signal.throwIfAborted();
    return Promise.race([
      policy,
      new Promise<never>((_, reject) =>
        signal.addEventListener('abort', () => reject(signal.reason), { once: true }),
      ),
    ]);
  }

  async searchDirectory(query: string, options?: SearchOptions): Promise<readonly Party[]> {
    const q = queryText(query, (value) => parseSearchRequest(value).query);
    const { limit, kind, signal } = optionsOf(options, (value) => parseSearchRequest(q, value));
    const { items } = await this.request<{ items: Party[] }>('GET', '/v1/directory', {
      query: { q, limit: limitParam(limit), kind: kind === undefined ? undefined : String(kind) },
      signal,
    });
    return items;
  }

  async getParty(ref: PartyRef, options: RequestOptions = {}): Promise<Party> {
    // The kind picks the path, so it is checked here; the id is the server's to judge.
    if (!isRecord(ref) || (ref.kind !== 'member' && ref.kind !== 'group')) throw badPartyRef();
    const kind = ref.kind === 'member' ? 'members' : 'groups';
    const id = pathSegment(ref.id, () => parsePartyRef(ref).id);
    return this.request('GET', `/v1/directory/${kind}/${id}`, options);
  }

  async listConversations(options?: ListConversationsOptions): Promise<Page<Conversation>> {
    const { after, limit, group, signal } = optionsOf(options, parseListConversationsRequest);
    return this.request('GET', '/v1/conversations', {
      query: { after: cursorParam(after), limit: limitParam(limit), group: parseGroupFilter(group) },
      signal,
    });
  }

  async getConversation(id: ConversationId, options: RequestOptions = {}): Promise<Conversation> {
    return this.request('GET', conversationPath(id), options);
  }

  async listMessages(id: ConversationId, options?: ListMessagesOptions): Promise<MessagePage> {
    const path = `${conversationPath(id)}/messages`;
    const { before, after, around, limit, signal } = optionsOf(options, (value) =>
      parseListMessagesRequest(id, value),
    );
    return this.request('GET', path, {
      query: {
        before: cursorParam(before),
        after: cursorParam(after),
        around: around === undefined ? undefined : queryText(around, parseMessageId),
        limit: limitParam(limit),
      },
      signal,
    });
  }

  async searchConversations(
    query: string,
    options?: SearchConversationsOptions,
  ): Promise<ConversationSearchResults> {
    const q = queryText(query, (value) => parseConversationSearchRequest(value).query);
    const { limit, signal } = optionsOf(options, (value) => parseConversationSearchRequest(q, value));
    return this.request('GET', '/v1/search', { query: { q, limit: limitParam(limit) }, signal });
  }

  startConversation(
    input: StartConversationInput,
    options: RequestOptions = {},
  ): Promise<StartConversationResult> {
    return this.request('POST', '/v1/conversations', { body: input, signal: options.signal });
  }

  async sendMessage(input: SendMessageInput, options: RequestOptions = {}): Promise<Message> {
    // The conversation id goes in the path: the rest of the request is the body, as given.
    if (!isRecord(input)) parseSendRequest(input); // throws the rulebook's refusal of a non-object
    const { conversationId, ...body } = input;
    return this.request('POST', `${conversationPath(conversationId)}/messages`, {
      body,
      signal: options.signal,
    });
  }

  async markRead(id: ConversationId, upTo: MessageId, options: RequestOptions = {}): Promise<void> {
    return this.request('PUT', `${conversationPath(id)}/read`, { body: { upTo }, signal: options.signal });
  }

  async getSeenBy(id: ConversationId, options: RequestOptions = {}): Promise<SeenBy> {
    return this.request('GET', `${conversationPath(id)}/seen`, options);
  }

  async sendTyping(id: ConversationId, options: RequestOptions = {}): Promise<void> {
    return this.request('POST', `${conversationPath(id)}/typing`, options);
  }

  async setMuted(id: ConversationId, muted: boolean, options: RequestOptions = {}): Promise<Conversation> {
    const request = parseMuteRequest(id, muted);
    return this.request('PUT', `${conversationPath(request.conversationId)}/mute`, {
      body: { muted: request.muted },
      signal: options.signal,
    });
  }

  async markUnread(id: ConversationId, options: RequestOptions = {}): Promise<Conversation> {
    return this.request('PUT', `${conversationPath(id)}/unread`, options);
  }

  async leaveConversation(id: ConversationId, options: RequestOptions = {}): Promise<void> {
    return this.request('POST', `${conversationPath(id)}/leave`, options);
  }

  async editMessage(input: EditMessageInput, options: RequestOptions = {}): Promise<Message> {
    // The ids go in the path, checked as the rulebook checks them; the body is the server's to judge.
    if (!isRecord(input)) return refuse('edit', input);
    const { conversationId, messageId, ...body } = input;
    const path = await this.messagePath(conversationId, messageId, () => refuse('edit', input));
    return this.request('PATCH', path, { body, signal: options.signal });
  }

  async deleteMessage(input: MessageInput, options: RequestOptions = {}): Promise<Message> {
    if (!isRecord(input) || extraKeys(input, MESSAGE_REF)) return refuse('ref', input);
    const path = await this.messagePath(input.conversationId, input.messageId, () => refuse('ref', input));
    return this.request('DELETE', path, options);
  }

  async react(input: ReactionInput, options: RequestOptions = {}): Promise<Message> {
    // The emoji and on/off pick the path and the method: checked here, the set is the server's.
    const { emoji, on } = isRecord(input) ? input : ({} as Partial<ReactionInput>);
    if (!isRecord(input) || typeof on !== 'boolean' || extraKeys(input, [...MESSAGE_REF, 'emoji', 'on'])) {
      return refuse('reaction', input);
    }
    const base = await this.messagePath(input.conversationId, input.messageId, () =>
      refuse('reaction', input),
    );
    if (!fitsPath(emoji)) return refuse('reaction', input);
    return this.request(on ? 'PUT' : 'DELETE', `${base}/reactions/${encodeURIComponent(emoji)}`, options);
  }

  /** `/v1/conversations/<id>/messages/<id>`, or the rulebook's refusal of an id a path cannot hold. */
  private async messagePath(
    conversationId: unknown,
    messageId: unknown,
    refused: () => Promise<never>,
  ): Promise<string> {
    if (!fitsPath(conversationId) || !fitsPath(messageId)) return refused();
    return `/v1/conversations/${encodeURIComponent(conversationId)}/messages/${encodeURIComponent(messageId)}`;
  }

  async getUnreadSummary(options: UnreadSummaryOptions = {}): Promise<UnreadSummary> {
    const byGroup = parseUnreadSummaryRequest(options);
    return this.request('GET', '/v1/unread', {
      ...(options?.signal ? { signal: options.signal } : {}),
      ...(byGroup ? { query: { byGroup: 'true' } } : {}),
    });
  }

  getSettings(options: RequestOptions = {}): Promise<NotificationSettings> {
    return this.request('GET', '/v1/settings', options);
  }

  updateSettings(
    patch: Partial<NotificationSettings>,
    options: RequestOptions = {},
  ): Promise<NotificationSettings> {
    return this.request('PATCH', '/v1/settings', { body: patch, signal: options.signal });
  }

  report(input: ReportInput, options: RequestOptions = {}): Promise<{ readonly id: string }> {
    return this.request('POST', '/v1/reports', { body: input, signal: options.signal });
  }

  /** S15: `PUT /v1/blocks/{memberId}`. */
  async blockMember(memberId: MemberId, options: RequestOptions = {}): Promise<void> {
    await this.request('PUT', blockPath(memberId), options);
  }

  /** S15: `DELETE /v1/blocks/{memberId}`. */
  async unblockMember(memberId: MemberId, options: RequestOptions = {}): Promise<void> {
    await this.request('DELETE', blockPath(memberId), options);
  }

  /** S15: `GET /v1/blocks`. */
  async listBlockedMembers(options: RequestOptions = {}): Promise<readonly Member[]> {
    const { items } = await this.request<{ items: Member[] }>('GET', '/v1/blocks', options);
    return items;
  }

  /** S21: `GET /v1/export`, read to its end (a cut stream is a failed download, not a file). */
  exportData(options: RequestOptions = {}): Promise<Blob> {
    return this.request('GET', '/v1/export', { signal: options.signal, as: 'blob' });
  }

  // ---------------------------------------------------------------- live events

  /**
   * Delivers the viewer's live events to `listener` until the returned function is called. The
   * event stream opens on the first subscription (or `whenLive`) and stays open until `close()`,
   * so the adapter's position in it is never lost between subscriptions.
   */
  subscribe(listener: AdapterEventListener): Unsubscribe {
    if (this.closed) return () => undefined;
    this.listeners.add(listener);
    this.startStream();
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      this.listeners.delete(listener);
    };
  }

  /**
   * Opens the event stream if it is not open, and resolves once it is connected: every change
   * committed after that reaches subscribers, whatever drops and reconnects happen later.
   * A portal that must not miss the first events after load awaits this before subscribing.
   */
  whenLive(signal?: AbortSignal): Promise<void> {
    if (this.closed) return Promise.reject(new UnavailableError('The adapter is closed.'));
    this.startStream();
    if (this.live) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.liveWaiters.push(resolve);
      signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
  }

  private startStream(): void {
    if (this.stream) return;
    const controller = new AbortController();
    this.stream = controller;
    void this.runStream(controller.signal);
  }

  private stopStream(): void {
    this.stream?.abort();
    this.stream = undefined;
    this.live = false;
  }

  private async runStream(signal: AbortSignal): Promise<void> {
    let delay = this.minDelay;
    let refresh = false;
    while (!signal.aborted) {
      try {
        const token = await this.currentToken(refresh);
        refresh = false;
        const headers: Record<string, string> = {
          authorization: `Bearer ${token}`,
          accept: 'text/event-stream',
        };
        if (this.lastEventId !== undefined) headers['last-event-id'] = String(this.lastEventId);
        const response = await this.fetchImpl(this.url('/v1/events'), {
          headers,
          signal,
          cache: 'no-store',
          credentials: 'omit',
        });
        if (response.status === 401) refresh = typeof this.tokenSource === 'function';
        if (response.ok && response.body) {
          const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
          const parser = new SseParser((message) => {
            if (signal.aborted) return;
            if (this.onStreamMessage(message)) delay = this.minDelay;
          });
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            parser.push(value);
          }
        } else {
          await response.body?.cancel().catch(() => undefined);
        }
      } catch {
        // A dropped connection or a refused request: reconnect below.
      }
      this.live = false;
      if (signal.aborted) return;
      // Jitter keeps many clients from reconnecting in step after a server restart.
      await wait(delay * (0.75 + Math.random() / 2), signal);
      delay = Math.min(delay * 2, this.maxDelay);
    }
  }

  /** Handles one message of the stream; true when the stream is proved healthy. */
  private onStreamMessage(message: StreamMessage): boolean {
    const id = message.id !== undefined && /^\d+$/.test(message.id) ? Number(message.id) : undefined;
    if (message.event === 'ready' || message.event === 'reset') {
      const reset =
        message.event === 'reset' ||
        (id !== undefined && this.lastEventId !== undefined && id < this.lastEventId);
      this.lastEventId = id;
      this.live = true;
      for (const resolve of this.liveWaiters.splice(0)) resolve();
      // The server could not resume from our position: everything may have changed.
      if (reset)
        void this.getViewer().then(
          (viewer) => this.dispatch({ type: 'viewer-changed', viewer }),
          () => undefined,
        );
      return true;
    }
    if (id !== undefined) {
      // Replayed after a reconnect and already delivered: skip, so each event arrives once.
      if (this.lastEventId !== undefined && id <= this.lastEventId) return true;
      this.lastEventId = id;
    }
    if (message.data === '' || message.event !== 'message') return true;
    let event: AdapterEvent;
    try {
      event = JSON.parse(message.data) as AdapterEvent;
    } catch {
      return true;
    }
    if (typeof event !== 'object' || event === null || typeof event.type !== 'string') return true;
    this.dispatch(event);
    return true;
  }

  private dispatch(event: AdapterEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        // One broken listener must not starve the others.
        console.error(error);
      }
    }
  }

  close(): void {
    this.closed = true;
    this.listeners.clear();
    this.stopStream();
  }
}
