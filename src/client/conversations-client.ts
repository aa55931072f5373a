/**
 * `ConversationsClient`: what the elements talk to. It sits on any adapter that keeps the contract
 * and adds what a browser needs on top of a backend:
 *
 * - state that elements subscribe to in slices (viewer, unread totals, the list, each thread,
 *   settings), kept current from the adapter's events, so every tab agrees;
 * - a cache in IndexedDB (one database per viewer), shown at once on the next load, then refreshed;
 * - optimistic sending through a durable outbox: a message appears at once as pending, is retried
 *   with backoff while the backend cannot take it, in order, with the same client id (so it lands
 *   once), also after a reload; one tab at a time drains it (Web Locks);
 * - `signOut()`, which clears the viewer's cache and outbox in every tab (BroadcastChannel, and the
 *   deletion of the database itself, which every open connection hears of).
 *
 * It starts lazily: constructing one costs nothing; the first subscription or call (or
 * `connect()`) opens the cache and subscribes to the adapter.
 */
import type {
  ConversationsAdapter,
  ReportInput,
  SearchOptions,
  StartConversationResult,
} from '../adapter/adapter.js';
import type { AdapterEvent, ReadChangedEvent } from '../adapter/events.js';
import {
  ForbiddenError,
  isConvError,
  NotFoundError,
  UnavailableError,
  ValidationError,
  type ErrorPayload,
} from '../core/errors.js';
import { createClientId } from '../core/ids.js';
import {
  assertClientId,
  assertMessageBody,
  assertReportReason,
  DEFAULT_POLICY,
  normalizeRecipients,
  type Policy,
} from '../core/policy.js';
import {
  DEFAULT_NOTIFICATION_SETTINGS,
  type ClientId,
  type Conversation,
  type ConversationId,
  type Group,
  type GroupId,
  type MemberId,
  type Message,
  type MessageId,
  type NotificationSettings,
  type Party,
  type PartyRef,
  type UnreadSummary,
  type Viewer,
} from '../core/types.js';
import { warn } from '../internal/dev-mode.js';
import { retryDelay, type RetryOptions } from './backoff.js';
import {
  CACHED_CONVERSATIONS,
  CACHED_MESSAGES_PER_THREAD,
  deleteClientCache,
  MemoryCache,
  openClientCache,
  type CacheSnapshot,
  type ClientCache,
  type OutboxEntry,
} from './cache.js';
import { WritableStore, type ReadableStore } from './store.js';
import { IDLE_LIST, IDLE_SETTINGS, IDLE_THREAD, NO_UNREAD } from './idle-states.js';

/** A message as the client shows it: confirmed by the adapter, or still on its way. */
export interface ClientMessage extends Message {
  /**
   * `pending`: in the outbox (its `id` is the client id until the adapter gives it one);
   * `sent`: confirmed; `failed`: refused, waiting for the member to retry or discard it.
   */
  readonly status: 'pending' | 'sent' | 'failed';
  /** Why it failed; on a pending message, why the last attempt could not be delivered. */
  readonly error?: ErrorPayload;
}

export interface ConversationListState {
  readonly status: 'idle' | 'loading' | 'ready' | 'error';
  /** Newest activity first. */
  readonly items: readonly Conversation[];
  readonly hasMore: boolean;
  /** True while the items are the last known ones from the cache, not yet confirmed. */
  readonly fromCache: boolean;
  readonly error?: ErrorPayload;
}

export interface ThreadState {
  readonly status: 'idle' | 'loading' | 'ready' | 'error';
  readonly conversation?: Conversation;
  /** Oldest first: confirmed messages, then the viewer's pending and failed ones in send order. */
  readonly messages: readonly ClientMessage[];
  readonly hasOlder: boolean;
  readonly error?: ErrorPayload;
}

export interface SettingsState {
  /** `error` with a `value`: saving failed and the value is the one still in force. */
  readonly status: 'idle' | 'loading' | 'ready' | 'saving' | 'error';
  readonly value?: NotificationSettings;
  readonly error?: ErrorPayload;
}

export interface IncomingMessage {
  readonly message: Message;
  readonly conversation: Conversation;
}

export interface ClientOptions {
  /**
   * The IndexedDB database of this client's cache and outbox. It must belong to one viewer of one
   * backend. Default: `conv-elements-cache:<adapter scope>:<viewer id>` (see `ConversationsAdapter.scope`).
   */
  readonly cacheName?: string;
  /**
   * The viewer's member id, when the page knows it: the cache can then be opened (and the last
   * known state painted) before the adapter has said who is viewing.
   */
  readonly viewerId?: MemberId;
  /** Waits between outbox deliveries the backend could not take. */
  readonly retry?: RetryOptions;
  /** Conversations and messages per page, 1 to 100 (default 30). */
  readonly pageSize?: number;
  /** Close the adapter in `dispose()`: for adapters made only for this client. */
  readonly closeAdapterOnDispose?: boolean;
}

export interface StartConversationOptions {
  readonly recipients: readonly PartyRef[];
  readonly body: string;
  readonly asGroup?: GroupId;
  /** Pass the same id again to retry a start whose answer was lost: it lands once. */
  readonly clientId?: ClientId;
}

/** Messages sent between this client's instances over BroadcastChannel (same viewer, same cache). */
type ChannelMessage =
  | { readonly type: 'outbox-put'; readonly entry: OutboxEntry }
  | { readonly type: 'outbox-delete'; readonly clientId: ClientId }
  | { readonly type: 'outbox-sent'; readonly message: Message }
  | { readonly type: 'nudge' }
  | { readonly type: 'sign-out' };

interface ThreadRecord {
  readonly id: ConversationId;
  readonly store: WritableStore<ThreadState>;
  status: ThreadState['status'];
  conversation?: Conversation;
  /** Confirmed messages, oldest first, by id. */
  confirmed: Message[];
  before?: string;
  hasOlder: boolean;
  error?: ErrorPayload;
  loading?: Promise<void>;
  loadingOlder?: Promise<void>;
  /** Events arrived while a load was on its way: load again once it lands. */
  stale: boolean;
}

/** The states before anything is known; controllers show these while no client is provided. */
export { IDLE_LIST, IDLE_SETTINGS, IDLE_THREAD, NO_UNREAD };

export function defaultCacheName(viewerId: MemberId, scope?: string): string {
  return scope ? `conv-elements-cache:${scope}:${viewerId}` : `conv-elements-cache:${viewerId}`;
}

/** The plain-data form of anything a request rejected with. */
function toPayload(error: unknown): ErrorPayload {
  if (isConvError(error)) return error.toJSON();
  return {
    code: 'unavailable',
    message: error instanceof Error && error.message ? error.message : 'Something went wrong; try again.',
  };
}

