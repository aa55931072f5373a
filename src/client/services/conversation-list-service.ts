/**
 * The viewer's conversation list: the first page loaded from the cache and then the adapter, the
 * pages after it on request, and the changes the client routes here from events (a conversation
 * moved to the top, its unread count changed).
 */
import type { Conversation, ConversationId, Message } from '../../core/types.js';
import { CACHED_CONVERSATIONS } from '../cache.js';
import { toPayload } from '../checks.js';
import { IDLE_LIST } from '../idle-states.js';
import type { ClientKernel } from '../kernel.js';
import { SingleFlight, type Pass } from '../single-flight.js';
import { WritableStore } from '../store.js';
import type { ConversationListState } from '../types.js';

function byActivity(a: Conversation, b: Conversation): number {
  return b.lastActivityAt - a.lastActivityAt;
}

export class ConversationListService {
  readonly store = new WritableStore<ConversationListState>(IDLE_LIST, () => void this.load());
  /** Loads the first page; marked stale by changes that arrive while it is on its way. */
  readonly #loading = new SingleFlight(
    (pass) => this.#fetch(pass),
    () => this.#kernel.active,
  );
  #cursor?: string;
  #loadingMore?: Promise<void>;

  readonly #kernel: ClientKernel;

  constructor(kernel: ClientKernel) {
    this.#kernel = kernel;
  }

  /** True once the list has been asked for (it then follows events and refreshes). */
  get wanted(): boolean {
    return this.store.value.status !== 'idle';
  }

  find(id: ConversationId): Conversation | undefined {
    return this.store.value.items.find((item) => item.id === id);
  }

  /** Loads the first page, or joins the load under way. */
  load(): Promise<void> {
    return this.#loading.run();
  }

  /** Loads the first page again, after the load under way if there is one. */
  reload(): Promise<void> {
    return this.#loading.rerun();
  }

  async #fetch(pass: Pass): Promise<void> {
    const kernel = this.#kernel;
    // Started (and subscribed to the adapter's events) before the page is asked for, so that no
    // event falls between them; the page is asked for at once, not once the cache has opened (on
    // a first visit that waits for the viewer's answer: a round trip more before the rows).
    const ready = kernel.whenCacheReady();
    // Loading from the moment it is asked for: the list is then wanted, so that a return online
    // while the request is out asks again, and events met meanwhile mark this load stale.
    if (pass.first) this.store.set({ ...this.store.value, status: 'loading', error: undefined });
    const asked = kernel.adapter.listConversations({ limit: kernel.pageSize, signal: kernel.signal });
    // Awaited below; until then a failure is not unhandled.
    asked.catch(() => undefined);
    if (pass.first) {
      await ready;
      if (!kernel.active) return;
      // What the cache holds, on show until the answer comes, if nothing is on show yet.
      const cached = kernel.snapshot.conversations;
      const current = this.store.value;
      if (current.status === 'loading' && current.items.length === 0 && cached && cached.items.length > 0) {
        this.store.set({ status: 'loading', items: cached.items, hasMore: cached.hasMore, fromCache: true });
      }
    }
    try {
      const page = await asked;
      if (!kernel.active) return;
      this.#cursor = page.next;
      this.store.set({
        status: 'ready',
        items: [...page.items].sort(byActivity),
        hasMore: page.next !== undefined,
        fromCache: false,
      });
      this.persist();
    } catch (error) {
      pass.stop();
      if (kernel.active) this.store.set({ ...this.store.value, status: 'error', error: toPayload(error) });
    }
  }

  /** Loads the next page; does nothing when there is none or one is on its way. */
  async loadMore(): Promise<void> {
    if (this.store.value.status === 'idle' || this.#loading.busy) await this.load();
    if (this.#loadingMore) return this.#loadingMore;
    const cursor = this.#cursor;
    if (cursor === undefined || !this.store.value.hasMore) return;
    const kernel = this.#kernel;
    this.#loadingMore = (async () => {
      try {
        const page = await kernel.adapter.listConversations({
          after: cursor,
          limit: kernel.pageSize,
          signal: kernel.signal,
        });
        if (!kernel.active) return;
        this.#cursor = page.next;
        const list = this.store.value;
        const known = new Set(list.items.map((item) => item.id));
        this.store.set({
          ...list,
          status: 'ready',
          items: [...list.items, ...page.items.filter((item) => !known.has(item.id))],
          hasMore: page.next !== undefined,
          error: undefined,
        });
        this.persist();
      } catch (error) {
        if (kernel.active) this.store.set({ ...this.store.value, status: 'error', error: toPayload(error) });
        throw error;
      }
    })().finally(() => {
      this.#loadingMore = undefined;
    });
    return this.#loadingMore;
  }

  /** A conversation started or had a message: it moves to where its activity puts it. */
  /** A message was changed (S25, S26): a listed conversation showing it shows the new copy. */
  messageChanged(message: Message): void {
    const list = this.store.value;
    const listed = this.find(message.conversationId);
    if (listed?.lastMessage?.id !== message.id) return;
    this.store.set({
      ...list,
      items: list.items.map((item) => (item === listed ? { ...item, lastMessage: message } : item)),
    });
    this.persist();
  }

  upsert(conversation: Conversation): void {
    const list = this.store.value;
    if (list.status === 'idle') return;
    if (list.status === 'loading') this.#loading.invalidate();
    const others = list.items.filter((item) => item.id !== conversation.id);
    const last = others.at(-1);
    // A conversation older than the last loaded one belongs to a page not loaded yet.
    if (list.hasMore && last && conversation.lastActivityAt < last.lastActivityAt) {
      if (others.length !== list.items.length) this.store.set({ ...list, items: others });
      return;
    }
    this.store.set({ ...list, items: [...others, conversation].sort(byActivity) });
    this.persist();
  }

  /** The viewer's own view of a conversation changed (muted, marked unread): it keeps its place. */
  replace(conversation: Conversation): void {
    const list = this.store.value;
    const previous = this.find(conversation.id);
    if (!previous) return;
    this.store.set({
      ...list,
      items: list.items.map((item) => (item === previous ? conversation : item)),
    });
    this.persist();
  }

  /** The viewer left a conversation (S29): it leaves the list. */
  remove(id: ConversationId): void {
    const list = this.store.value;
    if (!this.find(id)) return;
    this.store.set({ ...list, items: list.items.filter((item) => item.id !== id) });
    this.persist();
  }

  /** A conversation's unread count changed. */
  setUnreadCount(id: ConversationId, unreadCount: number): void {
    const list = this.store.value;
    const previous = this.find(id);
    if (!previous || previous.unreadCount === unreadCount) return;
    this.store.set({
      ...list,
      items: list.items.map((item) => (item === previous ? { ...item, unreadCount } : item)),
    });
    this.persist();
  }

  /** The cache was another member's: a list shown from it goes. */
  forget(): void {
    if (this.store.value.fromCache) this.store.set(IDLE_LIST);
  }

  /** Signed out. */
  clear(): void {
    this.store.set(IDLE_LIST);
  }

  /** Writes the list to the cache (once the cache is open, if it is not yet). */
  persist(): void {
    this.#kernel.persist('conversations', async (cache) => {
      const list = this.store.value;
      if (list.status === 'idle') return;
      await cache.putMeta('conversations', {
        items: list.items.slice(0, CACHED_CONVERSATIONS),
        hasMore: list.hasMore || list.items.length > CACHED_CONVERSATIONS,
      });
    });
  }
}
