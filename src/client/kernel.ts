/**
 * What every part of the client shares: the adapter and its subscription, the abort signal, the
 * viewer and the policy, the cache (opened once the viewer is known) and the queue that writes
 * state back to it, and the channel to this viewer's other tabs. The services are each given the
 * kernel; the kernel knows none of them, and tells the client's facade what happened through
 * `KernelHooks`.
 */
import type { ConversationsAdapter } from '../adapter/adapter.js';
import type { AdapterEvent } from '../adapter/events.js';
import { ForbiddenError, UnavailableError } from '../core/errors.js';
import { DEFAULT_POLICY, type Policy } from '../core/policy.js';
import type { ClientId, Group, GroupId, Message, Viewer } from '../core/types.js';
import { warn } from '../internal/dev-mode.js';
import {
  defaultCacheName,
  deleteClientCache,
  MemoryCache,
  openClientCache,
  type CacheSnapshot,
  type ClientCache,
  type OutboxEntry,
} from './cache.js';
import { WritableStore } from './store.js';
import type { ClientOptions } from './types.js';

/** Messages sent between this client's instances over BroadcastChannel (same viewer, same cache). */
export type ChannelMessage =
  | { readonly type: 'outbox-put'; readonly entry: OutboxEntry }
  | { readonly type: 'outbox-delete'; readonly clientId: ClientId }
  | { readonly type: 'outbox-sent'; readonly message: Message }
  | { readonly type: 'nudge' }
  | { readonly type: 'sign-out' };

/** What the kernel tells its owner; the owner routes each to the services concerned. */
export interface KernelHooks {
  /** A live event from the adapter, while the client runs. */
  event(event: AdapterEvent): void;
  /** The browser is back online. */
  online(): void;
  /** The cache is open and its snapshot read: take what else it holds (the outbox). */
  restore(cache: ClientCache): Promise<void>;
  /** The cache is ready: show what it held, and write what was loaded before it opened. */
  opened(): void;
  /** The cache held another member's data and has been emptied: drop what came from it. */
  forgot(): void;
  /** Started, with the viewer known (or known to be unknown). */
  started(): void;
  /** Word from another tab of this viewer (sign-out is handled here). */
  heard(message: ChannelMessage): void;
  /** The client stopped: settle what waits on it. */
  stopped(): void;
  /** The viewer signed out: every service goes back to its idle state. */
  cleared(): void;
}

/** Writes one piece of state to the cache. */
export type CacheWrite = (cache: ClientCache) => Promise<void>;

export class ClientKernel {
  readonly viewer = new WritableStore<Viewer | undefined>(undefined, () => void this.connect());
  readonly policy = new WritableStore<Policy>(DEFAULT_POLICY, () => void this.connect());
  readonly signedOut = new WritableStore<boolean>(false);
  readonly pageSize: number;
  /** Aborted by `dispose()`: every request of every service carries it. */
  readonly signal: AbortSignal;
  /** Set once the cache is open; undefined before, and after a failure to open anything. */
  cache?: ClientCache;
  /** What the cache held when it opened. */
  snapshot: CacheSnapshot = {};
  /** The viewer's request to the adapter, once started. */
  viewerRequest?: Promise<Viewer | undefined>;

  readonly #abort = new AbortController();
  #running = true;
  #started?: Promise<void>;
  #cacheReady: Promise<void> = Promise.resolve();
  #channel?: BroadcastChannel;
  #unsubscribe?: () => void;
  #viewerFromNetwork = false;
  readonly #dirty = new Map<string, CacheWrite>();
  #flushQueued = false;

  readonly #hooks: KernelHooks;

  constructor(
    readonly adapter: ConversationsAdapter,
    readonly options: ClientOptions,
    hooks: KernelHooks,
  ) {
    this.#hooks = hooks;
    const size = options.pageSize ?? 30;
    this.pageSize = Number.isSafeInteger(size) && size >= 1 && size <= 100 ? size : 30;
    this.signal = this.#abort.signal;
  }

  /** False once disposed (or signed out). */
  get active(): boolean {
    return this.#running;
  }

  // ─── Lifecycle ────────────────────────────────────────────────────────────────────────────────