function assertConversationId(id: unknown): asserts id is ConversationId {
  if (typeof id !== 'string' || id.length === 0 || id.length > 256) {
    throw new ValidationError('bad-id', 'That conversation id is not valid.', { field: 'request' });
  }
}

function byActivity(a: Conversation, b: Conversation): number {
  return b.lastActivityAt - a.lastActivityAt;
}

/** Merges message lists by id (later copies win), oldest first. Messages never change once sent. */
function mergeMessages(...lists: (readonly Message[])[]): Message[] {
  const byId = new Map<MessageId, Message>();
  for (const list of lists) for (const message of list) byId.set(message.id, message);
  return [...byId.values()].sort((a, b) => a.sentAt - b.sentAt);
}

function anySignal(signals: (AbortSignal | undefined)[]): AbortSignal | undefined {
  const present = signals.filter((signal): signal is AbortSignal => signal !== undefined);
  if (present.length <= 1) return present[0];
  return AbortSignal.any(present);
}

export class ConversationsClient {
  readonly adapter: ConversationsAdapter;

  private readonly viewerStore = new WritableStore<Viewer | undefined>(undefined, () => void this.connect());
  private readonly policyStore = new WritableStore<Policy>(DEFAULT_POLICY, () => void this.connect());
  private readonly unreadStore = new WritableStore<UnreadSummary>(NO_UNREAD, () => void this.loadUnread());
  private readonly listStore = new WritableStore<ConversationListState>(
    IDLE_LIST,
    () => void this.loadConversations(),
  );
  private readonly settingsStore = new WritableStore<SettingsState>(
    IDLE_SETTINGS,
    () => void this.loadSettings(),
  );
  private readonly activeStore = new WritableStore<ConversationId | undefined>(undefined);
  private readonly signedOutStore = new WritableStore<boolean>(false);

  readonly viewer: ReadableStore<Viewer | undefined> = this.viewerStore;
  /** The backend's limits; `DEFAULT_POLICY` until it has answered. */
  readonly policy: ReadableStore<Policy> = this.policyStore;
  readonly unread: ReadableStore<UnreadSummary> = this.unreadStore;
  readonly conversations: ReadableStore<ConversationListState> = this.listStore;
  readonly settings: ReadableStore<SettingsState> = this.settingsStore;
  readonly activeConversation: ReadableStore<ConversationId | undefined> = this.activeStore;
  /** Becomes true when the viewer signs out (here or in another tab); the client then stops. */
  readonly signedOut: ReadableStore<boolean> = this.signedOutStore;

  private readonly options: ClientOptions;
  private readonly pageSize: number;
  private readonly abort = new AbortController();
  private active = true;
  private started?: Promise<void>;
  private cacheReady: Promise<void> = Promise.resolve();
  private cache?: ClientCache;
  private snapshot: CacheSnapshot = {};
  private channel?: BroadcastChannel;
  private unsubscribeAdapter?: () => void;
  private viewerFromNetwork = false;
  private viewerRequest?: Promise<Viewer | undefined>;

  private readonly threads = new Map<ConversationId, ThreadRecord>();
  private readonly incoming = new Set<(incoming: IncomingMessage) => void>();
  private readonly sentMessages = new WeakMap<Message, ClientMessage>();

  private listCursor?: string;
  private listLoading?: Promise<void>;
  private listMoreLoading?: Promise<void>;
  private listStale = false;
  private unreadWanted = false;
  private unreadRefresh?: Promise<void>;
  private unreadAgain = false;
  private settingsLoading?: Promise<void>;
  /** Bumped by every change of settings, so that a slower load cannot undo a newer save. */
  private settingsVersion = 0;

  private readonly outbox = new Map<ClientId, OutboxEntry>();
  /** Client ids the adapter confirmed: a late copy of their outbox entry must not resurrect them. */
  private readonly delivered = new Set<ClientId>();
  private readonly settleWaiters = new Map<ClientId, ((message: ClientMessage) => void)[]>();
  private draining = false;
  private drainAgain = false;
  private wakeBackoff?: () => void;

  private readonly dirty = new Set<string>();
  private flushQueued = false;

  constructor(adapter: ConversationsAdapter, options: ClientOptions = {}) {
    if (typeof adapter?.subscribe !== 'function' || typeof adapter.listConversations !== 'function') {
      throw new TypeError('ConversationsClient needs an adapter that implements ConversationsAdapter.');
    }
    this.adapter = adapter;
    this.options = options;
    const size = options.pageSize ?? 30;
    this.pageSize = Number.isSafeInteger(size) && size >= 1 && size <= 100 ? size : 30;
  }

  // ─── Lifecycle ────────────────────────────────────────────────────────────────────────────────

  /**
   * Starts the client: subscribes to the adapter, opens the cache, learns who is viewing and
   * resumes the outbox. Called by the first subscription or method; calling it again is free.
   * Resolves when the viewer is known (or could not be learned: the stores then say why).
   */
  connect(): Promise<void> {
    this.started ??= this.start();
    return this.started;
  }

  private start(): Promise<void> {
    if (!this.active) return Promise.resolve();
    this.unsubscribeAdapter = this.adapter.subscribe(this.onAdapterEvent);
    window.addEventListener('online', this.onOnline);
    const viewerRequest = this.fetchViewer();
    this.viewerRequest = viewerRequest;
    const known =
      this.options.cacheName ??
      (this.options.viewerId && defaultCacheName(this.options.viewerId, this.adapter.scope));
    this.cacheReady = known
      ? this.openCache(known)
      : viewerRequest.then((viewer) =>
          this.openCache(viewer ? defaultCacheName(viewer.member.id, this.adapter.scope) : undefined),
        );
    return (async () => {
      await this.cacheReady;
      const viewer = await viewerRequest;
      if (!this.active) return;
      const cachedViewer = this.snapshot.viewer;
      if (viewer && cachedViewer && cachedViewer.member.id !== viewer.member.id) {
        await this.forgetOtherViewer();
      }
      if (viewer) this.persist('viewer');
      this.persist('policy');
      if ([...this.outbox.values()].some((entry) => entry.status === 'queued')) this.scheduleDrain();
    })();
  }

  private async fetchViewer(): Promise<Viewer | undefined> {
    const signal = this.abort.signal;
    try {
      const [viewer, policy] = await Promise.all([
        this.adapter.getViewer({ signal }),
        this.adapter.getPolicy({ signal }),
      ]);
      if (!this.active) return undefined;
      this.viewerFromNetwork = true;
      this.viewerStore.set(viewer);
      this.policyStore.set(policy);
      return viewer;
    } catch (error) {
      if (this.active) warn('could not learn who is viewing; showing what is cached.', error);
      return undefined;
    }
  }

