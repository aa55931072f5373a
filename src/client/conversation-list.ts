/**
 * The conversation list and its paging, and the unread totals that move with it: the second layer
 * of `ConversationsClient` (see `client-core.ts` for why the client is built in layers).
 */
import type { Conversation } from '../core/types.js';
import { warn } from '../internal/dev-mode.js';
import { toPayload } from './checks.js';
import { ClientCore } from './client-core.js';
import { NO_UNREAD } from './idle-states.js';

function byActivity(a: Conversation, b: Conversation): number {
  return b.lastActivityAt - a.lastActivityAt;
}

export abstract class ConversationListLayer extends ClientCore {
  // The flags start unset (read only as true or not) instead of `= false`: a layer with no field
  // initialisers needs no constructor, which keeps the split client as small as the single class.
  private listCursor?: string;
  private listLoading?: Promise<void>;
  private listMoreLoading?: Promise<void>;
  private listStale?: boolean;
  private unreadWanted?: boolean;
  private unreadRefresh?: Promise<void>;
  private unreadAgain?: boolean;

  // ─── The conversation list ────────────────────────────────────────────────────────────────────

  protected loadConversations(): Promise<void> {
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

  protected async reloadConversations(): Promise<void> {
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

  protected upsertConversation(conversation: Conversation): void {
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

  protected async loadUnread(): Promise<void> {
    this.unreadWanted = true;
    await this.whenCacheReady();
    if (!this.active) return;
    if (this.snapshot.unread && this.unreadStore.value === NO_UNREAD)
      this.unreadStore.set(this.snapshot.unread);
    void this.refreshUnread();
  }

  /** Asks the adapter for the totals; calls while one request is out coalesce into one more. */
  protected refreshUnread(): Promise<void> {
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

  /** Moves the totals at once by what one conversation's count changed; `refreshUnread` confirms. */
  protected adjustUnread(before: number, after: number): void {
    if (!this.unreadWanted || before === after) return;
    const { total, conversations } = this.unreadStore.value;
    this.unreadStore.set({
      total: Math.max(0, total + after - before),
      conversations: Math.max(0, conversations + (after > 0 ? 1 : 0) - (before > 0 ? 1 : 0)),
    });
  }
}