  connect(): Promise<void> {
    this.#started ??= this.#start();
    return this.#started;
  }

  #start(): Promise<void> {
    if (!this.#running) return Promise.resolve();
    this.#unsubscribe = this.adapter.subscribe(this.#onEvent);
    addEventListener('online', this.#onOnline);
    const viewerRequest = this.#fetchViewer();
    this.viewerRequest = viewerRequest;
    const known =
      this.options.cacheName ??
      (this.options.viewerId && defaultCacheName(this.options.viewerId, this.adapter.scope));
    this.#cacheReady = known
      ? this.#openCache(known)
      : viewerRequest.then((viewer) =>
          this.#openCache(viewer ? defaultCacheName(viewer.member.id, this.adapter.scope) : undefined),
        );
    return (async () => {
      await this.#cacheReady;
      const viewer = await viewerRequest;
      if (!this.#running) return;
      const cachedViewer = this.snapshot.viewer;
      if (viewer && cachedViewer && cachedViewer.member.id !== viewer.member.id) {
        await this.#forgetOtherViewer();
      }
      if (viewer) this.#persistViewer();
      this.persist('policy', async (cache) => {
        if (this.#viewerFromNetwork) await cache.putMeta('policy', this.policy.value);
      });
      this.#hooks.started();
    })();
  }

  readonly #onEvent = (event: AdapterEvent): void => {
    if (this.#running) this.#hooks.event(event);
  };

  readonly #onOnline = (): void => {
    if (this.#running) this.#hooks.online();
  };

  async #fetchViewer(): Promise<Viewer | undefined> {
    const signal = this.signal;
    try {
      const [viewer, policy] = await Promise.all([
        this.adapter.getViewer({ signal }),
        this.adapter.getPolicy({ signal }),
      ]);
      if (!this.#running) return undefined;
      this.#viewerFromNetwork = true;
      this.viewer.set(viewer);
      this.policy.set(policy);
      return viewer;
    } catch (error) {
      if (this.#running) warn('could not learn who is viewing; showing what is cached.', error);
      return undefined;
    }
  }

  async #openCache(name: string | undefined): Promise<void> {
    if (!this.#running) return;
    let cache: ClientCache;
    if (name === undefined) {
      // Offline on a first visit with no name to go by: nothing to show, nothing durable.
      cache = new MemoryCache('');
    } else {
      try {
        cache = await openClientCache(name, { onDeleted: () => this.#signedOutElsewhere() });
      } catch (error) {
        warn('IndexedDB is unavailable; conversations will not survive a reload.', error);
        cache = new MemoryCache(name);
      }
    }
    if (!this.#running) {
      cache.close();
      return;
    }
    this.cache = cache;
    try {
      this.snapshot = await cache.readSnapshot();
      await this.#hooks.restore(cache);
    } catch (error) {
      // Disposed while reading: the connection was closed on purpose, nothing went wrong.
      if (this.#running) warn('could not read the cache.', error);
    }
    if (!this.#running) return;
    if (!this.#viewerFromNetwork && this.snapshot.viewer) {
      this.viewer.set(this.snapshot.viewer);
      if (this.snapshot.policy) this.policy.set(this.snapshot.policy);
    }
    if (name !== undefined && typeof BroadcastChannel === 'function') {
      this.#channel = new BroadcastChannel(`conv-elements-client:${name}`);
      this.#channel.onmessage = (event: MessageEvent<ChannelMessage>) => this.#onChannelMessage(event.data);
    }
    this.#hooks.opened();
  }

  /** The cache held another member's data (a `cacheName` reused): drop it, reload what is shown. */
  async #forgetOtherViewer(): Promise<void> {
    warn('the cache belonged to another member; clearing it.');
    this.snapshot = {};
    try {
      await this.cache?.clear();
    } catch (error) {
      warn('could not clear the cache.', error);
    }
    this.#hooks.forgot();
  }

  /** Stops the subscription, requests under way, listeners and channels. Twice is harmless. */
  dispose(): void {
    if (!this.#running) return;
    this.#running = false;
    this.#abort.abort();
    this.#unsubscribe?.();
    removeEventListener('online', this.#onOnline);
    this.#channel?.close();
    this.cache?.close();
    this.#hooks.stopped();
    if (this.options.closeAdapterOnDispose) this.adapter.close?.();
  }

  /** Clears the viewer's cache here and in every other tab, and stops. */
  async signOut(): Promise<void> {
    if (this.signedOut.value) return;
    // A client never used on this page still has to find (and delete) the viewer's database.
    await this.whenCacheReady().catch(() => undefined);
    const viewerId = this.options.viewerId ?? this.viewer.value?.member.id;
    // Also after `dispose()`, when the cache was never opened here, its name can still be told.
    // A memory cache (IndexedDB unusable) has nothing to delete.
    const name = this.cache
      ? this.cache instanceof MemoryCache
        ? undefined
        : this.cache.name
      : (this.options.cacheName ??
        (viewerId === undefined ? undefined : defaultCacheName(viewerId, this.adapter.scope)));
    this.post({ type: 'sign-out' });
    this.#clearAndStop();
    if (name) {
      // Other tabs close their connections on the broadcast or on the deletion's versionchange;
      // the deletion waits for them, so it resolves only once every copy is gone.
      await deleteClientCache(name);
    }
  }

  #signedOutElsewhere(): void {
    if (!this.signedOut.value) this.#clearAndStop();
  }

  #clearAndStop(): void {
    this.dispose();
    this.viewer.set(undefined);
    this.policy.set(DEFAULT_POLICY);
    this.#hooks.cleared();
    this.signedOut.set(true);
  }

  // ─── What the services ask ────────────────────────────────────────────────────────────────────

  assertUsable(): void {
    if (this.signedOut.value) {
      throw new ForbiddenError('not-allowed', 'You have signed out of conversations on this browser.');
    }
    if (!this.#running)
      throw new ForbiddenError('not-allowed', 'This conversations client has been shut down.');
  }

  /** Starts the client if need be and waits for its cache: every loader goes through here. */
  async whenCacheReady(): Promise<void> {
    void this.connect();
    await this.#cacheReady;
  }

  /** The viewer, from the cache or the adapter, waiting for the adapter only when nothing is cached. */
  async requireViewer(): Promise<Viewer> {
    await this.whenCacheReady();
    const viewer = this.viewer.value ?? (await this.viewerRequest);
    this.assertUsable();
    if (!viewer)
      throw new UnavailableError('Conversations cannot be reached to learn who you are; try again.');
    return viewer;
  }

  managedGroup(viewer: Viewer, asGroup: GroupId | undefined): Group | undefined {
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

  /** The adapter told of a new viewer (memberships changed). */
  viewerChanged(viewer: Viewer): void {
    this.viewer.set(viewer);
    this.#persistViewer();
  }

  #persistViewer(): void {
    this.persist('viewer', async (cache) => {
      const viewer = this.viewer.value;
      if (viewer) await cache.putMeta('viewer', viewer);
    });
  }

  // ─── Other tabs of the same viewer ────────────────────────────────────────────────────────────

  post(message: ChannelMessage): void {
    try {
      this.#channel?.postMessage(message);
    } catch {
      // The channel closed under us (dispose racing a send): nobody left to tell.
    }
  }

  #onChannelMessage(message: ChannelMessage): void {
    if (!this.#running) return;
    if (message.type === 'sign-out') this.#signedOutElsewhere();
    else this.#hooks.heard(message);
  }

  // ─── Writing the cache ────────────────────────────────────────────────────────────────────────

  /**
   * Writes a piece of state to the cache after the current task, once per key however often it
   * changed (the last `write` given for a key is the one that runs).
   */
  persist(key: string, write: CacheWrite): void {
    if (!this.#running) return;
    this.#dirty.set(key, write);
    if (this.#flushQueued) return;
    this.#flushQueued = true;
    queueMicrotask(() => void this.#flush());
  }

  async #flush(): Promise<void> {
    this.#flushQueued = false;
    const cache = this.cache;
    if (!cache || !this.#running) return;
    const writes = [...this.#dirty.values()];
    this.#dirty.clear();
    for (const write of writes) {
      try {
        await write(cache);
      } catch (error) {
        // A closed or deleted database (sign-out racing a write) is expected; anything else is worth a word.
        if (this.#running) warn('could not update the cache.', error);
      }
    }
  }
}
