/**
 * The bottom layer of `ConversationsClient`: its lifecycle (starting lazily, learning who is
 * viewing, opening the cache, disposing, signing out in every tab), the stores every other layer
 * writes to, the channel to this viewer's other tabs, and writing state back to the cache.
 *
 * The client is built as a short chain of layers, one file per concern (this one, then
 * `conversation-list.ts`, `threads.ts`, `outbox.ts`, `settings.ts`, and the facade in
 * `conversations-client.ts`), rather than as parts the facade holds and delegates to: the concerns
 * share most of their state (a sent message touches the outbox, its thread, the list and the
 * totals), and layers let them share it as plain `this` members with the behaviour of the single
 * class unchanged, where delegating methods and `this.part.` paths would each have added bytes to
 * the bundle (the split was held to 1% growth). What a lower layer needs from a higher one is declared `abstract` here, so the
 * compiler checks that the chain is complete.
 */
import type { ConversationsAdapter } from '../adapter/adapter.js';
import type { AdapterEvent } from '../adapter/events.js';
import { ForbiddenError, UnavailableError } from '../core/errors.js';
import { DEFAULT_POLICY, type Policy } from '../core/policy.js';
import type {
  ClientId,
  ConversationId,
  Group,
  GroupId,
  Message,
  UnreadSummary,
  Viewer,
} from '../core/types.js';
import { warn } from '../internal/dev-mode.js';
import {
  CACHED_CONVERSATIONS,
  CACHED_MESSAGES_PER_THREAD,
  defaultCacheName,
  deleteClientCache,
  MemoryCache,
  openClientCache,
  type CacheSnapshot,
  type ClientCache,
  type OutboxEntry,
} from './cache.js';
import type {
  ClientMessage,
  ClientOptions,
  ConversationListState,
  IncomingMessage,
  SettingsState,
} from './conversations-client.js';
import { IDLE_LIST, IDLE_SETTINGS, IDLE_THREAD, NO_UNREAD } from './idle-states.js';
import { WritableStore } from './store.js';
import type { ThreadRecord } from './threads.js';

/** Messages sent between this client's instances over BroadcastChannel (same viewer, same cache). */
export type ChannelMessage =
  | { readonly type: 'outbox-put'; readonly entry: OutboxEntry }
  | { readonly type: 'outbox-delete'; readonly clientId: ClientId }
  | { readonly type: 'outbox-sent'; readonly message: Message }
  | { readonly type: 'nudge' }
  | { readonly type: 'sign-out' };

export abstract class ClientCore {
  readonly adapter: ConversationsAdapter;

  // Every store is made here, whichever layer fills it, so that sign-out resets them in one place.
  protected readonly viewerStore = new WritableStore<Viewer | undefined>(
    undefined,
    () => void this.connect(),
  );
  protected readonly policyStore = new WritableStore<Policy>(DEFAULT_POLICY, () => void this.connect());
  protected readonly unreadStore = new WritableStore<UnreadSummary>(NO_UNREAD, () => void this.loadUnread());
  protected readonly listStore = new WritableStore<ConversationListState>(
    IDLE_LIST,
    () => void this.loadConversations(),
  );
  protected readonly settingsStore = new WritableStore<SettingsState>(
    IDLE_SETTINGS,
    () => void this.loadSettings(),
  );
  protected readonly activeStore = new WritableStore<ConversationId | undefined>(undefined);
  protected readonly signedOutStore = new WritableStore<boolean>(false);

  protected readonly options: ClientOptions;
  protected readonly pageSize: number;
  protected readonly abort = new AbortController();
  protected active = true;
  private started?: Promise<void>;
  private cacheReady: Promise<void> = Promise.resolve();
  protected cache?: ClientCache;
  protected snapshot: CacheSnapshot = {};
  private channel?: BroadcastChannel;
  private unsubscribeAdapter?: () => void;
  private viewerFromNetwork = false;
  protected viewerRequest?: Promise<Viewer | undefined>;

  private readonly dirty = new Set<string>();
  private flushQueued = false;

  // ─── Provided by the layers above (see the file's comment) ──────────────────────────────────

  protected abstract readonly threads: Map<ConversationId, ThreadRecord>;
  protected abstract readonly incoming: Set<(incoming: IncomingMessage) => void>;
  protected abstract readonly outbox: Map<ClientId, OutboxEntry>;
  protected abstract readonly delivered: Set<ClientId>;
  protected abstract readonly settleWaiters: Map<ClientId, ((message: ClientMessage) => void)[]>;
  protected abstract wakeBackoff?: () => void;
  protected abstract readonly onAdapterEvent: (event: AdapterEvent) => void;
  protected abstract readonly onOnline: () => void;
  abstract refresh(): Promise<void>;
  abstract loadSettings(): Promise<void>;
  protected abstract loadUnread(): Promise<void>;
  protected abstract loadConversations(): Promise<void>;
  protected abstract emitThread(record: ThreadRecord): void;
  protected abstract fromEntry(entry: OutboxEntry): ClientMessage;
  protected abstract scheduleDrain(): void;
  protected abstract putEntry(entry: OutboxEntry): void;
  protected abstract removeEntry(clientId: ClientId): void;
  protected abstract confirmDelivered(message: Message): boolean;

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

  protected assertUsable(): void {
    if (this.signedOutStore.value) {
      throw new ForbiddenError('not-allowed', 'You have signed out of conversations on this browser.');
    }
    if (!this.active)
      throw new ForbiddenError('not-allowed', 'This conversations client has been shut down.');
  }

  /** `cacheReady` is only set once `connect()` has run, so every loader goes through here. */
  protected async whenCacheReady(): Promise<void> {
    void this.connect();
    await this.cacheReady;
  }

  /** The viewer, from the cache or the adapter, waiting for the adapter only when nothing is cached. */
  protected async requireViewer(): Promise<Viewer> {
    await this.whenCacheReady();
    const viewer = this.viewerStore.value ?? (await this.viewerRequest);
    this.assertUsable();
    if (!viewer)
      throw new UnavailableError('Conversations cannot be reached to learn who you are; try again.');
    return viewer;
  }

  protected managedGroup(viewer: Viewer, asGroup: GroupId | undefined): Group | undefined {
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

  // ─── Other tabs of the same viewer ────────────────────────────────────────────────────────────

  protected post(message: ChannelMessage): void {
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

  // ─── Writing the cache ────────────────────────────────────────────────────────────────────────

  /** Writes state to the cache after the current task, once per key however often it changed. */
  protected persist(key: string): void {
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