  private async openCache(name: string | undefined): Promise<void> {
    if (!this.active) return;
    let cache: ClientCache;
    if (name === undefined) {
      // Offline on a first visit with no name to go by: nothing to show, nothing durable.
      cache = new MemoryCache('');
    } else {
      try {
        cache = await openClientCache(name, { onDeleted: () => this.signedOutElsewhere() });
      } catch (error) {
        warn('IndexedDB is unavailable; conversations will not survive a reload.', error);
        cache = new MemoryCache(name);
      }
    }
    if (!this.active) {
      cache.close();
      return;
    }
    this.cache = cache;
    try {
      this.snapshot = await cache.readSnapshot();
      for (const entry of await cache.outbox()) {
        if (!this.delivered.has(entry.clientId)) this.outbox.set(entry.clientId, entry);
      }
    } catch (error) {
      // Disposed while reading: the connection was closed on purpose, nothing went wrong.
      if (this.active) warn('could not read the cache.', error);
    }
    if (!this.active) return;
    if (!this.viewerFromNetwork && this.snapshot.viewer) {
      this.viewerStore.set(this.snapshot.viewer);
      if (this.snapshot.policy) this.policyStore.set(this.snapshot.policy);
    }
    for (const record of this.threads.values()) this.emitThread(record);
    if (name !== undefined && typeof BroadcastChannel === 'function') {
      this.channel = new BroadcastChannel(`conv-elements-client:${name}`);
      this.channel.onmessage = (event: MessageEvent<ChannelMessage>) => this.onChannelMessage(event.data);
    }
    // State loaded before the cache opened (the viewer learned first) is written now.
    if (this.listStore.value.status === 'ready') this.persist('conversations');
    for (const record of this.threads.values())
      if (record.status === 'ready') this.persist(`thread:${record.id}`);
  }

  /** The cache held another member's data (a `cacheName` reused): drop it, reload what is shown. */
  private async forgetOtherViewer(): Promise<void> {
    warn('the cache belonged to another member; clearing it.');
    this.snapshot = {};
    this.outbox.clear();
    try {
      await this.cache?.clear();
    } catch (error) {
      warn('could not clear the cache.', error);
    }
    if (this.listStore.value.fromCache) this.listStore.set(IDLE_LIST);
    for (const record of this.threads.values()) {
      record.confirmed = [];
      record.conversation = undefined;
      this.emitThread(record);
    }
    void this.refresh().catch(() => undefined);
  }

  /**
   * Stops everything: the adapter subscription, requests under way, the outbox (another tab takes
   * it over), listeners and channels. Stores keep their last values. Calling it twice is harmless.
   */
  dispose(): void {
    if (!this.active) return;
    this.active = false;
    this.abort.abort();
    this.unsubscribeAdapter?.();
    window.removeEventListener('online', this.onOnline);
    this.channel?.close();
    this.cache?.close();
    this.wakeBackoff?.();
    for (const [clientId, waiters] of this.settleWaiters) {
      const entry = this.outbox.get(clientId);
      if (entry) for (const resolve of waiters) resolve(this.fromEntry(entry));
    }
    this.settleWaiters.clear();
    this.incoming.clear();
    if (this.options.closeAdapterOnDispose) this.adapter.close?.();
  }

  /**
   * Signs the viewer out of conversations on this browser: clears their cache and outbox here and
   * in every other tab, and stops this client. Undelivered messages are discarded.
   */
  async signOut(): Promise<void> {
    if (this.signedOutStore.value) return;
    // A client never used on this page still has to find (and delete) the viewer's database.
    await this.whenCacheReady().catch(() => undefined);
    const viewerId = this.options.viewerId ?? this.viewerStore.value?.member.id;
    // Also after `dispose()`, when the cache was never opened here, its name can still be told.
    // A memory cache (IndexedDB unusable) has nothing to delete.
    const name = this.cache
      ? this.cache instanceof MemoryCache
        ? undefined
        : this.cache.name
      : (this.options.cacheName ??
        (viewerId === undefined ? undefined : defaultCacheName(viewerId, this.adapter.scope)));
    this.post({ type: 'sign-out' });
    this.clearAndStop();
    if (name) {
      // Other tabs close their connections on the broadcast or on the deletion's versionchange;
      // the deletion waits for them, so it resolves only once every copy is gone.
      await deleteClientCache(name);
    }
  }

  private signedOutElsewhere(): void {
    if (!this.signedOutStore.value) this.clearAndStop();
  }

  private clearAndStop(): void {
    this.dispose();
    this.outbox.clear();
    this.viewerStore.set(undefined);
    this.policyStore.set(DEFAULT_POLICY);
    this.unreadStore.set(NO_UNREAD);
    this.listStore.set(IDLE_LIST);
    this.settingsStore.set(IDLE_SETTINGS);
    this.activeStore.set(undefined);
    for (const record of this.threads.values()) record.store.set(IDLE_THREAD);
    this.threads.clear();
    this.signedOutStore.set(true);
  }

  private assertUsable(): void {
    if (this.signedOutStore.value) {
      throw new ForbiddenError('not-allowed', 'You have signed out of conversations on this browser.');
    }
    if (!this.active)
      throw new ForbiddenError('not-allowed', 'This conversations client has been shut down.');
  }

  /** `cacheReady` is only set once `connect()` has run, so every loader goes through here. */
  private async whenCacheReady(): Promise<void> {
    void this.connect();
    await this.cacheReady;
  }

  /** The viewer, from the cache or the adapter, waiting for the adapter only when nothing is cached. */
  private async requireViewer(): Promise<Viewer> {
    await this.whenCacheReady();
    const viewer = this.viewerStore.value ?? (await this.viewerRequest);
    this.assertUsable();
    if (!viewer)
      throw new UnavailableError('Conversations cannot be reached to learn who you are; try again.');
    return viewer;
  }

  // ─── Live events ──────────────────────────────────────────────────────────────────────────────

  private readonly onAdapterEvent = (event: AdapterEvent): void => {
    if (!this.active) return;
    switch (event.type) {
      case 'message-added':
      case 'conversation-added':
        this.applyMessage(event.message, event.conversation);
        break;
      case 'read-changed':
        this.applyRead(event);
        break;
      case 'settings-changed':
        // A save of this tab still on its way wins; its own answer settles the state.
        if (this.settingsStore.value.status === 'saving') break;
        this.settingsVersion++;
        this.settingsStore.set({ status: 'ready', value: event.settings });
        this.persist('settings');
        break;
      case 'viewer-changed':
        this.viewerStore.set(event.viewer);
        this.persist('viewer');
        // Memberships changed: conversations may have appeared or become unreadable.
        if (this.listStore.value.status !== 'idle') void this.reloadConversations();
        void this.refreshUnread();
        break;
    }
  };

