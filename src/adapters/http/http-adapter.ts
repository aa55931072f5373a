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
  parseListConversationsRequest,
  parseListMessagesRequest,
  parseMessageId,
  parsePartyRef,
} from '../../core/requests.js';
import { parseGroupFilter, parseUnreadSummaryRequest } from '../../core/group-readers.js';
import { isRecord } from '../../core/text.js';
import type { Policy } from '../../core/policy.js';
import type { ConversationSearchResults } from '../../core/search.js';
import {
  conversationPath,
  cursorParam,
  jsonBody,
  limitParam,
  optionsOf,
  pathSegment,
  queryText,
  type Send,
  type SendInit,
} from './encode.js';
import { SseParser, type StreamMessage } from './event-stream.js';
import type * as CallsOnUseModule from './calls-on-use.js';

type CallsOnUse = typeof CallsOnUseModule;

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
  private callsOnUse: Promise<CallsOnUse> | undefined;

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

  private url(path: string, query: SendInit['query'] = {}): URL {
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

  private async request<T>(method: string, path: string, init: SendInit = {}): Promise<T> {
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

  async markRead(id: ConversationId, upTo: MessageId, options: RequestOptions = {}): Promise<void> {
    return this.request('PUT', `${conversationPath(id)}/read`, { body: { upTo }, signal: options.signal });
  }

  async getSeenBy(id: ConversationId, options: RequestOptions = {}): Promise<SeenBy> {
    return this.request('GET', `${conversationPath(id)}/seen`, options);
  }

  async getUnreadSummary(options: UnreadSummaryOptions = {}): Promise<UnreadSummary> {
    const byGroup = parseUnreadSummaryRequest(options);
    return this.request('GET', '/v1/unread', {
      ...(options?.signal ? { signal: options.signal } : {}),
      ...(byGroup ? { query: { byGroup: 'true' } } : {}),
    });
  }

  /** S15: `GET /v1/blocks`, which the open thread asks for its Block action. */
  async listBlockedMembers(options: RequestOptions = {}): Promise<readonly Member[]> {
    const { items } = await this.request<{ items: Member[] }>('GET', '/v1/blocks', options);
    return items;
  }

  // ------------------------------------------- calls the first view does not make (./calls-on-use.ts)

  searchDirectory(query: string, options?: SearchOptions): Promise<readonly Party[]> {
    return this.onUse((calls) => calls.searchDirectory(this.send, query, options));
  }

  searchConversations(
    query: string,
    options?: SearchConversationsOptions,
  ): Promise<ConversationSearchResults> {
    return this.onUse((calls) => calls.searchConversations(this.send, query, options));
  }

  startConversation(
    input: StartConversationInput,
    options?: RequestOptions,
  ): Promise<StartConversationResult> {
    return this.onUse((calls) => calls.startConversation(this.send, input, options));
  }

  sendMessage(input: SendMessageInput, options?: RequestOptions): Promise<Message> {
    return this.onUse((calls) => calls.sendMessage(this.send, input, options));
  }

  sendTyping(id: ConversationId, options?: RequestOptions): Promise<void> {
    return this.onUse((calls) => calls.sendTyping(this.send, id, options));
  }

  setMuted(id: ConversationId, muted: boolean, options?: RequestOptions): Promise<Conversation> {
    return this.onUse((calls) => calls.setMuted(this.send, id, muted, options));
  }

  markUnread(id: ConversationId, options?: RequestOptions): Promise<Conversation> {
    return this.onUse((calls) => calls.markUnread(this.send, id, options));
  }

  leaveConversation(id: ConversationId, options?: RequestOptions): Promise<void> {
    return this.onUse((calls) => calls.leaveConversation(this.send, id, options));
  }

  editMessage(input: EditMessageInput, options?: RequestOptions): Promise<Message> {
    return this.onUse((calls) => calls.editMessage(this.send, input, options));
  }

  deleteMessage(input: MessageInput, options?: RequestOptions): Promise<Message> {
    return this.onUse((calls) => calls.deleteMessage(this.send, input, options));
  }

  react(input: ReactionInput, options?: RequestOptions): Promise<Message> {
    return this.onUse((calls) => calls.react(this.send, input, options));
  }

  getSettings(options?: RequestOptions): Promise<NotificationSettings> {
    return this.onUse((calls) => calls.getSettings(this.send, options));
  }

  updateSettings(
    patch: Partial<NotificationSettings>,
    options?: RequestOptions,
  ): Promise<NotificationSettings> {
    return this.onUse((calls) => calls.updateSettings(this.send, patch, options));
  }

  report(input: ReportInput, options?: RequestOptions): Promise<{ readonly id: string }> {
    return this.onUse((calls) => calls.report(this.send, input, options));
  }

  /** S15: `PUT /v1/blocks/{memberId}`. */
  blockMember(memberId: MemberId, options?: RequestOptions): Promise<void> {
    return this.onUse((calls) => calls.blockMember(this.send, memberId, options));
  }

  /** S15: `DELETE /v1/blocks/{memberId}`. */
  unblockMember(memberId: MemberId, options?: RequestOptions): Promise<void> {
    return this.onUse((calls) => calls.unblockMember(this.send, memberId, options));
  }

  /** S21: `GET /v1/export`, read to its end (a cut stream is a failed download, not a file). */
  exportData(options?: RequestOptions): Promise<Blob> {
    return this.onUse((calls) => calls.exportData(this.send, options));
  }

  /** The request every call goes through, for the calls that live in ./calls-on-use.ts. */
  private readonly send: Send = (method, path, init) => this.request(method, path, init);

  /**
   * Runs `call` with ./calls-on-use.ts, loaded on the first call that needs it. A module that
   * cannot be fetched (offline, a deploy replaced it) fails the call as the network would, and is
   * fetched again by the next one.
   */
  private onUse<T>(call: (calls: CallsOnUse) => Promise<T>): Promise<T> {
    this.callsOnUse ??= import('./calls-on-use.js').catch(() => {
      this.callsOnUse = undefined;
      throw new UnavailableError();
    });
    return this.callsOnUse.then(call);
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
