/**
 * Threads: one store per conversation, loaded from the cache and then the adapter, paged back into
 * older messages, and shown with the viewer's pending and failed messages after the confirmed
 * ones. The third layer of `ConversationsClient` (see `client-core.ts` for why layers).
 */
import { isConvError, type ErrorPayload } from '../core/errors.js';
import type { Conversation, ConversationId, Message, MessageId } from '../core/types.js';
import type { OutboxEntry } from './cache.js';
import { assertConversationId, toPayload } from './checks.js';
import type { ClientMessage, ThreadState } from './conversations-client.js';
import { ConversationListLayer } from './conversation-list.js';
import { IDLE_THREAD } from './idle-states.js';
import { WritableStore, type ReadableStore } from './store.js';

export interface ThreadRecord {
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

/** Merges message lists by id (later copies win), oldest first. Messages never change once sent. */
export function mergeMessages(...lists: (readonly Message[])[]): Message[] {
  const byId = new Map<MessageId, Message>();
  for (const list of lists) for (const message of list) byId.set(message.id, message);
  return [...byId.values()].sort((a, b) => a.sentAt - b.sentAt);
}

export abstract class ThreadsLayer extends ConversationListLayer {
  protected readonly threads = new Map<ConversationId, ThreadRecord>();
  private readonly sentMessages = new WeakMap<Message, ClientMessage>();

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

  protected loadThread(record: ThreadRecord, again = false): Promise<void> {
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

  protected emitThread(record: ThreadRecord): void {
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

  protected sent(message: Message): ClientMessage {
    let shown = this.sentMessages.get(message);
    if (!shown) {
      shown = { ...message, status: 'sent' };
      this.sentMessages.set(message, shown);
    }
    return shown;
  }

  protected fromEntry(entry: OutboxEntry): ClientMessage {
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
}