  private applyMessage(message: Message, conversation: Conversation): void {
    const previous = this.listStore.value.items.find((item) => item.id === conversation.id);
    this.upsertConversation(conversation);
    const record = this.threads.get(conversation.id);
    if (record) {
      record.conversation = conversation;
      record.confirmed = mergeMessages(record.confirmed, [message]);
      if (record.loading) record.stale = true;
      this.persist(`thread:${record.id}`);
    }
    if (this.confirmDelivered(message)) {
      // The backend has it: no need to send it again, whichever tab is draining.
      void this.cache?.deleteOutbox(message.clientId).catch(() => undefined);
    } else if (record) {
      this.emitThread(record);
    }
    if (previous) this.adjustUnread(previous.unreadCount, conversation.unreadCount);
    void this.refreshUnread();
    const viewer = this.viewerStore.value;
    if (viewer === undefined) {
      void this.viewerRequest?.then((known) => known && this.announce(known, message, conversation));
    } else {
      this.announce(viewer, message, conversation);
    }
  }

  private announce(viewer: Viewer, message: Message, conversation: Conversation): void {
    if (!this.active || message.author.id === viewer.member.id) return;
    for (const listener of [...this.incoming]) {
      try {
        listener({ message, conversation });
      } catch (error) {
        console.error(error);
      }
    }
  }

  private applyRead(event: ReadChangedEvent): void {
    const list = this.listStore.value;
    const previous = list.items.find((item) => item.id === event.conversationId);
    if (previous) {
      this.adjustUnread(previous.unreadCount, event.unreadCount);
      if (previous.unreadCount !== event.unreadCount) {
        this.listStore.set({
          ...list,
          items: list.items.map((item) =>
            item === previous ? { ...item, unreadCount: event.unreadCount } : item,
          ),
        });
        this.persist('conversations');
      }
    }
    const record = this.threads.get(event.conversationId);
    if (record?.conversation && record.conversation.unreadCount !== event.unreadCount) {
      record.conversation = { ...record.conversation, unreadCount: event.unreadCount };
      this.emitThread(record);
      this.persist(`thread:${record.id}`);
    }
    void this.refreshUnread();
  }

  /** Moves the totals at once by what one conversation's count changed; `refreshUnread` confirms. */
  private adjustUnread(before: number, after: number): void {
    if (!this.unreadWanted || before === after) return;
    const { total, conversations } = this.unreadStore.value;
    this.unreadStore.set({
      total: Math.max(0, total + after - before),
      conversations: Math.max(0, conversations + (after > 0 ? 1 : 0) - (before > 0 ? 1 : 0)),
    });
  }

  private upsertConversation(conversation: Conversation): void {
    const list = this.listStore.value;
    if (list.status === 'idle') return;
    if (list.status === 'loading') this.listStale = true;
    const others = list.items.filter((item) => item.id !== conversation.id);
    const last = others.at(-1);
    // A conversation older than the last loaded one belongs to a page not loaded yet.
    if (list.hasMore && last && conversation.lastActivityAt < last.lastActivityAt) {
      if (others.length !== list.items.length) this.listStore.set({ ...list, items: others });
      return;
    }
    this.listStore.set({ ...list, items: [...others, conversation].sort(byActivity) });
    this.persist('conversations');
  }

  // ─── Unread totals ────────────────────────────────────────────────────────────────────────────

  private async loadUnread(): Promise<void> {
    this.unreadWanted = true;
    await this.whenCacheReady();
    if (!this.active) return;
    if (this.snapshot.unread && this.unreadStore.value === NO_UNREAD)
      this.unreadStore.set(this.snapshot.unread);
    void this.refreshUnread();
  }

  /** Asks the adapter for the totals; calls while one request is out coalesce into one more. */
  private refreshUnread(): Promise<void> {
    if (!this.unreadWanted || !this.active) return Promise.resolve();
    if (this.unreadRefresh) {
      this.unreadAgain = true;
      return this.unreadRefresh;
    }
    this.unreadRefresh = (async () => {
      do {
        this.unreadAgain = false;
        try {
          const summary = await this.adapter.getUnreadSummary({ signal: this.abort.signal });
          if (!this.active) return;
          const current = this.unreadStore.value;
          if (current.total !== summary.total || current.conversations !== summary.conversations) {
            this.unreadStore.set(summary);
          }
          this.persist('unread');
        } catch (error) {
          // Offline: the cached or last known totals stay; the next event or refresh tries again.
          if (this.active) warn('could not refresh the unread totals.', error);
        }
      } while (this.unreadAgain && this.active);
    })().finally(() => {
      this.unreadRefresh = undefined;
    });
    return this.unreadRefresh;
  }

  // ─── The conversation list ────────────────────────────────────────────────────────────────────

  private loadConversations(): Promise<void> {
    this.listLoading ??= this.fetchConversations().finally(() => {
      this.listLoading = undefined;
    });
    return this.listLoading;
  }

  private async fetchConversations(): Promise<void> {
    await this.whenCacheReady();
    if (!this.active) return;
    const cached = this.snapshot.conversations;
    const current = this.listStore.value;
    if (current.status === 'idle' && cached && cached.items.length > 0) {
      this.listStore.set({
        status: 'loading',
        items: cached.items,
        hasMore: cached.hasMore,
        fromCache: true,
      });
    } else {
      this.listStore.set({ ...current, status: 'loading', error: undefined });
    }
    do {
      this.listStale = false;
      try {
        const page = await this.adapter.listConversations({
          limit: this.pageSize,
          signal: this.abort.signal,
        });
        if (!this.active) return;
        this.listCursor = page.next;
        this.listStore.set({
          status: 'ready',
          items: [...page.items].sort(byActivity),
          hasMore: page.next !== undefined,
          fromCache: false,
        });
        this.persist('conversations');
      } catch (error) {
        if (!this.active) return;
        this.listStore.set({ ...this.listStore.value, status: 'error', error: toPayload(error) });
        return;
      }
    } while (this.listStale && this.active);
  }

  private async reloadConversations(): Promise<void> {
    if (this.listLoading) {
      this.listStale = true;
      return this.listLoading;
    }
    return this.loadConversations();
  }

  /** Loads the next page of the list; does nothing when there is none or one is on its way. */
  async loadMoreConversations(): Promise<void> {
    this.assertUsable();
    if (this.listStore.value.status === 'idle' || this.listLoading) await this.loadConversations();
    if (this.listMoreLoading) return this.listMoreLoading;
    const cursor = this.listCursor;
    if (cursor === undefined || !this.listStore.value.hasMore) return;
    this.listMoreLoading = (async () => {
      try {
        const page = await this.adapter.listConversations({
          after: cursor,
          limit: this.pageSize,
          signal: this.abort.signal,
        });
        if (!this.active) return;
        this.listCursor = page.next;
        const list = this.listStore.value;
        const known = new Set(list.items.map((item) => item.id));
        this.listStore.set({
          ...list,
          status: 'ready',
          items: [...list.items, ...page.items.filter((item) => !known.has(item.id))],
          hasMore: page.next !== undefined,
          error: undefined,
        });
        this.persist('conversations');
      } catch (error) {
        if (this.active)
          this.listStore.set({ ...this.listStore.value, status: 'error', error: toPayload(error) });
        throw error;
      }
    })().finally(() => {
      this.listMoreLoading = undefined;
    });
    return this.listMoreLoading;
  }

  /** Asks the adapter again for everything on show, and nudges the outbox. */
  async refresh(): Promise<void> {
    this.assertUsable();
    await this.whenCacheReady();
    const work: Promise<unknown>[] = [];
    if (this.listStore.value.status !== 'idle') work.push(this.reloadConversations());
    void this.refreshUnread();
    if (this.settingsStore.value.status !== 'idle') work.push(this.fetchSettings());
    for (const record of this.threads.values()) {
      if (record.status !== 'idle') work.push(this.loadThread(record, true));
    }
    this.scheduleDrain();
    await Promise.all(work);
  }

  // ─── Threads ──────────────────────────────────────────────────────────────────────────────────

  /**
   * One conversation's state. The same store is returned for the same id; it loads on its first
   * subscription (from the cache at once, then from the adapter) and then follows live events.
   */
  thread(id: ConversationId): ReadableStore<ThreadState> {
    assertConversationId(id);
    return this.threadRecord(id).store;
  }

  private threadRecord(id: ConversationId): ThreadRecord {
    let record = this.threads.get(id);
    if (!record) {
      const created: ThreadRecord = {
        id,
        store: new WritableStore<ThreadState>(IDLE_THREAD, () => void this.loadThread(created)),
        status: 'idle',
        confirmed: [],
        hasOlder: false,
        stale: false,
      };
      record = created;
      if (this.active) this.threads.set(id, record);
      this.emitThread(record);
    }
    return record;
  }

  private loadThread(record: ThreadRecord, again = false): Promise<void> {
    if (record.loading) {
      if (again) record.stale = true;
      return record.loading;
    }
    record.loading = this.fetchThread(record).finally(() => {
      record.loading = undefined;
    });
    return record.loading;
  }

  private async fetchThread(record: ThreadRecord): Promise<void> {
    await this.whenCacheReady();
    if (!this.active) return;
    if (record.status === 'idle') {
      const cached = await this.cache?.readThread(record.id).catch(() => undefined);
      if (cached && record.status === 'idle') {
        record.conversation ??= cached.conversation;
        record.confirmed = mergeMessages(cached.messages, record.confirmed);
        record.hasOlder = cached.hasOlder;
      }
    }
    record.status = 'loading';
    record.error = undefined;
    this.emitThread(record);
    do {
      record.stale = false;
      try {
        const signal = this.abort.signal;
        const [conversation, page] = await Promise.all([
          this.adapter.getConversation(record.id, { signal }),
          this.adapter.listMessages(record.id, { limit: this.pageSize, signal }),
        ]);
        if (!this.active) return;
        record.conversation = conversation;
        const oldestNew = page.items[0];
        // Keep cached older messages only when they join up with the page just fetched.
        const joined = oldestNew && record.confirmed.some((message) => message.id === oldestNew.id);
        record.confirmed = mergeMessages(
          joined ? record.confirmed : [],
          page.items,
          this.eventsSince(record, page.items),
        );
        record.before = page.before;
        record.hasOlder = page.before !== undefined;
        record.status = 'ready';
        this.emitThread(record);
        this.persist(`thread:${record.id}`);
      } catch (error) {
        if (!this.active) return;
        record.status = 'error';
        record.error = toPayload(error);
        if (isConvError(error) && error.code === 'not-found') {
          // Gone from this viewer's reach (left a group): forget what was cached of it.
          record.conversation = undefined;
          record.confirmed = [];
          void this.cache?.deleteThread(record.id).catch(() => undefined);
        }
        this.emitThread(record);
        return;
      }
    } while (record.stale && this.active);
  }

  /** Messages newer than a fetched page that events delivered while it was on its way. */
  private eventsSince(record: ThreadRecord, page: readonly Message[]): Message[] {
    const newest = page.at(-1);
    if (!newest) return record.confirmed;
    return record.confirmed.filter((message) => message.sentAt > newest.sentAt);
  }

  /** Loads the page of messages before the oldest one shown. */
  async loadOlderMessages(id: ConversationId): Promise<void> {
    assertConversationId(id);
    this.assertUsable();
    const record = this.threadRecord(id);
    if (record.status !== 'ready') await this.loadThread(record);
    if (record.loadingOlder) return record.loadingOlder;
    const before = record.before;
    if (before === undefined || record.status !== 'ready') return;
    record.loadingOlder = (async () => {
      try {
        const page = await this.adapter.listMessages(id, {
          before,
          limit: this.pageSize,
          signal: this.abort.signal,
        });
        if (!this.active) return;
        record.confirmed = mergeMessages(page.items, record.confirmed);
        record.before = page.before;
        record.hasOlder = page.before !== undefined;
        this.emitThread(record);
      } catch (error) {
        if (!this.active) return;
        record.error = toPayload(error);
        this.emitThread(record);
        throw error;
      }
    })().finally(() => {
      record.loadingOlder = undefined;
    });
    return record.loadingOlder;
  }

  private emitThread(record: ThreadRecord): void {
    const viewerId = this.viewerStore.value?.member.id;
    const landed = new Set(
      record.confirmed.filter((message) => message.author.id === viewerId).map((message) => message.clientId),
    );
    const pending = [...this.outbox.values()]
      .filter((entry) => entry.conversationId === record.id && !landed.has(entry.clientId))
      .sort((a, b) => a.seq - b.seq)
      .map((entry) => this.fromEntry(entry));
    record.store.set({
      status: record.status,
      conversation: record.conversation,
      messages: [...record.confirmed.map((message) => this.sent(message)), ...pending],
      hasOlder: record.hasOlder,
      error: record.error,
    });
  }

  private sent(message: Message): ClientMessage {
    let shown = this.sentMessages.get(message);
    if (!shown) {
      shown = { ...message, status: 'sent' };
      this.sentMessages.set(message, shown);
    }
    return shown;
  }

  private fromEntry(entry: OutboxEntry): ClientMessage {
    return {
      id: entry.clientId,
      conversationId: entry.conversationId,
      clientId: entry.clientId,
      author: entry.author,
      ...(entry.onBehalfOf ? { onBehalfOf: entry.onBehalfOf } : {}),
      body: entry.body,
      sentAt: entry.createdAt,
      status: entry.status === 'failed' ? 'failed' : 'pending',
      ...(entry.error ? { error: entry.error } : {}),
    };
  }

  /** Which conversation the member has in front of them (the notifier stays quiet for it). */
  setActiveConversation(id: ConversationId | undefined): void {
    if (id !== undefined) assertConversationId(id);
    this.activeStore.set(id);
  }

  /** Messages from others as they arrive (never the viewer's own), for in-app notifications. */
  onIncoming(listener: (incoming: IncomingMessage) => void): () => void {
    if (typeof listener !== 'function') throw new TypeError('onIncoming needs a function.');
    // Wrapped so that the same function twice is two subscriptions, each removable on its own.
    const entry = (incoming: IncomingMessage) => listener(incoming);
    if (this.active) {
      this.incoming.add(entry);
      void this.connect();
    }
    return () => {
      this.incoming.delete(entry);
    };
  }

  // ─── Reading ──────────────────────────────────────────────────────────────────────────────────

  /**
   * Marks a conversation read up to `upTo` (default: its newest message). The totals drop at once;
   * the adapter's event confirms it in every tab.
   */
  async markRead(conversationId: ConversationId, upTo?: MessageId): Promise<void> {
    assertConversationId(conversationId);
    if (upTo !== undefined && (typeof upTo !== 'string' || upTo.length === 0)) {
      throw new ValidationError('bad-id', 'That message id is not valid.', { field: 'request' });
    }
    await this.whenCacheReady();
    this.assertUsable();
    const record = this.threads.get(conversationId);
    const listed = this.listStore.value.items.find((item) => item.id === conversationId);
    let conversation = listed ?? record?.conversation;
    let newest = record?.confirmed.at(-1)?.id ?? listed?.lastMessage?.id;
    if (newest === undefined || conversation === undefined) {
      conversation = await this.adapter.getConversation(conversationId, { signal: this.abort.signal });
      newest ??= conversation.lastMessage?.id;
    }
    const target = upTo ?? newest;
    if (target === undefined) return;
    if (target === newest && conversation.unreadCount > 0) {
      // `applyRead` moves the totals through the list; without the list, move them here.
      if (!listed) this.adjustUnread(conversation.unreadCount, 0);
      this.applyRead({ type: 'read-changed', conversationId, upTo: target, unreadCount: 0 });
    }
    try {
      await this.adapter.markRead(conversationId, target, { signal: this.abort.signal });
    } catch (error) {
      // Undo the optimistic zero by asking again what is true.
      if (this.active && this.listStore.value.status !== 'idle') void this.reloadConversations();
      throw error;
    } finally {
      // Resolve with the totals confirmed, so that a caller reading them next sees the truth.
      await this.refreshUnread();
    }
  }

  // ─── Sending ──────────────────────────────────────────────────────────────────────────────────

  /**
   * Sends a message. It is checked against the policy (a bad one is refused with a
   * `ValidationError` and changes nothing), stored in the outbox, and resolves at once as
   * `pending`; the thread follows it to `sent` or `failed` (or await `settled()`).
   */
  async send(
    conversationId: ConversationId,
    body: string,
    options: { readonly asGroup?: GroupId } = {},
  ): Promise<ClientMessage> {
    assertConversationId(conversationId);
    const viewer = await this.requireViewer();
    const text = assertMessageBody(body, this.policyStore.value);
    const onBehalfOf = this.managedGroup(viewer, options.asGroup);
    const cache = this.cache;
    if (!cache) throw new UnavailableError('The outbox is not ready; try again.');
    const draft = {
      clientId: createClientId(),
      conversationId,
      body: text,
      ...(onBehalfOf ? { asGroup: onBehalfOf.id, onBehalfOf } : {}),
      author: viewer.member,
      createdAt: Date.now(),
      status: 'queued' as const,
      attempts: 0,
    };
    // Shown as pending at once, in the frame of the key press, while IndexedDB stores it: the
    // outbox position is known only then, and until then it sorts after every stored entry.
    // Delivery reads the stored outbox only, so this copy is never sent.
    this.putEntry({ ...draft, seq: Number.MAX_SAFE_INTEGER });
    let entry: OutboxEntry;
    try {
      entry = await cache.addOutbox(draft);
      this.assertUsable();
    } catch (error) {
      this.removeEntry(draft.clientId);
      throw error;
    }
    this.putEntry(entry);
    this.post({ type: 'outbox-put', entry });
    this.scheduleDrain();
    return this.fromEntry(entry);
  }

  private managedGroup(viewer: Viewer, asGroup: GroupId | undefined): Group | undefined {
    if (asGroup === undefined) return undefined;
    const group = viewer.managedGroups.find((candidate) => candidate.id === asGroup);
    if (!group) {
      throw new ForbiddenError(
        'not-group-manager',
        'You can write as a group only if you manage it.',
        'asGroup',
      );
    }
    return group;
  }

  /** Resolves when a message in the outbox is sent or fails (at once if it already has). */
  settled(conversationId: ConversationId, clientId: ClientId): Promise<ClientMessage> {
    assertConversationId(conversationId);
    const entry = this.outbox.get(clientId);
    if (entry && entry.conversationId === conversationId) {
      if (entry.status === 'failed') return Promise.resolve(this.fromEntry(entry));
      return new Promise((resolve) => {
        const waiters = this.settleWaiters.get(clientId) ?? [];
        waiters.push(resolve);
        this.settleWaiters.set(clientId, waiters);
      });
    }
    const landed = this.threads
      .get(conversationId)
      ?.confirmed.find((message) => message.clientId === clientId && this.delivered.has(clientId));
    if (landed) return Promise.resolve(this.sent(landed));
    return Promise.reject(new NotFoundError('That message is not waiting to be sent.'));
  }

  private settle(clientId: ClientId, message: ClientMessage): void {
    const waiters = this.settleWaiters.get(clientId);
    if (!waiters) return;
    this.settleWaiters.delete(clientId);
    for (const resolve of waiters) resolve(message);
  }

  /** Sends a failed message again (with the same client id), or tries a pending one now. */
  async retry(conversationId: ConversationId, clientId: ClientId): Promise<void> {
    const entry = await this.outboxEntry(conversationId, clientId);
    if (entry.status === 'failed') {
      const queued: OutboxEntry = { ...entry, status: 'queued', attempts: 0, error: undefined };
      await this.cache?.putOutbox(queued);
      this.putEntry(queued);
      this.post({ type: 'outbox-put', entry: queued });
    }
    this.post({ type: 'nudge' });
    this.wakeBackoff?.();
    this.scheduleDrain();
  }

  /** Drops a failed message from the outbox. A message still being sent cannot be discarded. */
  async discard(conversationId: ConversationId, clientId: ClientId): Promise<void> {
    const entry = await this.outboxEntry(conversationId, clientId);
    if (entry.status !== 'failed') {
      throw new ValidationError(
        'bad-request',
        'This message is still being sent; only a failed one can be discarded.',
        {
          field: 'request',
        },
      );
    }
    await this.cache?.deleteOutbox(clientId);
    this.removeEntry(clientId);
    this.post({ type: 'outbox-delete', clientId });
  }

  private async outboxEntry(conversationId: ConversationId, clientId: ClientId): Promise<OutboxEntry> {
    assertConversationId(conversationId);
    assertClientId(clientId);
    await this.whenCacheReady();
    this.assertUsable();
    // The stored copy is the truth: another tab may have changed it a moment ago.
    const entry = (await this.cache?.getOutbox(clientId)) ?? this.outbox.get(clientId);
    if (!entry || entry.conversationId !== conversationId) {
      throw new NotFoundError('That message is not waiting to be sent.');
    }
    return entry;
  }

  private putEntry(entry: OutboxEntry): void {
    if (this.delivered.has(entry.clientId)) return;
    this.outbox.set(entry.clientId, entry);
    const record = this.threads.get(entry.conversationId);
    if (record) this.emitThread(record);
    if (entry.status === 'failed') this.settle(entry.clientId, this.fromEntry(entry));
  }

  private removeEntry(clientId: ClientId): void {
    const entry = this.outbox.get(clientId);
    if (!entry) return;
    this.outbox.delete(clientId);
    const record = this.threads.get(entry.conversationId);
    if (record) this.emitThread(record);
  }

  /**
   * The adapter confirmed one of the viewer's messages (here, in another tab, or by event).
   * Returns true when it was in the outbox (and its thread has been updated).
   */
  private confirmDelivered(message: Message): boolean {
    const entry = this.outbox.get(message.clientId);
    if (!entry || entry.author.id !== message.author.id) return false;
    this.delivered.add(message.clientId);
    this.outbox.delete(message.clientId);
    const record = this.threads.get(message.conversationId);
    if (record) {
      record.confirmed = mergeMessages(record.confirmed, [message]);
      this.emitThread(record);
      this.persist(`thread:${record.id}`);
    }
    this.settle(message.clientId, this.sent(message));
    return true;
  }

  /**
   * Starts a conversation (or continues the existing one with exactly these participants). Not
   * queued: it needs the backend's answer, so offline it rejects with `UnavailableError`; retry
   * with the same `clientId` and it lands once.
   */
  async startConversation(input: StartConversationOptions): Promise<StartConversationResult> {
    if (typeof input !== 'object' || input === null) {
      throw new ValidationError('bad-request', 'Say whom to write to and what.', { field: 'request' });
    }
    const viewer = await this.requireViewer();
    const policy = this.policyStore.value;
    const body = assertMessageBody(input.body, policy);
    const group = this.managedGroup(viewer, input.asGroup);
    const sender: PartyRef = group
      ? { kind: 'group', id: group.id }
      : { kind: 'member', id: viewer.member.id };
    const recipients = normalizeRecipients(input.recipients, sender, policy);
    const clientId = input.clientId === undefined ? createClientId() : assertClientId(input.clientId);
    const result = await this.adapter.startConversation(
      { recipients, body, clientId, ...(group ? { asGroup: group.id } : {}) },
      { signal: this.abort.signal },
    );
    if (this.active) {
      this.upsertConversation(result.conversation);
      const record = this.threads.get(result.conversation.id);
      if (record) {
        record.conversation = result.conversation;
        record.confirmed = mergeMessages(record.confirmed, [result.message]);
        this.emitThread(record);
      }
    }
    return result;
  }

  // ─── The outbox drain ─────────────────────────────────────────────────────────────────────────

  private get lockName(): string {
    return `conv-elements-outbox:${this.cache?.name ?? ''}`;
  }

  /**
   * Drains the outbox under a Web Lock, so that one tab of this viewer delivers at a time; the
   * others wait in line and take over if that tab closes. Calls while a drain runs make it look
   * again before it lets go.
   */
  private scheduleDrain(): void {
    if (!this.active || !this.cache) return;
    if (this.draining) {
      this.drainAgain = true;
      return;
    }
    this.draining = true;
    const run = async () => {
      do {
        this.drainAgain = false;
        await this.drain();
      } while (this.drainAgain && this.active);
    };
    const locks = typeof navigator === 'object' ? navigator.locks : undefined;
    // Without Web Locks (an insecure context) tabs may deliver side by side: client ids keep that
    // to one copy per message, though order across tabs is then not guaranteed.
    const work =
      locks && !(this.cache instanceof MemoryCache)
        ? locks.request(this.lockName, { signal: this.abort.signal }, run)
        : run();
    void Promise.resolve(work)
      .catch((error: unknown) => {
        if (this.active) warn('the outbox stopped unexpectedly.', error);
      })
      .finally(() => {
        this.draining = false;
        if (this.drainAgain && this.active) this.scheduleDrain();
      });
  }

  private async drain(): Promise<void> {
    const cache = this.cache;
    while (this.active && cache) {
      const entry = await cache.nextQueued();
      if (!entry || !this.active) return;
      let message: Message;
      try {
        message = await this.adapter.sendMessage(
          {
            conversationId: entry.conversationId,
            body: entry.body,
            clientId: entry.clientId,
            ...(entry.asGroup === undefined ? {} : { asGroup: entry.asGroup }),
          },
          { signal: this.abort.signal },
        );
      } catch (error) {
        if (!this.active) return;
        const payload = toPayload(error);
        if (isConvError(error) && error.retryable) {
          const waiting: OutboxEntry = { ...entry, attempts: entry.attempts + 1, error: payload };
          await cache.putOutbox(waiting);
          this.putEntry(waiting);
          this.post({ type: 'outbox-put', entry: waiting });
          await this.backoff(retryDelay(payload, waiting.attempts, this.options.retry));
        } else {
          // A refusal (or an adapter breaking the contract): never retried by itself.
          const failed: OutboxEntry = { ...entry, status: 'failed', error: payload };
          await cache.putOutbox(failed);
          this.putEntry(failed);
          this.post({ type: 'outbox-put', entry: failed });
        }
        continue;
      }
      // Should this tab close before the delete, the next drain sends the same client id again
      // and the adapter answers with this same message: still exactly once.
      await cache.deleteOutbox(entry.clientId);
      if (!this.active) return;
      this.confirmDelivered(message);
      this.post({ type: 'outbox-sent', message });
    }
  }

  /** Waits `ms`, or until the browser is back online, a retry is asked for, or the client stops. */
  private backoff(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeBackoff = undefined;
        resolve();
      };
      // Offline, a timer would only fail again: wait for `online` (the longest wait still applies).
      const timer = setTimeout(done, navigator.onLine === false ? Math.max(ms, 60_000) : ms);
      this.wakeBackoff = done;
      if (!this.active) done();
    });
  }

  private readonly onOnline = (): void => {
    if (!this.active) return;
    this.wakeBackoff?.();
    this.scheduleDrain();
    if (this.listStore.value.status !== 'idle') void this.reloadConversations();
    void this.refreshUnread();
  };

  // ─── Other tabs of the same viewer ────────────────────────────────────────────────────────────

  private post(message: ChannelMessage): void {
    try {
      this.channel?.postMessage(message);
    } catch {
      // The channel closed under us (dispose racing a send): nobody left to tell.
    }
  }

  private onChannelMessage(message: ChannelMessage): void {
    if (!this.active) return;
    switch (message.type) {
      case 'outbox-put':
        this.putEntry(message.entry);
        break;
      case 'outbox-delete':
        this.removeEntry(message.clientId);
        break;
      case 'outbox-sent':
        this.confirmDelivered(message.message);
        break;
      case 'nudge':
        this.wakeBackoff?.();
        break;
      case 'sign-out':
        this.signedOutElsewhere();
        break;
    }
  }

  // ─── Settings, reports, search ────────────────────────────────────────────────────────────────

  /** Loads the member's notification settings (cached first). */
  loadSettings(): Promise<void> {
    this.settingsLoading ??= this.fetchSettings().finally(() => {
      this.settingsLoading = undefined;
    });
    return this.settingsLoading;
  }

  private async fetchSettings(): Promise<void> {
    await this.whenCacheReady();
    if (!this.active) return;
    const version = this.settingsVersion;
    const current = this.settingsStore.value;
    const cached = current.value ?? this.snapshot.settings;
    if (current.status !== 'saving') {
      this.settingsStore.set({ status: 'loading', ...(cached ? { value: cached } : {}) });
    }
    try {
      const value = await this.adapter.getSettings({ signal: this.abort.signal });
      if (!this.active || version !== this.settingsVersion) return;
      this.settingsStore.set({ status: 'ready', value });
      this.persist('settings');
    } catch (error) {
      if (!this.active || version !== this.settingsVersion) return;
      this.settingsStore.set({
        status: 'error',
        ...(cached ? { value: cached } : {}),
        error: toPayload(error),
      });
    }
  }

  /**
   * Changes some settings. Shown at once (`saving`); on failure the previous value comes back with
   * `status: 'error'` and the promise rejects with the typed error.
   */
  async updateSettings(patch: Partial<NotificationSettings>): Promise<NotificationSettings> {
    const keys = typeof patch === 'object' && patch !== null ? Object.keys(patch) : [];
    if (
      keys.length === 0 ||
      !keys.every((key) => (key === 'inApp' || key === 'email') && typeof patch[key] === 'boolean')
    ) {
      throw new ValidationError('bad-settings', 'Settings are in-app and email switches, on or off.', {
        field: 'settings',
      });
    }
    this.assertUsable();
    void this.connect();
    const version = ++this.settingsVersion;
    const previous = this.settingsStore.value.value;
    this.settingsStore.set({
      status: 'saving',
      value: { ...(previous ?? DEFAULT_NOTIFICATION_SETTINGS), ...patch },
    });
    try {
      const value = await this.adapter.updateSettings(patch, { signal: this.abort.signal });
      if (this.active && version === this.settingsVersion) {
        this.settingsStore.set({ status: 'ready', value });
        this.persist('settings');
      }
      return value;
    } catch (error) {
      if (this.active && version === this.settingsVersion) {
        this.settingsStore.set({
          status: 'error',
          ...(previous ? { value: previous } : {}),
          error: toPayload(error),
        });
      }
      throw error;
    }
  }

  /** Reports a message or conversation to the portal (S7). */
  async report(input: ReportInput): Promise<{ id: string }> {
    if (typeof input !== 'object' || input === null) {
      throw new ValidationError('bad-report', 'Say what you are reporting and why.', { field: 'request' });
    }
    await this.whenCacheReady();
    this.assertUsable();
    const reason = assertReportReason(input.reason, this.policyStore.value);
    const { id } = await this.adapter.report({ target: input.target, reason }, { signal: this.abort.signal });
    return { id };
  }

  /** Members and groups whose name matches, for choosing recipients (S6). */
  async search(query: string, options: SearchOptions = {}): Promise<readonly Party[]> {
    if (typeof query !== 'string') {
      throw new ValidationError('bad-request', 'Search for a name.', { field: 'request' });
    }
    this.assertUsable();
    void this.connect();
    return this.adapter.searchDirectory(query, {
      ...options,
      signal: anySignal([options.signal, this.abort.signal]),
    });
  }

  // ─── Writing the cache ────────────────────────────────────────────────────────────────────────

  /** Writes state to the cache after the current task, once per key however often it changed. */
  private persist(key: string): void {
    if (!this.active) return;
    this.dirty.add(key);
    if (this.flushQueued) return;
    this.flushQueued = true;
    queueMicrotask(() => void this.flush());
  }

  private async flush(): Promise<void> {
    this.flushQueued = false;
    const cache = this.cache;
    if (!cache || !this.active) return;
    const keys = [...this.dirty];
    this.dirty.clear();
    for (const key of keys) {
      try {
        await this.write(cache, key);
      } catch (error) {
        // A closed or deleted database (sign-out racing a write) is expected; anything else is worth a word.
        if (this.active) warn('could not update the cache.', error);
      }
    }
  }

  private async write(cache: ClientCache, key: string): Promise<void> {
    if (key.startsWith('thread:')) {
      const record = this.threads.get(key.slice('thread:'.length));
      // Only a thread loaded from the adapter is whole enough to show on the next load.
      if (!record || record.status !== 'ready') return;
      const messages = record.confirmed.slice(-CACHED_MESSAGES_PER_THREAD);
      await cache.putThread({
        id: record.id,
        ...(record.conversation ? { conversation: record.conversation } : {}),
        messages,
        hasOlder: record.hasOlder || messages.length < record.confirmed.length,
      });
      return;
    }
    switch (key) {
      case 'viewer': {
        const viewer = this.viewerStore.value;
        if (viewer) await cache.putMeta('viewer', viewer);
        return;
      }
      case 'policy':
        if (this.viewerFromNetwork) await cache.putMeta('policy', this.policyStore.value);
        return;
      case 'unread':
        await cache.putMeta('unread', this.unreadStore.value);
        return;
      case 'settings': {
        const value = this.settingsStore.value.value;
        if (value) await cache.putMeta('settings', value);
        return;
      }
      case 'conversations': {
        const list = this.listStore.value;
        if (list.status === 'idle') return;
        await cache.putMeta('conversations', {
          items: list.items.slice(0, CACHED_CONVERSATIONS),
          hasMore: list.hasMore || list.items.length > CACHED_CONVERSATIONS,
        });
        return;
      }
    }
  }
}
